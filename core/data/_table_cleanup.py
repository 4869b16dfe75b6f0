"""The clean-up every format reader's table gets, whatever the format.

A reader hands back a :class:`_Part` (the raw frame plus what it detected); :mod:`core.data.intake`
then makes column names unique and readable, turns missing-value tokens into real missing values,
turns text columns holding only numbers into numbers (delimited text) and checks the size limits.
Cells holding lists or dicts (JSON, Parquet) are stored as compact JSON text. The failures shared
by every format (an empty file, a header without rows, a table over a limit, invalid reading
options) are built here too. The exported training script copies ``_apply_na_tokens``,
``_coerce_text_numbers`` and ``_containers_to_json`` from this module's source
(:mod:`core.deliver.script`), so they must stay self-contained.
"""

from __future__ import annotations

import codecs
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from core.data.read_settings import LoadLimits, ReadOptions
from core.errors import DataLoadError

# Whole cells that are numbers with optional thousands groups, per decimal mark.
_GROUPED_NUMBER = {
    ",": r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?",
    ".": r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?",
}


# --------------------------------------------------------------------------------------------
# Reading results shared by the format readers
# --------------------------------------------------------------------------------------------


@dataclass
class _Part:
    """What one format reader produced, before the shared clean-up."""

    frame: pd.DataFrame
    raw_headers: list[Any] | None = None  # None: take the frame's own column labels
    encoding: str | None = None
    delimiter: str | None = None
    decimal: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    skipped_lines: tuple[int, ...] = ()
    notes: list[str] = field(default_factory=list)
    approx_rows: int | None = None  # when the read stopped early at the row limit


# --------------------------------------------------------------------------------------------
# Failures every format shares: an empty file, a header without rows
# --------------------------------------------------------------------------------------------


def _empty_error(name: str) -> DataLoadError:
    return DataLoadError(
        f"'{name}' is empty.",
        "It has no bytes or only blank space, so there is no table to read.",
        "Check that you picked the right file and that it was saved with its data.",
    )


def _header_only_error(name: str, n_columns: int) -> DataLoadError:
    noun = "column name" if n_columns == 1 else "column names"
    return DataLoadError(
        f"'{name}' has {n_columns} {noun} but no rows of data.",
        "A model needs at least some rows to learn from.",
        "Check that the file was exported with its data, or pick another sheet or file.",
    )


# --------------------------------------------------------------------------------------------
# Cells holding lists or dicts (JSON, Parquet) become JSON text
# --------------------------------------------------------------------------------------------


def _containers_to_json(frame: pd.DataFrame) -> pd.DataFrame:
    """Store list/dict/array cells as compact JSON text so every cell is a plain value."""
    columns = [col for col in frame.columns if pd.api.types.is_object_dtype(frame[col])]
    if not columns:
        return frame
    frame = frame.copy()
    for col in columns:
        series = frame[col]
        is_container = series.map(lambda value: isinstance(value, (list, tuple, dict, np.ndarray)))
        if is_container.any():
            frame[col] = series.where(~is_container, series[is_container].map(_compact_json))
    return frame


def _compact_json(value: Any) -> str:
    return json.dumps(
        _plain(value), separators=(",", ":"), ensure_ascii=False, default=str, allow_nan=True
    )


def _plain(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return [_plain(item) for item in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, np.generic):
        return value.item()
    return value


# --------------------------------------------------------------------------------------------
# Shared clean-up: headers, missing-value tokens, numbers stored as text, limits
# --------------------------------------------------------------------------------------------


def _unique_names(raw: Sequence[Any]) -> tuple[list[str], list[tuple[str, str]]]:
    """Strip, fill blanks with column_<position> and de-duplicate with _2, _3, ...

    Returns the new names and the (original, new) pairs that changed.
    """
    originals = ["" if value is None else str(value) for value in raw]
    bases = [
        original.strip() or f"column_{position}"
        for position, original in enumerate(originals, start=1)
    ]
    taken_later = Counter(bases)
    used: set[str] = set()
    names: list[str] = []
    for base in bases:
        taken_later[base] -= 1
        candidate = base
        suffix = 2
        while candidate in used or (candidate != base and taken_later[candidate] > 0):
            candidate = f"{base}_{suffix}"
            suffix += 1
        used.add(candidate)
        names.append(candidate)
    renamed = [(old, new) for old, new in zip(originals, names, strict=True) if old != new]
    return names, renamed


def _with_unique_headers(
    frame: pd.DataFrame, raw_headers: list[Any] | None
) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    raw = list(frame.columns) if raw_headers is None else raw_headers
    raw = list(raw) + [""] * (frame.shape[1] - len(raw))
    names, renamed = _unique_names(raw[: frame.shape[1]])
    return frame.set_axis(names, axis=1), renamed


def _is_text_column(series: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(series.dtype) or pd.api.types.is_object_dtype(series.dtype)


def _apply_na_tokens(
    frame: pd.DataFrame, tokens: tuple[str, ...]
) -> tuple[pd.DataFrame, list[str]]:
    """Turn text cells equal to a token (after stripping whitespace) into missing values."""
    if not tokens:
        return frame, []
    token_list = list(dict.fromkeys(tokens))
    changed: list[str] = []
    updates: dict[str, pd.Series] = {}
    for col in frame.columns:
        series = frame[col]
        if not _is_text_column(series):
            continue
        try:
            stripped = series.str.strip()
        except AttributeError:  # object column without any text
            continue
        mask = stripped.isin(token_list) & series.notna()
        if mask.any():
            updates[col] = series.mask(mask)
            changed.append(col)
    if updates:
        frame = frame.assign(**updates)
    return frame, changed


def _coerce_text_numbers(frame: pd.DataFrame, decimal: str) -> tuple[pd.DataFrame, list[str]]:
    """Turn CSV text columns whose every value is a number (possibly grouped) into numbers.

    pandas leaves such columns as text when they use thousands separators (``1.234,5`` with a
    decimal comma, ``1,234.5`` with a decimal point) or had padded placeholders (`` NA ``).
    """
    thousands = "." if decimal == "," else ","
    pattern = _GROUPED_NUMBER[decimal]
    updates: dict[str, pd.Series] = {}
    grouped: list[str] = []
    for col in frame.columns:
        series = frame[col]
        if not _is_text_column(series):
            continue
        values = series.dropna()
        if values.empty:
            continue
        try:
            stripped = values.astype(str).str.strip()
        except (TypeError, ValueError):
            continue
        if not stripped.str.fullmatch(pattern).all():
            continue
        plain = stripped.str.replace(thousands, "", regex=False)
        if decimal == ",":
            plain = plain.str.replace(",", ".", regex=False)
        try:
            numbers = pd.to_numeric(plain)
        except (TypeError, ValueError):
            continue
        updates[col] = numbers.reindex(series.index)
        if stripped.str.contains(thousands, regex=False).any():
            grouped.append(col)
    if updates:
        frame = frame.assign(**updates)
    notes = []
    if grouped:
        example = "1.234,5" if decimal == "," else "1,234.5"
        columns = ", ".join(f"'{col}'" for col in grouped)
        notes.append(
            f"Read values such as '{example}' in {columns} as numbers with '{thousands}' as the "
            "thousands separator; if those are decimals, choose the other decimal mark."
        )
    return frame, notes


def _check_shape(
    frame: pd.DataFrame, name: str, limits: LoadLimits, approx_rows: int | None
) -> None:
    n_rows = approx_rows if approx_rows is not None else frame.shape[0]
    _check_limits(name, limits, n_rows, frame.shape[1], approximate=approx_rows is not None)


def _check_limits(
    name: str, limits: LoadLimits, n_rows: int, n_columns: int, *, approximate: bool
) -> None:
    if n_columns > limits.max_columns:
        raise _limit_error(name, "columns", n_columns, limits.max_columns, "MODELPATH_MAX_COLUMNS")
    if n_rows > limits.max_rows:
        raise _limit_error(
            name, "rows", n_rows, limits.max_rows, "MODELPATH_MAX_ROWS", approximate=approximate
        )
    cells = n_rows * n_columns
    if cells > limits.max_cells:
        raise _limit_error(
            name, "cells", cells, limits.max_cells, "MODELPATH_MAX_CELLS", approximate=approximate
        )


def _limit_error(
    name: str, what: str, actual: int, limit: int, variable: str, *, approximate: bool = False
) -> DataLoadError:
    about = "about " if approximate else ""
    how = {
        "rows": "Take a random sample of the rows",
        "columns": "Keep only the columns you need",
        "cells": "Take a sample of the rows or keep only the columns you need",
    }[what]
    return DataLoadError(
        f"'{name}' has {about}{actual:,} {what}, over the limit of {limit:,} {what}.",
        "Larger tables are refused so model training stays responsive and fits in memory.",
        f"{how} and upload again, or ask whoever runs ModelPath to raise {variable}.",
    )


def _check_options(options: ReadOptions) -> None:
    if options.delimiter is not None and (
        len(options.delimiter) != 1 or options.delimiter in ('"', "\r", "\n")
    ):
        raise DataLoadError(
            f"The delimiter {options.delimiter!r} can't be used.",
            "A delimiter must be a single character other than a quote or a line break.",
            "Choose comma, semicolon, tab or pipe, or leave the delimiter on automatic detection.",
        )
    if options.decimal is not None and options.decimal not in (".", ","):
        raise DataLoadError(
            f"The decimal mark {options.decimal!r} can't be used.",
            "Numbers are written with either a point (3.14) or a comma (3,14).",
            "Choose '.' or ',', or leave the decimal mark on automatic detection.",
        )
    if options.decimal == "," and options.delimiter == ",":
        raise DataLoadError(
            "The decimal mark and the delimiter are both a comma.",
            "With both set to ',' the parser can't tell numbers from field boundaries.",
            "Choose semicolon as the delimiter for files with decimal commas, or '.' as the "
            "decimal mark.",
        )
    if options.encoding is not None:
        try:
            codecs.lookup(options.encoding)
        except LookupError:
            raise DataLoadError(
                f"The encoding '{options.encoding}' isn't known.",
                "Python has no text codec by that name.",
                "Choose utf-8, utf-8-sig, cp1252, latin-1 or utf-16, or leave the encoding on "
                "automatic detection.",
            ) from None


def _sentence(detail: object) -> str:
    """Turn an exception or parser message into one sentence ending with a full stop."""
    text = " ".join(str(detail).split()) or "no details were given"
    return text if text.endswith((".", "!", "?")) else text + "."


def _human_bytes(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
