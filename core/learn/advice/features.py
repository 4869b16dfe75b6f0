"""Advice on the Features page: categorical columns with many levels, numeric spans a
distance-based model needs scaled, an imbalanced target's treatment and skewed features.
"""

from __future__ import annotations

import math

import pandas as pd

from core.learn.advice._common import (
    RESAMPLE_SHARE,
    SCALE_RATIO,
    SCALE_SENSITIVE_FAMILIES,
    SKEWED_FEATURE,
    Action,
    Advice,
    _fmt,
    _Inputs,
    _pct,
    _q,
)
from core.prepare import TrainingData, resolve_scaling

# The rules are private: pages reach them through advise(), which picks them per step.
__all__: list[str] = []


def _many_categories(inputs: _Inputs) -> list[Advice]:
    """Many levels: one-hot lumps most of them; ID-like ones cannot carry over."""
    data, recipe = inputs.data, inputs.recipe
    if data is None:
        return []
    X = data.X_train
    n_train = len(X)
    cap = recipe.features.max_onehot_levels if recipe is not None else 20
    encoding = recipe.features.encoding if recipe is not None else "onehot"
    levels = {c: int(X[c].nunique()) for c in data.columns.categorical}
    many = sorted(((n, c) for c, n in levels.items() if n > cap), reverse=True)
    out = []
    for count, column in many[:2]:
        rare = int((X[column].value_counts() < 5).sum())
        numbers = {"levels": count, "rare_levels": rare, "rows": n_train}
        if n_train and count > 0.5 * n_train:
            out.append(
                inputs.advice(
                    f"id_like:{column}",
                    f"{_q(column)} has {count:,} different values in {n_train:,} training rows, "
                    "like a name or an ID: what a model learns from it will not carry over to "
                    "new rows.",
                    numbers,
                    "warning",
                    Action("exclude_column", f"Exclude {_q(column)}", {"column": column}),
                )
            )
        elif encoding != "target":
            out.append(
                inputs.advice(
                    f"many_categories:{column}",
                    f"{_q(column)} has {count:,} categories in the training rows, {rare:,} of them "
                    f"seen fewer than 5 times. One-hot encoding keeps the {cap} commonest and "
                    "lumps the rest; grouping rare ones into 'other' or target encoding keeps "
                    "what they say in fewer columns.",
                    numbers,
                    "tip",
                )
            )
    return out


def _numeric_spans(data: TrainingData) -> dict[str, float]:
    X = data.X_train
    spans = {}
    for column in data.columns.numeric:
        values = pd.to_numeric(X[column], errors="coerce").dropna()
        if len(values):
            span = float(values.max() - values.min())
            if math.isfinite(span) and span > 0:
                spans[column] = span
    return spans


def _scaling(inputs: _Inputs) -> list[Advice]:
    """Distance, kernel and penalty models compare magnitudes; unscaled, the widest column wins."""
    data, recipe, spec = inputs.data, inputs.recipe, inputs.algorithm
    if data is None or recipe is None or spec is None or spec.key == "baseline":
        return []
    spans = _numeric_spans(data)
    if len(spans) < 2:
        return []
    wide, narrow = max(spans, key=spans.get), min(spans, key=spans.get)
    ratio = spans[wide] / spans[narrow]
    scaler = resolve_scaling(recipe.features, needs_scaling=spec.card.needs_scaling)
    numbers = {"wide_span": spans[wide], "narrow_span": spans[narrow], "ratio": ratio}
    if spec.card.needs_scaling and scaler == "none" and ratio >= SCALE_RATIO:
        return [
            inputs.advice(
                "scaling_off",
                f"{_q(wide)} spans {_fmt(spans[wide])} while {_q(narrow)} spans "
                f"{_fmt(spans[narrow])}, and scaling is off: {spec.label} compares magnitudes, "
                f"so {_q(wide)} drowns the others. Set scaling to automatic or standard.",
                numbers,
                "warning",
            )
        ]
    if spec.card.needs_scaling and scaler != "none" and ratio >= SCALE_RATIO:
        return [
            inputs.advice(
                "scaling_on",
                f"{_q(wide)} spans {_fmt(spans[wide])} and {_q(narrow)} {_fmt(spans[narrow])}; "
                f"scaling ({scaler}) puts them on one footing for {spec.label}, learned from "
                "training rows only.",
                numbers,
                "good",
            )
        ]
    return []


def _imbalance_treatment(inputs: _Inputs) -> list[Advice]:
    """A rare class gets ignored by a model trained to be right on most rows."""
    data, recipe = inputs.data, inputs.recipe
    if data is None or recipe is None or data.task != "binary" or not len(data.y_train):
        return []
    if recipe.features.imbalance != "none":
        return []
    shares = data.y_train.value_counts(normalize=True)
    if len(shares) < 2 or shares.min() >= RESAMPLE_SHARE:
        return []
    spec = inputs.algorithm
    weights = spec is None or spec.accepts_class_weight(data.task)
    treatment = "class_weight" if weights else "oversample"
    how = "class weights" if weights else "oversampling"
    effect = "Class weights make" if weights else "Oversampling makes"
    rare = shares.idxmin()
    return [
        inputs.advice(
            "imbalance_treatment",
            f"{_q(rare)} is {_pct(float(shares.min()))} of training rows, so a model is right "
            f"most of the time by ignoring it. {effect} each {_q(rare)} row count more, inside "
            "training folds only.",
            {"minority_share": float(shares.min())},
            "tip",
            Action("set_imbalance", f"Use {how}", {"imbalance": treatment}),
        )
    ]


def _skewed_features(inputs: _Inputs) -> list[Advice]:
    """A long tail pulls linear and distance models; a log or Yeo-Johnson pulls it in."""
    data, recipe, spec = inputs.data, inputs.recipe, inputs.algorithm
    if data is None or recipe is None or spec is None:
        return []
    if spec.family not in SCALE_SENSITIVE_FAMILIES:
        return []
    features = recipe.features
    handled = set(features.log_columns + features.power_columns + features.bin_columns)
    skews = {}
    for column in data.columns.numeric:
        if column in handled:
            continue
        values = pd.to_numeric(data.X_train[column], errors="coerce").dropna()
        if len(values) > 2:
            skew = float(values.skew())
            if math.isfinite(skew):
                skews[column] = skew
    if not skews:
        return []
    column = max(skews, key=lambda c: abs(skews[c]))
    if abs(skews[column]) <= SKEWED_FEATURE:
        return []
    return [
        inputs.advice(
            f"skewed:{column}",
            f"{_q(column)} is skewed (skewness {skews[column]:.1f}): the few values in its "
            f"long tail dominate {spec.label}. A log or Yeo-Johnson transform pulls the tail "
            "in.",
            {"skewness": skews[column]},
            "tip",
        )
    ]
