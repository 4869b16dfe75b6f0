"""Metric values on the test split: every metric of the task, and the model-versus-baseline table.

Each value is the value of scikit-learn's own function on the same
:class:`~core.evaluate.predictions.Predictions`. Metrics that are undefined on the given rows
(MAPE with zero targets, ROC-AUC with one class present, log loss without probabilities) are
reported as ``None`` with a note saying why, never as a misleading number. This module never
imports streamlit and never mutates inputs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn import metrics as skm

from core.evaluate.predictions import EvaluationError, Predictions, _labels, _positive_mask
from core.understand import METRICS

__all__ = [
    "MetricValue",
    "metric_table",
    "metric_values",
]

_ZERO = 1e-12

# Labels for metrics that are reported but are not choices in the catalogue.
_EXTRA_LABELS = {
    "precision_macro": ("Precision (macro)", True),
    "recall_macro": ("Recall (macro)", True),
}


@dataclass(frozen=True)
class MetricValue:
    """One metric's value on the evaluated rows.

    Parameters
    ----------
    key : str
        A key of :data:`core.understand.problem.METRICS`, or an extra such as ``"precision_macro"``.
    label : str
        Name shown to people.
    value : float or None
        None when the metric is undefined on these rows; ``note`` says why.
    higher_is_better : bool
    note : str, default=""
        Why the value is missing, e.g. ``"undefined: 3 test rows have a true value of 0"``.
    """

    key: str
    label: str
    value: float | None
    higher_is_better: bool
    note: str = ""


def metric_values(pred: Predictions) -> dict[str, MetricValue]:
    """Every metric of the task, computed with scikit-learn on the evaluated rows.

    Parameters
    ----------
    pred : Predictions

    Returns
    -------
    dict of str to MetricValue
        Binary: accuracy, balanced_accuracy, precision, recall, f1 (all on the positive
        class, ``zero_division=0``), roc_auc, average_precision, log_loss, mcc. Multiclass:
        accuracy, balanced_accuracy, precision_macro, recall_macro, f1_macro, f1_weighted,
        roc_auc_ovr, log_loss, mcc. Regression: mae, rmse, r2, mape, median_ae.
    """
    if pred.task == "regression":
        computed = _regression_values(pred)
    elif pred.task == "binary":
        computed = _binary_values(pred)
    else:
        computed = _multiclass_values(pred)
    return {key: _metric_value(key, value, note) for key, (value, note) in computed.items()}


_Computed = dict[str, tuple[float | None, str]]


def _metric_value(key: str, value: float | None, note: str) -> MetricValue:
    if key in METRICS:
        label, higher = METRICS[key].label, METRICS[key].greater_is_better
    else:
        label, higher = _EXTRA_LABELS[key]
    return MetricValue(key, label, None if value is None else float(value), higher, note)


def _defined(compute: Callable[[], float]) -> tuple[float, str]:
    return float(compute()), ""


def _regression_values(pred: Predictions) -> _Computed:
    truth = pred.y_true.to_numpy(dtype="float64")
    guess = np.asarray(pred.y_pred, dtype="float64")
    n_zero = int(np.sum(np.abs(truth) < _ZERO))
    if n_zero:
        mape = (None, f"undefined: {_rows(n_zero)} {_have(n_zero)} a true value of 0")
    else:
        mape = _defined(lambda: skm.mean_absolute_percentage_error(truth, guess))
    if len(truth) < 2:
        r2 = (None, "undefined: R² needs at least 2 test rows")
    elif np.all(truth == truth[0]):
        r2 = (None, "undefined: every test row has the same true value")
    else:
        r2 = _defined(lambda: skm.r2_score(truth, guess))
    return {
        "mae": _defined(lambda: skm.mean_absolute_error(truth, guess)),
        "rmse": _defined(lambda: skm.root_mean_squared_error(truth, guess)),
        "r2": r2,
        "mape": mape,
        "median_ae": _defined(lambda: skm.median_absolute_error(truth, guess)),
    }


def _binary_values(pred: Predictions) -> _Computed:
    truth, guess, pos = _labels(pred.y_true), pred.y_pred, pred.positive_class
    is_pos = _positive_mask(pred)
    if pred.scores is None:
        missing = "undefined: the model gives neither probabilities nor decision scores"
        roc = ap = (None, missing)
    elif is_pos.all() or not is_pos.any():
        missing = "undefined: the test rows hold only one class"
        roc = ap = (None, missing)
    else:
        roc = _defined(lambda: skm.roc_auc_score(is_pos, pred.scores))
        ap = _defined(lambda: skm.average_precision_score(is_pos, pred.scores))
    return {
        "accuracy": _defined(lambda: skm.accuracy_score(truth, guess)),
        "balanced_accuracy": _defined(lambda: skm.balanced_accuracy_score(truth, guess)),
        "precision": _defined(
            lambda: skm.precision_score(truth, guess, pos_label=pos, zero_division=0)
        ),
        "recall": _defined(lambda: skm.recall_score(truth, guess, pos_label=pos, zero_division=0)),
        "f1": _defined(lambda: skm.f1_score(truth, guess, pos_label=pos, zero_division=0)),
        "roc_auc": roc,
        "average_precision": ap,
        "log_loss": _log_loss(pred, truth),
        "mcc": _defined(lambda: skm.matthews_corrcoef(truth, guess)),
    }


def _multiclass_values(pred: Predictions) -> _Computed:
    truth, guess = _labels(pred.y_true), pred.y_pred
    unknown = _unknown_labels(pred)
    absent = [c for c in pred.classes if not np.any(truth == c)]
    if pred.proba is None:
        roc = (None, "undefined: the model gives no probabilities")
    elif unknown:
        roc = (None, f"undefined: {_rows(unknown)} {_have(unknown)} a class the model never saw")
    elif absent:
        roc = (None, f"undefined: {_count(len(absent), 'class', 'classes')} absent from the rows")
    else:
        roc = _defined(
            lambda: skm.roc_auc_score(
                truth, pred.proba, multi_class="ovr", average="macro", labels=list(pred.classes)
            )
        )

    def averaged(score: Callable[..., float], average: str) -> tuple[float, str]:
        return _defined(lambda: score(truth, guess, average=average, zero_division=0))

    return {
        "accuracy": _defined(lambda: skm.accuracy_score(truth, guess)),
        "balanced_accuracy": _defined(lambda: skm.balanced_accuracy_score(truth, guess)),
        "precision_macro": averaged(skm.precision_score, "macro"),
        "recall_macro": averaged(skm.recall_score, "macro"),
        "f1_macro": averaged(skm.f1_score, "macro"),
        "f1_weighted": averaged(skm.f1_score, "weighted"),
        "roc_auc_ovr": roc,
        "log_loss": _log_loss(pred, truth),
        "mcc": _defined(lambda: skm.matthews_corrcoef(truth, guess)),
    }


def _log_loss(pred: Predictions, truth: np.ndarray) -> tuple[float | None, str]:
    if pred.proba is None:
        return None, "undefined: the model gives no probabilities"
    unknown = _unknown_labels(pred)
    if unknown:
        return None, f"undefined: {_rows(unknown)} {_have(unknown)} a class the model never saw"
    return _defined(lambda: skm.log_loss(truth, pred.proba, labels=list(pred.classes)))


def _unknown_labels(pred: Predictions) -> int:
    truth = _labels(pred.y_true)
    known = np.zeros(len(truth), dtype=bool)
    for label in pred.classes:
        known |= truth == label
    return int((~known).sum())


def _rows(n: int) -> str:
    return _count(n, "test row")


def _have(n: int) -> str:
    return "has" if n == 1 else "have"


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def metric_table(
    model: Predictions, baseline: Predictions | None, *, primary: str | None = None
) -> pd.DataFrame:
    """The model's metrics next to the baseline's, one row per metric.

    Parameters
    ----------
    model : Predictions
    baseline : Predictions or None
        The baseline's predictions on the same rows; None leaves its columns empty.
    primary : str, optional
        The key of the primary metric: it comes first, its label suffixed " (primary)".

    Returns
    -------
    pandas.DataFrame
        Columns ``metric``, ``model``, ``baseline``, ``difference`` (model − baseline),
        ``better`` ("higher" / "lower") and ``note``. Missing numbers are NaN. Numbers are in
        the units people read: a percentage metric (MAPE) is in percent, its label says so
        ("MAPE (%)") and its difference is in percentage points.

    Raises
    ------
    EvaluationError
        When ``primary`` is not a metric of the model's task, or the baseline's task differs.
    """
    if baseline is not None and baseline.task != model.task:
        raise EvaluationError(
            "The baseline was evaluated for a different task than the model.",
            "Their metrics cannot be compared.",
            "Evaluate the baseline with the model's task.",
        )
    ours = metric_values(model)
    theirs = metric_values(baseline) if baseline is not None else {}
    if primary is not None and primary not in ours:
        raise EvaluationError(
            "The primary metric is not one of this task's metrics.",
            f"A {model.task} model is measured with: {', '.join(ours)}.",
            "Choose a primary metric that fits the task.",
        )
    keys = list(ours)
    if primary is not None:
        keys = [primary, *(k for k in keys if k != primary)]
    columns: dict[str, list] = {c: [] for c in _TABLE_COLUMNS}
    for key in keys:
        mine, other = ours[key], theirs.get(key)
        base = other.value if other is not None else None
        notes = [mine.note] if mine.note else []
        if other is not None and other.note:
            notes.append(f"baseline {other.note}")
        label = METRICS[key].unit_label if key in METRICS else mine.label
        scale = 100.0 if key in METRICS and METRICS[key].percent else 1.0
        columns["metric"].append(label + (" (primary)" if key == primary else ""))
        columns["model"].append(_nan(mine.value) * scale)
        columns["baseline"].append(_nan(base) * scale)
        columns["difference"].append((_nan(mine.value) - _nan(base)) * scale)
        columns["better"].append("higher" if mine.higher_is_better else "lower")
        columns["note"].append("; ".join(notes))
    frame = pd.DataFrame(columns)
    for numeric in ("model", "baseline", "difference"):
        frame[numeric] = frame[numeric].astype("float64")
    return frame


_TABLE_COLUMNS = ("metric", "model", "baseline", "difference", "better", "note")


def _nan(value: float | None) -> float:
    return np.nan if value is None else float(value)
