"""Advice on the Problem page: the score a model that learned nothing already gets, the metric
that suits an imbalanced target, and what a regression target's skew or zeros mean for the
metric.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from core.learn.advice._common import (
    IMBALANCED_SHARE,
    SKEWED_TARGET,
    Action,
    Advice,
    _fmt,
    _Inputs,
    _metric_fits,
    _pct,
    _q,
    _rows,
)
from core.recipe import CLASSIFICATION_TASKS
from core.understand import METRICS, baseline_score, class_balance, recommend_metric

# The rules are private: pages reach them through advise(), which picks them per step.
__all__: list[str] = []


def _class_baseline(inputs: _Inputs) -> list[Advice]:
    """The majority share is what a model that learned nothing already scores."""
    y, task = inputs.y, inputs.task
    if y is None or task not in CLASSIFICATION_TASKS:
        return []
    balance = class_balance(y)
    majority, minority = balance.majority_class, balance.minority_class
    numbers = {"majority_share": balance.majority_share, "minority_share": balance.minority_share}
    if task == "binary":
        shares = (
            f"{_q(inputs.target)} is {_q(majority)} in {_pct(balance.majority_share)} of rows "
            f"and {_q(minority)} in {_pct(balance.minority_share)}"
        )
    else:
        shares = (
            f"{_q(inputs.target)} has {len(balance.counts)} classes, the largest "
            f"{_q(majority)} with {_pct(balance.majority_share)} of rows and the smallest "
            f"{_q(minority)} with {_pct(balance.minority_share)}"
        )
    text = (
        f"{shares}: always guessing {_q(majority)} already gives "
        f"{_pct(balance.majority_share)} accuracy"
    )
    metric = inputs.metric
    if metric != "accuracy" and _metric_fits(metric, task):
        score, _ = baseline_score(y, task, metric, positive_class=inputs.positive_class)
        if math.isfinite(score):
            numbers["baseline"] = score
            text += f", and {inputs.score_text(score)} {METRICS[metric].label}"
    elif metric == "accuracy":
        numbers["baseline"] = balance.majority_share
    text += ". A model is only worth something above that."
    return [inputs.advice("class_baseline", text, numbers, "tip")]


def _metric_for_imbalance(inputs: _Inputs) -> list[Advice]:
    """Accuracy on imbalanced classes rewards a model that never finds the rare class."""
    y, task, recipe = inputs.y, inputs.task, inputs.recipe
    if y is None or task not in CLASSIFICATION_TASKS or recipe is None:
        return []
    chosen = recipe.problem.metric
    if chosen != "accuracy":
        return []
    balance = class_balance(y)
    if task == "binary":
        imbalanced = balance.minority_share < IMBALANCED_SHARE
    else:
        imbalanced = balance.counts.iloc[-1] / balance.counts.iloc[0] < 0.5
    if not imbalanced:
        return []
    better = recommend_metric(y, task, positive_class=recipe.problem.positive_class).metric
    if better == "accuracy":
        return []
    label = METRICS[better].label
    return [
        inputs.advice(
            "metric_for_imbalance",
            f"{_q(balance.minority_class)} is only {_pct(balance.minority_share)} of rows, so "
            f"accuracy flatters: a model that never predicts it still scores "
            f"{_pct(balance.majority_share)}. {label} counts the rare class fairly.",
            {"minority_share": balance.minority_share, "majority_share": balance.majority_share},
            "warning",
            Action("set_metric", f"Use {label}", {"metric": better}),
        )
    ]


def _regression_target(inputs: _Inputs) -> list[Advice]:
    """A skewed target makes RMSE a story about a few rows; MAPE breaks on zeros."""
    y, task = inputs.y, inputs.task
    if y is None or task != "regression":
        return []
    values = pd.to_numeric(y, errors="coerce").dropna().to_numpy(dtype="float64")
    values = values[np.isfinite(values)]
    if len(values) < 3:
        return []
    out = []
    metric = inputs.metric
    zeros = int(np.sum(np.abs(values) < 1e-9))
    if metric == "mape" and zeros:
        out.append(
            inputs.advice(
                "mape_with_zeros",
                f"{_q(inputs.target)} is zero in {_rows(zeros)}, where MAPE divides by zero and "
                "explodes. MAE reads as the typical error in the target's own units.",
                {"zero_rows": zeros},
                "warning",
                Action("set_metric", "Use MAE", {"metric": "mae"}),
            )
        )
    skew = float(pd.Series(values).skew())
    if math.isfinite(skew) and abs(skew) > SKEWED_TARGET and metric in ("rmse", "r2"):
        largest = float(np.max(values)) if skew > 0 else float(np.min(values))
        out.append(
            inputs.advice(
                "skewed_target",
                f"{_q(inputs.target)} is skewed (skewness {skew:.1f}; median "
                f"{_fmt(float(np.median(values)))}, extreme {_fmt(largest)}): a few extreme "
                f"rows dominate {METRICS[metric].label}. MAE reads as the typical error.",
                {"skewness": skew, "median": float(np.median(values)), "extreme": largest},
                "tip",
                Action("set_metric", "Use MAE", {"metric": "mae"}),
            )
        )
    # With zeros in the target, MAPE's baseline is astronomically large and says nothing.
    if _metric_fits(metric, "regression") and not (metric == "mape" and zeros):
        score, _ = baseline_score(pd.Series(values), "regression", metric)
        mean = float(np.mean(values))
        if math.isfinite(score):
            out.append(
                inputs.advice(
                    "regression_baseline",
                    f"Always predicting the mean of {_q(inputs.target)} ({_fmt(mean)}) already "
                    f"scores {METRICS[metric].label} {inputs.score_text(score)}. A model is only "
                    "worth something beyond that.",
                    {"mean": mean, "baseline": score},
                    "tip",
                )
            )
    return out
