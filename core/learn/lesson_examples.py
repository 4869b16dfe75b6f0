"""The lessons of the Clean and Features steps, told with the person's own columns and numbers.

Each function returns a few short sentences (plain text — the UI shows them as text, never as
markdown) that point at one real column of the person's data: the one with the most missing
values, the most extreme outliers, the widest range, the most levels. Numbers come from the
training rows only, which is itself the lesson.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.prepare import DateFeatures, TrainingData
from core.recipe import CLASSIFICATION_TASKS, Recipe

__all__ = ["clean_examples", "features_examples", "lesson_examples"]


def lesson_examples(key: str, data: TrainingData, recipe: Recipe) -> list[str]:
    """Sentences for the lesson ``key`` (``"clean"`` or ``"features"``); empty for others."""
    if key == "clean":
        return clean_examples(data, recipe)
    if key == "features":
        return features_examples(data, recipe)
    return []


def _fmt(value: float) -> str:
    # 19,690 and 0.2913, never 1.969e+04.
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def clean_examples(data: TrainingData, recipe: Recipe) -> list[str]:
    """Cleaning explained on the person's own columns.

    Parameters
    ----------
    data : TrainingData
        The split data (statistics come from its training rows).
    recipe : Recipe
        The current choices, so the sentences describe what will actually happen.

    Returns
    -------
    list of str
    """
    X, clean = data.X_train, data.clean
    out = []
    n_train, n_test = len(X), len(data.X_test)
    out.append(
        f"Your {clean.rows_out:,} usable rows are split into {n_train:,} training and "
        f"{n_test:,} test rows. Everything that learns below uses the {n_train:,} training "
        "rows only."
    )
    if clean.missing_target_rows:
        out.append(
            f"{clean.missing_target_rows:,} row(s) have no value for {clean.target!r}; they are "
            "dropped before the split, because a row without an answer can neither teach nor "
            "test."
        )
    missing = X.isna().sum()
    numeric = [c for c in data.columns.numeric if missing[c]]
    if numeric:
        column = max(numeric, key=lambda c: missing[c])
        strategy = recipe.cleaning.imputation_overrides.get(
            column, recipe.cleaning.numeric_imputation
        )
        sentence = (
            f"{column!r} is missing in {int(missing[column]):,} of {n_train:,} training rows. "
        )
        statistic = {"mean": "mean", "median": "median", "most_frequent": "mode"}.get(strategy)
        if statistic is not None:
            learned = _statistic(X[column], strategy)
            everywhere = _statistic(clean.frame[column], strategy)
            sentence += f"Its training {statistic} is {_fmt(learned)}"
            if not np.isclose(learned, everywhere):
                sentence += (
                    f" (the {statistic} of all rows, test included, would be {_fmt(everywhere)})"
                )
            sentence += (
                ". The pipeline learns that fill value from training rows and fills the test "
                "rows with the same value — as it would for tomorrow's data."
            )
        elif strategy == "constant":
            sentence += (
                f"They are filled with the constant {_fmt(recipe.cleaning.numeric_fill_value)}, "
                "which learns nothing; add 'was missing' indicators so the model can tell a "
                "filled cell from a real one."
            )
        elif strategy in ("knn", "iterative"):
            how = (
                f"from the {recipe.cleaning.knn_neighbors} most similar training rows"
                if strategy == "knn"
                else "by a model of the other columns"
            )
            sentence += (
                f"Each gap is estimated {how}; that model is fitted on training rows only, so "
                "a test row's own values never shape how others are filled."
            )
        else:
            sentence += (
                "With 'none' the gaps stay, for an algorithm that handles missing values itself."
            )
        out.append(sentence)
    skewed = _most_outlying(X, data.columns.numeric, recipe.cleaning.iqr_factor)
    if skewed is not None:
        column, count, high = skewed
        out.append(
            f"{column!r} has {count:,} training value(s) above its upper fence "
            f"(Q3 + {recipe.cleaning.iqr_factor:g} × IQR = {_fmt(high)}). Clipping learns that "
            "fence from training rows; dropping outlier rows removes them from training only — "
            "a model must still predict every test row."
        )
    for change in clean.changes[:2]:
        out.append(
            f"{change.column!r}: {change.cells:,} cell(s) {change.operation} before the split, "
            f"{change.categories_before} → {change.categories_after} distinct values. This learns "
            "nothing from other rows, so it is safe to do on the whole table."
        )
    if clean.duplicates_found:
        state = "dropped" if clean.duplicate_rows else "kept (de-duplication is off)"
        out.append(
            f"{clean.duplicates_found:,} row(s) exactly repeat an earlier row and are {state}. "
            "A duplicate that lands in both training and test rows lets the model be tested on "
            "a row it memorised."
        )
    return out


def _statistic(values: pd.Series, strategy: str) -> float:
    if strategy == "mean":
        return float(values.mean())
    if strategy == "median":
        return float(values.median())
    return float(values.mode().iloc[0])


def _most_outlying(X: pd.DataFrame, columns, factor: float) -> tuple[str, int, float] | None:
    best = None
    for column in columns:
        values = X[column].dropna()
        if len(values) < 10:
            continue
        q1, q3 = values.quantile([0.25, 0.75])
        high = q3 + factor * (q3 - q1)
        count = int((values > high).sum())
        if count and (best is None or count > best[1]):
            best = (column, count, float(high))
    return best


def features_examples(data: TrainingData, recipe: Recipe) -> list[str]:
    """Feature engineering explained on the person's own columns.

    Parameters
    ----------
    data : TrainingData
        The split data (statistics come from its training rows).
    recipe : Recipe
        The current choices.

    Returns
    -------
    list of str
    """
    X, cols, features = data.X_train, data.columns, recipe.features
    out = []
    spans = {c: float(X[c].max() - X[c].min()) for c in cols.numeric if X[c].notna().any()}
    spans = {c: s for c, s in spans.items() if np.isfinite(s) and s > 0}
    if len(spans) >= 2:
        wide, narrow = max(spans, key=spans.get), min(spans, key=spans.get)
        out.append(
            f"{wide!r} spans {_fmt(spans[wide])} while {narrow!r} spans {_fmt(spans[narrow])}. "
            f"Unscaled, distances (k-nearest neighbours, SVMs) are dominated by {wide!r} and "
            "penalties (ridge, lasso) weigh the two unevenly; scaling puts them on one "
            "footing, using the mean and spread of training rows only. Trees split one column "
            "at a time and do not need it."
        )
    if cols.categorical:
        levels = {c: int(X[c].nunique()) for c in cols.categorical}
        column = max(levels, key=levels.get)
        cap = features.max_onehot_levels
        made = min(levels[column], cap)
        out.append(
            f"{column!r} has {levels[column]:,} categories in the training rows. One-hot "
            f"encoding makes about {made} columns from it (capped at {cap}; rarer ones share "
            "an 'infrequent' column); target encoding makes one column holding each "
            "category's average target, cross-fitted so a row never sees its own answer."
        )
        if levels[column] > 0.5 * len(X):
            out.append(
                f"{column!r} has a different value in most rows ({levels[column]:,} of "
                f"{len(X):,}), like a name or an ID: what the model learns from it will not "
                "carry over to new rows. Consider leaving it out on the Problem page."
            )
    if cols.datetime and features.date_parts:
        column = cols.datetime[0]
        earliest = pd.to_datetime(X[column]).min()
        # The pipeline's own step, so the sentence names the parts the model really gets.
        step = DateFeatures(parts=features.date_parts, drop_constant=True).fit(X[[column]])
        prefix = f"{column}_"
        kept = [str(name).removeprefix(prefix) for name in step.get_feature_names_out()]
        out.append(
            f"{column!r} becomes {', '.join(kept)}"
            + (
                f"; 'days since' counts from {earliest.date()}, the earliest training date."
                if "days_since" in kept and pd.notna(earliest)
                else "."
            )
        )
        if len(step.dropped_features_):
            left_out = [
                f"{str(name).removeprefix(prefix)} (always {value:g})"
                for name, value in zip(step.dropped_features_, step.dropped_values_, strict=True)
                if np.isfinite(value)
            ]
            if left_out:
                out.append(
                    f"Left out of {column!r}, as every training row has the same one: "
                    + ", ".join(left_out)
                    + "."
                )
        if features.date_durations and len(cols.datetime) >= 2:
            first, second = cols.datetime[:2]
            out.append(
                f"With {len(cols.datetime)} date columns, the days from one to another are "
                f"added too, e.g. from {first!r} to {second!r}: often more telling than "
                "either date alone."
            )
    skews = {c: float(X[c].skew()) for c in cols.numeric if X[c].notna().sum() > 2}
    skews = {c: s for c, s in skews.items() if np.isfinite(s)}
    if skews:
        column = max(skews, key=lambda c: abs(skews[c]))
        if abs(skews[column]) > 1:
            out.append(
                f"{column!r} is skewed (skewness {skews[column]:.1f}); a log or Yeo-Johnson "
                "transform pulls in its long tail so that linear models are not dominated by a "
                "few huge values."
            )
    if data.task in CLASSIFICATION_TASKS:
        shares = data.y_train.value_counts(normalize=True)
        if shares.min() < 0.3:
            out.append(
                f"{shares.idxmin()!r} is {shares.min():.0%} of training rows. Resampling "
                "(over/under-sampling or SMOTE) happens inside each training fold only, so "
                "validation and test rows keep the real class balance the model will meet."
            )
    if cols.text:
        out.append(
            f"{cols.text[0]!r} is free text; TF-IDF turns it into one column per frequent word "
            f"(at most {features.text_max_features}), with the vocabulary learned from "
            "training rows."
        )
    return out
