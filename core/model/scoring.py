"""The primary metric as a scikit-learn scorer.

:func:`scoring_for` turns the recipe's metric (the recommended one when none is chosen) into a
:class:`Scoring`: a scorer for which larger is always better, with the binary metrics' positive
class matched to the label as the data spells it, and a way back to the metric's own units.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from sklearn.metrics import (
    average_precision_score,
    f1_score,
    get_scorer,
    make_scorer,
    precision_score,
    recall_score,
)

from core.recipe import Recipe
from core.understand import METRICS, Metric, default_positive_class, recommend_metric

__all__ = ["Scoring", "scoring_for"]


@dataclass(frozen=True)
class Scoring:
    """The primary metric as a scikit-learn scorer.

    Parameters
    ----------
    metric : Metric
        The metric (label, meaning, direction).
    scorer : callable
        ``scorer(estimator, X, y) -> float``; larger is always better (errors are negated).
    positive_class : object or None
        The positive label for binary metrics.
    """

    metric: Metric
    scorer: Callable[..., float] = field(repr=False)
    positive_class: object | None = None

    def natural(self, raw: float) -> float:
        """A scorer value in the metric's own units (RMSE 3.1, not -3.1)."""
        return float(raw) if self.metric.greater_is_better else -float(raw)


def scoring_for(recipe: Recipe, y: pd.Series) -> Scoring:
    """The recipe's primary metric (the recommended one when none is chosen) as a scorer.

    Parameters
    ----------
    recipe : Recipe
        ``problem.task``, ``problem.metric`` and ``problem.positive_class``.
    y : pandas.Series
        The training target (to find the positive label as the data spells it).

    Returns
    -------
    Scoring
    """
    task = recipe.problem.task
    key = recipe.problem.metric
    if key is None or key not in METRICS or task not in METRICS[key].tasks:
        key = recommend_metric(y, task, positive_class=recipe.problem.positive_class).metric
    metric = METRICS[key]
    positive = None
    if task == "binary":
        wanted = recipe.problem.positive_class
        if wanted is None:
            wanted = default_positive_class(y)[0]
        # Match by value, not by text: a positive class 1 must find the label 1.0.
        matches = [label for label in pd.unique(y.dropna()) if label == wanted]
        positive = matches[0] if matches else wanted
    binary = {
        "f1": make_scorer(f1_score, pos_label=positive, zero_division=0),
        "precision": make_scorer(precision_score, pos_label=positive, zero_division=0),
        "recall": make_scorer(recall_score, pos_label=positive, zero_division=0),
        "average_precision": make_scorer(
            average_precision_score,
            response_method=("decision_function", "predict_proba"),
            pos_label=positive,
        ),
    }
    scorer = binary[key] if key in binary else get_scorer(metric.scorer)
    return Scoring(metric, scorer, positive)
