"""What the Split, Algorithm and Tune pages share: the folds, and starting background jobs.

Each job captures the committed recipe and the split data at the moment it starts (both are
immutable), so editing settings while it runs cannot change what it computes; its result
carries the key it was started from, so a page can say when it is stale.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import streamlit as st

from core.errors import RecipeError
from core.model import (
    CVResult,
    FoldPlan,
    ValidationError,
    compare_models,
    plan_folds,
    run_search,
    validation_curve,
)
from core.prepare import TrainingData
from core.recipe import SplitSection, ValidationSection
from core.understand import leakage_columns
from ui import text
from ui.components import link_to
from ui.jobs import Job, finished_job, start_job
from ui.memo import remember
from ui.state import current_dataset, current_profile, current_recipe

__all__ = [
    "MODEL_SECTIONS",
    "fold_plan_or_error",
    "job_outcome",
    "previous_run",
    "require_fold_plan",
    "result_for",
    "results_key",
    "search_key",
    "split_and_validation",
    "start_compare",
    "start_curve",
    "start_search",
]

_HISTORY = "mp.tune.history"
# Everything a cross-validated score depends on, apart from the model itself.
MODEL_SECTIONS = ("data", "problem", "cleaning", "features", "split", "validation")


def results_key(*sections: str) -> Hashable:
    """Dataset and recipe fingerprints of the given sections (plus the shared ones)."""
    return (
        current_dataset().fingerprint,
        current_recipe().fingerprint(*MODEL_SECTIONS, *sections),
    )


def fold_plan_or_error(data: TrainingData) -> tuple[FoldPlan | None, ValidationError | None]:
    """The folds of the committed validation scheme, or why they cannot be cut."""
    recipe = current_recipe()
    try:
        plan = remember("fold_plan", results_key(), lambda: plan_folds(data, recipe))
    except ValidationError as exc:
        return None, exc
    return plan, None


def require_fold_plan(data: TrainingData) -> FoldPlan:
    """The folds, or the guard's message with a way to the Split & validation page."""
    plan, problem = fold_plan_or_error(data)
    if problem is not None:
        text.show_error(problem)
        link_to("steps/split.py", "Change the validation scheme", icon=":material/call_split:")
        st.stop()
    return plan


def split_and_validation(
    split: SplitSection, validation: ValidationSection, **values: Any
) -> tuple[SplitSection, ValidationSection]:
    """The Split page's form values as recipe sections, refused in the page's own words.

    Raises
    ------
    RecipeError
        Unshuffled repeats, a time or group split without its column, or an invalid value.
    """
    if values["repeats"] > 1 and not values["shuffle"]:
        raise RecipeError(
            "Repeated cross-validation needs shuffled rows.",
            "Each repeat reshuffles the rows into new folds; unshuffled repeats are all the same.",
            "Tick 'Shuffle rows', or set Repeats to 1.",
        )
    kind = values["strategy"]
    if kind in ("time", "group") and values[f"{kind}_column"] is None:
        raise RecipeError(
            f"A {kind} split needs a {kind} column, and none is chosen.",
            f"It decides which rows are held out by the {kind} column.",
            f"Choose the {kind} column above, or another way to choose the test rows.",
        )
    split_fields = ("strategy", "test_size", "seed", "time_column", "group_column")
    validation_fields = ("scheme", "folds", "repeats", "shuffle")
    return (
        split.with_changes(**{k: values[k] for k in split_fields}),
        validation.with_changes(**{k: values[k] for k in validation_fields}),
    )


def previous_run(job: Job) -> tuple[CVResult | None, bool]:
    """Record a finished cross-validation in this session's history; return the run before it
    when comparable (same data, cleaning, features, folds and metric), and whether there was
    an earlier run at all."""
    history = st.session_state.setdefault(_HISTORY, [])
    if not history or history[-1][0] != job.id:
        history.append((job.id, job.context, job.result.cv))
    before = history[-2] if len(history) > 1 else None
    comparable = before is not None and before[1] == job.context
    return (before[2] if comparable else None), before is not None


def result_for(kind: str, key: Hashable) -> tuple[Job | None, bool]:
    """The last finished job of a kind, and whether it matches ``key`` (not stale)."""
    job = finished_job(kind)
    return job, job is not None and job.key == key


def start_compare(data: TrainingData, plan: FoldPlan, budget_seconds: int) -> Job | None:
    """Every suitable algorithm at defaults, within the budget."""
    recipe = current_recipe()
    return start_job(
        "compare",
        "The quick comparison",
        results_key(),
        lambda budget: compare_models(data, recipe, plan, budget=budget),
        budget_seconds=budget_seconds,
    )


def search_key() -> Hashable:
    """What a search result depends on: the shared sections, the tuning section, the algorithm
    and the hyperparameters it held fixed (so applying its best setting keeps it fresh)."""
    recipe = current_recipe()
    searched = set(recipe.tuning.space)
    fixed = tuple(sorted((k, repr(v)) for k, v in recipe.model.params.items() if k not in searched))
    return (results_key("tuning"), recipe.model.algorithm, fixed)


def job_outcome(job: Job | None) -> bool:
    """Show why a finished job has no result (error or cancelled); True when it has one."""
    if job is None:
        return False
    if job.error:
        text.error(job.error)
        return False
    if job.cancelled or job.result is None:
        st.info("Stopped before it started; nothing was run.")
        return False
    return True


def start_search(data: TrainingData, plan: FoldPlan) -> Job | None:
    """The automatic search the recipe's tuning section describes."""
    recipe = current_recipe()
    return start_job(
        "search",
        "The search",
        search_key(),
        lambda budget: run_search(data, recipe, plan, budget=budget),
        budget_seconds=recipe.tuning.budget_seconds,
    )


def start_curve(
    data: TrainingData, plan: FoldPlan, param: str, values: Sequence[Any]
) -> Job | None:
    """A validation curve of one hyperparameter (read "suspicious" with a likely leak kept)."""
    recipe = current_recipe()
    profile = current_profile()
    findings = profile.findings if profile is not None else ()
    suspects = leakage_columns(findings, target=recipe.problem.target)
    return start_job(
        "curve",
        "The validation curve",
        (results_key("model"), param, tuple(values)),
        lambda budget: validation_curve(
            data, recipe, plan, param, values, budget=budget, suspects=suspects
        ),
        budget_seconds=recipe.tuning.budget_seconds,
    )
