"""The recipe: one frozen, versioned, JSON-serialisable description of a modelling workflow.

Every page edits one section; ``core`` executes recipes; every run stores its recipe; the
exported script and the command line are rendered from one. Same recipe + same data + same
seed ⇒ same numbers.

Each field declares its constraint (allowed choices, a numeric range, a container shape; see
:mod:`core.recipe_constraints`) with ``field_rule``, so validation, normalisation and error
messages come from one place and a new field is one line. Unknown fields and invalid values
raise :class:`~core.errors.RecipeError` naming the field and what is allowed. Older schema
versions are migrated or refused with a message; never silently.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, ClassVar

from core.errors import RecipeError
from core.recipe_constraints import (
    Choice,
    Flag,
    NameMap,
    Names,
    NestedMap,
    Number,
    OrderMap,
    ParamMap,
    Scalar,
    SpaceMap,
    Text,
    field_rule,
    thaw,
)

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


class _Section:
    """Shared behaviour of recipe sections: validation, dict round trip."""

    section_name: ClassVar[str] = ""

    def __post_init__(self) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            where = f"{self.section_name}.{f.name}"
            checked = f.metadata["constraint"].check(getattr(self, f.name), where)
            object.__setattr__(self, f.name, checked)
        self._check_combination()

    def _check_combination(self) -> None:
        """Cross-field rules; sections override."""

    def to_dict(self) -> dict[str, Any]:
        """The section as plain JSON-ready values."""
        return {f.name: thaw(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]

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
    source_name: str | None = field_rule(Text(optional=True), None)
    na_tokens: tuple[str, ...] = field_rule(Names(unique=True), DEFAULT_NA_TOKENS)
    delimiter: str | None = field_rule(Choice((None, ",", ";", "\t", "|")), None)
    encoding: str | None = field_rule(
        Choice((None, "utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1")), None
    )
    decimal: str | None = field_rule(Choice((None, ".", ",")), None)
    sheet: str | None = field_rule(Text(optional=True), None)
    skip_bad_lines: bool = field_rule(Flag(), False)
    column_types: Mapping[str, str] = field_rule(NameMap(values=COLUMN_KINDS), {})
    drop_columns: tuple[str, ...] = field_rule(Names(unique=True), ())


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
    target: str | None = field_rule(Text(allow_empty=False, optional=True), None)
    task: str | None = field_rule(Choice((None, *TASKS)), None)
    positive_class: str | int | float | bool | None = field_rule(Scalar(), None)
    metric: str | None = field_rule(Text(allow_empty=False, optional=True), None)
    exclude_columns: tuple[str, ...] = field_rule(Names(unique=True), ())

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
    drop_duplicates: bool = field_rule(Flag(), False)
    text_normalisation: str = field_rule(Choice(("none", "trim", "trim_lower")), "none")
    category_merges: Mapping[str, Mapping[str, str]] = field_rule(NestedMap(), {})
    numeric_imputation: str = field_rule(Choice(NUMERIC_IMPUTATIONS), "median")
    categorical_imputation: str = field_rule(Choice(CATEGORICAL_IMPUTATIONS), "most_frequent")
    imputation_overrides: Mapping[str, str] = field_rule(
        NameMap(values=tuple(dict.fromkeys(NUMERIC_IMPUTATIONS + CATEGORICAL_IMPUTATIONS))), {}
    )
    numeric_fill_value: float = field_rule(Number(float, (-1e12, 1e12)), 0.0)
    categorical_fill_value: str = field_rule(Text(allow_empty=False), "missing")
    knn_neighbors: int = field_rule(Number(int, (1, 50)), 5)
    missing_indicators: bool = field_rule(Flag(), False)
    max_missing_share: float | None = field_rule(Number(float, (0.01, 0.99), optional=True), None)
    outliers: str = field_rule(
        Choice(("none", "clip_iqr", "clip_quantile", "drop_train_rows")), "none"
    )
    iqr_factor: float = field_rule(Number(float, (0.5, 10.0)), 1.5)
    lower_quantile: float = field_rule(Number(float, (0.0, 0.25)), 0.01)
    upper_quantile: float = field_rule(Number(float, (0.75, 1.0)), 0.99)
    rare_category_share: float | None = field_rule(Number(float, (0.001, 0.5), optional=True), None)


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
    scaling: str = field_rule(Choice(("auto", "standard", "minmax", "robust", "none")), "auto")
    encoding: str = field_rule(Choice(("onehot", "ordinal", "target")), "onehot")
    max_onehot_levels: int = field_rule(Number(int, (2, 1000)), 20)
    ordinal_orders: Mapping[str, tuple[str, ...]] = field_rule(OrderMap(), {})
    date_parts: tuple[str, ...] = field_rule(
        Names(unique=True, values=DATE_PARTS), ("year", "month", "weekday", "hour", "days_since")
    )
    date_durations: bool = field_rule(Flag(), True)
    log_columns: tuple[str, ...] = field_rule(Names(unique=True), ())
    power_columns: tuple[str, ...] = field_rule(Names(unique=True), ())
    bin_columns: tuple[str, ...] = field_rule(Names(unique=True), ())
    n_bins: int = field_rule(Number(int, (2, 50)), 5)
    poly_columns: tuple[str, ...] = field_rule(Names(unique=True), ())
    poly_degree: int = field_rule(Number(int, (2, 4)), 2)
    interaction_only: bool = field_rule(Flag(), False)
    text: str = field_rule(Choice(("tfidf", "exclude")), "exclude")
    text_max_features: int = field_rule(Number(int, (10, 20_000)), 300)
    variance_threshold: float | None = field_rule(Number(float, (0.0, 1e12), optional=True), None)
    selection: str = field_rule(Choice(("none", "f_test", "mutual_info", "l1", "tree")), "none")
    selection_k: int = field_rule(Number(int, (1, 100_000)), 20)
    reduction: str = field_rule(Choice(("none", "pca")), "none")
    pca_variance: float = field_rule(Number(float, (0.5, 0.999)), 0.95)
    imbalance: str = field_rule(
        Choice(("none", "class_weight", "oversample", "undersample", "smote")), "none"
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
    strategy: str = field_rule(Choice(("auto", "random", "stratified", "time", "group")), "auto")
    test_size: float = field_rule(Number(float, (0.05, 0.5)), 0.2)
    seed: int = field_rule(Number(int, (0, 2**32 - 1)), 42)
    time_column: str | None = field_rule(Text(allow_empty=False, optional=True), None)
    group_column: str | None = field_rule(Text(allow_empty=False, optional=True), None)

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
    scheme: str = field_rule(
        Choice(("auto", "kfold", "stratified_kfold", "group_kfold", "time_series")), "auto"
    )
    folds: int = field_rule(Number(int, (2, 20)), 5)
    repeats: int = field_rule(Number(int, (1, 10)), 1)
    shuffle: bool = field_rule(Flag(), True)

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
    algorithm: str | None = field_rule(Text(allow_empty=False, optional=True), None)
    params: Mapping[str, Any] = field_rule(ParamMap(), {})


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
    method: str = field_rule(Choice(("none", "grid", "random", "halving")), "none")
    n_candidates: int = field_rule(Number(int, (1, 1000)), 20)
    budget_seconds: int = field_rule(Number(int, (5, 3600)), 120)
    grid_points: int = field_rule(Number(int, (2, 10)), 4)
    space: Mapping[str, Any] = field_rule(SpaceMap(), {})


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
