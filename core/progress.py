"""Where a person is on the lifecycle: each step done, current or still to do.

The guided mode's tracker and its "next step" action read this. Steps follow the app's page
order (collect the data, then define the problem on it); which steps are done is decided by
the UI from what the person has actually done (a dataset loaded, a target chosen, a model
trained, a page visited) and passed in as a set of step keys.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from core.errors import ModelPathError
from core.lessons import LIFECYCLE, LifecycleStep

__all__ = [
    "PAGE_STEPS",
    "STEP_ORDER",
    "STEP_PAGES",
    "TUTORIAL_CHECKPOINTS",
    "TUTORIAL_SAMPLE",
    "StepStatus",
    "next_step",
    "progress",
    "step_of_page",
    "tutorial_checkpoint_passed",
]

#: The lifecycle in the app's page order.
STEP_ORDER: tuple[str, ...] = (
    "data",
    "problem",
    "explore",
    "clean",
    "features",
    "split",
    "algorithm",
    "tune",
    "evaluate",
    "improve",
    "deliver",
)

#: The page where each step starts.
STEP_PAGES = MappingProxyType(
    {
        "data": "steps/data.py",
        "problem": "steps/problem.py",
        "explore": "steps/explore.py",
        "clean": "steps/clean.py",
        "features": "steps/features.py",
        "split": "steps/split.py",
        "algorithm": "steps/algorithm.py",
        "tune": "steps/tune.py",
        "evaluate": "steps/evaluate.py",
        "improve": "steps/runs.py",
        "deliver": "steps/export.py",
    }
)

#: The step each page belongs to (pages not listed, like the welcome page, belong to none).
PAGE_STEPS = MappingProxyType(
    {
        **{page: step for step, page in STEP_PAGES.items()},
        "steps/diagnose.py": "evaluate",
        "steps/explain.py": "evaluate",
        "steps/playground.py": "evaluate",
        "steps/new_data.py": "improve",
        "steps/predict.py": "deliver",
    }
)

_STEPS = {step.key: step for step in LIFECYCLE}

#: The tutorial's teaching table: generated churn data with every classic problem planted.
TUTORIAL_SAMPLE = "churn"

#: What the tutorial asks for at each step before moving on (its checkpoints).
TUTORIAL_CHECKPOINTS = MappingProxyType(
    {
        "data": "The churn table is loaded: read how it was read, and check the column kinds.",
        "problem": "‘churned’ is the target; pick a metric that suits 17 % positives (F1 or "
        "balanced accuracy rather than accuracy).",
        "explore": "Open Explore and read the findings: one is an ID, spellings differ and some "
        "values are missing. The column that leaks the answer, cancellation_reason, was left out "
        "on the Problem page: see why in the Feature vs target tab.",
        "clean": "Open Clean and tidy the spellings; keep the leaky column left out (ModelPath "
        "left it out by default: a cancellation reason is only recorded after a customer leaves) "
        "and the ID too.",
        "features": "Open Features and look at the preview of what the model will see.",
        "split": "Open Split & validation: keep a stratified test split and 5 folds.",
        "algorithm": "Choose an algorithm (the quick comparison helps).",
        "tune": "Train a model from the Tune page or the Metrics page.",
        "evaluate": "Read the test score beside the baseline, and the diagnosis.",
        "improve": "Open Runs to compare your trainings (train twice to compare).",
        "deliver": "Open Export: download the model file and the report.",
    }
)


@dataclass(frozen=True)
class StepStatus:
    """One step of the tracker.

    Parameters
    ----------
    step : LifecycleStep
    status : {"done", "current", "todo"}
        The current step is shown as current even when it is also done.
    page : str
        The page where the step starts.
    """

    step: LifecycleStep
    status: str
    page: str


def step_of_page(page: str | None) -> str | None:
    """The lifecycle step a page belongs to (None for pages outside the lifecycle)."""
    return PAGE_STEPS.get(page or "")


def progress(done: Collection[str], current: str | None = None) -> list[StepStatus]:
    """Every lifecycle step with its status, in page order.

    Parameters
    ----------
    done : collection of str
        Step keys the person has completed.
    current : str, optional
        The step of the page being shown.

    Returns
    -------
    list of StepStatus

    Raises
    ------
    ModelPathError
        When a key is not a lifecycle step.
    """
    unknown = sorted(set(done) - set(STEP_ORDER)) + (
        [current] if current is not None and current not in STEP_ORDER else []
    )
    if unknown:
        raise ModelPathError(
            f"{', '.join(repr(k) for k in unknown)} is not a lifecycle step.",
            "The steps are: " + ", ".join(STEP_ORDER) + ".",
            "Use one of those keys.",
        )
    statuses = []
    for key in STEP_ORDER:
        status = "current" if key == current else "done" if key in done else "todo"
        statuses.append(StepStatus(_STEPS[key], status, STEP_PAGES[key]))
    return statuses


def next_step(done: Collection[str], current: str | None = None) -> StepStatus | None:
    """The step to go to next: the one after the current step, else the first not done.

    Returns None when every step is done and there is no current step to move on from.
    """
    statuses = progress(done, current)
    if current is not None:
        position = STEP_ORDER.index(current)
        return statuses[position + 1] if position + 1 < len(statuses) else None
    return next((s for s in statuses if s.status == "todo"), None)


#: Metrics that judge the tutorial's 17 %-positive target fairly.
_FAIR_METRICS = ("f1", "balanced_accuracy", "average_precision", "mcc", "roc_auc")
_LEAKY_COLUMN = "cancellation_reason"


def tutorial_checkpoint_passed(
    step: str,
    done: Collection[str],
    recipe: Any,
    runs: int,
    downloads: Collection[str] = (),
) -> bool:
    """Whether the tutorial's checkpoint for ``step`` is met, not merely the page visited.

    Parameters
    ----------
    step : str
        A lifecycle step.
    done : collection of str
        The steps done (as for :func:`progress`).
    recipe : Recipe
        The committed recipe.
    runs : int
        Trainings recorded so far.
    downloads : collection of str
        What was downloaded from the Export page (``"model"``, ``"report"``…).
    """
    if step not in done:
        return False
    if step == "problem":
        return recipe.problem.metric in _FAIR_METRICS
    if step == "clean":
        # ModelPath leaves the leak out by default; the checkpoint holds while it stays out.
        left_out = {*recipe.problem.exclude_columns, *recipe.data.drop_columns}
        return _LEAKY_COLUMN in left_out and recipe.cleaning.text_normalisation != "none"
    if step == "improve":
        return runs >= 2
    if step == "deliver":
        return {"model", "report"} <= set(downloads)
    return True
