"""The tidy frames behind evaluation charts: confusion, thresholds, curves, per-class errors,
residuals and the worst-predicted rows.

Each reads :class:`~core.evaluate.predictions.Predictions` and returns a frame (or a frozen
reading) that :mod:`core.evaluate.metric_charts` draws and pages show as tables: confusion
matrices, threshold readings for binary tasks, ROC / precision-recall / calibration curves,
per-class errors, residuals and the rows the model gets most wrong. This module never imports
streamlit and never mutates inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn import metrics as skm

from core.evaluate.predictions import (
    EvaluationError,
    Predictions,
    _labels,
    _positive_index,
    _positive_mask,
)

__all__ = [
    "ThresholdReading",
    "at_threshold",
    "calibration_frame",
    "confusion_frame",
    "default_threshold",
    "per_class_frame",
    "pr_frame",
    "residual_frame",
    "roc_frame",
    "threshold_frame",
    "threshold_range",
    "worst_rows",
]

MAX_THRESHOLD_ROWS = 300
"""Most rows :func:`threshold_frame` returns; longer curves are thinned evenly."""


# ---------------------------------------------------------------------------------------------
# Confusion and thresholds
# ---------------------------------------------------------------------------------------------


def confusion_frame(
    y_true: Sequence | pd.Series | np.ndarray,
    y_pred: Sequence | np.ndarray,
    classes: Sequence,
    *,
    normalize: bool = False,
) -> pd.DataFrame:
    """The confusion matrix as a labelled frame.

    Parameters
    ----------
    y_true, y_pred : array-like
        True and predicted labels.
    classes : sequence
        The labels, in the order of rows and columns.
    normalize : bool, default=False
        Divide each row by its number of rows, so rows show shares that sum to 1 (rows of a
        class absent from ``y_true`` stay 0).

    Returns
    -------
    pandas.DataFrame
        Index named ``"actual"`` and columns named ``"predicted"``, both the class labels as
        strings; integer counts, or float shares when ``normalize``.
    """
    truth = y_true.to_numpy() if isinstance(y_true, pd.Series) else np.asarray(y_true)
    counts = skm.confusion_matrix(truth, np.asarray(y_pred), labels=list(classes))
    names = [str(c) for c in classes]
    if normalize:
        support = counts.sum(axis=1, keepdims=True)
        values = np.divide(
            counts, support, out=np.zeros(counts.shape, dtype="float64"), where=support > 0
        )
    else:
        values = counts.astype("int64")
    return pd.DataFrame(
        values,
        index=pd.Index(names, name="actual", dtype=object),
        columns=pd.Index(names, name="predicted", dtype=object),
    )


@dataclass(frozen=True)
class ThresholdReading:
    """A binary model's predictions at one decision threshold.

    Parameters
    ----------
    threshold : float
        Rows whose score is at least this are predicted positive.
    precision, recall, f1, accuracy : float
        On the positive class, ``zero_division=0``.
    predicted_positive : int
        Rows predicted positive.
    confusion : pandas.DataFrame
        The confusion matrix at this threshold (see :func:`confusion_frame`).
    y_pred : numpy.ndarray
        The predicted labels at this threshold.
    """

    threshold: float
    precision: float
    recall: float
    f1: float
    accuracy: float
    predicted_positive: int
    confusion: pd.DataFrame
    y_pred: np.ndarray


def default_threshold(pred: Predictions) -> float:
    """The threshold the model's own ``predict`` uses: 0.5 for probabilities, 0 for decisions."""
    _require_binary_scores(pred, "A default threshold")
    return 0.5 if pred.score_kind == "probability" else 0.0


def threshold_range(pred: Predictions) -> tuple[float, float]:
    """The sensible range for a threshold slider.

    Returns
    -------
    tuple of float
        ``(0, 1)`` for probabilities; the lowest and highest decision score otherwise
        (widened by 1 either side when every score is the same).
    """
    _require_binary_scores(pred, "A threshold range")
    if pred.score_kind == "probability":
        return 0.0, 1.0
    low, high = float(np.min(pred.scores)), float(np.max(pred.scores))
    if low == high:
        low, high = low - 1.0, high + 1.0
    return low, high


def at_threshold(pred: Predictions, threshold: float) -> ThresholdReading:
    """Predict positive wherever the score is at least ``threshold`` and measure the result.

    Parameters
    ----------
    pred : Predictions
        Binary, with scores.
    threshold : float

    Returns
    -------
    ThresholdReading

    Raises
    ------
    EvaluationError
        When the task is not binary or the model gives no scores.
    """
    _require_binary_scores(pred, "Moving the threshold")
    classes = np.asarray(pred.classes)
    pos = _positive_index(pred.classes, pred.positive_class)
    chosen = np.asarray(pred.scores) >= threshold
    y_pred = np.where(chosen, classes[pos], classes[1 - pos])
    truth, label = _labels(pred.y_true), classes[pos]
    return ThresholdReading(
        threshold=float(threshold),
        precision=float(skm.precision_score(truth, y_pred, pos_label=label, zero_division=0)),
        recall=float(skm.recall_score(truth, y_pred, pos_label=label, zero_division=0)),
        f1=float(skm.f1_score(truth, y_pred, pos_label=label, zero_division=0)),
        accuracy=float(skm.accuracy_score(truth, y_pred)),
        predicted_positive=int(chosen.sum()),
        confusion=confusion_frame(truth, y_pred, pred.classes),
        y_pred=y_pred,
    )


def _require_binary_scores(pred: Predictions, asked: str) -> None:
    if pred.task != "binary":
        raise EvaluationError(
            f"{asked} only applies to binary classification; this is a {pred.task} task.",
            "A threshold splits one score into positive and negative.",
            "Use the confusion matrix and per-class errors instead.",
        )
    if pred.scores is None:
        raise EvaluationError(
            f"{asked} needs the model's scores, but this model gives neither probabilities "
            "nor decision scores.",
            "A threshold is applied to a score.",
            "Choose an algorithm with predict_proba or decision_function.",
        )


def threshold_frame(pred: Predictions) -> pd.DataFrame:
    """Precision, recall and F1 across thresholds of a binary model's scores.

    Returns
    -------
    pandas.DataFrame
        Columns ``threshold``, ``precision``, ``recall``, ``f1``, at most
        :data:`MAX_THRESHOLD_ROWS` rows thinned evenly from
        :func:`sklearn.metrics.precision_recall_curve`; empty when not binary or no scores.
    """
    columns = ["threshold", "precision", "recall", "f1"]
    if pred.task != "binary" or pred.scores is None:
        return pd.DataFrame(columns=columns, dtype="float64")
    precision, recall, thresholds = skm.precision_recall_curve(
        _positive_mask(pred), np.asarray(pred.scores)
    )
    # The curve's last point (recall 0, precision 1) has no threshold.
    precision, recall = precision[:-1], recall[:-1]
    total = precision + recall
    f1 = np.divide(
        2 * precision * recall, total, out=np.zeros_like(total, dtype="float64"), where=total > 0
    )
    keep = _even(len(thresholds), MAX_THRESHOLD_ROWS)
    return pd.DataFrame(
        {
            "threshold": thresholds[keep],
            "precision": precision[keep],
            "recall": recall[keep],
            "f1": f1[keep],
        }
    )


def _even(n: int, most: int) -> np.ndarray:
    if n <= most:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, most).round().astype(int))


# ---------------------------------------------------------------------------------------------
# Curves
# ---------------------------------------------------------------------------------------------


def _curve_targets(pred: Predictions) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(class label, is-that-class mask, score) per curve to draw; empty when there is none."""
    if pred.task == "binary" and pred.scores is not None:
        mask = _positive_mask(pred)
        if mask.all() or not mask.any():
            return []
        return [(str(pred.positive_class), mask, np.asarray(pred.scores))]
    if pred.task == "multiclass" and pred.proba is not None:
        truth = _labels(pred.y_true)
        found = []
        for i, label in enumerate(pred.classes):
            mask = np.asarray(truth == label, dtype=bool)
            if mask.any() and not mask.all():  # a curve needs both sides present
                found.append((str(label), mask, pred.proba[:, i]))
        return found
    return []


def roc_frame(pred: Predictions) -> pd.DataFrame:
    """ROC curve points: the positive class (binary) or each class against the rest.

    Returns
    -------
    pandas.DataFrame
        Columns ``class``, ``fpr``, ``tpr``, ``threshold`` (the first threshold is infinite:
        no row predicted positive). Empty when the model has no scores (multiclass: no
        probabilities) or only one class is present.
    """
    parts = []
    for label, mask, score in _curve_targets(pred):
        fpr, tpr, thresholds = skm.roc_curve(mask, score)
        parts.append(
            pd.DataFrame({"class": label, "fpr": fpr, "tpr": tpr, "threshold": thresholds})
        )
    return _stack(parts, ["class", "fpr", "tpr", "threshold"])


def pr_frame(pred: Predictions) -> pd.DataFrame:
    """Precision-recall curve points, with the same rules as :func:`roc_frame`.

    Returns
    -------
    pandas.DataFrame
        Columns ``class``, ``recall``, ``precision``, ``threshold`` (NaN for the curve's
        closing point at recall 0).
    """
    parts = []
    for label, mask, score in _curve_targets(pred):
        precision, recall, thresholds = skm.precision_recall_curve(
            mask, score, drop_intermediate=True
        )
        parts.append(
            pd.DataFrame(
                {
                    "class": label,
                    "recall": recall,
                    "precision": precision,
                    "threshold": np.append(thresholds, np.nan),
                }
            )
        )
    return _stack(parts, ["class", "recall", "precision", "threshold"])


def _stack(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    if not parts:
        empty = {c: pd.Series(dtype=object if c == "class" else "float64") for c in columns}
        return pd.DataFrame(empty)
    frame = pd.concat(parts, ignore_index=True)
    frame["class"] = frame["class"].astype(object)
    return frame


def calibration_frame(pred: Predictions, *, n_bins: int = 10) -> pd.DataFrame:
    """Reliability curve of a binary model's probabilities, with rows per bin.

    Bins are quantiles of the predicted probability, as in
    :func:`sklearn.calibration.calibration_curve` with ``strategy="quantile"``; empty bins
    are dropped, so the values equal that function's output.

    Parameters
    ----------
    pred : Predictions
    n_bins : int, default=10

    Returns
    -------
    pandas.DataFrame
        Columns ``mean_predicted``, ``fraction_positive``, ``rows``; empty unless the task is
        binary and the model gives probabilities.
    """
    columns = {"mean_predicted": "float64", "fraction_positive": "float64", "rows": "int64"}
    if pred.task != "binary" or pred.score_kind != "probability" or pred.scores is None:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
    prob = np.asarray(pred.scores, dtype="float64")
    hit = _positive_mask(pred).astype("float64")
    edges = np.percentile(prob, np.linspace(0, 1, n_bins + 1) * 100)
    bins = np.searchsorted(edges[1:-1], prob)
    sums = np.bincount(bins, weights=prob, minlength=n_bins)
    hits = np.bincount(bins, weights=hit, minlength=n_bins)
    totals = np.bincount(bins, minlength=n_bins)
    used = totals > 0
    return pd.DataFrame(
        {
            "mean_predicted": sums[used] / totals[used],
            "fraction_positive": hits[used] / totals[used],
            "rows": totals[used].astype("int64"),
        }
    )


# ---------------------------------------------------------------------------------------------
# Per class, residuals, worst rows
# ---------------------------------------------------------------------------------------------


def per_class_frame(pred: Predictions) -> pd.DataFrame:
    """Support, precision, recall, F1 and error rate of each class, worst first.

    Returns
    -------
    pandas.DataFrame
        Index ``class`` (labels as strings); columns ``rows``, ``precision``, ``recall``,
        ``f1``, ``error_rate`` (1 − recall), sorted by error rate, highest first. A class
        with no rows has NaN recall, F1 and error rate, and comes last.

    Raises
    ------
    EvaluationError
        For regression.
    """
    if pred.task == "regression":
        raise EvaluationError(
            "Per-class errors only apply to classification.",
            "A regression target has no classes.",
            "Use the residual charts instead.",
        )
    labels = list(pred.classes)
    precision, recall, f1, support = skm.precision_recall_fscore_support(
        _labels(pred.y_true), pred.y_pred, labels=labels, zero_division=0
    )
    absent = support == 0
    recall = np.where(absent, np.nan, recall)
    f1 = np.where(absent, np.nan, f1)
    frame = pd.DataFrame(
        {
            "rows": support.astype("int64"),
            "precision": precision.astype("float64"),
            "recall": recall,
            "f1": f1,
            "error_rate": 1.0 - recall,
        },
        index=pd.Index([str(c) for c in labels], name="class", dtype=object),
    )
    return frame.sort_values("error_rate", ascending=False, kind="mergesort", na_position="last")


def residual_frame(pred: Predictions) -> pd.DataFrame:
    """Actual, predicted and residual (actual − predicted) per row of a regression.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``pred.y_true``.

    Raises
    ------
    EvaluationError
        For classification.
    """
    if pred.task != "regression":
        raise EvaluationError(
            "Residuals only apply to regression.",
            "A class label has no numeric distance from the truth.",
            "Use the confusion matrix and per-class errors instead.",
        )
    actual = pred.y_true.to_numpy(dtype="float64")
    predicted = np.asarray(pred.y_pred, dtype="float64")
    return pd.DataFrame(
        {"actual": actual, "predicted": predicted, "residual": actual - predicted},
        index=pred.y_true.index.copy(),
    )


def worst_rows(pred: Predictions, X: pd.DataFrame, *, n: int = 20) -> pd.DataFrame:
    """The rows the model gets most wrong, with their features.

    Classification with probabilities: lowest probability given to the true class first.
    Classification without: misclassified rows first, in their original order. Regression:
    largest absolute error first.

    Parameters
    ----------
    pred : Predictions
    X : pandas.DataFrame
        The feature rows, aligned with ``pred.y_true`` by index.
    n : int, default=20

    Returns
    -------
    pandas.DataFrame
        Columns ``actual``, ``predicted`` (class labels as text), then ``probability of actual``
        (classification with probabilities) or ``error`` and ``absolute error`` (regression),
        then the features (a feature whose name clashes gets " (feature)" appended). Index: the
        original rows.
    """
    truth = pred.y_true
    frame = pd.DataFrame({"actual": truth.to_numpy(), "predicted": pred.y_pred}, index=truth.index)
    if pred.task == "regression":
        error = truth.to_numpy(dtype="float64") - np.asarray(pred.y_pred, dtype="float64")
        frame["error"] = error
        frame["absolute error"] = np.abs(error)
        order = np.argsort(-np.abs(error), kind="stable")
    elif pred.proba is not None:
        given = np.zeros(len(truth), dtype="float64")
        labels = _labels(truth)
        for i, label in enumerate(pred.classes):
            rows = labels == label
            given[rows] = pred.proba[rows, i]
        frame["probability of actual"] = given
        order = np.argsort(given, kind="stable")
    else:
        wrong = np.asarray(_labels(truth) != pred.y_pred, dtype=bool)
        order = np.argsort(~wrong, kind="stable")
    top = frame.iloc[order[: max(int(n), 0)]]
    if pred.task != "regression":
        # Classes as the data spells them: a table would draw True/False labels as checkboxes.
        top = top.assign(actual=top["actual"].map(str), predicted=top["predicted"].map(str))
    if X.index.equals(truth.index):
        features = X.iloc[order[: max(int(n), 0)]]
    else:
        features = X.reindex(top.index)
    taken = set(top.columns)
    features = features.rename(
        columns={c: f"{c} (feature)" for c in features.columns if c in taken}
    )
    return pd.concat([top, features.set_axis(top.index, axis=0)], axis=1)
