"""Using a fitted model on new rows: the input checks, the predictions and their downloads.

New rows are read as the training table was, with the kinds, date formats and number notations
pinned in the :class:`~core.deliver.model_card.ModelCard` (never re-inferred: a small file could
read "01" as a number or a yes/no column as text), then cleaned column by column
(:func:`core.prepare.cleaning.clean_columns`). :func:`model_input` checks the rows against the
card and says what it changed; :func:`predict_rows` predicts; the one-row form
(:func:`form_fields`, :func:`row_from_inputs`) builds a row the same way; the downloads
(:func:`predictions_csv`, :func:`predictions_excel`) are spreadsheet-safe.
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from core.data import (
    ColumnInfo,
    ColumnKind,
    SchemaCheck,
    apply_column_kinds,
    check_schema,
    infer_column,
    parse_numbers,
)
from core.deliver.model_card import (
    _CARD_FIX,
    FeatureField,
    ModelCard,
    PredictionError,
    _is_number,
    _is_text,
    _plain,
)
from core.deliver.spreadsheet import spreadsheet_safe
from core.errors import ModelPathError
from core.prepare import clean_columns

__all__ = [
    "PREDICTION_COLUMN",
    "ModelInput",
    "Predicted",
    "form_fields",
    "model_input",
    "predict_rows",
    "predictions_csv",
    "predictions_excel",
    "row_from_inputs",
]

PREDICTION_COLUMN = "prediction"
PROBABILITY_PREFIX = "probability: "
# As core.data.schema: above this share of unreadable present values a column no longer holds its
# kind.
_MAX_UNREADABLE_SHARE = 0.05
_MAX_NAMES = 10
_EXCEL_MAX_ROWS = 1_048_575  # one row is the header
_EXCEL_MAX_COLUMNS = 16_384


# --- new rows → model input ------------------------------------------------------------------


@dataclass(frozen=True)
class ModelInput:
    """New rows converted and cleaned as training did, ready for ``pipeline.predict``.

    Parameters
    ----------
    X : pandas.DataFrame
        The feature columns in training order, with the new rows' index.
    check : SchemaCheck
        How the new rows compare with what the model expects.
    notices : tuple of str
        Things worth knowing that did not stop the prediction, one sentence each.
    """

    X: pd.DataFrame
    check: SchemaCheck
    notices: tuple[str, ...] = ()


def model_input(card: ModelCard, raw: pd.DataFrame) -> ModelInput:
    """Convert rows as loaded into the model's input, with the kinds pinned from training.

    Each feature column is converted to its training kind (dates in their training format,
    text numbers in their training notation) and cleaned as in training (yes/no to 0/1, text
    normalisation and category merges). No row is dropped. Columns the model does not use are
    ignored, the column order does not matter, and categories the model never saw are counted
    (the pipeline's encoders handle them). Unseen categories are only counted for columns whose
    training categories are all on the card (at most :data:`MAX_CHOICES`).

    Parameters
    ----------
    card : ModelCard
        The model's card.
    raw : pandas.DataFrame
        The new rows as loaded (:func:`core.data.intake.load_table`), text not yet converted; not
        modified. The target column may be present; it is not used.

    Returns
    -------
    ModelInput

    Raises
    ------
    PredictionError
        When a column the model needs is missing, a numeric or date column mostly cannot be read
        as numbers or dates, there are no rows, or the column names are not unique.
    """
    raw = _checked_frame(raw)
    features = card.features
    present = [f for f in features if f.name in raw.columns]
    pinned = {
        f.name: _numbers_in_notation(raw[f.name], f.decimal)
        for f in present
        if f.kind == ColumnKind.NUMERIC and f.decimal is not None and _is_text(raw[f.name])
    }
    source = raw[[f.name for f in present]].assign(**pinned)
    infos = [f.column_info() for f in features]
    converted = apply_column_kinds(source, infos).frame
    cleaned, _ = clean_columns(converted, infos, card.recipe.cleaning, target=None)

    check = _schema_check(card, raw, cleaned, pinned)
    if not check.ok:
        raise PredictionError(
            "These rows can't be used with this model.",
            " ".join(check.problems()),
            "Use a file with every column the model was trained on (names must match exactly, "
            "including capitals and spaces), at least one row, and numbers or dates where "
            "training had them. Extra columns are fine: they are ignored.",
        )
    X = cleaned[list(card.feature_names)]
    return ModelInput(X=X, check=check, notices=tuple(_notices(card, raw, X, check)))


def _checked_frame(raw: object) -> pd.DataFrame:
    """The frame with text column names; repeated names are refused."""
    if not isinstance(raw, pd.DataFrame):
        raise TypeError(f"model_input needs a pandas DataFrame, not {type(raw).__name__}.")
    names = [str(c) for c in raw.columns]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise PredictionError(
            f"The file has more than one column named {_names(repeated)}.",
            "Each column must be identifiable by its name to match the model's inputs.",
            "Rename or remove the repeated columns.",
        )
    return raw if list(raw.columns) == names else raw.set_axis(names, axis=1)


def _numbers_in_notation(values: pd.Series, decimal: str) -> pd.Series:
    """Text numbers read with the training notation (the conversion's own parser, pinned)."""
    return parse_numbers(values.astype("str").str.strip(), decimal=decimal)[0]


def _schema_check(
    card: ModelCard, raw: pd.DataFrame, cleaned: pd.DataFrame, pinned: Mapping[str, pd.Series]
) -> SchemaCheck:
    """:func:`core.data.schema.check_schema` against a reference made from the card.

    Categorical columns are compared after cleaning (the card lists cleaned categories), and
    text numbers read in the training notation are counted here rather than re-read there.
    """
    reference: dict[str, pd.Series] = {}
    kinds: list[ColumnInfo] = []
    for feature in card.features:
        info = feature.column_info()
        if feature.kind == ColumnKind.CATEGORICAL and not feature.complete_choices:
            # The check leaves text alone: with categories unlisted, nothing can be called new.
            info = replace(info, kind=ColumnKind.TEXT)
        kinds.append(info)
        reference[feature.name] = pd.Series(list(feature.choices), dtype="str")
    if card.target in raw.columns and card.target not in reference:
        # Present but optional: it is neither missing nor an extra column.
        reference[card.target] = pd.Series([], dtype="str")
        kinds.append(ColumnInfo(card.target, ColumnKind.TEXT, "The target.", 0, 0))
    replaced = {
        f.name: cleaned[f.name]
        for f in card.features
        if f.kind == ColumnKind.CATEGORICAL and f.name in cleaned.columns
    }
    new = raw.assign(**replaced, **pinned)
    check = check_schema(
        pd.DataFrame(reference),
        new,
        required=list(card.feature_names),
        kinds=kinds,
        reference_name=card.source_name or "",
    )
    return _with_pinned_numbers(check, raw, pinned) if pinned else check


def _with_pinned_numbers(
    check: SchemaCheck, raw: pd.DataFrame, pinned: Mapping[str, pd.Series]
) -> SchemaCheck:
    """Add the unreadable text numbers of pinned-notation columns to the check."""
    unreadable = dict(check.unreadable)
    examples = dict(check.examples)
    mismatches = list(check.kind_mismatches)
    for name, numbers in pinned.items():
        original = raw[name]
        lost = numbers.isna() & original.notna()
        if not lost.any():
            continue
        n_lost, n_present = int(lost.sum()), int(original.notna().sum())
        unreadable[name] = (n_lost, n_present)
        examples[name] = tuple(pd.unique(original[lost].astype("str"))[:3])
        if n_lost > _MAX_UNREADABLE_SHARE * n_present:
            mismatches.append((name, ColumnKind.NUMERIC.value, _found_kind(original)))
    return replace(
        check,
        unreadable=MappingProxyType(unreadable),
        examples=MappingProxyType(examples),
        kind_mismatches=tuple(mismatches),
    )


def _found_kind(values: pd.Series) -> str:
    kind = infer_column(values).kind
    if kind in (ColumnKind.IDENTIFIER, ColumnKind.CONSTANT):
        return ColumnKind.CATEGORICAL.value
    return kind.value


def _notices(card: ModelCard, raw: pd.DataFrame, X: pd.DataFrame, check: SchemaCheck) -> list[str]:
    notices = []
    extra = [c for c in check.extra if c != card.target]
    if extra:
        noun = (
            "column the model does not use" if len(extra) == 1 else "columns the model does not use"
        )
        notices.append(f"Ignored {len(extra)} {noun}: {_names(extra)}.")
    if card.target in raw.columns:
        notices.append(
            f"The target column ‘{card.target}’ is in the file; the model does not read it, and "
            "it stays beside the predictions for comparison."
        )
    mismatched = {column for column, _, _ in check.kind_mismatches}
    for column, (count, _) in check.unreadable.items():
        if column in mismatched:
            continue
        what = "numbers" if card.feature(column).kind == ColumnKind.NUMERIC else "dates"
        examples = ", ".join(f"‘{v}’" for v in check.examples.get(column, ()))
        notices.append(
            f"Treated as missing: {_count(count, 'value')} in ‘{column}’ that can't be read as "
            f"{what} (e.g. {examples})."
        )
    for column, count in check.unseen_categories.items():
        notices.append(
            f"‘{column}’ holds a value the model never saw in training in "
            f"{_count(count, 'row')}; the model handles it as an unknown category."
        )
    outside = []
    for feature in card.features:
        if feature.kind != ColumnKind.NUMERIC or feature.minimum is None:
            continue
        values = X[feature.name]
        count = int(((values < feature.minimum) | (values > feature.maximum)).sum())
        if count:
            outside.append(
                f"‘{feature.name}’ in {_count(count, 'row')} "
                f"(training: {feature.minimum:,.6g} to {feature.maximum:,.6g})"
            )
    if outside:
        notices.append(
            "Values outside the range seen in training: "
            + "; ".join(outside)
            + ". Predictions there extend what the model learned and are less reliable."
        )
    missing = X.isna().sum()
    missing = missing[missing > 0]
    if len(missing):
        parts = [f"‘{name}’ ({_count(int(n), 'row')})" for name, n in missing.items()]
        notices.append(
            "Empty or unreadable cells in columns the model uses: "
            + _join(parts)
            + ". The model treats them as it treated missing values in training."
        )
    return notices


# --- predictions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Predicted:
    """New rows with the model's predictions.

    Parameters
    ----------
    frame : pandas.DataFrame
        The rows as given, then a ``prediction`` column and, for classifiers that give
        probabilities, one ``probability: <class>`` column per class (in the model's class
        order). New names get `` (2)``, `` (3)``… when the file already uses them.
    check : SchemaCheck
        How the rows compare with what the model expects.
    notices : tuple of str
        Things worth knowing that did not stop the prediction.
    prediction_column : str, default="prediction"
        The name the prediction column got.
    probability_columns : mapping of str to object, default={}
        Probability column name → the class it belongs to.
    """

    frame: pd.DataFrame
    check: SchemaCheck
    notices: tuple[str, ...] = ()
    prediction_column: str = PREDICTION_COLUMN
    probability_columns: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))


def predict_rows(pipeline: Any, card: ModelCard, raw: pd.DataFrame) -> Predicted:
    """Predict new rows with a fitted pipeline and its card.

    Parameters
    ----------
    pipeline : fitted pipeline
        The model the card describes.
    card : ModelCard
    raw : pandas.DataFrame
        The rows as loaded; not modified.

    Returns
    -------
    Predicted

    Raises
    ------
    PredictionError
        As :func:`model_input`; also when the card does not describe this pipeline, or the
        pipeline fails on the rows.
    """
    prepared = model_input(card, raw)
    _check_pipeline_matches(pipeline, card)
    wants_proba = card.task != "regression" and hasattr(pipeline, "predict_proba")
    try:
        predicted = pipeline.predict(prepared.X)
        proba = pipeline.predict_proba(prepared.X) if wants_proba else None
    except ModelPathError:
        raise
    except Exception as exc:  # the rows or the model, reported in the person's words
        raise PredictionError(
            f"The model could not predict these rows: {type(exc).__name__}: "
            f"{' '.join(str(exc).split())[:300]}",
            "The rows passed the column checks, so the model itself refused them.",
            "Check the rows for unusual values, or train the model again.",
        ) from exc
    frame = raw.copy()
    taken = {str(c) for c in frame.columns}
    prediction_column = _free_name(PREDICTION_COLUMN, taken)
    frame[prediction_column] = _labels(predicted)
    probability_columns: dict[str, object] = {}
    if proba is not None:
        for position, label in enumerate(card.classes):
            name = _free_name(f"{PROBABILITY_PREFIX}{label}", taken)
            frame[name] = proba[:, position]
            probability_columns[name] = label
    return Predicted(
        frame=frame,
        check=prepared.check,
        notices=prepared.notices,
        prediction_column=prediction_column,
        probability_columns=MappingProxyType(probability_columns),
    )


def _check_pipeline_matches(pipeline: Any, card: ModelCard) -> None:
    problems = []
    names = getattr(pipeline, "feature_names_in_", None)
    if names is not None and tuple(str(n) for n in names) != card.feature_names:
        problems.append("its input columns differ")
    if card.task != "regression":
        classes = tuple(_plain(c) for c in getattr(pipeline, "classes_", ()))
        if classes != card.classes:
            problems.append("its classes differ")
    if problems:
        raise PredictionError(
            "The model and its description do not belong together: " + " and ".join(problems) + ".",
            "A model file stores both; one of them was changed or swapped.",
            _CARD_FIX,
        )


def _labels(predicted: np.ndarray) -> np.ndarray | list:
    if predicted.dtype == object:
        return [_plain(v) for v in predicted]
    return predicted


def _free_name(wanted: str, taken: set[str]) -> str:
    name, number = wanted, 2
    while name in taken:
        name = f"{wanted} ({number})"
        number += 1
    taken.add(name)
    return name


# --- the one-row form ------------------------------------------------------------------------


def form_fields(card: ModelCard) -> tuple[FeatureField, ...]:
    """The fields of the one-row form: one per input column, in training order.

    Each field's :attr:`FeatureField.default` is a sensible starting value, its ``choices``
    the values to offer (categorical and yes/no columns), and ``minimum``/``maximum`` the
    training range (numbers and dates).
    """
    return card.features


def row_from_inputs(card: ModelCard, values: Mapping[str, object]) -> pd.DataFrame:
    """One row as loaded from form values, to pass to :func:`predict_rows`.

    Parameters
    ----------
    card : ModelCard
    values : mapping of str to object
        Input column → value. A missing name, None or an empty text is a missing value.
        Numbers may be numbers or text; dates may be dates, datetimes or text in the training
        format; yes/no may be ``True``/``False`` or one of the card's spellings.

    Returns
    -------
    pandas.DataFrame
        One row, the model's input columns in training order.

    Raises
    ------
    PredictionError
        When ``values`` names a column the model does not have.
    """
    unknown = [name for name in values if name not in card.feature_names]
    if unknown:
        raise PredictionError(
            f"The model has no input called {_names(unknown)}.",
            f"Its inputs are {_names(list(card.feature_names))}.",
            "Fill in only the model's inputs.",
        )
    return pd.DataFrame(
        {f.name: _form_value(f, values.get(f.name)) for f in card.features},
        index=pd.RangeIndex(1),
    )


def _form_value(feature: FeatureField, value: object) -> pd.Series:
    if isinstance(value, np.generic):
        value = value.item()
    missing = value is None or (isinstance(value, str) and not value.strip())
    if not missing and isinstance(value, float) and math.isnan(value):
        missing = True
    if feature.kind == ColumnKind.NUMERIC and (missing or _is_number(value)):
        return pd.Series([np.nan if missing else float(value)], dtype="float64")
    if missing:
        return pd.Series([None], dtype="str")
    if feature.kind == ColumnKind.DATETIME and isinstance(value, date):
        # A picked date is already a date: it must not go through the training text format.
        return pd.Series([pd.Timestamp(value)])
    if isinstance(value, bool):
        return pd.Series([value], dtype="bool")
    return pd.Series([str(value)], dtype="str")


# --- downloads -------------------------------------------------------------------------------


def predictions_csv(frame: pd.DataFrame) -> bytes:
    """The predictions as CSV bytes for download, safe to open in a spreadsheet.

    Text cells that a spreadsheet would run as formulas are neutralised
    (:func:`core.deliver.spreadsheet.spreadsheet_safe`); numbers stay numbers. The text is UTF-8
    with a byte-order mark, which Excel needs to show accents and other non-ASCII letters correctly
    (other programs ignore the mark). The index is not written.

    Parameters
    ----------
    frame : pandas.DataFrame
        Usually :attr:`Predicted.frame`; not modified.

    Returns
    -------
    bytes
    """
    return spreadsheet_safe(frame).to_csv(index=False).encode("utf-8-sig")


def predictions_excel(frame: pd.DataFrame) -> bytes:
    """The predictions as an Excel workbook (.xlsx) for download, safe to open.

    Text cells that would run as formulas are neutralised as for CSV; numbers, yes/no values
    and dates are written as such. Excel cannot store time zones, so zoned dates are written as
    their local time without the zone, and characters Excel forbids (control characters) are
    removed from text.

    Parameters
    ----------
    frame : pandas.DataFrame
        Usually :attr:`Predicted.frame`; not modified.

    Returns
    -------
    bytes
        One sheet called "Predictions".

    Raises
    ------
    PredictionError
        When the table has more rows or columns than a worksheet holds.
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # only needed for this download

    rows, columns = frame.shape
    if rows > _EXCEL_MAX_ROWS or columns > _EXCEL_MAX_COLUMNS:
        raise PredictionError(
            f"The predictions ({rows:,} rows, {columns:,} columns) do not fit in an Excel sheet.",
            f"A sheet holds at most {_EXCEL_MAX_ROWS:,} rows and {_EXCEL_MAX_COLUMNS:,} columns.",
            "Download the predictions as CSV instead.",
        )

    def allowed(value: object) -> object:
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    safe = spreadsheet_safe(frame)
    for position in range(safe.shape[1]):
        series = safe.iloc[:, position]
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            safe.isetitem(position, series.dt.tz_localize(None))
        elif not (
            pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series)
        ):
            safe.isetitem(position, series.map(allowed, na_action="ignore"))
    safe.columns = [allowed(str(c)) for c in safe.columns]
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's notes about its own defaults
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            safe.to_excel(writer, index=False, sheet_name="Predictions")
    return buffer.getvalue()


# --- helpers ---------------------------------------------------------------------------------


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _join(parts: Sequence[str]) -> str:
    shown = list(parts[:_MAX_NAMES])
    rest = len(parts) - len(shown)
    return ", ".join(shown) + (f" and {rest:,} more" if rest else "")


def _names(names: Sequence[str]) -> str:
    return _join([f"‘{n}’" for n in names])
