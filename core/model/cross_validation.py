"""The cross-validation engine: every (candidate, fold) fit of an action as one stream of jobs.

Every evaluation clones the recipe's whole pipeline (cleaning and feature steps included) and
fits it on training folds only, exactly like :func:`sklearn.model_selection.cross_validate`.
Unlike ``cross_validate``, the engine runs all (candidate, fold) fits of an action as one stream
of jobs, so it can report progress, honour a time budget and a stop request between fits, keep
going when one candidate fails, and still keep both CPUs busy (``bench/`` measures it against
``cross_validate`` and ``GridSearchCV``). The quick comparison (:mod:`core.model.comparison`),
the searches (:mod:`core.model.search`) and the validation curve
(:mod:`core.model.validation_curve`) all run on it.
"""

from __future__ import annotations

import math
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from joblib.externals.loky.process_executor import TerminatedWorkerError
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning

from core.errors import ModelPathError
from core.model.algorithms import MODELS, ModelError, ModelSpec, model_spec
from core.model.budget import Budget
from core.model.folds import FoldPlan, available_jobs
from core.model.scoring import Scoring, scoring_for
from core.prepare import TrainingData, build_pipeline, check_pipeline, raise_for_errors
from core.recipe import Recipe
from core.understand import METRICS

__all__ = [
    "CVResult",
    "Evaluation",
    "FoldScore",
    "chosen_algorithm",
    "cross_validate_model",
    "evaluate_candidates",
    "model_pipeline",
]

# joblib warns when a stopped stream cancels queued fits; stopping is what was asked for.
warnings.filterwarnings(
    "ignore", message=r".*tasks which were still being processed", category=UserWarning
)

# Metrics whose scorer needs predicted probabilities.
_NEEDS_PROBABILITIES = ("log_loss", "roc_auc_ovr")


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FoldScore:
    """One fitted fold: its validation and training scores (metric units) and timings."""

    fold: int
    test: float
    train: float | None
    fit_seconds: float
    score_seconds: float


@dataclass(frozen=True)
class CVResult:
    """The cross-validated score of one model.

    Parameters
    ----------
    algorithm : str
        Registry key.
    params : mapping
        The hyperparameters that differ from the registry defaults.
    metric : str
        Key of the primary metric; scores are in its own units.
    folds : tuple of FoldScore
        The folds that were fitted, in fold order.
    planned : int
        How many folds the plan has.
    plan_fingerprint : str
        Which folds were used (equal fingerprints → comparable fold by fold).
    seconds : float
        Wall-clock time of the evaluation.
    stopped : {"budget", "stopped"} or None
        Why it ended early, if it did.
    notes : tuple of str
        Warnings raised while fitting, in plain words.
    """

    algorithm: str
    params: Mapping[str, Any]
    metric: str
    folds: tuple[FoldScore, ...]
    planned: int
    plan_fingerprint: str
    seconds: float
    stopped: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The algorithm's name."""
        return MODELS[self.algorithm].label if self.algorithm in MODELS else self.algorithm

    @property
    def higher_is_better(self) -> bool:
        """Direction of the metric."""
        return METRICS[self.metric].greater_is_better

    @property
    def complete(self) -> bool:
        """Whether every planned fold was fitted."""
        return len(self.folds) == self.planned

    @property
    def test_scores(self) -> np.ndarray:
        """Validation score of each fitted fold."""
        return np.array([f.test for f in self.folds], dtype=float)

    @property
    def mean(self) -> float:
        """Mean validation score."""
        return float(np.mean(self.test_scores)) if self.folds else math.nan

    @property
    def std(self) -> float:
        """Standard deviation of the validation scores across folds."""
        return float(np.std(self.test_scores)) if len(self.folds) > 1 else 0.0

    @property
    def train_mean(self) -> float:
        """Mean score on the training folds (how well the model fits what it saw)."""
        values = [f.train for f in self.folds if f.train is not None]
        return float(np.mean(values)) if values else math.nan

    @property
    def train_std(self) -> float:
        """Standard deviation of the training-fold scores."""
        values = [f.train for f in self.folds if f.train is not None]
        return float(np.std(values)) if len(values) > 1 else 0.0

    @property
    def fit_seconds(self) -> float:
        """Mean time to fit one fold."""
        return float(np.mean([f.fit_seconds for f in self.folds])) if self.folds else math.nan

    @property
    def rank_score(self) -> float:
        """The mean score oriented so that larger is always better (for ranking)."""
        return self.mean if self.higher_is_better else -self.mean

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (the ``cv`` block of ``metrics.json``)."""
        return {
            "mean": self.mean,
            "std": self.std,
            "folds": [f.test for f in self.folds],
            "train_mean": self.train_mean,
            "train_folds": [f.train for f in self.folds],
            "fit_seconds_per_fold": [f.fit_seconds for f in self.folds],
            "planned_folds": self.planned,
            "complete": self.complete,
            "stopped": self.stopped,
            "folds_fingerprint": self.plan_fingerprint,
        }


@dataclass(frozen=True)
class Evaluation:
    """What happened to one candidate of a multi-candidate action.

    Exactly one of ``result`` and ``error`` is set, unless the candidate never started
    (both None, ``status="not run"``).
    """

    algorithm: str
    params: Mapping[str, Any]
    result: CVResult | None = None
    error: str | None = None
    status: str = "scored"  # "scored", "partial", "failed", "skipped", "not run"
    note: str = ""


# --- the pipeline of one candidate -----------------------------------------------------------


def chosen_algorithm(recipe: Recipe, why: str) -> str:
    """The recipe's algorithm; a ModelError saying ``why`` one is needed when none is chosen."""
    if recipe.model.algorithm is None:
        raise ModelError(
            "No algorithm is chosen yet.", why, "Choose an algorithm on the Algorithm page."
        )
    return recipe.model.algorithm


def model_pipeline(
    data: TrainingData,
    recipe: Recipe,
    algorithm: str,
    params: Mapping[str, Any] | None = None,
    *,
    n_jobs: int = 1,
) -> Any:
    """The recipe's whole pipeline ending in ``algorithm`` with ``params``.

    Raises
    ------
    ModelError
        Unknown algorithm, wrong task, or an invalid hyperparameter value.
    """
    spec = model_spec(algorithm)
    estimator = spec.build(data.task, params, seed=recipe.split.seed, n_jobs=n_jobs)
    return build_pipeline(
        recipe,
        data.columns,
        task=data.task,
        model=estimator,
        needs_scaling=spec.card.needs_scaling,
    )


def _check_metric_support(spec: ModelSpec, scoring: Scoring, estimator: Any) -> None:
    if scoring.metric.key in _NEEDS_PROBABILITIES and not hasattr(estimator, "predict_proba"):
        raise ModelError(
            f"{spec.label} gives no probabilities, and {scoring.metric.label} is computed from "
            "probabilities.",
            "The metric scores how confident the predictions are, not only which class wins.",
            "Choose another algorithm, or another primary metric on the Problem page.",
        )


def _describe_failure(exc: BaseException) -> str:
    if isinstance(exc, ModelPathError):
        return exc.message
    text = " ".join(str(exc).split())
    if len(text) > 300:
        text = text[:297] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _plain_warning(category: str, message: str) -> str:
    if category == "ConvergenceWarning":
        return (
            "The optimiser stopped before converging; raise max_iter, scale the features, or "
            "regularise more."
        )
    if category == "UndefinedMetricWarning":
        return "In some folds the model never predicted a class, so a score was set to 0."
    return f"{category}: {' '.join(message.split())[:200]}"


# --- the engine ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Outcome:
    candidate: int
    fold: int
    score: FoldScore | None
    error: str | None
    warnings: tuple[tuple[str, str], ...]


def _fit_and_score(
    pipeline: Any,
    X: pd.DataFrame,
    y: pd.Series,
    train: np.ndarray,
    test: np.ndarray,
    scorer: Callable[..., float],
    natural_sign: float,
    return_train: bool,
    candidate: int,
    fold: int,
) -> _Outcome:
    """Fit a fresh clone on one fold's training rows and score it (runs in a worker)."""
    args = (pipeline, X, y, train, test, scorer, natural_sign, return_train, candidate, fold)
    if threading.current_thread() is not threading.main_thread():
        # Recording warnings changes process-wide state; in a server thread it would race
        # with other people's sessions, so warnings there go to the log instead.
        return _fit_once(*args)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        outcome = _fit_once(*args)
    seen = tuple(
        dict.fromkeys(
            (w.category.__name__, str(w.message))
            for w in caught
            if issubclass(w.category, (UserWarning, ConvergenceWarning, RuntimeWarning))
        )
    )
    return outcome if outcome.error else replace(outcome, warnings=seen)


def _fit_once(
    pipeline, X, y, train, test, scorer, natural_sign, return_train, candidate, fold
) -> _Outcome:
    try:
        model = clone(pipeline)
        X_train, y_train = X.iloc[train], y.iloc[train]
        started = time.perf_counter()
        model.fit(X_train, y_train)
        fit_seconds = time.perf_counter() - started
        started = time.perf_counter()
        test_score = natural_sign * scorer(model, X.iloc[test], y.iloc[test])
        score_seconds = time.perf_counter() - started
        train_score = natural_sign * scorer(model, X_train, y_train) if return_train else None
    except Exception as exc:  # a failing candidate is reported, never fatal
        return _Outcome(candidate, fold, None, _describe_failure(exc), ())
    score = FoldScore(fold, float(test_score), train_score, fit_seconds, score_seconds)
    return _Outcome(candidate, fold, score, None, ())


def _stream(
    jobs: list[tuple[int, int, Any, np.ndarray, np.ndarray]],
    X: pd.DataFrame,
    y: pd.Series,
    scoring: Scoring,
    n_jobs: int,
    return_train: bool,
) -> Iterator[_Outcome]:
    """Run every (candidate, fold) fit; yield outcomes as they finish."""
    sign = 1.0 if scoring.metric.greater_is_better else -1.0
    calls = (
        delayed(_fit_and_score)(
            pipeline, X, y, train, test, scoring.scorer, sign, return_train, candidate, fold
        )
        for candidate, fold, pipeline, train, test in jobs
    )
    if n_jobs <= 1 or len(jobs) <= 1:
        for call, args, kwargs in calls:
            yield call(*args, **kwargs)
        return
    try:
        yield from Parallel(n_jobs=n_jobs, return_as="generator_unordered")(calls)
    except TerminatedWorkerError as exc:
        raise ModelError(
            "A training worker stopped abruptly.",
            "This usually means it ran out of memory on this table.",
            "Use fewer rows or columns (e.g. fewer one-hot levels or text features), or a "
            "lighter algorithm.",
        ) from exc


def evaluate_candidates(
    data: TrainingData,
    recipe: Recipe,
    plan: FoldPlan,
    configs: Sequence[tuple[str, Mapping[str, Any]]],
    *,
    scoring: Scoring | None = None,
    budget: Budget | None = None,
    n_jobs: int | None = None,
    return_train: bool = True,
    label: str = "Cross-validating",
    abandon: Callable[[int, FoldScore, float], str | None] | None = None,
) -> list[Evaluation]:
    """Cross-validate several (algorithm, params) candidates on the same folds.

    All fits run as one stream of jobs over the available CPUs. A candidate whose pipeline
    cannot be built, or whose fit fails on a fold, is reported with its reason and the others go
    on. When the budget runs out or a stop is requested, fitted folds are kept and the rest is
    marked as not run.

    Parameters
    ----------
    data : TrainingData
    recipe : Recipe
    plan : FoldPlan
        The folds (from :func:`core.model.folds.plan_folds`).
    configs : sequence of (algorithm, params)
        The candidates.
    scoring : Scoring, optional
        Defaults to the recipe's primary metric.
    budget : Budget, optional
        Time budget, stop request and progress reporting.
    n_jobs : int, optional
        Worker processes; defaults to :func:`core.model.folds.available_jobs`.
    return_train : bool
        Also score the training folds (for over/underfitting readings).
    label : str
        Progress message prefix.
    abandon : callable, optional
        ``abandon(candidate, first_fold, elapsed) -> reason or None``: called on each
        candidate's first finished fold; a reason skips the candidate's remaining folds.

    Returns
    -------
    list of Evaluation
        One per config, in order.
    """
    scoring = scoring or scoring_for(recipe, data.y_train)
    budget = budget or Budget()
    jobs_available = n_jobs or available_jobs()
    n_fits = len(configs) * plan.n_splits
    outer = min(jobs_available, n_fits)
    # No nested oversubscription: parallel folds get single-threaded models, and joblib
    # limits the native thread pools (OpenMP, BLAS) of its workers to match.
    inner = 1 if outer > 1 else jobs_available
    errors: dict[int, str] = {}
    pipelines: dict[int, Any] = {}
    for index, (algorithm, params) in enumerate(configs):
        try:
            spec = model_spec(algorithm)
            pipeline = model_pipeline(data, recipe, algorithm, params, n_jobs=inner)
            _check_metric_support(spec, scoring, pipeline.steps[-1][1])
            pipelines[index] = pipeline
        except ModelPathError as exc:
            errors[index] = exc.message
        except (ValueError, TypeError) as exc:
            errors[index] = _describe_failure(exc)
    # Candidate-major order: the first candidates finish first, so a budget stop keeps whole
    # candidates rather than one fold of each.
    jobs = [
        (index, fold, pipeline, train, test)
        for index, pipeline in pipelines.items()
        for fold, (train, test) in enumerate(plan.splits)
    ]
    folds: dict[int, list[FoldScore]] = {index: [] for index in pipelines}
    notes: dict[int, dict[str, None]] = {index: {} for index in pipelines}
    abandoned: dict[int, str] = {}
    stopped: str | None = None
    done = 0
    started = time.monotonic()
    budget.report(0.0, f"{label}: 0 of {n_fits} fits")
    X, y = data.X_train, data.y_train
    stream = _stream(jobs, X, y, scoring, outer, return_train)
    try:
        for outcome in stream:
            done += 1
            index = outcome.candidate
            if outcome.error is not None:
                errors.setdefault(index, f"Fold {outcome.fold + 1}: {outcome.error}")
            elif index not in errors and index not in abandoned:
                folds[index].append(outcome.score)
                for category, message in outcome.warnings:
                    notes[index][_plain_warning(category, message)] = None
                if abandon is not None and len(folds[index]) == 1:
                    reason = abandon(index, outcome.score, budget.elapsed())
                    if reason:
                        abandoned[index] = reason
            budget.report(done / max(n_fits, 1), f"{label}: {done} of {n_fits} fits")
            stopped = budget.exhausted()
            if stopped or len(errors) + len(abandoned) >= len(configs):
                break
    finally:
        stream.close()  # cancels fits still queued in the workers
    seconds = time.monotonic() - started
    evaluations = []
    for index, (algorithm, params) in enumerate(configs):
        params = MappingProxyType(dict(params))
        if index in errors:
            evaluations.append(Evaluation(algorithm, params, error=errors[index], status="failed"))
            continue
        if index in abandoned:
            evaluations.append(
                Evaluation(algorithm, params, status="skipped", note=abandoned[index])
            )
            continue
        scored = sorted(folds[index], key=lambda f: f.fold)
        if not scored:
            evaluations.append(Evaluation(algorithm, params, status="not run"))
            continue
        result = CVResult(
            algorithm=algorithm,
            params=params,
            metric=scoring.metric.key,
            folds=tuple(scored),
            planned=plan.n_splits,
            plan_fingerprint=plan.fingerprint,
            seconds=seconds,
            stopped=stopped if len(scored) < plan.n_splits else None,
            notes=tuple(notes[index]),
        )
        status = "scored" if result.complete else "partial"
        note = "" if result.complete else f"Only {len(scored)} of {plan.n_splits} folds finished"
        evaluations.append(Evaluation(algorithm, params, result=result, status=status, note=note))
    return evaluations


def cross_validate_model(
    data: TrainingData,
    recipe: Recipe,
    plan: FoldPlan,
    *,
    algorithm: str | None = None,
    params: Mapping[str, Any] | None = None,
    budget: Budget | None = None,
    n_jobs: int | None = None,
) -> CVResult:
    """Cross-validate the recipe's model (or ``algorithm`` with ``params``).

    Parameters
    ----------
    data, recipe, plan
        The split data, the recipe and its folds.
    algorithm : str, optional
        Defaults to ``recipe.model.algorithm``.
    params : mapping, optional
        Defaults to ``recipe.model.params``.
    budget : Budget, optional
    n_jobs : int, optional

    Returns
    -------
    CVResult
        Possibly with fewer folds than planned when stopped or out of time.

    Raises
    ------
    PipelineError
        When the cleaning and feature choices cannot work for this data.
    ModelError
        When no algorithm is chosen, a fold fails (with the reason), or nothing was fitted
        before the budget ran out.
    """
    algorithm = algorithm or chosen_algorithm(
        recipe, "Cross-validation scores one algorithm with the recipe's cleaning and features."
    )
    if params is None:
        params = recipe.model.params if algorithm == recipe.model.algorithm else {}
    # A wrong task or an invalid value is the person's to fix, and says so in its own words.
    model_spec(algorithm).build(data.task, params, seed=recipe.split.seed)
    chosen = recipe.model.with_changes(algorithm=algorithm, params=dict(params))
    raise_for_errors(check_pipeline(recipe.with_section(chosen), data))
    (evaluation,) = evaluate_candidates(
        data, recipe, plan, [(algorithm, params)], budget=budget, n_jobs=n_jobs
    )
    if evaluation.result is not None:
        return evaluation.result
    label = model_spec(algorithm).label
    if evaluation.error is not None:
        raise ModelError(
            f"{label} could not be trained: {evaluation.error}",
            "The settings or the data do not suit this algorithm.",
            "Change the hyperparameters, the cleaning or feature choices, or the algorithm.",
        )
    raise ModelError(
        f"{label} was stopped before a single fold finished.",
        "There is no score to show without at least one fitted fold.",
        "Run it again with a larger time budget, or fewer folds.",
    )
