"""What the Evaluate & improve pages share: the trained model, its runs, and their jobs.

The current model is the result of the last "train" job (one per session, like every job).
Each finished training is recorded once as a :class:`core.evaluate.runs.Run` in this person's run
store: an in-memory SQLite database held in their session, so strangers on a hosted app never see
each other's runs. A local user can keep runs across restarts by naming a workspace file in the
``MODELPATH_WORKSPACE`` environment variable (meant for one person's machine: every session of
that server shares the file).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Hashable
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
import streamlit as st

from core.data import SchemaCheck, check_schema, prepare_table
from core.errors import ModelPathError
from core.evaluate import (
    Diagnosis,
    DiagnosisError,
    Run,
    RunStore,
    TrainedModel,
    diagnose,
    fit_final,
    learning_curve,
    new_rows_check,
    permutation_importance_by_column,
    run_from,
    train_and_evaluate,
)
from core.model import FoldPlan, model_spec, scoring_for
from core.prepare import TrainingData, training_data
from core.recipe import Recipe
from core.understand import leakage_columns
from ui import text
from ui.components import link_to
from ui.jobs import Job, start_job
from ui.model.modeling import result_for, results_key
from ui.state import RECIPE, commit_section, current_dataset, current_profile, current_recipe

__all__ = [
    "EarlierModel",
    "apply_param",
    "check_new_rows",
    "current_model",
    "diagnosis_for",
    "leave_out_and_retrain",
    "record_run",
    "require_model",
    "restore_run",
    "retrain_if_asked",
    "retrain_inputs",
    "run_of",
    "run_store",
    "start_importance",
    "start_learning_curve",
    "start_training",
]

logger = logging.getLogger("modelpath")

_STORE = "mp.runs.store"
_RECORDED = "mp.runs.by_job"
_RETRAIN = "mp.evaluate.retrain_asked"


def run_store() -> RunStore:
    """This session's runs (or the local workspace file named by ``MODELPATH_WORKSPACE``)."""
    store = st.session_state.get(_STORE)
    if store is None:
        path = os.environ.get("MODELPATH_WORKSPACE", "").strip() or ":memory:"
        store = RunStore(path)
        st.session_state[_STORE] = store
    return store


def start_training(
    data: TrainingData,
    plan: FoldPlan,
    *,
    parent: Run | None = None,
    earlier: EarlierModel | None = None,
) -> Job | None:
    """Cross-validate the recipe's model and the baseline, refit, score the test split.

    Parameters
    ----------
    data, plan
        The split data and folds of the committed recipe.
    parent : Run, optional
        The run this retrains (with new data); recorded as its parent.
    earlier : EarlierModel, optional
        For a retrain: the earlier model, scored on the new rows it never saw.
    """
    recipe = current_recipe()
    # The findings before training name the likely leaks; the training checks whether the
    # model learned from one. Read here, in the page's thread: the job only gets the names.
    profile = current_profile()
    suspects = (
        leakage_columns(profile.findings, target=recipe.problem.target)
        if profile is not None
        else ()
    )

    def work(budget) -> TrainedModel:
        trained = train_and_evaluate(data, recipe, plan, budget=budget, suspects=suspects)
        if parent is None:
            return trained
        check = None
        if earlier is not None:
            check = new_rows_check(
                earlier.fitted(),
                recipe,
                data,
                rows_before=earlier.rows_before,
                earlier_test_score=parent.test_score,
            )
        return replace(trained, parent_id=parent.id, new_rows=check)

    title = "Retraining with the new data" if parent is not None else "Training"
    return start_job(
        "train",
        title,
        results_key("model"),
        work,
        budget_seconds=recipe.tuning.budget_seconds,
        context=results_key(),
    )


def leave_out_and_retrain(columns: tuple[str, ...]) -> Recipe:
    """The one action of a suspicious verdict: leave the columns out of the features (committed
    in ``problem.exclude_columns``) and ask for a new training, which the Metrics page starts
    on its next run with the data and folds of the new recipe."""
    recipe = current_recipe()
    problem = recipe.problem
    excluded = tuple(dict.fromkeys((*problem.exclude_columns, *columns)))
    # The Problem page's multiselect follows the committed exclusion (ui.state.synced).
    recipe = commit_section(problem.with_changes(exclude_columns=excluded))
    st.session_state[_RETRAIN] = tuple(columns)
    return recipe


def retrain_if_asked(data: TrainingData, plan: FoldPlan) -> tuple[str, ...]:
    """Start the training :func:`leave_out_and_retrain` asked for (once); the columns left out,
    or an empty tuple when nothing was asked."""
    columns = st.session_state.pop(_RETRAIN, ())
    if columns:
        start_training(data, plan)
    return tuple(columns)


def current_model() -> tuple[Job | None, bool]:
    """The last finished training job, and whether it matches the committed recipe.

    A finished training is recorded as a run the first time any page asks for it.
    """
    if current_dataset() is None:
        return None, False
    job, fresh = result_for("train", results_key("model"))
    if job is not None and isinstance(job.result, TrainedModel):
        record_run(job)
    return job, fresh


def require_model(*, final: bool = True) -> tuple[TrainedModel, bool]:
    """The current trained model (with its final refit), or a message and a stop."""
    job, fresh = current_model()
    if job is None or not isinstance(job.result, TrainedModel):
        if job is not None and job.error:
            text.error(job.error)
        st.info("No model has been trained yet. Train one on the Metrics or Tune page.")
        link_to("steps/evaluate.py", "Go to Metrics", icon=":material/analytics:")
        st.stop()
    if final and job.result.final is None:
        st.info("The last training was stopped before the final refit. Train it again.")
        link_to("steps/evaluate.py", "Go to Metrics", icon=":material/analytics:")
        st.stop()
    if not fresh:
        st.info(
            "The settings changed since this model was trained; what follows describes the "
            "last trained model. Train again on the Metrics page to update it."
        )
    return job.result, fresh


def diagnosis_for(trained: TrainedModel, curve: Any = None) -> Diagnosis | None:
    """The diagnosis of a trained model (None when it cannot be read)."""
    try:
        return diagnose(
            trained.cv,
            trained.baseline_cv,
            trained.recipe,
            curve=curve,
            n_features=trained.model_inputs,
            warnings=trained.warnings,
        )
    except DiagnosisError:
        return None


def record_run(job: Job) -> Run | None:
    """Record a finished training in the run store, once per job; the run (or None)."""
    recorded = st.session_state.setdefault(_RECORDED, {})
    store = run_store()
    if job.id in recorded:
        if recorded[job.id] is None:
            return None
        try:
            return store.get(recorded[job.id])
        except ModelPathError:
            return None
    trained: TrainedModel = job.result
    dataset = current_dataset()
    verdict = diagnosis_for(trained)
    run = run_from(
        trained,
        dataset_label=dataset.label if dataset is not None else "",
        diagnosis=verdict.verdict if verdict is not None else "",
    )
    try:
        run = store.add(run)
    except ModelPathError as exc:
        text.warning(exc.message)
        return None
    except (ValueError, TypeError):  # a bug: keep the model, log the details
        logger.exception("Could not record training %s as a run", job.id)
        text.warning(f"This training could not be recorded as a run (error id {job.id}).")
        recorded[job.id] = None
        return None
    recorded[job.id] = run.id
    return run


def run_of(job: Job) -> Run | None:
    """The run recorded for a finished training job (None before it is recorded)."""
    run_id = st.session_state.get(_RECORDED, {}).get(job.id)
    if run_id is None:
        return None
    try:
        return run_store().get(run_id)
    except ModelPathError:
        return None


@dataclass(frozen=True)
class EarlierModel:
    """The run a retrain starts from: its fitted model when it is the current one, else its
    recipe and the data it was trained on (to refit it in the background job)."""

    model: Any
    recipe: Recipe
    data: TrainingData | None
    rows_before: int

    def fitted(self) -> Any:
        """The earlier fitted pipeline (refitted on its own data when it is not in memory)."""
        return self.model if self.model is not None else fit_final(self.data, self.recipe).pipeline


def retrain_inputs(run: Run, data: TrainingData) -> EarlierModel:
    """Capture the earlier run before new rows are appended (see :class:`EarlierModel`)."""
    dataset = current_dataset()
    job, _ = result_for("train", None)
    trained = job.result if job is not None else None
    if (
        isinstance(trained, TrainedModel)
        and trained.final is not None
        and trained.recipe == run.recipe
        and trained.rows_fingerprint == run.rows_fingerprint
    ):
        return EarlierModel(trained.final.pipeline, run.recipe, None, len(dataset.loaded.frame))
    if current_recipe() == run.recipe:
        old = data
    else:
        table = prepare_table(
            dataset.loaded.frame, run.recipe.data, target=run.recipe.problem.target
        )
        old = training_data(table, run.recipe)
    return EarlierModel(None, run.recipe, old, len(dataset.loaded.frame))


def apply_param(param: str, value: object, task: str) -> Recipe:
    """Set one hyperparameter of the current algorithm (a diagnosis remedy).

    Raises
    ------
    ModelError
        When the value does not suit the algorithm.
    """
    recipe = current_recipe()
    params = {**recipe.model.params, param: value}
    model_spec(recipe.model.algorithm).build(task, params, seed=recipe.split.seed)
    return commit_section(recipe.model.with_changes(params=params))


def check_new_rows(
    added: pd.DataFrame, run: Run, data: TrainingData
) -> tuple[SchemaCheck, tuple[str, ...]]:
    """Check new rows against the current table; the columns retraining ``run`` needs are
    required (its features and target), the others may be missing."""
    dataset = current_dataset()
    frame = dataset.loaded.frame
    wanted = dict.fromkeys([*data.columns.used, run.recipe.problem.target])
    required = tuple(c for c in wanted if c in frame.columns)
    check = check_schema(
        frame,
        added,
        required=required,
        kinds=current_profile().table.columns,
        reference_name=dataset.file_name,
    )
    return check, required


def restore_run(run: Run) -> Recipe:
    """Make a run's recipe the current one (every section); results become stale."""
    st.session_state[RECIPE] = run.recipe
    return run.recipe


def start_learning_curve(data: TrainingData, plan: FoldPlan) -> Job | None:
    """The learning curve of the recipe's model."""
    recipe = current_recipe()
    return start_job(
        "learning",
        "The learning curve",
        results_key("model"),
        lambda budget: learning_curve(data, recipe, plan, budget=budget),
        budget_seconds=recipe.tuning.budget_seconds,
    )


def start_importance(trained: TrainedModel, data: TrainingData, key: Hashable) -> Job | None:
    """Permutation importance of the trained model on the test split."""
    recipe = trained.recipe
    model = trained.final.pipeline
    scoring = scoring_for(recipe, data.y_train)
    return start_job(
        "importance",
        "Permutation importance",
        key,
        lambda budget: permutation_importance_by_column(
            model,
            data.X_test,
            data.y_test,
            scoring,
            seed=recipe.split.seed,
            budget=budget,
        ),
        budget_seconds=recipe.tuning.budget_seconds,
    )
