"""Data intake: turning uploaded bytes into a clean :class:`pandas.DataFrame` plus a load report.

With its format readers, this module owns everything between "a person dropped a file" and "we
have a table": recognising the format (CSV and other delimited text, Excel ``.xlsx``/``.xlsm``,
Parquet, JSON and JSON Lines), detecting the encoding, delimiter and decimal mark of text files,
making column names unique and readable, turning missing-value placeholders (``"NA"``, ``"?"``,
...) into real missing values, and enforcing the size limits. Every expected failure (an empty
file, a PDF renamed to ``.csv``, a password-protected workbook, a table over the row limit, ...) is
raised as a :class:`~core.errors.DataLoadError` with three plain sentences: what happened, why,
what to do.

What was detected and changed is recorded in a :class:`LoadReport` so the interface can show it and
the person can override any choice through :class:`ReadOptions`.

This module is the entry point: it picks the format reader (``_text_format``, ``_excel_format``,
``_parquet_format``, ``_json_format``) after ``_format_detection`` has recognised the file, and
applies the shared clean-up of ``_table_cleanup``; the reading choices and limits are in
:mod:`core.data.read_settings`. The package never imports streamlit and never mutates its inputs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import pandas as pd

from core.data._excel_format import _open_workbook, _read_excel
from core.data._format_detection import _detect_format, _display_name, _ole2_error, _reject_binary
from core.data._json_format import _read_json
from core.data._parquet_format import _read_parquet
from core.data._table_cleanup import (
    _apply_na_tokens,
    _check_options,
    _check_shape,
    _coerce_text_numbers,
    _empty_error,
    _header_only_error,
    _human_bytes,
    _with_unique_headers,
)
from core.data._text_format import _read_text
from core.data.read_settings import LoadLimits, ReadOptions
from core.errors import DataLoadError

__all__ = [
    "LoadReport",
    "LoadedTable",
    "content_fingerprint",
    "list_sheets",
    "load_table",
]


# --------------------------------------------------------------------------------------------
# Public data types
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadReport:
    """What was read and how, for the person to check.

    Parameters
    ----------
    file_name : str
        The name the file was uploaded under.
    file_format : str
        ``"csv"`` (any delimited text), ``"excel"``, ``"parquet"`` or ``"json"``.
    size_bytes : int
        Size of the uploaded bytes.
    encoding : str or None
        Text encoding used (None for binary formats).
    delimiter : str or None
        Field separator used for text; None for single-column text and binary formats.
    decimal : str or None
        Decimal mark used for text (``"."`` or ``","``); None for other formats.
    sheet : str or None
        Excel sheet read; None for other formats.
    sheets : tuple of str
        Sheets available in an Excel workbook; empty for other formats.
    n_rows, n_columns : int
        Shape of the loaded table.
    renamed_headers : tuple of (str, str)
        ``(original, new)`` for every column name that was blank, duplicated or padded with
        whitespace.
    missing_per_column : tuple of (str, int)
        Every column with its count of missing cells, in column order.
    skipped_lines : tuple of int
        1-based line numbers of the file that were skipped (only with ``skip_bad_lines``).
    na_tokens : tuple of str
        The values read as missing.
    notes : tuple of str
        Other plain sentences worth telling the person.
    """

    file_name: str
    file_format: str
    size_bytes: int
    encoding: str | None
    delimiter: str | None
    decimal: str | None
    sheet: str | None
    sheets: tuple[str, ...]
    n_rows: int
    n_columns: int
    renamed_headers: tuple[tuple[str, str], ...]
    missing_per_column: tuple[tuple[str, int], ...]
    skipped_lines: tuple[int, ...]
    na_tokens: tuple[str, ...]
    notes: tuple[str, ...]

    def reading_summary(self) -> str:
        """One sentence on how the file was read, e.g. "Read as csv with encoding utf-8, …"."""
        names = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
        how = [f"Read as {self.file_format}"]
        if self.encoding:
            how.append(f"encoding {self.encoding}")
        if self.delimiter:
            how.append(f"delimiter {names.get(self.delimiter, repr(self.delimiter))}")
        if self.decimal:
            how.append(f"decimal mark {self.decimal!r}")
        if self.sheet:
            how.append(f"sheet {self.sheet!r}")
        return how[0] + (" with " + ", ".join(how[1:]) if len(how) > 1 else "") + "."

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain JSON-friendly types (lists, dicts, str, int, None).

        Returns
        -------
        dict
            ``renamed_headers`` becomes a list of ``{"original", "new"}`` dicts and
            ``missing_per_column`` a ``{column: count}`` dict in column order; the other
            tuples become lists.
        """
        return {
            "file_name": self.file_name,
            "file_format": self.file_format,
            "size_bytes": int(self.size_bytes),
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "decimal": self.decimal,
            "sheet": self.sheet,
            "sheets": list(self.sheets),
            "n_rows": int(self.n_rows),
            "n_columns": int(self.n_columns),
            "renamed_headers": [
                {"original": original, "new": new} for original, new in self.renamed_headers
            ],
            "missing_per_column": {name: int(count) for name, count in self.missing_per_column},
            "skipped_lines": [int(line) for line in self.skipped_lines],
            "na_tokens": list(self.na_tokens),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class LoadedTable:
    """A loaded table and the report describing how it was read.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, with unique string column names and a default ``RangeIndex``.
    report : LoadReport
        What was detected, changed and skipped.
    """

    frame: pd.DataFrame
    report: LoadReport


# --------------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------------


def content_fingerprint(content: bytes) -> str:
    """Return the SHA-256 hex digest of the bytes, used as a cache key.

    Parameters
    ----------
    content : bytes
        The uploaded bytes.

    Returns
    -------
    str
        64 lowercase hexadecimal characters.
    """
    return hashlib.sha256(bytes(content)).hexdigest()


def list_sheets(content: bytes, file_name: str) -> tuple[str, ...]:
    """Return the sheet names of an Excel workbook, in workbook order.

    Parameters
    ----------
    content : bytes
        The uploaded bytes.
    file_name : str
        The uploaded file name (its extension helps recognise the format).

    Returns
    -------
    tuple of str
        Sheet names.

    Raises
    ------
    DataLoadError
        When the bytes are not a readable ``.xlsx``/``.xlsm`` workbook (including legacy
        ``.xls`` and password-protected workbooks).
    """
    content = bytes(content)
    name = _display_name(file_name)
    if not content.strip():
        raise _empty_error(name)
    file_format, _ = _detect_format(content, name)
    if file_format == "ole2":
        raise _ole2_error(content, name)
    if file_format != "excel":
        raise DataLoadError(
            f"'{name}' is not an Excel workbook, so it has no sheets.",
            "Only .xlsx and .xlsm workbooks contain sheets to choose from.",
            "Upload an .xlsx or .xlsm file to pick a sheet, or load this file as it is.",
        )
    with _open_workbook(content, name) as book:
        return tuple(str(sheet) for sheet in book.sheet_names)


def load_table(
    content: bytes,
    file_name: str,
    *,
    options: ReadOptions | None = None,
    limits: LoadLimits | None = None,
) -> LoadedTable:
    """Read uploaded bytes into a table and describe how it was read.

    The format comes from the file extension (case-insensitive); files with an unknown
    extension are recognised from their content. Text files get their encoding, delimiter and
    decimal mark detected unless ``options`` fixes them. In every format, column names are made
    unique and non-blank, and text cells equal to one of ``options.na_tokens`` (after stripping
    whitespace) become missing.

    Parameters
    ----------
    content : bytes
        The uploaded bytes; not modified.
    file_name : str
        The uploaded file name, used for the format and in messages.
    options : ReadOptions or None, default=None
        The person's reading choices; None detects everything.
    limits : LoadLimits or None, default=None
        Size limits; None uses the defaults (see :meth:`LoadLimits.from_env` for configuring).

    Returns
    -------
    LoadedTable
        The frame (default ``RangeIndex``, ``str`` column names) and its :class:`LoadReport`.

    Raises
    ------
    DataLoadError
        For every expected failure: empty or header-only files, binary files with a text
        extension, unreadable encodings, rows with too many fields, legacy or
        password-protected Excel files, corrupt workbooks or Parquet files, invalid JSON,
        unknown sheets, invalid options and tables over a limit.
    """
    options = ReadOptions() if options is None else options
    limits = LoadLimits() if limits is None else limits
    content = bytes(content)
    name = _display_name(file_name)
    _check_options(options)

    size = len(content)
    if size > limits.max_bytes:
        raise DataLoadError(
            f"'{name}' is {_human_bytes(size)}, over the upload limit of "
            f"{_human_bytes(limits.max_bytes)}.",
            "Files over the limit are refused before reading so the app stays responsive.",
            "Sample or filter the file to make it smaller (Parquet is also much smaller than CSV), "
            "or ask whoever runs ModelPath to raise MODELPATH_MAX_UPLOAD_MB.",
        )
    if not content.strip():
        raise _empty_error(name)

    file_format, format_note = _detect_format(content, name)
    if file_format == "ole2":
        raise _ole2_error(content, name)
    if file_format == "binary":
        _reject_binary(content, name)

    if file_format == "csv":
        part = _read_text(content, name, options, limits)
    elif file_format == "excel":
        part = _read_excel(content, name, options)
    elif file_format == "parquet":
        part = _read_parquet(content, name, limits)
    else:
        part = _read_json(content, name, options)

    notes = ([format_note] if format_note else []) + part.notes
    frame = part.frame
    if frame.shape[1] == 0:
        raise _empty_error(name)
    if frame.shape[0] == 0:
        raise _header_only_error(name, frame.shape[1])
    _check_shape(frame, name, limits, part.approx_rows)

    frame, renamed = _with_unique_headers(frame, part.raw_headers)
    frame, changed = _apply_na_tokens(frame, options.na_tokens)
    if file_format == "csv":
        frame, number_notes = _coerce_text_numbers(frame, part.decimal or ".")
        notes += number_notes
    elif changed:
        # Removing placeholders can leave object columns that are really numbers or dates.
        objects = [col for col in changed if pd.api.types.is_object_dtype(frame[col])]
        if objects:
            frame[objects] = frame[objects].infer_objects()
    frame = frame.reset_index(drop=True)

    missing = frame.isna().sum()
    report = LoadReport(
        file_name=name,
        file_format=file_format,
        size_bytes=size,
        encoding=part.encoding,
        delimiter=part.delimiter,
        decimal=part.decimal,
        sheet=part.sheet,
        sheets=part.sheets,
        n_rows=int(frame.shape[0]),
        n_columns=int(frame.shape[1]),
        renamed_headers=tuple(renamed),
        missing_per_column=tuple(
            (str(col), int(count)) for col, count in zip(frame.columns, missing, strict=True)
        ),
        skipped_lines=part.skipped_lines,
        na_tokens=options.na_tokens,
        notes=tuple(notes),
    )
    return LoadedTable(frame=frame, report=report)
