"""A fitted model's predictions on labelled rows: what every test-split evaluation reads.

A fitted model is turned once into :class:`Predictions` (labels, probabilities or decision
scores on labelled rows); everything else reads from that: the metric values
(:mod:`core.evaluate.metrics`), the frames behind the evaluation charts
(:mod:`core.evaluate.metric_frames`) and the charts themselves. This module never imports
streamlit and never mutates inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from core.errors import ModelPathError

__all__ = [
    "EvaluationError",
    "Predictions",
    "predictions_from",
]

TASKS = ("binary", "multiclass", "regression")


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


def _labels(y: pd.Series) -> np.ndarray:
    """The true labels as a numpy array, so comparisons give plain boolean arrays."""
    return np.asarray(y.to_numpy())


def _positive_mask(pred: Predictions) -> np.ndarray:
    return np.asarray(_labels(pred.y_true) == pred.positive_class, dtype=bool)
