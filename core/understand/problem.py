"""Problem definition: what kind of task a target makes, and how to measure success.

Owns the metric catalogue (one line of meaning per metric, and how its numbers are written for
people: :meth:`Metric.format` and :meth:`Metric.format_change`), task inference with its reason,
the check that a task the person chose fits the target, the metric recommendation drawn from
the data (imbalance, skew, zeros), and the default positive class for binary tasks.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from core.data import ColumnInfo, ColumnKind
from core.errors import ProblemError

__all__ = [
    "METRICS",
    "ClassBalance",
    "Metric",
    "MetricAdvice",
    "TaskInference",
    "baseline_score",
    "check_task",
    "class_balance",
    "default_positive_class",
    "format_change",
    "format_score",
    "infer_task",
    "metrics_for_task",
    "recommend_metric",
]

MAX_CLASSES = 100
_MAX_CLASS_LABEL_INTEGERS = 10


@dataclass(frozen=True)
class Metric:
    """One evaluation metric.

    Parameters
    ----------
    key : str
        Stable identifier stored in the recipe.
    label : str
        Name shown to people.
    meaning : str
        One line: what the number says.
    tasks : tuple of str
        Tasks the metric applies to.
    scorer : str
        The scikit-learn scorer name.
    greater_is_better : bool
        Direction of improvement of the metric itself (not of the scorer).
    percent : bool, default=False
        Computed as a fraction (0.084) but read as a percentage (8.4 %): every number shown to
        people goes through :meth:`format`, :meth:`format_change` or :meth:`shown`; stored
        numbers (recipes, runs, metrics.json) stay fractions. A spread written after a score
        uses the score's own unit ("8.4 % ± 1.2 %"); a difference between two scores is in
        percentage points (:meth:`format_change`).
    """

    key: str
    label: str
    meaning: str
    tasks: tuple[str, ...]
    scorer: str
    greater_is_better: bool = True
    percent: bool = False

    @property
    def unit_label(self) -> str:
        """The label with the unit of :meth:`shown` numbers, for axes, table rows and headers."""
        return f"{self.label} (%)" if self.percent else self.label

    def shown(self, value: float) -> float:
        """The number in the units people read (a percentage for ``percent`` metrics)."""
        return value * 100.0 if self.percent else value

    def format(self, value: float | None, spec: str = ".4g", *, missing: str = "n/a") -> str:
        """A score as people read it: ``format(0.08412)`` is ``"8.412 %"`` for MAPE.

        Parameters
        ----------
        value : float or None
            The score as computed (a fraction for ``percent`` metrics).
        spec : str, default=".4g"
            Format spec applied to the shown number (after scaling to a percentage).
        missing : str, default="n/a"
            Written for None, NaN and infinite values.

        Returns
        -------
        str
        """
        if value is None or not math.isfinite(value):
            return missing
        number = format(self.shown(float(value)), spec)
        return f"{number} %" if self.percent else number

    def format_change(
        self, delta: float | None, spec: str = ".3g", *, signed: bool = False, missing: str = "n/a"
    ) -> str:
        """A difference between two scores: MAPE 0.096 − 0.084 is ``"1.2 percentage points"``.

        Parameters
        ----------
        delta : float or None
            The difference as computed (fractions for ``percent`` metrics).
        spec : str, default=".3g"
            Format spec of the shown number; ``signed`` prefixes ``+`` to gains.
        signed : bool, default=False
        missing : str, default="n/a"

        Returns
        -------
        str
            A change of a percentage is in percentage points: "1.2 %" would read as a relative
            change of 1.2 % of the score.
        """
        if delta is None or not math.isfinite(delta):
            return missing
        number = format(self.shown(float(delta)), ("+" if signed else "") + spec)
        return f"{number} percentage points" if self.percent else number


_B, _M, _R = ("binary",), ("multiclass",), ("regression",)
_BM = ("binary", "multiclass")
METRICS: Mapping[str, Metric] = MappingProxyType(
    {
        m.key: m
        for m in (
            Metric("accuracy", "Accuracy", "Share of rows predicted correctly.", _BM, "accuracy"),
            Metric(
                "balanced_accuracy",
                "Balanced accuracy",
                "Average of the recall of each class, so every class counts equally.",
                _BM,
                "balanced_accuracy",
            ),
            Metric(
                "f1",
                "F1 (positive class)",
                "Harmonic mean of precision and recall on the positive class.",
                _B,
                "f1",
            ),
            Metric(
                "precision",
                "Precision",
                "Of the rows predicted positive, the share that really are.",
                _B,
                "precision",
            ),
            Metric(
                "recall",
                "Recall",
                "Of the rows that really are positive, the share the model finds.",
                _B,
                "recall",
            ),
            Metric(
                "roc_auc",
                "ROC-AUC",
                "Chance that a random positive row is ranked above a random negative one.",
                _B,
                "roc_auc",
            ),
            Metric(
                "average_precision",
                "PR-AUC (average precision)",
                "How well the positive class is found across all thresholds; honest when "
                "positives are rare.",
                _B,
                "average_precision",
            ),
            Metric(
                "f1_macro",
                "F1 (macro)",
                "F1 of each class averaged with equal weight; small classes count fully.",
                _M,
                "f1_macro",
            ),
            Metric(
                "f1_weighted",
                "F1 (weighted)",
                "F1 of each class averaged by class size.",
                _M,
                "f1_weighted",
            ),
            Metric(
                "roc_auc_ovr",
                "ROC-AUC (one-vs-rest)",
                "ROC-AUC of each class against the others, averaged.",
                _M,
                "roc_auc_ovr",
            ),
            Metric(
                "log_loss",
                "Log loss",
                "How far predicted probabilities are from the truth; lower is better and "
                "confident mistakes cost most.",
                _BM,
                "neg_log_loss",
                greater_is_better=False,
            ),
            Metric(
                "mcc",
                "Matthews correlation",
                "Correlation between predicted and true classes, from -1 to 1; fair under "
                "imbalance.",
                _BM,
                "matthews_corrcoef",
            ),
            Metric(
                "rmse",
                "RMSE",
                "Typical error in the target's units; large errors weigh more.",
                _R,
                "neg_root_mean_squared_error",
                greater_is_better=False,
            ),
            Metric(
                "mae",
                "MAE",
                "Average absolute error in the target's units; robust to a few huge errors.",
                _R,
                "neg_mean_absolute_error",
                greater_is_better=False,
            ),
            Metric(
                "r2",
                "R²",
                "Share of the target's variation explained; 0 is as good as predicting the "
                "mean, 1 is perfect.",
                _R,
                "r2",
            ),
            Metric(
                "mape",
                "MAPE",
                "Average error as a percentage of the true value; meaningless when true "
                "values are near zero.",
                _R,
                "neg_mean_absolute_percentage_error",
                greater_is_better=False,
                percent=True,
            ),
            Metric(
                "median_ae",
                "Median absolute error",
                "The error of the typical row, ignoring the worst half.",
                _R,
                "neg_median_absolute_error",
                greater_is_better=False,
            ),
        )
    }
)


def format_score(key: str | None, value: float | None, spec: str = ".4g", **kwargs) -> str:
    """:meth:`Metric.format` by metric key; a key outside :data:`METRICS` writes a plain number.

    Parameters
    ----------
    key : str or None
        The metric's key.
    value : float or None
    spec : str, default=".4g"
    **kwargs
        ``missing``, passed on.

    Returns
    -------
    str
    """
    metric = METRICS.get(key) if key is not None else None
    return (metric or _PLAIN).format(value, spec, **kwargs)


def format_change(key: str | None, delta: float | None, spec: str = ".3g", **kwargs) -> str:
    """:meth:`Metric.format_change` by metric key; unknown keys write a plain number.

    Parameters
    ----------
    key : str or None
    delta : float or None
    spec : str, default=".3g"
    **kwargs
        ``signed`` and ``missing``, passed on.

    Returns
    -------
    str
    """
    metric = METRICS.get(key) if key is not None else None
    return (metric or _PLAIN).format_change(delta, spec, **kwargs)


# Formats numbers of a metric outside the catalogue (e.g. from a newer recipe) as they are.
_PLAIN = Metric("", "", "", (), "")


def metrics_for_task(task: str) -> tuple[Metric, ...]:
    """The metrics that apply to a task, in catalogue order."""
    return tuple(m for m in METRICS.values() if task in m.tasks)


@dataclass(frozen=True)
class TaskInference:
    """The task a target implies, with the evidence.

    Parameters
    ----------
    task : {"binary", "multiclass", "regression"}
    reason : str
        One sentence with the numbers behind the choice.
    ambiguous : bool
        True when another task is a reasonable reading (e.g. ratings 1–5).
    """

    task: str
    reason: str
    ambiguous: bool = False


def infer_task(target: pd.Series, info: ColumnInfo) -> TaskInference:
    """Infer the task from the target column.

    Parameters
    ----------
    target : pandas.Series
        The target, already converted to its kind.
    info : ColumnInfo
        The target's column kind.

    Returns
    -------
    TaskInference

    Raises
    ------
    ProblemError
        When the column cannot be a target (constant, identifier, dates, free text).
    """
    name = info.name
    present = target.dropna()
    n_unique = int(present.nunique())
    if n_unique < 2:
        raise ProblemError(
            f"The column {name!r} has {n_unique} distinct value(s) once missing rows are set "
            "aside.",
            "There is nothing to learn when every row has the same answer.",
            "Choose another target column.",
        )
    if info.kind is ColumnKind.IDENTIFIER:
        raise ProblemError(
            f"The column {name!r} looks like an identifier ({n_unique:,} distinct values).",
            "Identifiers name rows; they carry no pattern a model could learn to predict.",
            "Choose another target, or set the column's kind if it is not an identifier.",
        )
    if info.kind is ColumnKind.DATETIME:
        raise ProblemError(
            f"The column {name!r} holds dates.",
            "ModelPath predicts classes or numbers, not dates.",
            "Predict a number derived from the date (e.g. days until an event) instead.",
        )
    if info.kind is ColumnKind.TEXT and n_unique > MAX_CLASSES:
        raise ProblemError(
            f"The column {name!r} is free text with {n_unique:,} distinct values.",
            "Each distinct text would be its own class, with too few rows to learn from.",
            "Choose another target, or group the texts into a few categories first.",
        )
    numeric = pd.api.types.is_numeric_dtype(present.dtype) and not pd.api.types.is_bool_dtype(
        present.dtype
    )
    if n_unique == 2:
        shown = ", ".join(repr(_plain(v)) for v in sorted(present.unique(), key=str))
        return TaskInference("binary", f"{name!r} has exactly two values ({shown}).")
    if not numeric:
        if n_unique > MAX_CLASSES:
            raise ProblemError(
                f"The column {name!r} has {n_unique:,} categories.",
                f"Classification with more than {MAX_CLASSES} classes leaves too few rows per "
                "class to learn from.",
                "Group rare categories, or choose a numeric target for regression.",
            )
        return TaskInference("multiclass", f"{name!r} has {n_unique} categories.")
    values = present.to_numpy(dtype="float64")
    whole = bool(np.all(values == np.round(values)))
    if whole and n_unique <= _MAX_CLASS_LABEL_INTEGERS:
        return TaskInference(
            "multiclass",
            f"{name!r} holds whole numbers with only {n_unique} distinct values, which look like "
            "class labels. Choose regression if they are amounts or ratings to treat as numbers.",
            ambiguous=True,
        )
    return TaskInference("regression", f"{name!r} holds numbers with {n_unique:,} distinct values.")


def check_task(target: pd.Series, info: ColumnInfo, task: str) -> None:
    """Refuse a task that cannot work for this target.

    Raises
    ------
    ProblemError
        With what is wrong and what to choose instead.
    """
    name = info.name
    present = target.dropna()
    n_unique = int(present.nunique())
    numeric = pd.api.types.is_numeric_dtype(present.dtype) and not pd.api.types.is_bool_dtype(
        present.dtype
    )
    if task == "regression" and not numeric:
        raise ProblemError(
            f"Regression needs a numeric target, but {name!r} holds {info.kind.value} values.",
            "Regression predicts amounts; categories have no order or distance.",
            "Choose binary or multiclass classification, or set the column's kind to numeric "
            "if it really holds numbers.",
        )
    if task == "binary" and n_unique != 2:
        raise ProblemError(
            f"Binary classification needs exactly two classes, but {name!r} has {n_unique:,}.",
            "Binary metrics such as precision and ROC-AUC compare one class against one other.",
            "Choose multiclass classification, or merge the values into two groups first.",
        )
    if task == "multiclass":
        if n_unique > MAX_CLASSES:
            raise ProblemError(
                f"{name!r} has {n_unique:,} distinct values: too many to treat as classes.",
                f"With more than {MAX_CLASSES} classes most have too few rows to learn from.",
                "Choose regression for a numeric target, or group the values first.",
            )
        if n_unique == 2:
            raise ProblemError(
                f"{name!r} has exactly two values, which makes a binary task.",
                "Binary tasks get the right metrics (precision, recall, ROC-AUC on a positive "
                "class).",
                "Choose binary classification.",
            )


@dataclass(frozen=True)
class ClassBalance:
    """Class counts of a classification target.

    Parameters
    ----------
    counts : pandas.Series
        Rows per class, largest first.
    minority_share : float
        Share of the smallest class.
    majority_share : float
        Share of the largest class: the accuracy of always guessing it.
    """

    counts: pd.Series
    minority_share: float
    majority_share: float

    @property
    def classes(self) -> list[object]:
        """The classes, largest first, as plain Python values (recipe-ready)."""
        return [_plain(label) for label in self.counts.index]

    @property
    def majority_class(self) -> object:
        """The most frequent class."""
        return _plain(self.counts.index[0])

    @property
    def minority_class(self) -> object:
        """The least frequent class."""
        return _plain(self.counts.index[-1])


def class_balance(target: pd.Series) -> ClassBalance:
    """Count rows per class (missing target rows set aside)."""
    counts = target.dropna().value_counts()
    total = int(counts.sum())
    if total == 0:
        raise ProblemError(
            "The target has no values.",
            "Every row's target is missing.",
            "Choose another target column.",
        )
    return ClassBalance(counts, float(counts.iloc[-1] / total), float(counts.iloc[0] / total))


@dataclass(frozen=True)
class MetricAdvice:
    """The recommended primary metric and why.

    Parameters
    ----------
    metric : str
        A key of :data:`METRICS`.
    reason : str
        The data's numbers behind the recommendation.
    alternatives : tuple of str
        Other sensible choices.
    """

    metric: str
    reason: str
    alternatives: tuple[str, ...] = ()


def recommend_metric(
    target: pd.Series, task: str, *, positive_class: object | None = None
) -> MetricAdvice:
    """Recommend a primary metric from the target's distribution.

    Parameters
    ----------
    target : pandas.Series
        The target column (converted to its kind).
    task : {"binary", "multiclass", "regression"}
    positive_class : optional
        For binary tasks; defaults to :func:`default_positive_class`.

    Returns
    -------
    MetricAdvice
    """
    if task == "regression":
        values = pd.to_numeric(target, errors="coerce").dropna().to_numpy(dtype="float64")
        skew = float(pd.Series(values).skew()) if len(values) > 2 else 0.0
        q1, q3 = np.percentile(values, [25, 75]) if len(values) else (0.0, 0.0)
        fence = 3 * (q3 - q1)
        far = float(np.mean((values < q1 - fence) | (values > q3 + fence))) if len(values) else 0
        near_zero = bool(np.any(np.abs(values) < 1e-9))
        if abs(skew) > 2 or far > 0.01:
            return MetricAdvice(
                "mae",
                f"The target is skewed (skewness {skew:.1f}) with {far:.1%} of rows far from the "
                "rest; a few extreme rows would dominate RMSE, while MAE reads as the typical "
                "error.",
                ("rmse", "r2", "median_ae"),
            )
        alternatives = ("mae", "r2") if near_zero else ("mae", "r2", "mape")
        return MetricAdvice(
            "rmse",
            "The target has no extreme outliers (skewness "
            f"{skew:.1f}); RMSE reads in the target's own units and penalises large errors."
            + (" MAPE is left out because some targets are zero." if near_zero else ""),
            alternatives,
        )
    balance = class_balance(target)
    if task == "binary":
        positive = default_positive_class(target)[0] if positive_class is None else positive_class
        rare, rare_share = balance.minority_class, balance.minority_share
        shares = f"{rare_share:.0%} of rows are {rare!r}"
        always = f"always predicting the majority class already scores {balance.majority_share:.0%}"
        if rare_share < 0.35 and positive != rare:
            return MetricAdvice(
                "balanced_accuracy",
                f"The classes are imbalanced ({shares}; {always}) and the positive class "
                f"{_plain(positive)!r} is the common one. Balanced accuracy weighs both classes "
                f"equally; make {rare!r} the positive class to focus on finding the rare one.",
                ("mcc", "roc_auc", "f1"),
            )
        if rare_share < 0.10:
            return MetricAdvice(
                "average_precision",
                f"Only {shares}: accuracy would mislead, since {always}. PR-AUC measures how "
                "well the rare class is found.",
                ("f1", "balanced_accuracy", "recall"),
            )
        if rare_share < 0.35:
            return MetricAdvice(
                "f1",
                f"The classes are imbalanced ({shares}; {always}). F1 balances precision and "
                "recall on the positive class.",
                ("balanced_accuracy", "average_precision", "roc_auc"),
            )
        return MetricAdvice(
            "accuracy",
            f"The classes are fairly balanced ({shares}), so accuracy is fair and easy to read.",
            ("roc_auc", "f1", "balanced_accuracy"),
        )
    smallest, largest = balance.counts.iloc[-1], balance.counts.iloc[0]
    if smallest / largest < 0.5:
        return MetricAdvice(
            "balanced_accuracy",
            f"The classes are uneven: {_plain(balance.counts.index[-1])!r} has {smallest:,} rows "
            f"and {_plain(balance.counts.index[0])!r} has {largest:,}. Balanced accuracy gives "
            "each class the same weight.",
            ("f1_macro", "accuracy", "mcc"),
        )
    return MetricAdvice(
        "accuracy",
        f"The {len(balance.counts)} classes are of similar size ({smallest:,}–{largest:,} rows), "
        "so accuracy is fair and easy to read.",
        ("balanced_accuracy", "f1_macro", "log_loss"),
    )


_POSITIVE_WORDS = ("yes", "true", "1", "positive", "pos", "y", "t", "churn", "churned", "fraud")


def default_positive_class(target: pd.Series) -> tuple[object, str]:
    """Choose the positive class of a binary target, with the reason.

    A class named like "yes"/"true"/1 wins; otherwise the rarer class, because the rarer
    outcome is usually the one worth finding.
    """
    balance = class_balance(target)
    for value in balance.counts.index:
        if str(_plain(value)).strip().lower() in _POSITIVE_WORDS:
            return _plain(value), f"{_plain(value)!r} reads as the 'yes' outcome."
    return (
        balance.minority_class,
        f"{balance.minority_class!r} is the rarer class ({balance.minority_share:.0%} of rows), "
        "usually the outcome worth finding.",
    )


def _plain(value: object) -> object:
    """numpy scalar → Python scalar, so it serialises into a recipe."""
    return value.item() if isinstance(value, np.generic) else value


def baseline_score(
    target: pd.Series, task: str, metric: str, *, positive_class: object | None = None
) -> tuple[float, str]:
    """The score of a model that ignores every feature, on all rows with a target.

    Classification predicts the most frequent class with the class shares as probabilities;
    regression predicts the mean. Any real model must beat this to be worth anything.

    Parameters
    ----------
    target : pandas.Series
    task : {"binary", "multiclass", "regression"}
    metric : str
        A key of :data:`METRICS` valid for ``task``.
    positive_class : optional
        For binary metrics; defaults to :func:`default_positive_class`.

    Returns
    -------
    score : float
    description : str
        What the baseline does, e.g. "always predicting 'no'".
    """
    from sklearn import metrics as m  # imported here: only this function needs it

    y = target.dropna()
    if task == "regression":
        truth = y.to_numpy(dtype="float64")
        guess = np.full(len(truth), truth.mean())
        description = f"always predicting the mean ({truth.mean():.4g})"
        scores = {
            "rmse": lambda: m.root_mean_squared_error(truth, guess),
            "mae": lambda: m.mean_absolute_error(truth, guess),
            "r2": lambda: m.r2_score(truth, guess),
            "mape": lambda: m.mean_absolute_percentage_error(truth, guess),
            "median_ae": lambda: m.median_absolute_error(truth, guess),
        }
        return float(scores[metric]()), description
    balance = class_balance(y)
    truth = y.astype("str").to_numpy()
    classes = [str(c) for c in balance.counts.index]
    majority = classes[0]
    guess = np.full(len(truth), majority)
    shares = (balance.counts / balance.counts.sum()).to_numpy()
    description = f"always predicting the most common class {_plain(balance.counts.index[0])!r}"
    if task == "binary":
        positive = default_positive_class(y)[0] if positive_class is None else positive_class
        # Match by value, not by text: a positive class 2 must find the label 2.0.
        matches = [label for label in balance.counts.index if label == positive]
        pos = str(matches[0]) if matches else str(positive)
        binary_truth = truth == pos
        pos_share = float(binary_truth.mean())
        scores = {
            "f1": lambda: m.f1_score(truth, guess, pos_label=pos, zero_division=0),
            "precision": lambda: m.precision_score(truth, guess, pos_label=pos, zero_division=0),
            "recall": lambda: m.recall_score(truth, guess, pos_label=pos, zero_division=0),
            "roc_auc": lambda: 0.5,
            "average_precision": lambda: pos_share,
        }
    else:
        scores = {
            "f1_macro": lambda: m.f1_score(truth, guess, average="macro", zero_division=0),
            "f1_weighted": lambda: m.f1_score(truth, guess, average="weighted", zero_division=0),
            "roc_auc_ovr": lambda: 0.5,
        }
    scores |= {
        "accuracy": lambda: m.accuracy_score(truth, guess),
        "balanced_accuracy": lambda: m.balanced_accuracy_score(truth, guess),
        "mcc": lambda: m.matthews_corrcoef(truth, guess),
        "log_loss": lambda: m.log_loss(truth, np.tile(shares, (len(truth), 1)), labels=classes),
    }
    return float(scores[metric]()), description
