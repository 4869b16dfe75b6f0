"""Advice on the Algorithm page: with few rows, simple models overfit least, and a reminder to
compare with the baseline (whether a trained model beats it is the evaluation's rule).
"""

from __future__ import annotations

from core.learn.advice._common import (
    FEW_TRAIN_ROWS,
    FLEXIBLE_FAMILIES,
    ROWS_PER_FEATURE,
    Advice,
    _finite,
    _Inputs,
    _metric_fits,
    _rows,
)
from core.understand import baseline_score

# The rules are private: pages reach them through advise(), which picks them per step.
__all__: list[str] = []


def _few_rows_for_model(inputs: _Inputs) -> list[Advice]:
    """With few rows, simple models overfit least."""
    data = inputs.data
    if data is None:
        return []
    n_train = len(data.X_train)
    n_features = len(data.columns.used)
    spec = inputs.algorithm
    flexible = spec is not None and spec.family in FLEXIBLE_FAMILIES
    numbers = {"train_rows": n_train, "features": n_features}
    if n_features and n_train / n_features < ROWS_PER_FEATURE:
        return [
            inputs.advice(
                "rows_per_feature",
                f"{_rows(n_train, 'training row')} for {n_features} columns: too few per "
                "column for a flexible model. Start with a regularised linear model, and leave "
                "out columns you do not need.",
                numbers,
                "warning",
            )
        ]
    if n_train >= FEW_TRAIN_ROWS:
        return []
    if flexible:
        return [
            inputs.advice(
                "few_rows_flexible",
                f"Only {_rows(n_train, 'training row')}: {spec.label} can memorise that many. "
                "Compare it with a simple regularised linear model, which often wins on small "
                "tables.",
                numbers,
                "warning",
            )
        ]
    if spec is not None and spec.family == "linear":
        return [
            inputs.advice(
                "few_rows_simple",
                f"{_rows(n_train, 'training row')}: a small table, where a simple model like "
                f"{spec.label} is the right start.",
                numbers,
                "good",
            )
        ]
    return [
        inputs.advice(
            "few_rows",
            f"Only {_rows(n_train, 'training row')}: simple, regularised models (logistic "
            "regression, ridge) overfit least; flexible ones need more rows to beat them.",
            numbers,
            "tip",
        )
    ]


def _baseline_reminder(inputs: _Inputs) -> list[Advice]:
    """Every score needs its yardstick."""
    label = inputs.metric_label()
    score = inputs.score_text  # scores as people read the metric (MAPE in %)
    if inputs.trained is not None and inputs.trained.baseline_cv is not None:
        base = inputs.trained.baseline_cv.mean
        where = "on the same folds"
    elif inputs.data is not None and _metric_fits(inputs.metric, inputs.data.task):
        base, _ = baseline_score(
            inputs.data.y_train,
            inputs.data.task,
            inputs.metric,
            positive_class=inputs.positive_class,
        )
        where = "on the training rows"
    else:
        return []
    if not _finite(base):
        return []
    return [
        inputs.advice(
            "baseline",
            f"A model that ignores every feature scores {label} {score(base)} {where}. Judge "
            "each algorithm by how far it gets beyond that, not by its score alone.",
            {"baseline": base},
            "tip",
        )
    ]
