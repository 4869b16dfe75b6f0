"""Test-split evaluation: metric values and the tidy frames behind evaluation charts.

A fitted model is turned once into :class:`Predictions` (labels, probabilities or decision
scores on labelled rows); everything else reads from that: the metric values of the task
(each the value of scikit-learn's own function on the same inputs), a model-versus-baseline
table, confusion matrices, threshold readings for binary tasks, ROC / precision-recall /
calibration curves, per-class errors, residuals and the worst-predicted rows.

Metrics that are undefined on the given rows (MAPE with zero targets, ROC-AUC with one class
present, log loss without probabilities) are reported as ``None`` with a note saying why,
never as a misleading number. This module never imports streamlit and never mutates inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn import metrics as skm

from core.errors import ModelPathError
from core.understand import METRICS

__all__ = [
    "EvaluationError",
    "MetricValue",
    "Predictions",
    "ThresholdReading",
    "at_threshold",
    "calibration_frame",
    "confusion_frame",
    "default_threshold",
    "metric_table",
    "metric_values",
    "per_class_frame",
    "pr_frame",
    "predictions_from",
    "residual_frame",
    "roc_frame",
    "threshold_frame",
    "threshold_range",
    "worst_rows",
]

TASKS = ("binary", "multiclass", "regression")
MAX_THRESHOLD_ROWS = 300
"""Most rows :func:`threshold_frame` returns; longer curves are thinned evenly."""
_ZERO = 1e-12

# Labels for metrics that are reported but are not choices in the catalogue.
_EXTRA_LABELS = {
    "precision_macro": ("Precision (macro)", True),
    "recall_macro": ("Recall (macro)", True),
}


class EvaluationError(ModelPathError):
    """An evaluation was asked of predictions that cannot answer it."""


@dataclass(frozen=True)
class Predictions:
    """A fitted model's predictions on labelled rows.

    Parameters
    ----------
    task : {"binary", "multiclass", "regression"}
    y_true : pandas.Series
        The true values, keeping the original row index.
    y_pred : numpy.ndarray
        The model's predictions, in the order of ``y_true``.
    classes : tuple, default=()
        The model's ``classes_`` order (classification only).
    positive_class : object or None, default=None
        The positive class, as the model's own label (binary only).
    proba : numpy.ndarray or None, default=None
        Shape ``(n, n_classes)`` in ``classes`` order, when the model has ``predict_proba``.
    scores : numpy.ndarray or None, default=None
        Binary: the 1-D score of the positive class (its probability, else the decision
        function oriented so that larger means positive). Multiclass: the 2-D probability or
        decision matrix. None for regression or when the model gives neither.
    score_kind : {"probability", "decision"} or None, default=None
        What ``scores`` holds.
    """

    task: str
    y_true: pd.Series
    y_pred: np.ndarray
    classes: tuple = ()
    positive_class: object | None = None
    proba: np.ndarray | None = None
    scores: np.ndarray | None = None
    score_kind: str | None = None

    @property
    def n_rows(self) -> int:
        """Number of labelled rows."""
        return len(self.y_true)


def predictions_from(
    model: object,
    X: pd.DataFrame,
    y: pd.Series,
    *,
    task: str,
    positive_class: object | None = None,
) -> Predictions:
    """Predict labelled rows with a fitted model and keep everything evaluation needs.

    Parameters
    ----------
    model : estimator
        Any fitted scikit-learn (or imbalanced-learn) estimator or pipeline.
    X : pandas.DataFrame
        The feature rows.
    y : pandas.Series
        Their true values; a plain array gets ``X``'s index.
    task : {"binary", "multiclass", "regression"}
    positive_class : object, optional
        Binary only: the positive class, matched by value (``1`` finds ``1.0``). Defaults to
        the model's second class, the one scikit-learn's scores point towards.

    Returns
    -------
    Predictions

    Raises
    ------
    EvaluationError
        When the task is unknown, there are no rows, a binary model does not have two
        classes, or the positive class is not one of the model's classes.

    Examples
    --------
    >>> from sklearn.dummy import DummyClassifier
    >>> X = pd.DataFrame({"x": [1, 2, 3, 4]})
    >>> y = pd.Series(["no", "yes", "no", "yes"])
    >>> pred = predictions_from(DummyClassifier().fit(X, y), X, y, task="binary")
    >>> pred.positive_class, pred.score_kind
    ('yes', 'probability')
    """
    if task not in TASKS:
        raise EvaluationError(
            f"The task {task!r} is not one ModelPath evaluates.",
            "Evaluation needs to know which metrics apply.",
            "Use 'binary', 'multiclass' or 'regression'.",
        )
    y_true = _as_series(y, X)
    if len(y_true) == 0:
        raise EvaluationError(
            "There are no labelled rows to evaluate.",
            "Every metric compares predictions with true values.",
            "Keep some rows with a known target in the test split.",
        )
    y_pred = np.asarray(model.predict(X))
    if task == "regression":
        return Predictions(task, y_true, y_pred)

    classes = _model_classes(model, y_true, y_pred)
    proba = _call(model, "predict_proba", X)
    decision = None if proba is not None else _call(model, "decision_function", X)
    if task == "multiclass":
        scores = proba if proba is not None else decision
        return Predictions(
            task,
            y_true,
            y_pred,
            classes,
            None,
            proba,
            scores,
            _score_kind(proba, decision),
        )

    if len(classes) != 2:
        raise EvaluationError(
            f"A binary evaluation was asked of a model that knows {len(classes)} classes.",
            "Binary metrics compare one positive class against one other.",
            "Evaluate the model as multiclass, or train it on a two-class target.",
        )
    pos = _positive_index(classes, positive_class)
    if proba is not None:
        scores = proba[:, pos]
    elif decision is not None:
        # scikit-learn orients a binary decision function towards classes_[1].
        oriented = decision if pos == 1 else -decision
        scores = decision[:, pos] if decision.ndim == 2 else oriented
    else:
        scores = None
    return Predictions(
        task,
        y_true,
        y_pred,
        classes,
        classes[pos],
        proba,
        scores,
        _score_kind(proba, decision),
    )


def _as_series(y: object, X: object) -> pd.Series:
    if isinstance(y, pd.Series):
        return y.copy()
    index = X.index if isinstance(X, pd.DataFrame | pd.Series) else None
    values = np.asarray(y)
    if index is not None and len(index) != len(values):
        index = None
    return pd.Series(values, index=index)


def _model_classes(model: object, y_true: pd.Series, y_pred: np.ndarray) -> tuple:
    try:
        classes = model.classes_
    except AttributeError:
        classes = None
    if classes is None:
        seen = pd.unique(np.concatenate([y_true.to_numpy(dtype=object), y_pred.astype(object)]))
        classes = sorted(seen, key=lambda v: (str(type(v)), v))
    # Plain Python values (np.str_ → str) read better and compare the same.
    return tuple(c.item() if isinstance(c, np.generic) else c for c in classes)


def _call(model: object, name: str, X: object) -> np.ndarray | None:
    """``model.name(X)``, or None when the method is missing.

    Pipelines and ``available_if`` raise AttributeError on access (not just ``hasattr`` being
    False) when their last step lacks the method, so access is guarded, not tested.
    """
    try:
        method = getattr(model, name)
    except AttributeError:
        return None
    if method is None:
        return None
    try:
        result = method(X)
    except (AttributeError, NotImplementedError):
        return None
    return np.asarray(result, dtype="float64")


def _score_kind(proba: np.ndarray | None, decision: np.ndarray | None) -> str | None:
    if proba is not None:
        return "probability"
    return "decision" if decision is not None else None


def _positive_index(classes: tuple, positive_class: object | None) -> int:
    if positive_class is None:
        return 1
    for i, label in enumerate(classes):
        if bool(label == positive_class):
            return i
    raise EvaluationError(
        "The chosen positive class is not one of the model's classes.",
        "Precision, recall and the curves are all measured on the positive class.",
        "Choose one of the target's two values as the positive class.",
    )


# ---------------------------------------------------------------------------------------------
# Metric values
# ---------------------------------------------------------------------------------------------


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


def _labels(y: pd.Series) -> np.ndarray:
    """The true labels as a numpy array, so comparisons give plain boolean arrays."""
    return np.asarray(y.to_numpy())


def _unknown_labels(pred: Predictions) -> int:
    truth = _labels(pred.y_true)
    known = np.zeros(len(truth), dtype=bool)
    for label in pred.classes:
        known |= truth == label
    return int((~known).sum())


def _positive_mask(pred: Predictions) -> np.ndarray:
    return np.asarray(_labels(pred.y_true) == pred.positive_class, dtype=bool)


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
