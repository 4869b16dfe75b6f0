"""Where a person is on the lifecycle: each step done, current or still to do.

The guided mode's tracker and its "next step" action read this. :data:`NAVIGATION` is the one
ordered list of pages: ``app.py`` builds its navigation from it, the Start page lists it, and
the steps follow its order (collect the data, then define the problem on it). Which steps are
done is decided by the UI from what the person has actually done (a dataset loaded, a target
chosen, a model trained, a page visited) and passed in as a set of step keys. The tutorial's
checkpoints live here too.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from core.errors import ModelPathError
from core.learn.lessons import LIFECYCLE, LifecycleStep
from core.prepare import resolve_strategy

__all__ = [
    "APP_PAGES",
    "NAVIGATION",
    "PAGE_STEPS",
    "STEP_ORDER",
    "STEP_PAGES",
    "TUTORIAL_CHECKPOINTS",
    "TUTORIAL_SAMPLE",
    "AppPage",
    "StepStatus",
    "lifecycle",
    "next_step",
    "progress",
    "step_of_page",
    "tutorial_checkpoint_passed",
]


@dataclass(frozen=True)
class AppPage:
    """One page of the app's navigation.

    Parameters
    ----------
    file : str
        The page file, relative to the app's folder.
    title : str
        Its name in the navigation.
    icon : str
        A Material icon name as Streamlit writes it (``":material/table:"``).
    summary : str
        What the page holds, in a few words (the Start page lists it).
    step : str or None
        The lifecycle step the page belongs to (None outside the lifecycle).
    """

    file: str
    title: str
    icon: str
    summary: str
    step: str | None = None


#: Every page in navigation order, by section. The navigation, the Start page's lists and the
#: tracker's step order are all read from here, so they cannot disagree.
NAVIGATION: Mapping[str, tuple[AppPage, ...]] = MappingProxyType(
    {
        "Welcome": (
            AppPage("steps/home.py", "Start here", ":material/home:", "what ModelPath does"),
        ),
        "1 · Understand": (
            AppPage(
                "steps/data.py",
                "Data",
                ":material/table:",
                "collect and check your table",
                "data",
            ),
            AppPage(
                "steps/problem.py",
                "Problem",
                ":material/flag:",
                "what to predict, and how to judge it",
                "problem",
            ),
            AppPage(
                "steps/explore.py",
                "Explore",
                ":material/query_stats:",
                "distributions, relationships and red flags",
                "explore",
            ),
        ),
        "2 · Prepare": (
            AppPage(
                "steps/clean.py",
                "Clean",
                ":material/cleaning_services:",
                "missing values, spellings, duplicates and outliers",
                "clean",
            ),
            AppPage(
                "steps/features.py",
                "Features",
                ":material/build:",
                "encoding, scaling, transforms, selection",
                "features",
            ),
        ),
        "3 · Model": (
            AppPage(
                "steps/split.py",
                "Split & validation",
                ":material/call_split:",
                "the test split and cross-validation folds",
                "split",
            ),
            AppPage(
                "steps/algorithm.py",
                "Algorithm",
                ":material/model_training:",
                "learner cards, a recommendation, a quick comparison",
                "algorithm",
            ),
            AppPage(
                "steps/tune.py",
                "Tune",
                ":material/tune:",
                "hyperparameters by hand or by search, validation curves",
                "tune",
            ),
        ),
        "4 · Evaluate & improve": (
            AppPage(
                "steps/evaluate.py",
                "Metrics",
                ":material/analytics:",
                "test scores beside the baseline, and the charts that suit the task",
                "evaluate",
            ),
            AppPage(
                "steps/diagnose.py",
                "Diagnosis",
                ":material/healing:",
                "learning curve, over- or underfitting, what to try next",
                "evaluate",
            ),
            AppPage(
                "steps/explain.py",
                "Why",
                ":material/lightbulb:",
                "the columns the model relies on, its worst predictions",
                "evaluate",
            ),
            AppPage(
                "steps/playground.py",
                "Playground",
                ":material/scatter_plot:",
                "watch the algorithm draw its boundaries on two columns",
                "evaluate",
            ),
            AppPage(
                "steps/runs.py",
                "Runs",
                ":material/history:",
                "every training kept, compared fairly, restorable",
                "improve",
            ),
            AppPage(
                "steps/new_data.py",
                "New data",
                ":material/playlist_add:",
                "add rows and retrain a run",
                "improve",
            ),
        ),
        "5 · Deliver": (
            AppPage(
                "steps/export.py",
                "Export",
                ":material/ios_share:",
                "the .skops model, a script that reproduces it, the report",
                "deliver",
            ),
            AppPage(
                "steps/predict.py",
                "Predict",
                ":material/online_prediction:",
                "one row from a form, or a whole file of rows",
                "deliver",
            ),
        ),
        "Learn": (
            AppPage(
                "steps/glossary.py",
                "Glossary",
                ":material/menu_book:",
                "the words of machine learning, with examples",
            ),
        ),
    }
)

#: Every page, in navigation order.
APP_PAGES: tuple[AppPage, ...] = tuple(p for pages in NAVIGATION.values() for p in pages)

#: The lifecycle in the app's page order (a step comes where its first page is).
STEP_ORDER: tuple[str, ...] = tuple(dict.fromkeys(p.step for p in APP_PAGES if p.step))

#: The page where each step starts.
STEP_PAGES = MappingProxyType(
    {step: next(p.file for p in APP_PAGES if p.step == step) for step in STEP_ORDER}
)

#: The step each page belongs to (pages not listed, like the welcome page, belong to none).
PAGE_STEPS = MappingProxyType({p.file: p.step for p in APP_PAGES if p.step})

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
        "clean": "Open Clean and tidy the spellings (trim spaces and lower-case them, or merge "
        "them); keep the leaky column left out (ModelPath left it out by default: a cancellation "
        "reason is only recorded after a customer leaves) and the ID too.",
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


def lifecycle() -> tuple[LifecycleStep, ...]:
    """The lifecycle's steps in the app's page order."""
    return tuple(_STEPS[key] for key in STEP_ORDER)


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
# The teaching table's columns spelled several ways (case and spaces).
_MISSPELT_COLUMNS = frozenset({"plan", "region"})
_TUTORIAL_FOLDS = 5


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
        # Trimming alone leaves 'Basic' and 'BASIC' apart: the spellings are tidy once case is
        # normalised too, or once each misspelt column has its merges.
        cleaning = recipe.cleaning
        merged = _MISSPELT_COLUMNS.issubset(cleaning.category_merges)
        tidy = cleaning.text_normalisation == "trim_lower" or merged
        return _LEAKY_COLUMN in left_out and tidy
    if step == "split":
        # The customers were all measured on one day: a shuffled, stratified split suits them.
        stratified = resolve_strategy(recipe.split, recipe.problem.task) == "stratified"
        return stratified and recipe.validation.folds == _TUTORIAL_FOLDS
    if step == "improve":
        return runs >= 2
    if step == "deliver":
        return {"model", "report"} <= set(downloads)
    return True
