"""Validation curves: training and CV scores across one hyperparameter's values, read in words.

:func:`validation_curve` cross-validates the recipe's model at each value of one hyperparameter
on the engine of :mod:`core.model.cross_validation`, like
:func:`sklearn.model_selection.validation_curve` but with progress, a time budget and failing
values reported with their reason; each end of the range is read with the one verdict of
:func:`core.model.verdict.read_fit` (bias or variance), and the best value is named.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from core.errors import ModelPathError
from core.model.algorithms import ModelSpec, model_spec
from core.model.budget import Budget
from core.model.cross_validation import (
    Evaluation,
    chosen_algorithm,
    cross_validate_model,
    evaluate_candidates,
)
from core.model.folds import FoldPlan
from core.model.scoring import scoring_for
from core.model.search import SearchError, _points, _shown
from core.model.verdict import LeakageWarning, read_fit, suspect_warnings
from core.prepare import TrainingData, check_pipeline, raise_for_errors
from core.recipe import Recipe
from core.understand import METRICS

__all__ = ["CurvePoint", "ValidationCurve", "curve_values", "validation_curve"]


@dataclass(frozen=True)
class CurvePoint:
    """One value of the swept hyperparameter and its scores (or why it failed)."""

    value: Any
    evaluation: Evaluation


@dataclass(frozen=True)
class ValidationCurve:
    """Training and CV scores across one hyperparameter's values, with a plain reading.

    Parameters
    ----------
    algorithm, param, metric : str
    points : tuple of CurvePoint
    readings : tuple of str
        A sentence for each end of the range (bias/variance), and the best value.
    stopped : {"budget", "stopped"} or None
    """

    algorithm: str
    param: str
    metric: str
    points: tuple[CurvePoint, ...]
    readings: tuple[str, ...]
    stopped: str | None

    def frame(self) -> pd.DataFrame:
        """Value, training mean/std and CV mean/std per point (scored points only)."""
        records = []
        for point in self.points:
            result = point.evaluation.result
            if result is None:
                continue
            records.append(
                {
                    "value": _shown(point.value),
                    "train_mean": result.train_mean,
                    "train_std": result.train_std,
                    "cv_mean": result.mean,
                    "cv_std": result.std,
                }
            )
        return pd.DataFrame.from_records(records)


def curve_values(spec: ModelSpec, param: str, count: int = 7) -> list[Any]:
    """Default values to sweep: the choices, or ``count`` points across the range."""
    p = spec.param(param)
    if p.kind == "choice":
        return list(p.choices)
    if p.kind == "bool":
        return [False, True]
    return _points(p, count)


def validation_curve(
    data: TrainingData,
    recipe: Recipe,
    plan: FoldPlan,
    param: str,
    values: Sequence[Any] | None = None,
    *,
    budget: Budget | None = None,
    suspects: Sequence[str] = (),
) -> ValidationCurve:
    """Cross-validate the recipe's model at each value of one hyperparameter.

    Parameters
    ----------
    data, recipe, plan
    param : str
        A hyperparameter of ``recipe.model.algorithm``.
    values : sequence, optional
        Defaults to :func:`curve_values`.
    budget : Budget, optional
    suspects : sequence of str, optional
        Leakage suspects from the findings before training; with one among the features every
        point reads "suspicious", as the trained model does.

    Returns
    -------
    ValidationCurve

    Raises
    ------
    ModelError
        No algorithm, an unknown parameter or an invalid value.
    SearchError
        Every value failed.
    """
    algorithm = chosen_algorithm(
        recipe, "A validation curve sweeps one hyperparameter of the chosen algorithm."
    )
    spec = model_spec(algorithm)
    p = spec.param(param)
    values = list(values) if values is not None else curve_values(spec, param)
    values = [p.check(v, algorithm=spec.label) for v in values]
    raise_for_errors(check_pipeline(recipe, data))
    base = dict(recipe.model.params)
    budget = budget or Budget(recipe.tuning.budget_seconds)
    evaluations = evaluate_candidates(
        data,
        recipe,
        plan,
        [(algorithm, {**base, param: v}) for v in values],
        budget=budget,
        label=f"Validation curve of {param}",
    )
    points = tuple(CurvePoint(v, e) for v, e in zip(values, evaluations, strict=True))
    scored = [pt for pt in points if pt.evaluation.result is not None]
    if not scored:
        first = next((pt.evaluation.error for pt in points if pt.evaluation.error), None)
        raise SearchError(
            f"No value of {param!r} could be scored."
            + (f" The first reason: {first}" if first else ""),
            "A validation curve needs at least one fitted value.",
            "Choose other values, or raise the time budget.",
        )
    stopped = budget.exhausted() if len(scored) < len(points) else None
    try:  # the dummy on the same folds is the start of read_fit's scale; cheap to fit
        baseline = cross_validate_model(data, recipe, plan, algorithm="baseline", params={}).mean
    except ModelPathError:
        baseline = None  # read_fit then judges relative to the scores themselves
    return ValidationCurve(
        algorithm,
        param,
        scoring_for(recipe, data.y_train).metric.key,
        points,
        _read_curve(
            param,
            scored,
            ordered=p.kind in ("int", "float"),
            baseline=baseline,
            warnings=suspect_warnings(suspects, data.columns.used),
        ),
        stopped,
    )


def _read_curve(
    param: str,
    points: list[CurvePoint],
    *,
    ordered: bool,
    baseline: float | None = None,
    warnings: Sequence[LeakageWarning] = (),
) -> tuple[str, ...]:
    """The verdict at each end of the curve — :func:`core.model.verdict.read_fit`'s, with the same
    thresholds as the Diagnosis page — in the metric's own numbers (choices have no ends: only
    the best value and its gap are read)."""
    results = [pt.evaluation.result for pt in points]
    metric = METRICS[results[0].metric]
    sign = 1.0 if results[0].higher_is_better else -1.0
    cv = np.array([sign * r.mean for r in results])
    best = int(np.argmax(cv))
    readings = []
    ends = [(0, "lowest")] if len(points) == 1 else [(0, "lowest"), (len(points) - 1, "highest")]
    if not ordered:
        ends = []
    for i, end in ends:
        value, r = _shown(points[i].value), results[i]
        numbers = (
            f"training {metric.format(r.train_mean, '.3g')}, CV {metric.format(r.mean, '.3g')}"
        )
        reading = read_fit(
            r.metric,
            train=r.train_mean,
            cv=r.mean,
            spread=r.std,
            baseline=baseline,
            warnings=warnings,
        )
        behind = float(cv[best] - cv[i])
        where = (
            f"{metric.format_change(abs(behind))} behind the best CV score"
            if i != best
            else "the best CV score"
        )
        verdict = {
            "overfitting": (
                f"overfitting (high variance): the model fits its training rows much better "
                f"than new ones (gap {metric.format_change(abs(reading.gap))}), so it "
                f"memorises; {where}"
            ),
            "underfitting": (
                f"underfitting (high bias): even its training score is poor, so the model is "
                f"too simple to capture the pattern; {where}"
            ),
            "suspicious": (
                f"suspicious (likely leakage): the model learns from "
                f"{', '.join(f'‘{c}’' for c in reading.columns)}, so no setting's score can be "
                "trusted"
            ),
        }.get(
            reading.verdict,
            f"good fit: training and CV agree (gap {metric.format_change(abs(reading.gap))}); "
            f"{where}",
        )
        readings.append(f"At the {end} value ({param} = {value}): {numbers} — {verdict}.")
    r = results[best]
    gap = (
        f" (training folds {metric.format(r.train_mean, '.3g')})"
        if math.isfinite(r.train_mean)
        else ""
    )
    readings.append(
        f"Best CV score at {param} = {_shown(points[best].value)}: "
        f"{metric.format(r.mean, '.3g')} ± {metric.format(r.std, '.3g')}{gap}."
    )
    return tuple(readings)
