"""The training action: cross-validate, refit on the whole training split, score the test split.

This is the one place where the held-out test rows are used. Cross-validation (on training
folds only) and the baseline come first; then the final model is refitted on every training
row and scores the test split once, beside the baseline refitted the same way. Everything the
Metrics, Diagnosis and Why pages show, every recorded run and the command line's
``metrics.json`` come from the :class:`TrainedModel` this module returns.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from core.errors import ModelPathError
from core.evaluate.metrics import metric_table, metric_values
from core.evaluate.predictions import Predictions, predictions_from
from core.evaluate.runs import Run
from core.evaluate.suspicion import after_training_warnings
from core.model import (
    Budget,
    CVResult,
    FoldPlan,
    LeakageWarning,
    ModelError,
    available_jobs,
    chosen_algorithm,
    cross_validate_model,
    model_pipeline,
    model_spec,
    scoring_for,
)
from core.prepare import TrainingData
from core.recipe import Recipe

__all__ = [
    "FinalModel",
    "NewRowsCheck",
    "TrainedModel",
    "fit_final",
    "new_rows_check",
    "rows_fingerprint",
    "run_from",
    "test_fraction",
    "train_and_evaluate",
]


@dataclass(frozen=True)
class FinalModel:
    """A pipeline refitted on the whole training split, and its predictions on the test split.

    Parameters
    ----------
    algorithm : str
        Registry key.
    params : mapping
        Its hyperparameters.
    pipeline : imblearn.pipeline.Pipeline
        The fitted pipeline (cleaning, features and model).
    baseline : imblearn.pipeline.Pipeline
        The dummy model in the same pipeline, fitted on the same rows.
    test, baseline_test : Predictions
        Their predictions on the test split.
    test_score : float
        The primary metric on the test split, computed by the same scorer as cross-validation.
    baseline_test_score : float
    fit_seconds, predict_seconds : float
        Time to refit the model, and to predict the test split.
    """

    algorithm: str
    params: Mapping[str, Any]
    pipeline: Any
    baseline: Any
    test: Predictions
    baseline_test: Predictions
    test_score: float
    baseline_test_score: float
    fit_seconds: float
    predict_seconds: float


def fit_final(
    data: TrainingData,
    recipe: Recipe,
    *,
    algorithm: str | None = None,
    params: Mapping[str, Any] | None = None,
    n_jobs: int | None = None,
) -> FinalModel:
    """Refit the recipe's pipeline on every training row and score the test split once.

    Parameters
    ----------
    data : TrainingData
    recipe : Recipe
    algorithm : str, optional
        Defaults to ``recipe.model.algorithm``.
    params : mapping, optional
        Defaults to ``recipe.model.params``.
    n_jobs : int, optional
        Threads for models that use them (one fit, so the model may use every CPU).

    Returns
    -------
    FinalModel

    Raises
    ------
    ModelError
        No algorithm chosen, an invalid hyperparameter, or the fit failed (with the reason).
    """
    algorithm = algorithm or chosen_algorithm(
        recipe, "The final model is the recipe's algorithm refitted on all training rows."
    )
    if params is None:
        params = recipe.model.params if algorithm == recipe.model.algorithm else {}
    scoring = scoring_for(recipe, data.y_train)
    jobs = n_jobs or available_jobs()
    pipeline = model_pipeline(data, recipe, algorithm, params, n_jobs=jobs)
    baseline = model_pipeline(data, recipe, "baseline", {})
    started = time.perf_counter()
    try:
        pipeline.fit(data.X_train, data.y_train)
    except ModelPathError:
        raise
    except Exception as exc:  # the person's data or settings, reported in their words
        label = model_spec(algorithm).label
        raise ModelError(
            f"{label} could not be fitted on the training split: {type(exc).__name__}: "
            f"{' '.join(str(exc).split())[:300]}",
            "Cross-validation fitted it on parts of the same rows; the whole split differs.",
            "Change the hyperparameters, the cleaning or feature choices, or the algorithm.",
        ) from exc
    fit_seconds = time.perf_counter() - started
    baseline.fit(data.X_train, data.y_train)
    positive = scoring.positive_class
    started = time.perf_counter()
    test = predictions_from(
        pipeline, data.X_test, data.y_test, task=data.task, positive_class=positive
    )
    predict_seconds = time.perf_counter() - started
    baseline_test = predictions_from(
        baseline, data.X_test, data.y_test, task=data.task, positive_class=positive
    )
    return FinalModel(
        algorithm=algorithm,
        params=dict(params),
        pipeline=pipeline,
        baseline=baseline,
        test=test,
        baseline_test=baseline_test,
        test_score=_score(scoring, pipeline, data),
        baseline_test_score=_score(scoring, baseline, data),
        fit_seconds=fit_seconds,
        predict_seconds=predict_seconds,
    )


def _score(scoring: Any, model: Any, data: TrainingData) -> float:
    try:
        return scoring.natural(scoring.scorer(model, data.X_test, data.y_test))
    except ValueError:  # e.g. ROC-AUC on a test split holding one class
        return math.nan


@dataclass(frozen=True)
class NewRowsCheck:
    """How an earlier model does on rows added after it was trained (it never saw them).

    Parameters
    ----------
    rows : int
        New rows scored.
    metric : str
    score : float
        The earlier model's primary metric on the new rows.
    earlier_test_score : float or None
        What it scored on its own test split, for comparison.
    """

    rows: int
    metric: str
    score: float
    earlier_test_score: float | None


@dataclass(frozen=True)
class TrainedModel:
    """Everything one training action produced.

    Parameters
    ----------
    recipe : Recipe
        The recipe that was trained (with its algorithm and hyperparameters).
    cv : CVResult
        The model's cross-validated score.
    baseline_cv : CVResult or None
        The dummy model on the same folds.
    final : FinalModel or None
        The refit and its test predictions; None when the person stopped before it.
    rows_fingerprint : str
        Which training rows (and target values) were used.
    test_fraction : float
        Mean validation-fold size over mean training-fold size (for the corrected t-test).
    n_train, n_test : int
    seconds : float
        Wall-clock time of the whole action.
    parent_id : int or None
        The run a retrain started from.
    new_rows : NewRowsCheck or None
    warnings : tuple of LeakageWarning
        Why the score may be too good to be true (:mod:`core.evaluate.suspicion`); with any, every
        verdict on this model is "suspicious".
    """

    recipe: Recipe
    cv: CVResult
    baseline_cv: CVResult | None
    final: FinalModel | None
    rows_fingerprint: str
    test_fraction: float
    n_train: int
    n_test: int
    seconds: float
    parent_id: int | None = None
    new_rows: NewRowsCheck | None = None
    warnings: tuple[LeakageWarning, ...] = ()

    @property
    def suspicious(self) -> bool:
        """Whether a leakage warning makes this model's scores untrustworthy."""
        return bool(self.warnings)

    @property
    def metric(self) -> str:
        """The primary metric's key."""
        return self.cv.metric

    @property
    def model_inputs(self) -> int | None:
        """Columns the fitted model learns from, after encoding (None without a refit)."""
        if self.final is None:
            return None
        return getattr(self.final.pipeline.steps[-1][1], "n_features_in_", None)

    def metric_table(self) -> pd.DataFrame:
        """Every test-split metric beside the baseline's (empty without a final model)."""
        if self.final is None:
            return pd.DataFrame(columns=["metric", "model", "baseline", "difference", "better"])
        return metric_table(self.final.test, self.final.baseline_test, primary=self.metric)

    def test_metrics(self) -> dict[str, float | None]:
        """Test-split metrics by key (empty without a final model)."""
        if self.final is None:
            return {}
        return {k: v.value for k, v in metric_values(self.final.test).items()}

    def baseline_test_metrics(self) -> dict[str, float | None]:
        """The baseline's test-split metrics by key."""
        if self.final is None:
            return {}
        return {k: v.value for k, v in metric_values(self.final.baseline_test).items()}


def new_rows_check(
    model: Any,
    recipe: Recipe,
    data: TrainingData,
    *,
    rows_before: int,
    earlier_test_score: float | None,
) -> NewRowsCheck | None:
    """Score an earlier fitted model on the rows appended after it was trained.

    Appended rows get the labels after the earlier table's last one, so they are the rows of
    ``data`` (training and test split alike) labelled ``rows_before`` or later.

    Parameters
    ----------
    model : fitted pipeline
        The earlier model (it never saw these rows).
    recipe : Recipe
        For the primary metric.
    data : TrainingData
        The data after appending.
    rows_before : int
        How many rows the table had before.
    earlier_test_score : float or None
        The earlier model's score on its own test split.

    Returns
    -------
    NewRowsCheck or None
        None when no new row survived cleaning, or the metric cannot score them (e.g. ROC-AUC
        on new rows of a single class).
    """
    X = pd.concat([data.X_train, data.X_test])
    y = pd.concat([data.y_train, data.y_test])
    added = X.index >= rows_before
    if not added.any():
        return None
    scoring = scoring_for(recipe, data.y_train)
    try:
        score = scoring.natural(scoring.scorer(model, X[added], y[added]))
    except ValueError:
        return None
    return NewRowsCheck(int(added.sum()), scoring.metric.key, score, earlier_test_score)


def rows_fingerprint(data: TrainingData) -> str:
    """A content hash of the training rows' labels and target values.

    Two runs with the same fingerprint learned from the same rows, so their fold scores can be
    compared fold by fold (given the same folds). Feature columns are left out on purpose:
    comparing two feature choices on the same rows and folds is exactly what a comparison is for.
    """
    digest = hashlib.sha256()
    digest.update(pd.util.hash_pandas_object(data.y_train, index=True).to_numpy().tobytes())
    return digest.hexdigest()[:16]


def test_fraction(plan: FoldPlan) -> float:
    """Mean validation-fold size over mean training-fold size, n_test / n_train in the
    corrected resampled t-test."""
    train = np.mean([len(t) for t, _ in plan.splits])
    test = np.mean([len(v) for _, v in plan.splits])
    return float(test / train) if train else math.nan


def train_and_evaluate(
    data: TrainingData,
    recipe: Recipe,
    plan: FoldPlan,
    *,
    budget: Budget | None = None,
    n_jobs: int | None = None,
    suspects: Sequence[str] = (),
) -> TrainedModel:
    """Cross-validate the recipe's model and the baseline, then refit and score the test split,
    and check whether the score is too good to be true (:mod:`core.evaluate.suspicion`).

    Parameters
    ----------
    data : TrainingData
    recipe : Recipe
        With an algorithm chosen.
    plan : FoldPlan
        The folds (from :func:`core.model.folds.plan_folds`).
    budget : Budget, optional
        Time budget, stop and progress. A stop skips the refit; a spent budget does not (the
        refit is one fit, and without it there is no test score).
    n_jobs : int, optional
    suspects : sequence of str, optional
        Leakage suspects from the findings before training
        (:func:`core.understand.findings.leakage_columns`); any among the features is a warning.

    Returns
    -------
    TrainedModel

    Raises
    ------
    ModelError, PipelineError
        As :func:`core.model.cross_validation.cross_validate_model` and :func:`fit_final`.
    """
    budget = budget or Budget()
    started = time.monotonic()
    cv = cross_validate_model(data, recipe, plan, budget=budget, n_jobs=n_jobs)
    baseline_cv = None
    if budget.exhausted() != "stopped":
        try:  # the baseline is cheap, but an odd metric must not lose the model's result
            baseline_cv = cross_validate_model(
                data,
                recipe,
                plan,
                algorithm="baseline",
                params={},
                budget=Budget(should_stop=budget.should_stop),
                n_jobs=n_jobs,
            )
        except ModelPathError:
            baseline_cv = None
    final = None
    if budget.exhausted() != "stopped":
        budget.report(0.97, "Refitting on the whole training split and scoring the test split")
        final = fit_final(data, recipe, algorithm=cv.algorithm, params=cv.params, n_jobs=n_jobs)
    trained_recipe = recipe.with_section(
        recipe.model.with_changes(algorithm=cv.algorithm, params=dict(cv.params))
    )
    warnings = after_training_warnings(
        data,
        trained_recipe,
        cv,
        baseline_cv,
        final.pipeline if final is not None else None,
        suspects=suspects,
        baseline_test_score=final.baseline_test_score if final is not None else None,
        budget=Budget(should_stop=budget.should_stop),  # Stop holds; no time cap on a check
    )
    return TrainedModel(
        recipe=trained_recipe,
        cv=cv,
        baseline_cv=baseline_cv,
        final=final,
        rows_fingerprint=rows_fingerprint(data),
        test_fraction=test_fraction(plan),
        n_train=len(data.X_train),
        n_test=len(data.X_test),
        seconds=time.monotonic() - started,
        warnings=warnings,
    )


def run_from(
    trained: TrainedModel,
    *,
    dataset_label: str,
    diagnosis: str = "",
    note: str = "",
) -> Run:
    """The record of a training action, for the run store.

    Parameters
    ----------
    trained : TrainedModel
    dataset_label : str
        The file name or sample title (plain text).
    diagnosis : str
        The verdict word, when one was computed; the run reads "suspicious" whenever the model
        has leakage warnings (they are stored with the run).
    note : str

    Returns
    -------
    Run
        Without id or timestamp; :meth:`core.evaluate.run_store.RunStore.add` sets them.
    """
    cv, final = trained.cv, trained.final
    return Run(
        recipe=trained.recipe,
        algorithm=cv.algorithm,
        algorithm_label=cv.label,
        metric=cv.metric,
        cv_folds=tuple(float(f.test) for f in cv.folds),
        cv_train_folds=tuple(f.train for f in cv.folds),
        planned_folds=cv.planned,
        folds_fingerprint=cv.plan_fingerprint,
        rows_fingerprint=trained.rows_fingerprint,
        dataset_label=dataset_label,
        n_train=trained.n_train,
        n_test=trained.n_test,
        test_fraction=trained.test_fraction,
        test_metrics={
            **trained.test_metrics(),
            cv.metric: final.test_score if final is not None else None,
        },
        baseline_cv_mean=trained.baseline_cv.mean if trained.baseline_cv is not None else None,
        baseline_test={
            **trained.baseline_test_metrics(),
            cv.metric: final.baseline_test_score if final is not None else None,
        },
        fit_seconds=final.fit_seconds if final is not None else 0.0,
        total_seconds=trained.seconds,
        kind="retrain" if trained.parent_id is not None else "train",
        note=note,
        parent_id=trained.parent_id,
        diagnosis="suspicious" if trained.warnings else diagnosis,
        warnings=trained.warnings,
    )
