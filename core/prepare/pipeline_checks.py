"""Checks on a recipe's cleaning and feature choices against the data, before anything is fitted.

A bad combination — target encoding where every category has one row, PCA without numeric
columns, polynomial terms that explode into thousands of columns, resampling a regression
target — is caught here with a message that says what, why and what to do, instead of
surfacing as a scikit-learn traceback half-way through cross-validation. Checks only *look* at
the training rows (counts, shares); nothing here is learned into the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb

import numpy as np

from core.errors import ModelPathError
from core.prepare.pipeline import (
    MAX_DATE_PAIRS,
    TRANSFORM_BRANCHES,
    boolean_strategy,
    categorical_strategy,
    numeric_strategy,
)
from core.prepare.training_rows import TrainingData
from core.prepare.transformers import DateFeatures
from core.recipe import CATEGORICAL_IMPUTATIONS, CLASSIFICATION_TASKS, Recipe

__all__ = [
    "MAX_MATRIX_MB",
    "MAX_POLY_FEATURES",
    "PipelineError",
    "PipelineNote",
    "check_pipeline",
    "estimated_width",
    "poly_output_count",
    "raise_for_errors",
]

MAX_POLY_FEATURES = 300
MAX_MATRIX_MB = 400
SLOW_IMPUTER_ROWS = 20_000
SMOTE_NEIGHBOURS = 5
HIGH_OUTLIER_SHARE = 0.2


# Notes about choices of the cleaning section; every other code concerns the features section.
_CLEANING_CODES = frozenset(
    {
        "override_unknown_column",
        "override_wrong_kind",
        "columns_too_missing",
        "all_columns_too_missing",
        "many_outlier_rows",
        "slow_imputer",
        "merge_unknown_column",
    }
)
# Gaps left unfilled are a cleaning choice; the steps they block are feature choices.
_BOTH_SECTIONS = frozenset({"missing_values_left"})


class PipelineError(ModelPathError):
    """The cleaning and feature choices cannot work on this data."""


@dataclass(frozen=True)
class PipelineNote:
    """One result of checking the recipe against the data.

    Parameters
    ----------
    severity : {"error", "warning", "info"}
        Errors block fitting; warnings and notes are shown beside the choices.
    code : str
        Stable identifier (for tests and the tutorial).
    what, why, fix : str
        What was found, why it matters, what to do.
    """

    severity: str
    code: str
    what: str
    why: str
    fix: str

    @property
    def message(self) -> str:
        """The three parts as one paragraph."""
        return " ".join(part for part in (self.what, self.why, self.fix) if part)

    @property
    def sections(self) -> tuple[str, ...]:
        """The recipe sections whose choices the note is about (where to show it)."""
        if self.code in _BOTH_SECTIONS:
            return ("cleaning", "features")
        return ("cleaning",) if self.code in _CLEANING_CODES else ("features",)


def raise_for_errors(notes: list[PipelineNote]) -> None:
    """Raise :class:`PipelineError` for the first error among the notes, if any."""
    for note in notes:
        if note.severity == "error":
            raise PipelineError(note.what, note.why, note.fix)


def check_pipeline(recipe: Recipe, data: TrainingData) -> list[PipelineNote]:
    """Check the cleaning and feature choices against the training rows.

    Parameters
    ----------
    recipe : Recipe
        The recipe (``cleaning``, ``features``, ``validation`` and ``problem`` are read).
    data : TrainingData
        The split data; only its training rows are looked at.

    Returns
    -------
    list of PipelineNote
        Errors first, then warnings, then notes.
    """
    notes: list[PipelineNote] = []
    for check in (
        _check_column_references,
        _check_missing_left,
        _check_target_encoding,
        _check_ordinal_orders,
        _check_poly,
        _check_pca,
        _check_imbalance,
        _check_missing_share,
        _check_cost,
        _check_outlier_rows,
        _check_dates,
    ):
        notes.extend(check(recipe, data))
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(notes, key=lambda n: order[n.severity])


def _names(columns) -> str:
    columns = list(columns)
    shown = ", ".join(repr(c) for c in columns[:6])
    return shown + (f" and {len(columns) - 6} more" if len(columns) > 6 else "")


def _check_column_references(recipe: Recipe, data: TrainingData) -> list[PipelineNote]:
    cols, features, cleaning = data.columns, recipe.features, recipe.cleaning
    notes = []
    for field_name in TRANSFORM_BRANCHES:
        wrong = [c for c in getattr(features, field_name) if c not in cols.numeric]
        if wrong:
            notes.append(
                PipelineNote(
                    "warning",
                    "transform_not_numeric",
                    f"features.{field_name} names {_names(wrong)}, which is not a numeric "
                    "feature column (any more), so that transform is ignored.",
                    "Numeric transforms apply to number columns that are used as features.",
                    "Apply the Features form again to clear it, or change the column's kind on "
                    "the Data page.",
                )
            )
    wrong = [c for c in features.ordinal_orders if c not in cols.categorical]
    if wrong:
        notes.append(
            PipelineNote(
                "warning",
                "order_not_categorical",
                f"An order is set for {_names(wrong)}, which is not a categorical feature column "
                "(any more), so the order is ignored.",
                "Orders put the categories of a categorical column in sequence.",
                "Forget the unused orders under 'Ordered categories', or check the column's "
                "kind on the Data page.",
            )
        )
    for column, strategy in cleaning.imputation_overrides.items():
        kind = cols.kind_of(column)
        if kind is None:
            notes.append(
                PipelineNote(
                    "warning",
                    "override_unknown_column",
                    f"A missing-value override is set for {column!r}, which is not a feature "
                    "(any more), so it is ignored.",
                    "Overrides apply to feature columns only.",
                    "Apply the Clean page's pipeline form again to clear it.",
                )
            )
        elif kind == "categorical" and strategy not in CATEGORICAL_IMPUTATIONS:
            notes.append(
                PipelineNote(
                    "error",
                    "override_wrong_kind",
                    f"The override {strategy!r} for the categorical column {column!r} works "
                    "only on numbers.",
                    "Categories can be filled with the most frequent value or a constant.",
                    "Choose 'most_frequent', 'constant' or 'none' for it.",
                )
            )
    missing_merges = [c for c in cleaning.category_merges if c not in data.clean.frame.columns]
    if missing_merges:
        notes.append(
            PipelineNote(
                "warning",
                "merge_unknown_column",
                f"Spelling merges are set for {_names(missing_merges)}, no longer in the table.",
                "They have no effect.",
                "Remove them on the Clean page.",
            )
        )
    return notes


def _strategy(recipe: Recipe, data: TrainingData, column: str) -> str:
    kind = data.columns.kind_of(column)
    if kind == "categorical":
        return categorical_strategy(recipe.cleaning, column)
    if kind == "boolean":
        return boolean_strategy(recipe.cleaning, column)
    return numeric_strategy(recipe.cleaning, column)


def _check_missing_left(recipe: Recipe, data: TrainingData) -> list[PipelineNote]:
    """Columns left with missing values, and steps that cannot take them."""
    cols, features = data.columns, recipe.features
    missing = data.X_train.isna().sum()
    candidates = cols.numeric + cols.boolean + cols.datetime + cols.categorical
    left = [c for c in candidates if missing[c] and _strategy(recipe, data, c) == "none"]
    # One-hot and target encoding turn a missing category into a value of its own; ordinal
    # codes keep it missing, like numbers do.
    numeric_left = [
        c
        for c in left
        if cols.kind_of(c) != "categorical"
        or features.encoding == "ordinal"
        or c in features.ordinal_orders
    ]
    if not left:
        return []
    blocking = []
    if features.selection in ("f_test", "mutual_info", "l1"):
        blocking.append(f"feature selection ({features.selection})")
    if features.reduction == "pca":
        blocking.append("PCA")
    if features.imbalance == "smote":
        blocking.append("SMOTE")
    for field_name, label in (("bin_columns", "binning"), ("poly_columns", "polynomial terms")):
        if set(getattr(features, field_name)) & set(numeric_left):
            blocking.append(label)
    if blocking and numeric_left:
        return [
            PipelineNote(
                "error",
                "missing_values_left",
                f"{_names(numeric_left)} keep their missing values (imputation 'none'), but "
                f"{', '.join(blocking)} cannot work with missing values.",
                "These steps need a number in every cell.",
                "Choose an imputation strategy for those columns, or turn those steps off.",
            )
        ]
    return [
        PipelineNote(
            "warning",
            "missing_values_left",
            f"{_names(left)} keep their missing values (imputation 'none').",
            "Only algorithms that handle missing values natively (histogram gradient boosting, "
            "and trees in recent scikit-learn) can train on them; the others will refuse.",
            "Keep it only if you plan to use such an algorithm; otherwise choose a strategy.",
        )
    ]


def _check_target_encoding(recipe: Recipe, data: TrainingData) -> list[PipelineNote]:
    if recipe.features.encoding != "target":
        return []
    notes = []
    unordered = [c for c in data.columns.categorical if c not in recipe.features.ordinal_orders]
    for column in unordered:
        counts = data.X_train[column].value_counts()
        if len(counts) and (counts == 1).mean() > 0.5:
            share = (counts == 1).mean()
            notes.append(
                PipelineNote(
                    "error",
                    "target_encoding_unique",
                    f"Target encoding {column!r}: {share:.0%} of its {len(counts):,} categories "
                    "have a single training row.",
                    "A category's code is the mean target of its other rows; with one row per "
                    "category there are none, so the code is just the overall mean and the "
                    "column carries nothing"
                    + (
                        " — on a regression target it only adds noise."
                        if data.task == "regression"
                        else "."
                    ),
                    f"Exclude {column!r} on the Problem page, or use one-hot encoding (with a "
                    "level cap) for it.",
                )
            )
    return notes


def _check_ordinal_orders(recipe: Recipe, data: TrainingData) -> list[PipelineNote]:
    notes = []
    for column, order in recipe.features.ordinal_orders.items():
        if column not in data.X_train.columns:
            continue
        seen = set(data.X_train[column].dropna().astype("str"))
        if recipe.cleaning.categorical_fill_value in order:
            seen.discard(recipe.cleaning.categorical_fill_value)
        unknown = sorted(seen - set(order))
        if unknown:
            notes.append(
                PipelineNote(
                    "error",
                    "order_incomplete",
                    f"The order for {column!r} does not place {_names(unknown)}.",
                    "Every category needs a position in the order, or it cannot be encoded.",
                    "Add those values to the order (or merge them into others on the Clean page).",
                )
            )
    return notes


def poly_output_count(n_columns: int, degree: int, interaction_only: bool) -> int:
    """Columns that polynomial terms of ``n_columns`` inputs produce (without the bias)."""
    if interaction_only:
        return sum(comb(n_columns, d) for d in range(1, min(degree, n_columns) + 1))
    return comb(n_columns + degree, degree) - 1


def _check_poly(recipe: Recipe, data: TrainingData) -> list[PipelineNote]:
    features = recipe.features
    n = len(features.poly_columns)
    if not n:
        return []
    produced = poly_output_count(n, features.poly_degree, features.interaction_only)
    if produced <= MAX_POLY_FEATURES:
        return []
    fits = max(
        (
            k
            for k in range(1, n)
            if poly_output_count(k, features.poly_degree, features.interaction_only)
            <= MAX_POLY_FEATURES
        ),
        default=1,
    )
    return [
        PipelineNote(
            "error",
            "poly_too_many",
            f"Degree-{features.poly_degree} polynomial terms of {n} columns make {produced:,} "
            f"columns, more than the {MAX_POLY_FEATURES} allowed.",
            "The number of terms grows combinatorially; most add noise and slow training.",
            f"Choose at most {fits} columns at degree {features.poly_degree}, or a lower degree.",
        )
    ]


def _check_pca(recipe: Recipe, data: TrainingData) -> list[PipelineNote]:
    if recipe.features.reduction != "pca":
        return []
    cols = data.columns
    numeric = cols.numeric + cols.datetime + cols.boolean
    if not numeric:
        return [
            PipelineNote(
                "error",
                "pca_no_numeric",
                "PCA is chosen but there are zero numeric feature columns.",
                "PCA finds directions of greatest variance among numbers; on encoded categories "
                "alone it only scrambles them.",
                "Turn PCA off, or include numeric columns.",
            )
        ]
    if recipe.features.selection != "none":
        return [
            PipelineNote(
                "info",
                "pca_after_selection",
                "PCA runs after feature selection, on the selected features only.",
                "",
                "",
            )
        ]
    return []


def _check_imbalance(recipe: Recipe, data: TrainingData) -> list[PipelineNote]:
    imbalance = recipe.features.imbalance
    if imbalance == "none":
        return []
    if data.task not in CLASSIFICATION_TASKS:
        return [
            PipelineNote(
                "warning",
                "imbalance_regression",
                f"Class-imbalance treatment ({imbalance}) is set, but the task is regression, "
                "so it is ignored.",
                "Classes, and so their balance, exist only when predicting categories.",
                "Apply the Features form again to clear it.",
            )
        ]
    if imbalance != "smote":
        return []
    counts = data.y_train.value_counts()
    folds = recipe.validation.folds
    smallest = int(counts.min() * (folds - 1) / folds)
    if smallest <= SMOTE_NEIGHBOURS:
        return [
            PipelineNote(
                "error",
                "smote_too_few",
                f"The class {counts.idxmin()!r} has about {smallest} training row(s) per "
                "cross-validation fold.",
                f"SMOTE makes new rows between each row and its {SMOTE_NEIGHBOURS} nearest "
                "neighbours of the same class, so it needs more rows than that.",
                "Use random oversampling or class weights instead.",
            )
        ]
    return []


def _check_missing_share(recipe: Recipe, data: TrainingData) -> list[PipelineNote]:
    threshold = recipe.cleaning.max_missing_share
    if threshold is None:
        return []
    shares = data.X_train.isna().mean()
    dropped = [c for c in data.X_train.columns if shares[c] > threshold]
    if not dropped:
        return []
    if len(dropped) == data.X_train.shape[1]:
        return [
            PipelineNote(
                "error",
                "all_columns_too_missing",
                f"Every feature column is missing in more than {threshold:.0%} of training rows.",
                "Dropping them all leaves nothing to learn from.",
                "Raise the missing-share limit, or turn it off.",
            )
        ]
    return [
        PipelineNote(
            "info",
            "columns_too_missing",
            f"{_names(dropped)} will be dropped: more than {threshold:.0%} of their training "
            "values are missing.",
            "The limit is applied to each training fold, so a fold may keep or drop a "
            "borderline column.",
            "",
        )
    ]


def estimated_width(recipe: Recipe, data: TrainingData) -> int:
    """A rough count of the columns the preprocessing will output (for cost checks)."""
    cols, features, X = data.columns, recipe.features, data.X_train
    width = 0
    for column in cols.numeric:
        if column in features.bin_columns:
            width += features.n_bins
        elif column not in features.poly_columns:
            width += 1
    n_poly = len(features.poly_columns)
    if n_poly:
        width += poly_output_count(n_poly, features.poly_degree, features.interaction_only)
    width += len(cols.boolean) + len(cols.datetime) * len(features.date_parts)
    if features.date_parts and features.date_durations:
        n_dates = len(cols.datetime)
        width += min(n_dates * (n_dates - 1) // 2, MAX_DATE_PAIRS)
    n_classes = data.y_train.nunique() if data.task == "multiclass" else 1
    for column in cols.categorical:
        if column in features.ordinal_orders or features.encoding == "ordinal":
            width += 1
        elif features.encoding == "target":
            width += n_classes
        else:
            width += min(int(X[column].nunique()) + 1, features.max_onehot_levels)
    width += len(cols.text) * features.text_max_features
    return max(width, 1)


def _check_cost(recipe: Recipe, data: TrainingData) -> list[PipelineNote]:
    notes = []
    rows = len(data.X_train)
    width = estimated_width(recipe, data)
    megabytes = rows * width * 8 / 1e6
    if megabytes > MAX_MATRIX_MB:
        notes.append(
            PipelineNote(
                "error",
                "matrix_too_large",
                f"The prepared training matrix would be about {rows:,} rows × {width:,} columns "
                f"({megabytes:,.0f} MB).",
                f"That exceeds the {MAX_MATRIX_MB} MB this app allows per matrix.",
                "Lower the one-hot level cap or the text vocabulary, or use fewer polynomial "
                "columns.",
            )
        )
    selection, k = recipe.features.selection, recipe.features.selection_k
    if selection != "none" and k >= width:
        notes.append(
            PipelineNote(
                "warning",
                "selection_keeps_all",
                f"Feature selection keeps {k} features, but there are only about {width}.",
                "Selection then removes nothing.",
                f"Choose fewer than {width} features, or turn selection off.",
            )
        )
    slow = {
        c
        for c in data.columns.used
        if numeric_strategy(recipe.cleaning, c) in ("knn", "iterative")
        and data.columns.kind_of(c) in ("numeric", "datetime")
    }
    if slow and rows > SLOW_IMPUTER_ROWS:
        notes.append(
            PipelineNote(
                "warning",
                "slow_imputer",
                f"k-nearest-neighbour or iterative imputation on {rows:,} training rows is slow.",
                "Both compare or model every row; cost grows quickly with rows.",
                "Prefer median imputation with missing-value indicators on large tables.",
            )
        )
    return notes


def _check_outlier_rows(recipe: Recipe, data: TrainingData) -> list[PipelineNote]:
    cleaning = recipe.cleaning
    if cleaning.outliers != "drop_train_rows" or not data.columns.numeric:
        return []
    X = data.X_train[list(data.columns.numeric)]
    q1, q3 = X.quantile(0.25), X.quantile(0.75)
    fence = cleaning.iqr_factor * (q3 - q1)
    outside = (X.lt(q1 - fence) | X.gt(q3 + fence)).any(axis=1)
    share = float(outside.mean())
    if share <= HIGH_OUTLIER_SHARE:
        return []
    return [
        PipelineNote(
            "warning",
            "many_outlier_rows",
            f"Dropping outlier rows would remove about {share:.0%} of the training rows.",
            "With many skewed columns, nearly every row is extreme in one of them, and the "
            "model loses the cases it most needs to learn.",
            "Clip instead of dropping, widen the fences, or transform skewed columns (log).",
        )
    ]


def _check_dates(recipe: Recipe, data: TrainingData) -> list[PipelineNote]:
    dates, features = list(data.columns.datetime), recipe.features
    if not dates or not features.date_parts:
        return []
    # The same step the pipeline fits, on the same training rows: the note names exactly
    # the parts the model will go without.
    step = DateFeatures(parts=features.date_parts, drop_constant=True)
    step.fit(data.X_train[dates])
    notes = []
    if len(step.dropped_features_):
        described = [
            f"{name} (always {value:g})" if np.isfinite(value) else f"{name} (always missing)"
            for name, value in zip(step.dropped_features_, step.dropped_values_, strict=True)
        ]
        notes.append(
            PipelineNote(
                "info",
                "constant_date_parts",
                "Date parts with the same value on every training row are left out: "
                + ", ".join(described)
                + ".",
                "A part with one value (dates of a single year, dates without times) carries "
                "nothing to learn from.",
                "Nothing to do; they are used again when the training rows vary.",
            )
        )
    possible = len(dates) * (len(dates) - 1) // 2
    if features.date_durations and possible > MAX_DATE_PAIRS:
        notes.append(
            PipelineNote(
                "info",
                "date_pairs_capped",
                f"The {len(dates)} date columns make {possible} pairs; the days between "
                f"dates are added for {MAX_DATE_PAIRS} of them, neighbouring columns first.",
                "Every pair adds a feature, and most pairs of unrelated dates mean little.",
                "Exclude the date columns that do not belong together on the Problem page, "
                "or turn the days between dates off.",
            )
        )
    return notes
