"""Recipe → one unfitted pipeline: every step that learns from data, in one place.

:func:`build_pipeline` turns the recipe's ``cleaning`` and ``features`` sections and the
table's column kinds into an imbalanced-learn :class:`~imblearn.pipeline.Pipeline` (a
scikit-learn pipeline that also accepts resampling steps, applied while fitting only). Because
imputation, outlier fences, rare-category grouping, encoding, scaling, selection, PCA and
resampling are all steps of it, cross-validation, tuning and learning curves fit them on
training folds only, and the final model on the training split only — leak-proof by
construction.

The shape is always the same, with stable step names, so every setting is addressable as
``step__param`` (e.g. ``prep__numeric__impute__strategy``)::

    outlier_rows → drop_missing → prep (ColumnTransformer) → variance → select → reduce
                 → resample → model

Steps a recipe does not ask for are left out. Inside ``prep``, each branch handles one group of
columns: ``numeric`` (and ``log``, ``power``, ``bins``, ``poly`` for transformed ones),
``boolean``, ``dates`` (parts of each date), ``date_durations`` (days between two dates),
``categorical``, ``ordered_<column>`` (person-defined orders),
``text_<column>``
and ``missing`` (indicator columns). A branch whose columns use a per-column imputation override
gets the strategy as a suffix (``numeric_knn``). The same recipe and columns always give the
same pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from types import MappingProxyType
from typing import Any

import numpy as np
from imblearn.over_sampling import SMOTE, RandomOverSampler
from imblearn.pipeline import Pipeline
from imblearn.under_sampling import RandomUnderSampler
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.decomposition import PCA
from sklearn.ensemble import ExtraTreesClassifier, ExtraTreesRegressor
from sklearn.experimental import enable_iterative_imputer  # noqa: F401  (enables the import)
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.feature_selection import (
    SelectFromModel,
    SelectKBest,
    VarianceThreshold,
    f_classif,
    f_regression,
    mutual_info_classif,
    mutual_info_regression,
)
from sklearn.impute import IterativeImputer, KNNImputer, MissingIndicator, SimpleImputer
from sklearn.linear_model import LassoCV, LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.pipeline import Pipeline as SkPipeline
from sklearn.preprocessing import (
    FunctionTransformer,
    KBinsDiscretizer,
    MinMaxScaler,
    OneHotEncoder,
    OrdinalEncoder,
    PolynomialFeatures,
    PowerTransformer,
    RobustScaler,
    StandardScaler,
    TargetEncoder,
)

from core.data import ColumnKind, PreparedTable
from core.prepare.transformers import (
    ColumnsPresent,
    DateFeatures,
    MissingShareDropper,
    OutlierClipper,
    OutlierRowFilter,
    RareCategoryGrouper,
    as_documents,
    signed_expm1,
    signed_log1p,
)
from core.recipe import CLASSIFICATION_TASKS, CleaningSection, FeaturesSection, Recipe

__all__ = [
    "MAX_DATE_PAIRS",
    "FeatureColumns",
    "boolean_strategy",
    "build_pipeline",
    "categorical_strategy",
    "feature_columns",
    "numeric_strategy",
    "resolve_scaling",
]

# Transform lists of the features section → the branch name their columns go to.
TRANSFORM_BRANCHES = {
    "log_columns": "log",
    "power_columns": "power",
    "bin_columns": "bins",
    "poly_columns": "poly",
}
#: Pairs of date columns whose days-between are added at most (5 date columns have 10 pairs);
#: beyond that, pairs of neighbouring columns are kept first.
MAX_DATE_PAIRS = 10
_SCALERS = {"standard": StandardScaler, "minmax": MinMaxScaler, "robust": RobustScaler}


@dataclass(frozen=True)
class FeatureColumns:
    """The table's columns grouped by how the pipeline treats them.

    Parameters
    ----------
    numeric, boolean, categorical, datetime, text : tuple of str
        Feature columns of each kind, in table order.
    skipped : mapping of str to str
        Columns that are not features, each with the reason (target, excluded, identifier…).
    """

    numeric: tuple[str, ...] = ()
    boolean: tuple[str, ...] = ()
    categorical: tuple[str, ...] = ()
    datetime: tuple[str, ...] = ()
    text: tuple[str, ...] = ()
    skipped: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def used(self) -> tuple[str, ...]:
        """Every feature column, grouped by kind."""
        return self.numeric + self.boolean + self.categorical + self.datetime + self.text

    def summary(self) -> str:
        """How many feature columns of each kind, e.g. ``"2 numbers, 1 date"``."""
        names = {
            "numeric": ("number", "numbers"),
            "boolean": ("yes/no", "yes/no"),
            "categorical": ("category", "categories"),
            "datetime": ("date", "dates"),
            "text": ("text", "texts"),
        }
        parts = [
            f"{len(getattr(self, kind))} {one if len(getattr(self, kind)) == 1 else many}"
            for kind, (one, many) in names.items()
            if getattr(self, kind)
        ]
        return ", ".join(parts) or "none"

    def kind_of(self, column: str) -> str | None:
        """``"numeric"``, ``"boolean"``… for a feature column, else ``None``."""
        for kind in ("numeric", "boolean", "categorical", "datetime", "text"):
            if column in getattr(self, kind):
                return kind
        return None


def feature_columns(table: PreparedTable, recipe: Recipe) -> FeatureColumns:
    """Which columns are features, by kind, and why the others are not.

    Parameters
    ----------
    table : PreparedTable
        The table with its column kinds.
    recipe : Recipe
        Its problem section names the target and excluded columns; its features section says
        whether text and date columns are used.

    Returns
    -------
    FeatureColumns
    """
    target = recipe.problem.target
    excluded = set(recipe.problem.exclude_columns)
    groups: dict[str, list[str]] = {k: [] for k in ("numeric", "boolean", "categorical")}
    groups |= {"datetime": [], "text": []}
    skipped: dict[str, str] = {}
    for info in table.columns:
        name = info.name
        if name == target:
            skipped[name] = "the target"
        elif name in excluded:
            skipped[name] = "excluded on the Problem page"
        elif info.kind is ColumnKind.IDENTIFIER:
            skipped[name] = "an identifier (a name or code per row, so nothing to learn from)"
        elif info.kind is ColumnKind.CONSTANT:
            skipped[name] = "constant (one value, so nothing to learn from)"
        elif info.kind is ColumnKind.TEXT and recipe.features.text == "exclude":
            skipped[name] = "free text, excluded (choose TF-IDF on the Features page to use it)"
        elif info.kind is ColumnKind.DATETIME and not recipe.features.date_parts:
            skipped[name] = "a date, unused (choose date parts on the Features page to use it)"
        else:
            groups[info.kind.value].append(name)
    return FeatureColumns(
        **{kind: tuple(names) for kind, names in groups.items()},
        skipped=MappingProxyType(skipped),
    )


def resolve_scaling(features: FeaturesSection, *, needs_scaling: bool = True) -> str:
    """The scaler behind ``"auto"``: standard scaling when the algorithm needs it, else none.

    Distance-, kernel-, gradient- and penalty-based learners compare feature magnitudes and
    need scaling; trees split on one feature at a time and do not.
    """
    if features.scaling != "auto":
        return features.scaling
    return "standard" if needs_scaling else "none"


def numeric_strategy(cleaning: CleaningSection, column: str) -> str:
    """The imputation strategy of a numeric or date column (its override, else the default)."""
    return cleaning.imputation_overrides.get(column, cleaning.numeric_imputation)


def categorical_strategy(cleaning: CleaningSection, column: str) -> str:
    """The imputation strategy of a categorical column (its override, else the default)."""
    return cleaning.imputation_overrides.get(column, cleaning.categorical_imputation)


def boolean_strategy(cleaning: CleaningSection, column: str) -> str:
    """Yes/no columns (0/1 numbers) take the most frequent value unless told otherwise."""
    if column in cleaning.imputation_overrides:
        return cleaning.imputation_overrides[column]
    return "none" if cleaning.categorical_imputation == "none" else "most_frequent"


def build_pipeline(
    recipe: Recipe,
    columns: FeatureColumns,
    *,
    task: str | None,
    model: Any = None,
    needs_scaling: bool = True,
) -> Pipeline:
    """Build the unfitted pipeline described by the recipe.

    Parameters
    ----------
    recipe : Recipe
        Its ``cleaning`` and ``features`` sections describe every step; ``split.seed`` seeds
        every random step.
    columns : FeatureColumns
        The feature columns by kind (from :func:`feature_columns`).
    task : {"binary", "multiclass", "regression"} or None
        Chooses the selection scorers and the target encoder's type.
    model : estimator, optional
        The final step. Without one, the pipeline ends after preprocessing (used for previews).
    needs_scaling : bool
        Whether the model needs scaled inputs (resolves ``scaling="auto"``).

    Returns
    -------
    imblearn.pipeline.Pipeline

    Examples
    --------
    >>> from core.recipe import Recipe
    >>> pipe = build_pipeline(Recipe(), FeatureColumns(numeric=("age",)), task="regression")
    >>> [name for name, _ in pipe.steps]
    ['prep']
    """
    cleaning, features, seed = recipe.cleaning, recipe.features, recipe.split.seed
    classification = task in CLASSIFICATION_TASKS
    steps: list[tuple[str, Any]] = []
    if cleaning.outliers == "drop_train_rows" and columns.numeric:
        steps.append(
            (
                "outlier_rows",
                OutlierRowFilter(
                    method="iqr", iqr_factor=cleaning.iqr_factor, columns=list(columns.numeric)
                ),
            )
        )
    if cleaning.max_missing_share is not None:
        steps.append(("drop_missing", MissingShareDropper(cleaning.max_missing_share)))
    steps.append(("prep", _column_transformer(recipe, columns, task, needs_scaling)))
    if features.variance_threshold is not None:
        steps.append(("variance", VarianceThreshold(threshold=features.variance_threshold)))
    if features.selection != "none":
        steps.append(("select", _selector(features, classification, seed)))
    if features.reduction == "pca":
        # A float n_components keeps the fewest components explaining that share of variance.
        pca = PCA(n_components=features.pca_variance, svd_solver="full", random_state=seed)
        steps.append(("reduce", pca))
    if classification and features.imbalance in ("oversample", "undersample", "smote"):
        sampler = {
            "oversample": RandomOverSampler,
            "undersample": RandomUnderSampler,
            "smote": SMOTE,
        }[features.imbalance]
        steps.append(("resample", sampler(random_state=seed)))
    if model is not None:
        if (
            classification
            and features.imbalance == "class_weight"
            and "class_weight" in model.get_params()
        ):
            model = clone(model).set_params(class_weight="balanced")
        steps.append(("model", model))
    return Pipeline(steps)


def _column_transformer(
    recipe: Recipe, columns: FeatureColumns, task: str | None, needs_scaling: bool
) -> ColumnTransformer:
    cleaning, features, seed = recipe.cleaning, recipe.features, recipe.split.seed
    scaling = resolve_scaling(features, needs_scaling=needs_scaling)
    branch_of = {
        column: branch
        for field_name, branch in TRANSFORM_BRANCHES.items()
        for column in getattr(features, field_name)
    }
    branches: list[tuple[str, Any, Any]] = []

    def add(name: str, steps: list[tuple[str, Any]], names: list[str]) -> None:
        transformer = SkPipeline(steps) if steps else "passthrough"
        branches.append((name, transformer, ColumnsPresent(names)))

    # Numbers: grouped by transform, then by imputation strategy.
    for (branch, strategy), names in _group(
        columns.numeric,
        lambda c: (branch_of.get(c, "numeric"), numeric_strategy(cleaning, c)),
    ).items():
        steps = []
        if cleaning.outliers in ("clip_iqr", "clip_quantile"):
            # Fences come from the real values: learned after filling, a constant placeholder
            # (or a pile of medians) would move them.
            steps.append(("clip", _clipper(cleaning)))
        steps += _imputation(strategy, cleaning, seed, numeric=True)
        steps += _numeric_transform(branch, features)
        if branch != "bins" and scaling != "none":
            steps.append(("scale", _SCALERS[scaling]()))
        add(_suffix(branch, strategy, cleaning.numeric_imputation), steps, names)

    for strategy, names in _group(columns.boolean, lambda c: boolean_strategy(cleaning, c)).items():
        default = boolean_strategy(cleaning, "")
        add(
            _suffix("boolean", strategy, default),
            _imputation(strategy, cleaning, seed, numeric=True),
            names,
        )

    if columns.datetime:
        for strategy, names in _group(
            columns.datetime, lambda c: numeric_strategy(cleaning, c)
        ).items():
            # Parts constant on the training rows (one year, no times) carry nothing: dropped.
            steps = [("parts", DateFeatures(parts=features.date_parts, drop_constant=True))]
            steps += _imputation(strategy, cleaning, seed, numeric=True)
            if scaling != "none":
                steps.append(("scale", _SCALERS[scaling]()))
            add(_suffix("dates", strategy, cleaning.numeric_imputation), steps, names)
    if features.date_durations and len(columns.datetime) >= 2:
        # A branch of its own, over every date column: the per-strategy branches above may
        # split the columns, and a duration needs both of its ends.
        steps = [
            (
                "durations",
                DateFeatures(parts=(), max_pairs=MAX_DATE_PAIRS, drop_constant=True),
            )
        ]
        steps += _imputation(cleaning.numeric_imputation, cleaning, seed, numeric=True)
        if scaling != "none":
            steps.append(("scale", _SCALERS[scaling]()))
        # minimum=2: if an earlier step drops all but one date column, the branch is skipped.
        branches.append(
            ("date_durations", SkPipeline(steps), ColumnsPresent(columns.datetime, minimum=2))
        )

    ordered = [c for c in columns.categorical if c in features.ordinal_orders]
    unordered = [c for c in columns.categorical if c not in features.ordinal_orders]
    for strategy, names in _group(unordered, lambda c: categorical_strategy(cleaning, c)).items():
        steps = []
        if cleaning.rare_category_share is not None:
            # Before filling, so the filled-in value does not count towards a category's share.
            steps.append(("rare", RareCategoryGrouper(min_share=cleaning.rare_category_share)))
        steps += _imputation(strategy, cleaning, seed, numeric=False)
        steps.append(("encode", _encoder(features, task, seed)))
        if features.encoding == "target" and scaling != "none":
            steps.append(("scale", _SCALERS[scaling]()))
        add(_suffix("categorical", strategy, cleaning.categorical_imputation), steps, names)
    used_names: set[str] = set()
    for column in ordered:
        # One branch per ordered column: its categories are fixed at build time, and a
        # preceding step may drop a column, which would misalign a shared list of orders.
        name = _unique(f"ordered_{_safe(column)}", used_names)
        steps = _imputation(categorical_strategy(cleaning, column), cleaning, seed, numeric=False)
        steps.append(
            (
                "encode",
                OrdinalEncoder(
                    categories=[list(features.ordinal_orders[column])],
                    handle_unknown="use_encoded_value",
                    unknown_value=-1,
                ),
            )
        )
        add(name, steps, [column])

    for column in columns.text:
        name = _unique(f"text_{_safe(column)}", used_names)
        steps = [
            ("documents", FunctionTransformer(as_documents, feature_names_out="one-to-one")),
            (
                "tfidf",
                TfidfVectorizer(max_features=features.text_max_features, sublinear_tf=True),
            ),
        ]
        branches.append((name, SkPipeline(steps), ColumnsPresent([column])))

    if cleaning.missing_indicators:
        flagged = list(columns.numeric + columns.boolean + columns.categorical)
        if flagged:
            branches.append(
                (
                    "missing",
                    MissingIndicator(features="missing-only", error_on_new=False),
                    ColumnsPresent(flagged),
                )
            )
    return ColumnTransformer(
        branches, remainder="drop", sparse_threshold=0.0, verbose_feature_names_out=True
    )


def _group(names, key) -> dict[Any, list[str]]:
    groups: dict[Any, list[str]] = {}
    for name in names:
        groups.setdefault(key(name), []).append(name)
    return groups


def _suffix(branch: str, strategy: str, default: str) -> str:
    return branch if strategy == default else f"{branch}_{strategy}"


def _safe(column: str) -> str:
    # Step names must not contain "__" (the parameter separator) and read best short.
    return re.sub(r"_+", "_", re.sub(r"\W", "_", column.lower())).strip("_")[:40] or "column"


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 2
    while candidate in used:
        candidate, n = f"{name}_{n}", n + 1
    used.add(candidate)
    return candidate


def _imputation(
    strategy: str, cleaning: CleaningSection, seed: int, *, numeric: bool
) -> list[tuple[str, Any]]:
    if strategy == "none":
        return []
    if strategy == "constant":
        fill = cleaning.numeric_fill_value if numeric else cleaning.categorical_fill_value
        imputer: Any = SimpleImputer(strategy="constant", fill_value=fill)
    elif strategy == "knn":
        imputer = KNNImputer(n_neighbors=cleaning.knn_neighbors)
    elif strategy == "iterative":
        imputer = IterativeImputer(random_state=seed, max_iter=10)
    else:
        imputer = SimpleImputer(strategy=strategy)
    return [("impute", imputer)]


def _clipper(cleaning: CleaningSection) -> OutlierClipper:
    return OutlierClipper(
        method="iqr" if cleaning.outliers == "clip_iqr" else "quantile",
        iqr_factor=cleaning.iqr_factor,
        lower_quantile=cleaning.lower_quantile,
        upper_quantile=cleaning.upper_quantile,
    )


def _numeric_transform(branch: str, features: FeaturesSection) -> list[tuple[str, Any]]:
    if branch == "log":
        transformer: Any = FunctionTransformer(
            signed_log1p,
            inverse_func=signed_expm1,
            feature_names_out="one-to-one",
            check_inverse=False,
        )
    elif branch == "power":
        # No standardising here: the scale step (if any) does it once, for every branch alike.
        transformer = PowerTransformer(method="yeo-johnson", standardize=False)
    elif branch == "bins":
        transformer = KBinsDiscretizer(
            n_bins=features.n_bins,
            encode="onehot-dense",
            strategy="quantile",
            quantile_method="averaged_inverted_cdf",
        )
    elif branch == "poly":
        transformer = PolynomialFeatures(
            degree=features.poly_degree,
            interaction_only=features.interaction_only,
            include_bias=False,
        )
    else:
        return []
    return [("transform", transformer)]


def _encoder(features: FeaturesSection, task: str | None, seed: int) -> Any:
    if features.encoding == "onehot":
        return OneHotEncoder(
            handle_unknown="infrequent_if_exist",
            max_categories=features.max_onehot_levels,
            sparse_output=False,
        )
    if features.encoding == "ordinal":
        return OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1)
    target_type = {"binary": "binary", "multiclass": "multiclass"}.get(task or "", "continuous")
    splitter = StratifiedKFold if task in CLASSIFICATION_TASKS else KFold
    # fit_transform cross-fits (each training row is encoded by a model of the other folds),
    # so a row's own target never leaks into its encoding.
    return TargetEncoder(
        target_type=target_type, cv=splitter(n_splits=5, shuffle=True, random_state=seed)
    )


def _selector(features: FeaturesSection, classification: bool, seed: int) -> Any:
    k = features.selection_k
    if features.selection == "f_test":
        return SelectKBest(f_classif if classification else f_regression, k=k)
    if features.selection == "mutual_info":
        scorer = mutual_info_classif if classification else mutual_info_regression
        return SelectKBest(partial(scorer, random_state=seed), k=k)
    if features.selection == "l1":
        estimator: Any = (
            # saga handles L1 for two classes and for many (liblinear only for two).
            LogisticRegression(l1_ratio=1.0, solver="saga", C=1.0, max_iter=2000, random_state=seed)
            if classification
            else LassoCV(cv=3, random_state=seed)
        )
        return SelectFromModel(estimator, max_features=k)
    estimator = (
        ExtraTreesClassifier(n_estimators=100, random_state=seed, n_jobs=1)
        if classification
        else ExtraTreesRegressor(n_estimators=100, random_state=seed, n_jobs=1)
    )
    # threshold=-inf: keep exactly the k most important, however small their importances.
    return SelectFromModel(estimator, max_features=k, threshold=-np.inf)
