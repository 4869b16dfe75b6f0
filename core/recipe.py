"""The recipe: one frozen, versioned, JSON-serialisable description of a modelling workflow.

Every page edits one section; ``core`` executes recipes; every run stores its recipe; the
exported script and the command line are rendered from one. Same recipe + same data + same
seed ⇒ same numbers.

Each field declares its own rule (allowed choices, a numeric range, a container shape) in its
dataclass metadata, so validation, JSON conversion and error messages come from one place and a
new field is one line. Unknown fields and invalid values raise :class:`~core.errors.RecipeError`
naming the field and what is allowed. Older schema versions are migrated or refused with a
message; never silently.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType
from typing import Any, ClassVar

from core.errors import RecipeError

__all__ = [
    "CLASSIFICATION_TASKS",
    "SCHEMA_VERSION",
    "TASKS",
    "CleaningSection",
    "DataSection",
    "FeaturesSection",
    "ModelSection",
    "ProblemSection",
    "Recipe",
    "SplitSection",
    "TuningSection",
    "ValidationSection",
]

SCHEMA_VERSION = 3
TASKS = ("binary", "multiclass", "regression")
CLASSIFICATION_TASKS = ("binary", "multiclass")
COLUMN_KINDS = (
    "numeric",
    "categorical",
    "boolean",
    "datetime",
    "text",
    "identifier",
    "constant",
)
# Cell values read as missing by default (documented in core.data.read_settings, which
# re-exports them).
# Defined here so that the recipe, the spine everything imports, needs only the standard library.
DEFAULT_NA_TOKENS = (
    "",
    "NA",
    "N/A",
    "n/a",
    "na",
    "NaN",
    "nan",
    "null",
    "NULL",
    "Null",
    "None",
    "none",
    "?",
    "-",
    "--",
    "#N/A",
    "<NA>",
    "missing",
)


# --- field rules -----------------------------------------------------------------------------


def _rule(kind: str, default: Any, **options: Any) -> Any:
    """Declare a recipe field: its shape (``kind``), default and options (choices, range…)."""
    metadata = {"kind": kind, **options}
    if isinstance(default, (dict, list, tuple, Mapping)):
        frozen = _freeze(kind, default)
        return field(default_factory=lambda: frozen, metadata=metadata)
    return field(default=default, metadata=metadata)


def _freeze(kind: str, value: Any) -> Any:
    if kind in ("str_tuple",):
        return tuple(value)
    if kind == "str_map":
        return MappingProxyType(dict(value))
    if kind == "nested_map":
        return MappingProxyType({k: MappingProxyType(dict(v)) for k, v in value.items()})
    if kind == "param_map":
        return MappingProxyType(dict(value))
    if kind == "seq_map":
        return MappingProxyType({k: tuple(v) for k, v in value.items()})
    if kind == "space_map":
        return MappingProxyType({k: _freeze_range(v) for k, v in value.items()})
    return value


def _freeze_range(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(
        {k: tuple(v) if isinstance(v, (list, tuple)) else v for k, v in value.items()}
    )


def _is_json_scalar(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, (str, int, bool))


def _check(section: str, f: Any, value: Any) -> Any:
    """Validate and normalise one value; return the frozen value."""
    meta = f.metadata
    kind = meta["kind"]
    where = f"{section}.{f.name}"

    def fail(expected: str) -> RecipeError:
        return RecipeError(
            f"The recipe field {where!r} has the value {value!r}.",
            f"It must be {expected}.",
            f"Set {where!r} to an allowed value.",
        )

    if value is None and meta.get("optional"):
        return None
    if kind == "choice":
        choices = meta["choices"]
        if value not in choices:
            raise fail("one of: " + ", ".join(repr(c) for c in choices))
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise fail("true or false")
        return value
    if kind in ("int", "float"):
        numeric = (int,) if kind == "int" else (int, float)
        lo, hi = meta.get("range", (None, None))
        bounds = f" between {lo} and {hi}" if lo is not None else ""
        if isinstance(value, bool) or not isinstance(value, numeric):
            raise fail(f"a{'' if kind == 'int' else ' decimal'} number{bounds}")
        if isinstance(value, float) and not math.isfinite(value):
            raise fail(f"a finite number{bounds}")
        if lo is not None and not lo <= value <= hi:
            raise fail(f"a number{bounds}")
        return float(value) if kind == "float" else value
    if kind == "str":
        if not isinstance(value, str) or (not value and not meta.get("allow_empty", True)):
            raise fail("text")
        return value
    if kind == "scalar":
        if not _is_json_scalar(value):
            raise fail("a single value (text, number or true/false)")
        return value
    if kind == "str_tuple":
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise fail("a list of texts")
        if not all(isinstance(v, str) for v in value):
            raise fail("a list of texts")
        if meta.get("unique") and len(set(value)) != len(value):
            raise fail("a list of texts without repeats")
        allowed = meta.get("values")
        if allowed is not None and not set(value) <= set(allowed):
            raise fail("a list drawn from: " + ", ".join(repr(a) for a in allowed))
        return tuple(value)
    if kind == "str_map":
        if not isinstance(value, Mapping):
            raise fail("a mapping of column names to values")
        allowed = meta.get("values")
        for key, item in value.items():
            if not isinstance(key, str) or not isinstance(item, str):
                raise fail("a mapping of texts to texts")
            if allowed is not None and item not in allowed:
                raise RecipeError(
                    f"The recipe field {where!r} gives {key!r} the value {item!r}.",
                    "Allowed values are: " + ", ".join(repr(a) for a in allowed) + ".",
                    f"Change the value for {key!r}.",
                )
        return MappingProxyType(dict(value))
    if kind == "nested_map":
        if not isinstance(value, Mapping) or not all(
            isinstance(k, str)
            and isinstance(v, Mapping)
            and all(isinstance(a, str) and isinstance(b, str) for a, b in v.items())
            for k, v in value.items()
        ):
            raise fail("a mapping of column names to {old value: new value} mappings")
        return MappingProxyType({k: MappingProxyType(dict(v)) for k, v in value.items()})
    if kind == "seq_map":
        if not isinstance(value, Mapping) or not all(
            isinstance(k, str)
            and isinstance(v, (list, tuple))
            and all(isinstance(item, str) for item in v)
            and len(set(v)) == len(v)
            and len(v) >= 2
            for k, v in value.items()
        ):
            raise fail("a mapping of column names to lists of at least two distinct values")
        return MappingProxyType({k: tuple(v) for k, v in value.items()})
    if kind == "param_map":
        if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and _is_json_scalar(v) for k, v in value.items()
        ):
            raise fail("a mapping of parameter names to single values")
        return MappingProxyType(dict(value))
    if kind == "space_map":
        expected = (
            'a mapping of parameter names to ranges such as {"low": 0.01, "high": 100, '
            '"log": true} or {"values": [1, 2, 3]}'
        )
        if not isinstance(value, Mapping):
            raise fail(expected)
        for name, spec in value.items():
            if not isinstance(name, str) or not isinstance(spec, Mapping):
                raise fail(expected)
            keys = set(spec)
            if keys == {"values"}:
                values = spec["values"]
                ok = (
                    isinstance(values, (list, tuple))
                    and len(values) >= 1
                    and all(_is_json_scalar(v) for v in values)
                )
            elif {"low", "high"} <= keys <= {"low", "high", "log"}:
                low, high = spec["low"], spec["high"]
                ok = (
                    all(
                        not isinstance(v, bool) and isinstance(v, (int, float)) and math.isfinite(v)
                        for v in (low, high)
                    )
                    and low <= high
                    and isinstance(spec.get("log", False), bool)
                )
            else:
                ok = False
            if not ok:
                raise RecipeError(
                    f"The recipe field {where!r} gives {name!r} the range {_thaw(spec)!r}.",
                    "A range is either low/high numbers (low ≤ high, optional log: true/false) "
                    "or a non-empty list of values.",
                    f"Fix the range for {name!r}.",
                )
        return MappingProxyType({k: _freeze_range(v) for k, v in value.items()})
    raise AssertionError(f"unknown field kind {kind}")  # a bug in a declaration, not input


def _thaw(value: Any) -> Any:
    """Frozen value → plain JSON-ready value."""
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    return value


class _Section:
    """Shared behaviour of recipe sections: validation, dict round trip."""

    section_name: ClassVar[str] = ""

    def __post_init__(self) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            object.__setattr__(self, f.name, _check(self.section_name, f, getattr(self, f.name)))
        self._check_combination()

    def _check_combination(self) -> None:
        """Cross-field rules; sections override."""

    def to_dict(self) -> dict[str, Any]:
        """The section as plain JSON-ready values."""
        return {f.name: _thaw(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Any:
        """Build a section from a mapping, refusing unknown fields by name."""
        if not isinstance(data, Mapping):
            raise RecipeError(
                f"The recipe section {cls.section_name!r} is not a mapping of fields.",
                'Each section is a JSON object such as {"target": "price"}.',
                "Fix the recipe file or start from a fresh recipe.",
            )
        known = [f.name for f in fields(cls)]  # type: ignore[arg-type]
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise RecipeError(
                f"The recipe section {cls.section_name!r} has unknown field(s): "
                + ", ".join(repr(u) for u in unknown)
                + ".",
                "Allowed fields are: " + ", ".join(known) + ".",
                "Remove or rename the unknown fields.",
            )
        return cls(**dict(data))

    def with_changes(self, **changes: Any) -> Any:
        """A copy with some fields changed (validated like any new section)."""
        known = {f.name for f in fields(self)}  # type: ignore[arg-type]
        unknown = sorted(set(changes) - known)
        if unknown:
            raise RecipeError(
                f"The recipe section {self.section_name!r} has no field(s) "
                + ", ".join(repr(u) for u in unknown)
                + ".",
                "Allowed fields are: " + ", ".join(sorted(known)) + ".",
                "Use one of those fields.",
            )
        return replace(self, **changes)  # type: ignore[type-var]


# --- sections --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataSection(_Section):
    """How the table is read and understood, before anything learns from it.

    Parameters
    ----------
    source_name : str or None
        The file name (or ``"sample:<key>"``) the recipe was built on.
    na_tokens : tuple of str
        Cell values read as missing.
    delimiter, encoding, decimal, sheet : str or None
        Read options; ``None`` means detect.
    skip_bad_lines : bool
        Skip rows with too many fields instead of refusing the file.
    column_types : mapping of str to str
        The person's kind overrides (column → kind); detected kinds are not stored.
    drop_columns : tuple of str
        Columns removed from the table entirely.
    """

    section_name: ClassVar[str] = "data"
    source_name: str | None = _rule("str", None, optional=True)
    na_tokens: tuple[str, ...] = _rule("str_tuple", DEFAULT_NA_TOKENS, unique=True)
    delimiter: str | None = _rule("choice", None, choices=(None, ",", ";", "\t", "|"))
    encoding: str | None = _rule(
        "choice", None, choices=(None, "utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1")
    )
    decimal: str | None = _rule("choice", None, choices=(None, ".", ","))
    sheet: str | None = _rule("str", None, optional=True)
    skip_bad_lines: bool = _rule("bool", False)
    column_types: Mapping[str, str] = _rule("str_map", {}, values=COLUMN_KINDS)
    drop_columns: tuple[str, ...] = _rule("str_tuple", (), unique=True)


@dataclass(frozen=True)
class ProblemSection(_Section):
    """What to predict and how success is measured.

    Parameters
    ----------
    target : str or None
        The column to predict.
    task : {"binary", "multiclass", "regression"} or None
        ``None`` until a target is chosen.
    positive_class : str, int, float, bool or None
        For binary tasks, the class that counts as "positive" (for precision, recall, F1…).
    metric : str or None
        The primary metric's key (see ``core.understand.problem.METRICS``).
    exclude_columns : tuple of str
        Columns kept in the table (e.g. for grouping) but never used as features.
    """

    section_name: ClassVar[str] = "problem"
    target: str | None = _rule("str", None, optional=True, allow_empty=False)
    task: str | None = _rule("choice", None, choices=(None, *TASKS))
    positive_class: str | int | float | bool | None = _rule("scalar", None)
    metric: str | None = _rule("str", None, optional=True, allow_empty=False)
    exclude_columns: tuple[str, ...] = _rule("str_tuple", (), unique=True)

    def _check_combination(self) -> None:
        if self.task is not None and self.target is None:
            raise RecipeError(
                f"The recipe sets problem.task to {self.task!r} but names no target.",
                "A task only makes sense for a chosen target column.",
                "Set problem.target, or remove problem.task.",
            )
        if self.positive_class is not None and self.task != "binary":
            raise RecipeError(
                "The recipe sets problem.positive_class but the task is not binary.",
                "A positive class only exists when there are exactly two classes.",
                "Remove problem.positive_class or set problem.task to 'binary'.",
            )
        if self.target is not None and self.target in self.exclude_columns:
            raise RecipeError(
                f"The target {self.target!r} is also listed in problem.exclude_columns.",
                "The target is never a feature anyway; excluding it is contradictory.",
                "Remove it from problem.exclude_columns.",
            )


NUMERIC_IMPUTATIONS = ("mean", "median", "most_frequent", "constant", "knn", "iterative", "none")
CATEGORICAL_IMPUTATIONS = ("most_frequent", "constant", "none")
DATE_PARTS = ("year", "month", "day", "weekday", "hour", "days_since")
NUMERIC_TRANSFORMS = ("log_columns", "power_columns", "bin_columns", "poly_columns")


@dataclass(frozen=True)
class CleaningSection(_Section):
    """Cleaning choices (filled by the Clean page).

    The first three fields learn nothing and are applied before the split; every other field is
    a pipeline step, learned on training rows only.

    Parameters
    ----------
    drop_duplicates : bool
        Drop exact duplicate rows before the split.
    text_normalisation : {"none", "trim", "trim_lower"}
        Trim (and collapse) whitespace, optionally lower-case, in categorical and text columns.
    category_merges : mapping
        Column → {spelling: canonical value}, chosen by the person.
    numeric_imputation : {"mean", "median", "most_frequent", "constant", "knn", "iterative", "none"}
        How missing numbers (and date parts) are filled.
    categorical_imputation : {"most_frequent", "constant", "none"}
        How missing categories and yes/no values are filled.
    imputation_overrides : mapping of str to str
        Per-column strategy that replaces the default for that column's kind.
    numeric_fill_value, categorical_fill_value : float, str
        The values used by the ``"constant"`` strategy.
    knn_neighbors : int
        Neighbours used by the ``"knn"`` strategy.
    missing_indicators : bool
        Add a 0/1 column per feature that had missing values in training, so a model can learn
        from missingness itself.
    max_missing_share : float or None
        Drop a feature whose share of missing training values is above this; ``None`` keeps all.
    outliers : {"none", "clip_iqr", "clip_quantile", "drop_train_rows"}
        Clip numbers to fences learned on training rows, or drop outlier rows from training
        data only (validation and test rows are never dropped).
    iqr_factor : float
        The fence distance in interquartile ranges (1.5 is Tukey's rule).
    lower_quantile, upper_quantile : float
        Clipping quantiles for ``"clip_quantile"``.
    rare_category_share : float or None
        Group categories rarer than this share of training rows into "other".
    """

    section_name: ClassVar[str] = "cleaning"
    drop_duplicates: bool = _rule("bool", False)
    text_normalisation: str = _rule("choice", "none", choices=("none", "trim", "trim_lower"))
    category_merges: Mapping[str, Mapping[str, str]] = _rule("nested_map", {})
    numeric_imputation: str = _rule("choice", "median", choices=NUMERIC_IMPUTATIONS)
    categorical_imputation: str = _rule("choice", "most_frequent", choices=CATEGORICAL_IMPUTATIONS)
    imputation_overrides: Mapping[str, str] = _rule(
        "str_map", {}, values=tuple(dict.fromkeys(NUMERIC_IMPUTATIONS + CATEGORICAL_IMPUTATIONS))
    )
    numeric_fill_value: float = _rule("float", 0.0, range=(-1e12, 1e12))
    categorical_fill_value: str = _rule("str", "missing", allow_empty=False)
    knn_neighbors: int = _rule("int", 5, range=(1, 50))
    missing_indicators: bool = _rule("bool", False)
    max_missing_share: float | None = _rule("float", None, optional=True, range=(0.01, 0.99))
    outliers: str = _rule(
        "choice", "none", choices=("none", "clip_iqr", "clip_quantile", "drop_train_rows")
    )
    iqr_factor: float = _rule("float", 1.5, range=(0.5, 10.0))
    lower_quantile: float = _rule("float", 0.01, range=(0.0, 0.25))
    upper_quantile: float = _rule("float", 0.99, range=(0.75, 1.0))
    rare_category_share: float | None = _rule("float", None, optional=True, range=(0.001, 0.5))


@dataclass(frozen=True)
class FeaturesSection(_Section):
    """Feature engineering choices (filled by the Features page). All are pipeline steps.

    Parameters
    ----------
    scaling : {"auto", "standard", "minmax", "robust", "none"}
        ``"auto"`` scales for algorithms that need it (linear, distance, kernel, neural) and
        leaves numbers alone for tree ensembles.
    encoding : {"onehot", "ordinal", "target"}
        How categorical columns become numbers; ``"target"`` is cross-fitted.
    max_onehot_levels : int
        Columns one-hot encoding makes per feature at most; rarer levels share one column.
    ordinal_orders : mapping of str to tuple of str
        Columns whose categories have a natural order (low < medium < high), encoded as that
        order whatever the chosen encoding.
    date_parts : tuple of str
        Parts extracted from datetime columns (empty: dates are not used). A part that has
        one value on every training row (the year of one year's dates, the hour of dates
        without times) is left out when fitting.
    date_durations : bool
        With two or more datetime columns in use, add the days between pairs of them (e.g.
        ordered → delivered), for a limited number of pairs.
    log_columns, power_columns, bin_columns, poly_columns : tuple of str
        Numeric columns given a signed log, a Yeo-Johnson transform, quantile bins, or
        polynomial and interaction terms. A column takes at most one of these.
    n_bins : int
        Bins per column for ``bin_columns``.
    poly_degree : int
        Degree of the polynomial terms.
    interaction_only : bool
        Only products of different columns, no powers.
    text : {"tfidf", "exclude"}
        What happens to free-text columns.
    text_max_features : int
        Vocabulary cap per text column.
    variance_threshold : float or None
        Drop output features whose training variance is at most this; ``None`` keeps all.
    selection : {"none", "f_test", "mutual_info", "l1", "tree"}
        Keep the best ``selection_k`` features by a univariate test, an L1 model or tree
        importance.
    selection_k : int
        Features kept by selection.
    reduction : {"none", "pca"}
        Dimensionality reduction.
    pca_variance : float
        Share of variance the PCA components keep.
    imbalance : {"none", "class_weight", "oversample", "undersample", "smote"}
        Class-imbalance treatment; resampling runs inside training folds only.
    """

    section_name: ClassVar[str] = "features"
    scaling: str = _rule("choice", "auto", choices=("auto", "standard", "minmax", "robust", "none"))
    encoding: str = _rule("choice", "onehot", choices=("onehot", "ordinal", "target"))
    max_onehot_levels: int = _rule("int", 20, range=(2, 1000))
    ordinal_orders: Mapping[str, tuple[str, ...]] = _rule("seq_map", {})
    date_parts: tuple[str, ...] = _rule(
        "str_tuple",
        ("year", "month", "weekday", "hour", "days_since"),
        unique=True,
        values=DATE_PARTS,
    )
    date_durations: bool = _rule("bool", True)
    log_columns: tuple[str, ...] = _rule("str_tuple", (), unique=True)
    power_columns: tuple[str, ...] = _rule("str_tuple", (), unique=True)
    bin_columns: tuple[str, ...] = _rule("str_tuple", (), unique=True)
    n_bins: int = _rule("int", 5, range=(2, 50))
    poly_columns: tuple[str, ...] = _rule("str_tuple", (), unique=True)
    poly_degree: int = _rule("int", 2, range=(2, 4))
    interaction_only: bool = _rule("bool", False)
    text: str = _rule("choice", "exclude", choices=("tfidf", "exclude"))
    text_max_features: int = _rule("int", 300, range=(10, 20_000))
    variance_threshold: float | None = _rule("float", None, optional=True, range=(0.0, 1e12))
    selection: str = _rule(
        "choice", "none", choices=("none", "f_test", "mutual_info", "l1", "tree")
    )
    selection_k: int = _rule("int", 20, range=(1, 100_000))
    reduction: str = _rule("choice", "none", choices=("none", "pca"))
    pca_variance: float = _rule("float", 0.95, range=(0.5, 0.999))
    imbalance: str = _rule(
        "choice",
        "none",
        choices=("none", "class_weight", "oversample", "undersample", "smote"),
    )

    def _check_combination(self) -> None:
        seen: dict[str, str] = {}
        for field_name in NUMERIC_TRANSFORMS:
            for column in getattr(self, field_name):
                if column in seen:
                    raise RecipeError(
                        f"The column {column!r} is listed in both features.{seen[column]} and "
                        f"features.{field_name}.",
                        "Each numeric column takes at most one transform (log, Yeo-Johnson, "
                        "bins or polynomial terms).",
                        f"Remove {column!r} from one of the two lists.",
                    )
                seen[column] = field_name


@dataclass(frozen=True)
class SplitSection(_Section):
    """How the held-out test split is made.

    Parameters
    ----------
    strategy : {"auto", "random", "stratified", "time", "group"}
        ``"auto"`` stratifies classification targets and shuffles regression ones.
    test_size : float
        Share of rows held out, between 0.05 and 0.5.
    seed : int
        The integer seed behind every random choice in the workflow.
    time_column, group_column : str or None
        Needed by the time and group strategies.
    """

    section_name: ClassVar[str] = "split"
    strategy: str = _rule(
        "choice", "auto", choices=("auto", "random", "stratified", "time", "group")
    )
    test_size: float = _rule("float", 0.2, range=(0.05, 0.5))
    seed: int = _rule("int", 42, range=(0, 2**32 - 1))
    time_column: str | None = _rule("str", None, optional=True, allow_empty=False)
    group_column: str | None = _rule("str", None, optional=True, allow_empty=False)

    def _check_combination(self) -> None:
        for strategy, column in (("time", "time_column"), ("group", "group_column")):
            if self.strategy == strategy and getattr(self, column) is None:
                raise RecipeError(
                    f"The split strategy is {strategy!r} but split.{column} is not set.",
                    f"A {strategy} split needs to know which column holds the {strategy}s.",
                    f"Set split.{column}, or choose another strategy.",
                )


@dataclass(frozen=True)
class ValidationSection(_Section):
    """Cross-validation scheme on the training split.

    Parameters
    ----------
    scheme : {"auto", "kfold", "stratified_kfold", "group_kfold", "time_series"}
        ``"auto"`` follows the split strategy.
    folds : int
        Number of folds, 2–20.
    repeats : int
        Repeated cross-validation, 1–10 (each repeat reshuffles the rows into new folds).
    shuffle : bool
        Shuffle rows before cutting folds (seeded by ``split.seed``); off keeps file order.
        Time-series folds never shuffle.
    """

    section_name: ClassVar[str] = "validation"
    scheme: str = _rule(
        "choice",
        "auto",
        choices=("auto", "kfold", "stratified_kfold", "group_kfold", "time_series"),
    )
    folds: int = _rule("int", 5, range=(2, 20))
    repeats: int = _rule("int", 1, range=(1, 10))
    shuffle: bool = _rule("bool", True)

    def _check_combination(self) -> None:
        if self.repeats > 1 and not self.shuffle:
            raise RecipeError(
                "The recipe asks for repeated cross-validation without shuffling.",
                "Each repeat reshuffles the rows into new folds; without shuffling every "
                "repeat would produce the same folds.",
                "Turn shuffling on, or set validation.repeats to 1.",
            )


@dataclass(frozen=True)
class ModelSection(_Section):
    """The algorithm and its hyperparameters.

    Parameters
    ----------
    algorithm : str or None
        A key of the model registry; ``None`` until chosen.
    params : mapping of str to scalar
        Hyperparameters that differ from the algorithm's defaults.
    """

    section_name: ClassVar[str] = "model"
    algorithm: str | None = _rule("str", None, optional=True, allow_empty=False)
    params: Mapping[str, Any] = _rule("param_map", {})


@dataclass(frozen=True)
class TuningSection(_Section):
    """Automatic hyperparameter search.

    Parameters
    ----------
    method : {"none", "grid", "random", "halving"}
        Search method.
    n_candidates : int
        Candidates tried by random and halving search.
    budget_seconds : int
        Wall-clock budget for the search.
    grid_points : int
        Values tried per numeric range in a grid search.
    space : mapping
        The searched ranges, per hyperparameter of ``model.algorithm``: ``{"low": 0.01,
        "high": 100, "log": true}`` for numbers, ``{"values": [...]}`` for a list. Empty means
        the registry's default ranges. Checked against the registry when a search runs.
    """

    section_name: ClassVar[str] = "tuning"
    method: str = _rule("choice", "none", choices=("none", "grid", "random", "halving"))
    n_candidates: int = _rule("int", 20, range=(1, 1000))
    budget_seconds: int = _rule("int", 120, range=(5, 3600))
    grid_points: int = _rule("int", 4, range=(2, 10))
    space: Mapping[str, Any] = _rule("space_map", {})


_SECTIONS: dict[str, type[_Section]] = {
    cls.section_name: cls
    for cls in (
        DataSection,
        ProblemSection,
        CleaningSection,
        FeaturesSection,
        SplitSection,
        ValidationSection,
        ModelSection,
        TuningSection,
    )
}


# Version 2's default date parts, spelled out: later defaults must not change old recipes.
_VERSION_2_DATE_PARTS = ["year", "month", "weekday", "days_since"]


def _migrate_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 stored ``features.date_parts`` as on/off; version 2 lists the parts."""
    features = dict(data.get("features", {}))
    if isinstance(features.get("date_parts"), bool):
        features["date_parts"] = list(_VERSION_2_DATE_PARTS) if features["date_parts"] else []
    return {**data, "features": features}


def _migrate_2_to_3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 adds the hour to the default date parts and the days between date columns.

    A version 2 recipe keeps what it meant: its date parts (the old default when it named
    none) and no durations.
    """
    features = dict(data.get("features", {}))
    features.setdefault("date_parts", list(_VERSION_2_DATE_PARTS))
    features.setdefault("date_durations", False)
    return {**data, "features": features}


# version → function turning a dict of that version into a dict of the next version.
_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _migrate_1_to_2,
    2: _migrate_2_to_3,
}


@dataclass(frozen=True)
class Recipe:
    """A whole modelling workflow.

    Parameters
    ----------
    data, problem, cleaning, features, split, validation, model, tuning : sections
        Each defaults to its section's defaults.

    Examples
    --------
    >>> recipe = Recipe().with_section(ProblemSection(target="price", task="regression"))
    >>> Recipe.from_json(recipe.to_json()) == recipe
    True
    """

    data: DataSection = field(default_factory=DataSection)
    problem: ProblemSection = field(default_factory=ProblemSection)
    cleaning: CleaningSection = field(default_factory=CleaningSection)
    features: FeaturesSection = field(default_factory=FeaturesSection)
    split: SplitSection = field(default_factory=SplitSection)
    validation: ValidationSection = field(default_factory=ValidationSection)
    model: ModelSection = field(default_factory=ModelSection)
    tuning: TuningSection = field(default_factory=TuningSection)

    def __post_init__(self) -> None:
        for name, cls in _SECTIONS.items():
            if not isinstance(getattr(self, name), cls):
                raise RecipeError(
                    f"The recipe's {name!r} section is not a {cls.__name__}.",
                    "Each section has its own type.",
                    f"Pass a {cls.__name__}.",
                )

    def with_section(self, section: _Section) -> Recipe:
        """A copy with one section replaced."""
        return replace(self, **{section.section_name: section})

    def to_dict(self) -> dict[str, Any]:
        """The recipe as plain JSON-ready values, with its schema version."""
        return {
            "schema_version": SCHEMA_VERSION,
            **{name: getattr(self, name).to_dict() for name in _SECTIONS},
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The recipe as JSON text (keys sorted, so equal recipes give equal text)."""
        return json.dumps(self.to_dict(), indent=indent, sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Recipe:
        """Build a recipe from a mapping, migrating older schema versions.

        Raises
        ------
        RecipeError
            For unknown sections or fields, invalid values, or an unknown schema version.
        """
        if not isinstance(data, Mapping):
            raise RecipeError(
                "The recipe is not a JSON object.",
                "A recipe is an object with a schema_version and one entry per section.",
                "Use a recipe file written by ModelPath.",
            )
        data = dict(data)
        version = data.pop("schema_version", None)
        if not isinstance(version, int) or isinstance(version, bool):
            raise RecipeError(
                "The recipe has no valid 'schema_version'.",
                "Without it ModelPath cannot tell how to read the other fields.",
                f'Add "schema_version": {SCHEMA_VERSION} if the recipe was written for this '
                "version.",
            )
        if version > SCHEMA_VERSION:
            raise RecipeError(
                f"The recipe has schema version {version}, newer than this ModelPath "
                f"understands ({SCHEMA_VERSION}).",
                "It was written by a newer ModelPath.",
                "Upgrade ModelPath to read it.",
            )
        while version < SCHEMA_VERSION:
            migrate = _MIGRATIONS.get(version)
            if migrate is None:
                raise RecipeError(
                    f"The recipe has schema version {version}, which this ModelPath can no "
                    "longer read.",
                    "No migration from that version exists.",
                    "Rebuild the recipe in the app.",
                )
            data, version = migrate(data), version + 1
        unknown = sorted(set(data) - set(_SECTIONS))
        if unknown:
            raise RecipeError(
                "The recipe has unknown section(s): " + ", ".join(repr(u) for u in unknown) + ".",
                "Allowed sections are: schema_version, " + ", ".join(_SECTIONS) + ".",
                "Remove or rename the unknown sections.",
            )
        return cls(**{name: _SECTIONS[name].from_dict(data.get(name, {})) for name in _SECTIONS})

    @classmethod
    def from_json(cls, text: str) -> Recipe:
        """Parse a recipe from JSON text.

        Raises
        ------
        RecipeError
            When the text is not JSON or not a valid recipe.
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RecipeError(
                f"The recipe is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).",
                "A recipe file is JSON text written by ModelPath.",
                "Fix the JSON or export the recipe again.",
            ) from exc
        return cls.from_dict(data)

    def fingerprint(self, *sections: str) -> str:
        """A short content hash of the recipe, or of some of its sections.

        Results carry the fingerprint of the sections they depend on, so a page can tell when
        they are stale.
        """
        names = sections or tuple(_SECTIONS)
        payload = {name: getattr(self, name).to_dict() for name in names}
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
