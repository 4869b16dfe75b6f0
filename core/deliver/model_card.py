"""The model card: what using a fitted model on new rows takes, pinned from training.

A fitted pipeline expects its features exactly as training produced them: each column converted
to its kind (:func:`core.data.columns.apply_column_kinds`) and cleaned column by column
(:func:`core.prepare.cleaning.clean_columns`). The :class:`ModelCard` carries what that takes, away
from the training data: the recipe, and per feature its kind, date format and number notation,
pinned from training. New rows are never re-inferred (a small file could read "01" as a number or a
yes/no column as text); they are converted as the training table was
(:mod:`core.deliver.predict`). The card also carries what a form and a summary need: value
ranges, medians, the categories seen and the scores.

The card holds only JSON types, so a model file (:mod:`core.deliver.modelfile`) can store it beside
the pipeline and anybody can read it without loading the model; :meth:`ModelCard.from_dict`
checks every value it reads back.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from core.data import ColumnInfo, ColumnKind, parse_numbers
from core.errors import ModelPathError, RecipeError
from core.recipe import TASKS, Recipe
from core.understand import METRICS

if TYPE_CHECKING:
    from core.data import PreparedTable
    from core.evaluate import TrainedModel
    from core.prepare import TrainingData

__all__ = [
    "CARD_VERSION",
    "MAX_CHOICES",
    "FeatureField",
    "ModelCard",
    "PredictionError",
    "model_card",
]

CARD_VERSION = 1
# Categories listed per feature. The form offers them; unseen-category counts need all of them,
# so columns with more are not counted (see :func:`model_input`).
MAX_CHOICES = 1000
FEATURE_KINDS = (
    ColumnKind.NUMERIC,
    ColumnKind.BOOLEAN,
    ColumnKind.CATEGORICAL,
    ColumnKind.DATETIME,
    ColumnKind.TEXT,
)
_CARD_FIX = (
    "Save the model again from the app, or use a model file written by this version of ModelPath."
)


class PredictionError(ModelPathError):
    """A model cannot be used on the given rows, or its card is damaged."""


# --- the card --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeatureField:
    """One input column of a model: how to read it, and what training saw in it.

    Parameters
    ----------
    name : str
        Column name.
    kind : str
        A :class:`~core.data.columns.ColumnKind` value: numeric, boolean, categorical, datetime or
        text.
    date_format : str or None, default=None
        For dates written as text in training: the format that read them.
    minimum, maximum, median : float, str or None, default=None
        Numeric columns: over the training rows (present, finite values). Datetime columns: ISO
        strings. None for other kinds.
    choices : tuple of str, default=()
        Categorical columns: the values the model learned (after cleaning), most frequent first,
        at most :data:`MAX_CHOICES`. Boolean columns: the spelling training used for each of
        yes and no (e.g. ``("yes", "no")``), more frequent first. Empty for other kinds.
    n_choices : int, default=0
        How many distinct values training had (may exceed ``len(choices)``).
    missing_share : float, default=0.0
        Share of training rows where the column is missing.
    decimal : str or None, default=None
        Numeric columns written as text in training: the decimal mark that read them (``"."``
        or ``","``), so new text numbers are read the same way. None when training stored
        numbers as numbers.
    """

    name: str
    kind: str
    date_format: str | None = None
    minimum: float | str | None = None
    maximum: float | str | None = None
    median: float | str | None = None
    choices: tuple[str, ...] = ()
    n_choices: int = 0
    missing_share: float = 0.0
    decimal: str | None = None

    @property
    def default(self) -> object:
        """A sensible value for a form: the median, the most frequent value, or None."""
        if self.kind == ColumnKind.NUMERIC:
            return self.median
        if self.kind == ColumnKind.DATETIME:
            return None if self.median is None else pd.Timestamp(self.median)
        if self.kind in (ColumnKind.CATEGORICAL, ColumnKind.BOOLEAN) and self.choices:
            return self.choices[0]
        return None

    @property
    def complete_choices(self) -> bool:
        """Whether ``choices`` lists every value training had."""
        return len(self.choices) >= self.n_choices

    def column_info(self) -> ColumnInfo:
        """The :class:`~core.data.columns.ColumnInfo` that converts new values as in training."""
        return ColumnInfo(
            name=self.name,
            kind=ColumnKind(self.kind),
            reason="As when the model was trained.",
            n_missing=0,
            n_unique=self.n_choices,
            date_format=self.date_format,
        )

    def to_dict(self) -> dict[str, Any]:
        """The field as JSON types."""
        return {
            "name": self.name,
            "kind": self.kind,
            "date_format": self.date_format,
            "minimum": self.minimum,
            "maximum": self.maximum,
            "median": self.median,
            "choices": list(self.choices),
            "n_choices": self.n_choices,
            "missing_share": self.missing_share,
            "decimal": self.decimal,
        }

    @classmethod
    def from_dict(cls, data: object) -> FeatureField:
        """Read a field written by :meth:`to_dict`.

        Raises
        ------
        PredictionError
            When a key is missing or holds the wrong type.
        """
        where = "a feature"
        data = _mapping(data, where)
        name = _get(data, "name", str, where)
        where = f"feature ‘{name}’"
        kind = _get(data, "kind", str, where)
        if kind not in FEATURE_KINDS:
            allowed = ", ".join(k.value for k in FEATURE_KINDS)
            raise _card_error(f"{where} has the kind {kind!r}; allowed kinds are {allowed}")
        decimal = _get(data, "decimal", str, where, optional=True)
        if decimal not in (None, ".", ","):
            raise _card_error(f"{where} has the decimal mark {decimal!r}")
        choices = _get(data, "choices", list, where)
        if not all(isinstance(c, str) for c in choices):
            raise _card_error(f"{where} has choices that are not text")
        return cls(
            name=name,
            kind=kind,
            date_format=_get(data, "date_format", str, where, optional=True),
            minimum=_statistic(data, "minimum", where),
            maximum=_statistic(data, "maximum", where),
            median=_statistic(data, "median", where),
            choices=tuple(choices),
            n_choices=_get(data, "n_choices", int, where),
            missing_share=_get(data, "missing_share", float, where),
            decimal=decimal,
        )


@dataclass(frozen=True)
class ModelCard:
    """Everything needed to use a fitted pipeline away from its training data.

    Parameters
    ----------
    recipe : Recipe
        The recipe that was trained (algorithm and hyperparameters included).
    target : str
        The column the model predicts.
    task : str
        ``"binary"``, ``"multiclass"`` or ``"regression"``.
    classes : tuple
        The pipeline's ``classes_`` (labels as trained, as plain Python values); ``()`` for
        regression.
    positive_class : object or None
        Binary: the class that counts as positive, as the model's own label.
    features : tuple of FeatureField
        One per input column, in the order of the training features.
    metric, metric_label : str
        The primary metric's key and name.
    scores : mapping of str to float or None
        ``cv_mean``, ``cv_std``, ``test_score``, ``baseline_cv_mean``, ``baseline_test_score``
        in the metric's units; None when unknown.
    n_train, n_test : int
        Rows in the training and test splits.
    algorithm, algorithm_label : str
        The model's registry key and name.
    source_name : str or None
        The data file name or sample label.
    created : str
        When the card was made (ISO 8601, UTC).
    """

    recipe: Recipe
    target: str
    task: str
    classes: tuple
    positive_class: object | None
    features: tuple[FeatureField, ...]
    metric: str
    metric_label: str
    scores: Mapping[str, float | None]
    n_train: int
    n_test: int
    algorithm: str
    algorithm_label: str
    source_name: str | None
    created: str

    @property
    def feature_names(self) -> tuple[str, ...]:
        """The input columns, in training order."""
        return tuple(f.name for f in self.features)

    def feature(self, name: str) -> FeatureField:
        """The field of one input column (KeyError when the model has no such input)."""
        for feature in self.features:
            if feature.name == name:
                return feature
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """The card as JSON types (str, int, float, bool, None, list, dict); no NaN.

        Returns
        -------
        dict
            ``json.loads(json.dumps(card.to_dict()))`` reads back to an equal card with
            :meth:`from_dict`.
        """
        return {
            "card_version": CARD_VERSION,
            "recipe": _json_recipe(self.recipe),
            "target": self.target,
            "task": self.task,
            "classes": list(self.classes),
            "positive_class": self.positive_class,
            "features": [f.to_dict() for f in self.features],
            "metric": self.metric,
            "metric_label": self.metric_label,
            "scores": {key: _finite_or_none(value) for key, value in self.scores.items()},
            "n_train": self.n_train,
            "n_test": self.n_test,
            "algorithm": self.algorithm,
            "algorithm_label": self.algorithm_label,
            "source_name": self.source_name,
            "created": self.created,
        }

    @classmethod
    def from_dict(cls, data: object) -> ModelCard:
        """Read and check a card written by :meth:`to_dict`.

        Parameters
        ----------
        data : mapping
            The card as JSON types.

        Returns
        -------
        ModelCard

        Raises
        ------
        PredictionError
            When the card comes from a newer version, misses a key, holds a wrong type or an
            invalid recipe.
        """
        where = "the card"
        data = _mapping(data, where)
        version = data.get("card_version")
        if version != CARD_VERSION:
            if isinstance(version, int) and not isinstance(version, bool) and version > 1:
                raise PredictionError(
                    f"The model file was written by a newer version of ModelPath (card version "
                    f"{version}; this version reads {CARD_VERSION}).",
                    "Its description of the model's inputs may hold things this version does "
                    "not know.",
                    "Update ModelPath, or save the model again with this version.",
                )
            raise _card_error(f"the card version is {version!r}, not {CARD_VERSION}")
        try:
            recipe = Recipe.from_dict(_mapping(data.get("recipe"), "the recipe"))
        except RecipeError as exc:
            raise _card_error(f"its recipe is invalid: {exc.one_line()}") from exc
        task = _get(data, "task", str, where)
        if task not in TASKS:
            raise _card_error(f"the task is {task!r}, not one of {', '.join(TASKS)}")
        classes = _get(data, "classes", list, where)
        if not all(_is_label(c) for c in classes) or len(set(classes)) != len(classes):
            raise _card_error("the class labels are not distinct plain values")
        if (task == "regression") != (not classes):
            raise _card_error(f"a {task} model has {len(classes)} class labels")
        positive = data.get("positive_class")
        if positive is not None and (task != "binary" or positive not in classes):
            raise _card_error(f"the positive class {positive!r} is not one of the classes")
        features = tuple(
            FeatureField.from_dict(item) for item in _get(data, "features", list, where)
        )
        names = [f.name for f in features]
        if not features or len(set(names)) != len(names):
            raise _card_error("the list of input columns is empty or names a column twice")
        scores = _mapping(data.get("scores"), "the scores")
        for key, value in scores.items():
            if not isinstance(key, str) or not (value is None or _is_number(value)):
                raise _card_error(f"the score {key!r} is not a number")
        return cls(
            recipe=recipe,
            target=_get(data, "target", str, where),
            task=task,
            classes=tuple(classes),
            positive_class=positive,
            features=features,
            metric=_get(data, "metric", str, where),
            metric_label=_get(data, "metric_label", str, where),
            scores=MappingProxyType(
                {k: None if v is None else float(v) for k, v in scores.items()}
            ),
            n_train=_get(data, "n_train", int, where),
            n_test=_get(data, "n_test", int, where),
            algorithm=_get(data, "algorithm", str, where),
            algorithm_label=_get(data, "algorithm_label", str, where),
            source_name=_get(data, "source_name", str, where, optional=True),
            created=_get(data, "created", str, where),
        )


def model_card(
    trained: TrainedModel,
    data: TrainingData,
    table: PreparedTable,
    *,
    source_name: str | None = None,
) -> ModelCard:
    """Describe a trained model so that it can be used away from its training data.

    Parameters
    ----------
    trained : TrainedModel
        The training result; needs its final refit.
    data : TrainingData
        The data it was trained on (``X_train`` gives the features, their order and ranges).
    table : PreparedTable
        The table the data came from (kinds, date formats, the values as loaded).
    source_name : str, optional
        The data file name or sample label; defaults to the recipe's ``data.source_name``.

    Returns
    -------
    ModelCard

    Raises
    ------
    PredictionError
        When training stopped before the final refit, so there is no model to describe.
    """
    final = trained.final
    if final is None:
        raise PredictionError(
            "There is no final model to save or use.",
            "Training was stopped before the model was refitted on the whole training split.",
            "Train again and let it finish.",
        )
    recipe = trained.recipe
    task = data.task
    classes = () if task == "regression" else tuple(_plain(c) for c in final.pipeline.classes_)
    positive = _plain(final.test.positive_class) if task == "binary" else None
    cv, baseline_cv = trained.cv, trained.baseline_cv
    scores = {
        "cv_mean": cv.mean,
        "cv_std": cv.std,
        "test_score": final.test_score,
        "baseline_cv_mean": None if baseline_cv is None else baseline_cv.mean,
        "baseline_test_score": final.baseline_test_score,
    }
    features = tuple(
        _feature_field(table.info(name), data.X_train[name], table.raw[name], data.X_train.index)
        for name in data.X_train.columns
    )
    metric = METRICS.get(trained.metric)
    return ModelCard(
        recipe=recipe,
        target=str(recipe.problem.target),
        task=task,
        classes=classes,
        positive_class=positive,
        features=features,
        metric=trained.metric,
        metric_label=metric.label if metric is not None else trained.metric,
        scores=MappingProxyType({k: _finite_or_none(v) for k, v in scores.items()}),
        n_train=len(data.X_train),
        n_test=len(data.X_test),
        algorithm=cv.algorithm,
        algorithm_label=cv.label,
        source_name=source_name if source_name is not None else recipe.data.source_name,
        created=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def _feature_field(
    info: ColumnInfo, values: pd.Series, raw: pd.Series, train_index: pd.Index
) -> FeatureField:
    """One feature's field from its training values (converted and cleaned) and raw column."""
    kind = info.kind
    base = FeatureField(
        name=info.name,
        kind=kind.value,
        date_format=info.date_format if kind is ColumnKind.DATETIME else None,
        missing_share=float(values.isna().mean()) if len(values) else 0.0,
    )
    if kind is ColumnKind.NUMERIC:
        numbers = values.to_numpy(dtype="float64", na_value=np.nan)
        finite = numbers[np.isfinite(numbers)]
        decimal = None
        if _is_text(raw):
            # The whole column was read at once in training, so its vote is the column's.
            _, style = parse_numbers(raw.astype("str").str.strip())
            decimal = "," if "decimal comma" in style else "."
        return replace(
            base,
            minimum=float(finite.min()) if finite.size else None,
            maximum=float(finite.max()) if finite.size else None,
            median=float(np.median(finite)) if finite.size else None,
            decimal=decimal,
        )
    if kind is ColumnKind.DATETIME:
        present = values.dropna()
        if not len(present):
            return base
        return replace(
            base,
            minimum=present.min().isoformat(),
            maximum=present.max().isoformat(),
            median=present.median().isoformat(),
        )
    if kind is ColumnKind.CATEGORICAL:
        counts = _counts(values.dropna().astype("str"))
        return replace(base, choices=tuple(counts.index[:MAX_CHOICES]), n_choices=len(counts))
    if kind is ColumnKind.BOOLEAN:
        spellings = _boolean_spellings(raw.loc[train_index], values)
        return replace(base, choices=spellings, n_choices=len(spellings))
    return replace(base, n_choices=int(values.nunique()))


def _boolean_spellings(raw: pd.Series, values: pd.Series) -> tuple[str, ...]:
    """The most frequent spelling of yes and of no as loaded, the more frequent answer first."""
    spelled = raw.astype("str").str.strip()
    answers = []
    for truth in (1.0, 0.0):
        rows = (values == truth) & raw.notna()
        if rows.any():
            answers.append((-int(rows.sum()), -truth, _counts(spelled[rows]).index[0]))
    return tuple(spelling for *_, spelling in sorted(answers))


def _counts(values: pd.Series) -> pd.Series:
    """Value counts, most frequent first and ties in text order, so cards are reproducible."""
    counts = values.value_counts()
    order = sorted(counts.index, key=lambda v: (-int(counts[v]), str(v)))
    return counts.loc[order]


# --- helpers ---------------------------------------------------------------------------------


def _is_text(values: pd.Series) -> bool:
    return not (
        pd.api.types.is_numeric_dtype(values.dtype)
        or pd.api.types.is_datetime64_any_dtype(values.dtype)
    )


def _plain(value: object) -> object:
    """A numpy scalar as the Python value JSON understands (labels, classes)."""
    return value.item() if isinstance(value, np.generic) else value


def _finite_or_none(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _json_recipe(recipe: Recipe) -> dict[str, Any]:
    # The recipe's own JSON writer decides how its values become JSON (tuples → lists).
    return json.loads(recipe.to_json(indent=None))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_label(value: object) -> bool:
    return isinstance(value, str | int | float | bool) and not (
        isinstance(value, float) and not math.isfinite(value)
    )


def _card_error(problem: str) -> PredictionError:
    return PredictionError(
        f"The model file's description of the model is damaged: {problem}.",
        "The description says which columns the model needs and how to read them; without a "
        "valid one the model can't be used safely.",
        _CARD_FIX,
    )


def _mapping(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _card_error(f"{where} is not a set of named values")
    return value


_TYPE_WORDS = {str: "text", int: "a whole number", float: "a number", list: "a list"}


def _get(data: Mapping[str, Any], key: str, kind: type, where: str, *, optional: bool = False):
    if key not in data:
        raise _card_error(f"{where} has no {key!r}")
    value = data[key]
    if value is None and optional:
        return None
    if kind is float and _is_number(value):
        value = float(value)
        if not math.isfinite(value):
            raise _card_error(f"{where}: {key!r} is not a finite number")
        return value
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _card_error(f"{where}: {key!r} is not {_TYPE_WORDS[kind]}")
    return value


def _statistic(data: Mapping[str, Any], key: str, where: str) -> float | str | None:
    value = data.get(key)
    if value is None or isinstance(value, str):
        return value
    if _is_number(value) and math.isfinite(value):
        return float(value)
    raise _card_error(f"{where}: {key!r} is neither a number nor a date")
