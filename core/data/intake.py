"""Data intake: turning uploaded bytes into a clean :class:`pandas.DataFrame` plus a load report.

This module owns everything between "a person dropped a file" and "we have a table":
recognising the format (CSV and other delimited text, Excel ``.xlsx``/``.xlsm``, Parquet, JSON and
JSON Lines), detecting the encoding, delimiter and decimal mark of text files, making column names
unique and readable, turning missing-value placeholders (``"NA"``, ``"?"``, ...) into real missing
values, and enforcing the size limits. Every expected failure (an empty file, a PDF renamed to
``.csv``, a password-protected workbook, a table over the row limit, ...) is raised as a
:class:`~core.errors.DataLoadError` with three plain sentences: what happened, why, what to do.

What was detected and changed is recorded in a :class:`LoadReport` so the interface can show it and
the person can override any choice through :class:`ReadOptions`.

The module never imports streamlit and never mutates its inputs.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import math
import os
import re
import threading
import warnings
import zipfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import PurePath
from typing import Any

import numpy as np
import pandas as pd

from core.errors import DataLoadError
from core.recipe import DEFAULT_NA_TOKENS as _RECIPE_NA_TOKENS

__all__ = [
    "DEFAULT_NA_TOKENS",
    "SUPPORTED_EXTENSIONS",
    "LoadLimits",
    "LoadReport",
    "LoadedTable",
    "ReadOptions",
    "content_fingerprint",
    "list_sheets",
    "load_table",
]

#: Cell values read as "missing" by default (after stripping surrounding whitespace).
#:
#: The empty cell, the spellings of "not available" and "not a number" written by R, pandas,
#: Excel and databases (``NA``, ``N/A``, ``n/a``, ``na``, ``NaN``, ``nan``, ``null``, ``NULL``,
#: ``Null``, ``None``, ``none``, ``#N/A``, ``<NA>``), the usual hand-typed gaps (``?``, ``-``,
#: ``--``) and the word ``missing``. Only whole cells match: ``-5`` and ``None of these`` stay
#: values. The person can edit the list (``ReadOptions.na_tokens``), for example to keep ``"NA"``
#: as Namibia's country code or ``"none"`` as a real answer. The same tuple, in the same order,
#: is the recipe default: it is defined once, in ``core.recipe``.
DEFAULT_NA_TOKENS: tuple[str, ...] = _RECIPE_NA_TOKENS

#: File extensions ModelPath reads (matched case-insensitively).
SUPPORTED_EXTENSIONS: tuple[str, ...] = (
    ".csv",
    ".tsv",
    ".txt",
    ".xlsx",
    ".xlsm",
    ".parquet",
    ".pq",
    ".json",
    ".jsonl",
    ".ndjson",
)

_FORMAT_BY_EXTENSION: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
}

_DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
# Used as the separator for single-column text so that no character in the data splits a line.
_NO_SPLIT = "\x1f"
_SAMPLE_CHARS = 64 * 1024
_SAMPLE_RECORDS = 2000
_MIN_CONSISTENCY = 0.6

_MAGIC_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_MAGIC_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAGIC_PARQUET = b"PAR1"
_ENCRYPTED_MARKER = "EncryptedPackage".encode("utf-16-le")

_ENCODING_LABELS: dict[str, str] = {
    "cp1252": "Windows-1252 (cp1252)",
    "latin-1": "Latin-1 (ISO-8859-1)",
}

_ENV_VARIABLES = {
    "max_bytes": "MODELPATH_MAX_UPLOAD_MB",
    "max_rows": "MODELPATH_MAX_ROWS",
    "max_columns": "MODELPATH_MAX_COLUMNS",
    "max_cells": "MODELPATH_MAX_CELLS",
}

# Numbers written with a decimal comma (3,14 / 1.234,5) or a decimal point (3.14 / 1,234.5).
_COMMA_DECIMAL = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+")
_POINT_DECIMAL = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+")
# "1,234" and "1.234" could be either a thousands group or a decimal: not evidence either way.
_AMBIGUOUS_COMMA = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+")
_AMBIGUOUS_POINT = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+")
# Whole cells that are numbers with optional thousands groups, per decimal mark.
_GROUPED_NUMBER = {
    ",": r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?",
    ".": r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?",
}
_BAD_LINE_WARNING = re.compile(r"Skipping line (\d+): expected (\d+) fields, saw (\d+)")
_BAD_LINE_ERROR = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")

# warnings.catch_warnings swaps process-wide state; serialise the reads that rely on it.
_WARNINGS_LOCK = threading.Lock()


# --------------------------------------------------------------------------------------------
# Public data types
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadLimits:
    """Size limits applied to every upload; each is named in the message when it is hit.

    Parameters
    ----------
    max_bytes : int, default=50 MiB
        Largest file accepted, checked before anything is parsed.
    max_rows : int, default=1_000_000
        Most data rows (the header row is not counted).
    max_columns : int, default=500
        Most columns.
    max_cells : int, default=20_000_000
        Most cells (rows times columns).
    """

    max_bytes: int = 50 * 1024 * 1024
    max_rows: int = 1_000_000
    max_columns: int = 500
    max_cells: int = 20_000_000

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_rows", "max_columns", "max_cells"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"LoadLimits.{name} must be a positive integer, got {value!r}.")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> LoadLimits:
        """Build limits from environment variables, falling back to the defaults.

        Parameters
        ----------
        environ : Mapping[str, str] or None, default=None
            Where to read the variables; ``os.environ`` when None. Recognised variables are
            ``MODELPATH_MAX_UPLOAD_MB`` (megabytes, decimals allowed), ``MODELPATH_MAX_ROWS``,
            ``MODELPATH_MAX_COLUMNS`` and ``MODELPATH_MAX_CELLS`` (positive whole numbers).
            Unset or blank variables keep the default.

        Returns
        -------
        LoadLimits
            The configured limits.

        Raises
        ------
        DataLoadError
            When a variable is set to something that isn't a positive number; the message names
            the variable.
        """
        env = os.environ if environ is None else environ
        defaults = cls()
        values: dict[str, int] = {}
        for attr, variable in _ENV_VARIABLES.items():
            raw = env.get(variable)
            if raw is None or not str(raw).strip():
                continue
            text = str(raw).strip().replace("_", "").replace(",", "")
            if attr == "max_bytes":
                try:
                    megabytes = float(text)
                except ValueError:
                    megabytes = math.nan
                if not math.isfinite(megabytes) or megabytes <= 0:
                    default_mb = f"{defaults.max_bytes / (1024 * 1024):g}"
                    raise _env_error(variable, raw, "a positive number of megabytes", default_mb)
                values[attr] = max(1, int(megabytes * 1024 * 1024))
                continue
            try:
                number = int(text)
            except ValueError:
                number = 0
            if number < 1:
                raise _env_error(
                    variable, raw, "a positive whole number", f"{getattr(defaults, attr)}"
                )
            values[attr] = number
        return cls(**values)


@dataclass(frozen=True)
class ReadOptions:
    """The person's reading choices; ``None`` means "detect it for me".

    Parameters
    ----------
    delimiter : str or None, default=None
        Field separator for text files: usually ``","``, ``";"``, ``"\\t"`` or ``"|"``.
    encoding : str or None, default=None
        Text encoding, e.g. ``"utf-8"``, ``"utf-8-sig"``, ``"cp1252"``, ``"latin-1"``,
        ``"utf-16"``.
    decimal : str or None, default=None
        Decimal mark for text files: ``"."`` or ``","``. With ``","`` a dot between digit groups
        is read as a thousands separator (``1.234,5``).
    sheet : str or None, default=None
        Excel sheet name; None reads the first sheet.
    skip_bad_lines : bool, default=False
        Skip text rows with more fields than the header instead of failing; the skipped line
        numbers are listed in the report.
    na_tokens : tuple of str, default=DEFAULT_NA_TOKENS
        Cell values (after stripping surrounding whitespace) read as missing, in every format.
    """

    delimiter: str | None = None
    encoding: str | None = None
    decimal: str | None = None
    sheet: str | None = None
    skip_bad_lines: bool = False
    na_tokens: tuple[str, ...] = DEFAULT_NA_TOKENS

    def __post_init__(self) -> None:
        # Accept any sequence of strings (a list from a UI widget, say) but store a tuple.
        tokens = self.na_tokens
        if isinstance(tokens, str):
            tokens = (tokens,)
        object.__setattr__(self, "na_tokens", tuple(str(token) for token in tokens))


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
# Format detection and binary rejection
# --------------------------------------------------------------------------------------------


def _display_name(file_name: str) -> str:
    name = str(file_name or "").strip()
    return name or "the uploaded file"


def _extension(name: str) -> str:
    return PurePath(name).suffix.lower()


def _supported_list() -> str:
    return ", ".join(SUPPORTED_EXTENSIONS)


def _detect_format(content: bytes, name: str) -> tuple[str, str | None]:
    """Return (format, note) where format is csv/excel/parquet/json/ole2/binary."""
    ext = _extension(name)
    if ext == ".xls":
        if content.startswith(_MAGIC_ZIP):
            return "excel", (
                f"'{name}' is named .xls but holds a modern .xlsx workbook, so it was read as one."
            )
        return "ole2", None
    if ext in _FORMAT_BY_EXTENSION:
        file_format = _FORMAT_BY_EXTENSION[ext]
        if file_format == "excel" and content.startswith(_MAGIC_OLE2):
            return "ole2", None
        return file_format, None

    # Unknown or missing extension: look at the content.
    shown = f"the unknown extension '{ext}'" if ext else "no file extension"
    head = content.removeprefix(codecs.BOM_UTF8).lstrip()[:1]
    if content.startswith(_MAGIC_ZIP):
        file_format, label = "excel", "an Excel workbook"
    elif content.startswith(_MAGIC_PARQUET):
        file_format, label = "parquet", "a Parquet file"
    elif content.startswith(_MAGIC_OLE2):
        return "ole2", None
    elif _binary_kind(content) is not None:
        return "binary", None
    elif head in (b"[", b"{"):
        file_format, label = "json", "JSON"
    else:
        file_format, label = "csv", "delimited text (CSV)"
    note = (
        f"'{name}' has {shown} (ModelPath knows {_supported_list()}); its content looks like "
        f"{label}, so it was read as that."
    )
    return file_format, note


def _binary_kind(content: bytes) -> str | None:
    """Name the kind of a binary file that can't be text, or None when it may be text."""
    if content.startswith(_MAGIC_ZIP):
        return "zip"
    if content.startswith(_MAGIC_PARQUET):
        return "parquet"
    if content.startswith(_MAGIC_OLE2):
        return "ole2"
    if content.startswith(b"%PDF"):
        return "a PDF document"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "a PNG image"
    if content.startswith(b"\xff\xd8\xff"):
        return "a JPEG image"
    if content.startswith((b"GIF87a", b"GIF89a")):
        return "a GIF image"
    if content.startswith(b"\x1f\x8b"):
        return "a gzip-compressed file"
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\x00" in content and _utf16_without_bom(content) is None:
        return "a binary file"
    return None


def _reject_binary(content: bytes, name: str) -> None:
    """Raise a DataLoadError when the bytes are clearly not text."""
    kind = _binary_kind(content)
    if kind is None:
        return
    ext = _extension(name) or "(no extension)"
    if kind == "zip":
        if _zip_has_workbook(content):
            raise DataLoadError(
                f"'{name}' looks like an Excel workbook, not a {ext} text file.",
                "Its bytes start like an .xlsx file (a zip archive holding a workbook).",
                "Rename the file to end in .xlsx and upload it again.",
            )
        raise DataLoadError(
            f"'{name}' is a zip archive, not a {ext} text file.",
            "ModelPath reads tables, not compressed archives.",
            "Unzip it and upload the table inside.",
        )
    if kind == "parquet":
        raise DataLoadError(
            f"'{name}' looks like a Parquet file, not a {ext} text file.",
            "Its bytes start with the Parquet signature 'PAR1'.",
            "Rename the file to end in .parquet and upload it again.",
        )
    if kind == "ole2":
        raise _ole2_error(content, name)
    raise DataLoadError(
        f"'{name}' is {kind}, not a table ModelPath can read.",
        "Its bytes aren't text"
        + (" (it contains NUL bytes)" if kind == "a binary file" else "")
        + f"; ModelPath reads files ending in {_supported_list()}.",
        "Export the data as CSV, Excel (.xlsx), Parquet or JSON and upload that file.",
    )


def _ole2_error(content: bytes, name: str) -> DataLoadError:
    if _ENCRYPTED_MARKER in content:
        return DataLoadError(
            f"'{name}' is a password-protected Excel workbook.",
            "Encrypted workbooks can't be read without the password, and ModelPath doesn't ask "
            "for passwords.",
            "Open it in Excel, remove the password (File > Info > Protect Workbook), save it "
            "again as .xlsx and upload the new file.",
        )
    return DataLoadError(
        f"'{name}' is a legacy Excel 97-2003 (.xls) file.",
        "ModelPath reads modern .xlsx/.xlsm workbooks but not the old binary .xls format.",
        "Open it in Excel or LibreOffice and save it as .xlsx or CSV, then upload that file.",
    )


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
# Text (CSV, TSV, semicolon, pipe)
# --------------------------------------------------------------------------------------------


def _utf16_without_bom(content: bytes) -> str | None:
    """Guess UTF-16 without a byte-order mark from the NUL pattern of ASCII text."""
    head = content[:2000]
    if len(head) < 4:
        return None
    head = head[: len(head) - len(head) % 2]
    even, odd = head[0::2], head[1::2]
    even_zeros, odd_zeros = even.count(0) / len(even), odd.count(0) / len(odd)
    # ASCII-heavy UTF-16 has a NUL in (nearly) every other byte and almost none elsewhere.
    if odd_zeros >= 0.7 and even_zeros <= 0.1:
        return "utf-16-le"
    if even_zeros >= 0.7 and odd_zeros <= 0.1:
        return "utf-16-be"
    return None


def _decode(content: bytes, name: str, requested: str | None) -> tuple[str, str, list[str]]:
    """Return (text, encoding used, notes)."""
    if requested:
        try:
            text = content.decode(requested)
        except UnicodeDecodeError as exc:
            raise DataLoadError(
                f"'{name}' can't be read with the {requested} encoding.",
                f"Byte {exc.start + 1} ({content[exc.start : exc.start + 1].hex(' ')}) isn't "
                f"valid {requested}.",
                "Choose another encoding, or leave the encoding on automatic detection.",
            ) from None
        return text.removeprefix("\ufeff"), requested, []

    if content.startswith(codecs.BOM_UTF8):
        try:
            return content[3:].decode("utf-8"), "utf-8-sig", []
        except UnicodeDecodeError:
            text = content[3:].decode("utf-8", errors="replace")
            return (
                text,
                "utf-8-sig",
                [
                    "The file says it is UTF-8 but some bytes aren't valid UTF-8; they were "
                    "replaced with '\ufffd'."
                ],
            )
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16"), "utf-16", []
        except UnicodeDecodeError:
            raise DataLoadError(
                f"'{name}' starts like a UTF-16 text file but isn't valid UTF-16.",
                "The file may be truncated or only partly converted.",
                "Save it again as UTF-8 CSV and upload that file.",
            ) from None
    guessed = _utf16_without_bom(content)
    if guessed:
        try:
            return content.decode(guessed), guessed, []
        except UnicodeDecodeError:
            pass
    try:
        return content.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1252", "latin-1"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        label = _ENCODING_LABELS[encoding]
        return (
            text,
            encoding,
            [
                f"The file isn't valid UTF-8, so it was read as {label}; check that accented "
                "letters and symbols look right, or choose another encoding."
            ],
        )
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _sample(text: str) -> tuple[str, bool]:
    """Return the first ~64 KiB of text cut at a line end, and whether it was cut."""
    if len(text) <= _SAMPLE_CHARS:
        return text, False
    cut = text.rfind("\n", 0, _SAMPLE_CHARS)
    return (text[: cut + 1] if cut > 0 else text[:_SAMPLE_CHARS]), True


def _is_blank_record(row: Sequence[str]) -> bool:
    return not row or (len(row) == 1 and not row[0].strip())


def _records(sample: str, delimiter: str, truncated: bool) -> list[list[str]]:
    """Parse up to a few thousand non-blank records of the sample with the csv module."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    try:
        rows = [row for row in islice(reader, _SAMPLE_RECORDS) if not _is_blank_record(row)]
    except csv.Error:
        return []
    if truncated and len(rows) > 1:
        rows = rows[:-1]  # the last record may be cut in half
    return rows


def _detect_delimiter(sample: str, truncated: bool, prefer_tab: bool) -> str | None:
    """Pick the delimiter giving the most consistent field count above one, or None."""
    best: str | None = None
    best_key: tuple[Any, ...] | None = None
    for order, candidate in enumerate(_DELIMITERS):
        if candidate not in sample:
            continue
        rows = _records(sample, candidate, truncated)
        if not rows:
            continue
        counts = [len(row) for row in rows]
        mode, frequency = Counter(counts).most_common(1)[0]
        if mode < 2 or counts[0] != mode:
            continue  # a delimiter must split the header into the common number of fields
        consistency = frequency / len(counts)
        if consistency < _MIN_CONSISTENCY:
            continue
        key = (prefer_tab and candidate == "\t", consistency, mode, -order)
        if best_key is None or key > best_key:
            best, best_key = candidate, key
    return best


def _detect_decimal(rows: list[list[str]]) -> str:
    """Return "," when the numeric-looking fields mostly use a decimal comma, else "."."""
    comma = point = 0
    for row in rows[1:]:
        for value in row:
            cell = value.strip()
            if not cell or not cell[-1].isdigit():
                continue
            if _COMMA_DECIMAL.fullmatch(cell) and not _AMBIGUOUS_COMMA.fullmatch(cell):
                comma += 1
            elif _POINT_DECIMAL.fullmatch(cell) and not _AMBIGUOUS_POINT.fullmatch(cell):
                point += 1
    return "," if comma > point else "."


def _read_text(content: bytes, name: str, options: ReadOptions, limits: LoadLimits) -> _Part:
    if options.encoding is None or not options.encoding.lower().replace("_", "-").startswith(
        "utf-16"
    ):
        _reject_binary(content, name)
    text, encoding, notes = _decode(content, name, options.encoding)
    if not text.strip():
        raise _empty_error(name)

    sample, truncated = _sample(text)
    if options.delimiter is not None:
        delimiter: str | None = options.delimiter
    else:
        delimiter = _detect_delimiter(sample, truncated, _extension(name) == ".tsv")
    separator = delimiter if delimiter is not None else _NO_SPLIT
    if delimiter is None and any(candidate in sample for candidate in _DELIMITERS):
        notes.append(
            "Read as a single column because no delimiter splits the header and the rows into "
            "the same number of fields; choose the delimiter yourself if the file has several "
            "columns."
        )
    rows = _records(sample, separator, truncated)
    if not rows:
        raise DataLoadError(
            f"'{name}' couldn't be split into fields.",
            "Its first lines aren't valid delimited text (for example a quote is never closed).",
            "Check the file in a text editor, or choose the delimiter yourself.",
        )
    header = [value.removeprefix("\ufeff") for value in rows[0]]
    if len(header) > limits.max_columns:
        raise _limit_error(
            name, "columns", len(header), limits.max_columns, "MODELPATH_MAX_COLUMNS"
        )

    decimal = options.decimal if options.decimal is not None else _detect_decimal(rows)
    if decimal == "," and options.decimal is None:
        notes.append(
            "Read with decimal commas (3,14 means 3.14), as most numbers in the file use them."
        )

    frame, skipped = _parse_text(text, name, separator, header, decimal, options, limits)
    if skipped:
        shown = ", ".join(str(line) for line in skipped[:20])
        more = f" and {len(skipped) - 20} more" if len(skipped) > 20 else ""
        noun = "line" if len(skipped) == 1 else "lines"
        notes.append(
            f"Skipped {len(skipped)} {noun} with more fields than the header: {shown}{more}."
        )
    approx_rows = None
    if len(frame) > limits.max_rows:
        approx_rows = max(text.count("\n") - (1 if text.endswith("\n") else 0), len(frame))
    return _Part(
        frame=frame,
        raw_headers=header,
        encoding=encoding,
        delimiter=delimiter,
        decimal=decimal,
        skipped_lines=tuple(skipped),
        notes=notes,
        approx_rows=approx_rows,
    )


def _parse_text(
    text: str,
    name: str,
    separator: str,
    header: list[str],
    decimal: str,
    options: ReadOptions,
    limits: LoadLimits,
) -> tuple[pd.DataFrame, list[int]]:
    """Bulk-read the text with the pandas C engine; return the frame and skipped file lines."""
    names, _ = _unique_names(header)
    kwargs: dict[str, Any] = {
        "sep": separator,
        "engine": "c",
        "names": names,
        "header": 0,
        "index_col": False,
        "keep_default_na": False,
        "na_values": list(options.na_tokens),
        "decimal": decimal,
        "skip_blank_lines": True,
        "low_memory": False,
        "nrows": limits.max_rows + 1,
    }
    skipped: list[int] = []
    try:
        if options.skip_bad_lines:
            with _WARNINGS_LOCK, warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", pd.errors.ParserWarning)
                frame = pd.read_csv(io.StringIO(text), on_bad_lines="warn", **kwargs)
            parser_lines = [
                int(match.group(1))
                for warning in caught
                for match in _BAD_LINE_WARNING.finditer(str(warning.message))
            ]
            if parser_lines:
                mapping = _file_lines(text, separator, parser_lines)
                skipped = sorted({mapping[line] for line in parser_lines})
        else:
            frame = pd.read_csv(io.StringIO(text), on_bad_lines="error", **kwargs)
    except pd.errors.EmptyDataError:
        raise _empty_error(name) from None
    except pd.errors.ParserError as exc:
        raise _parser_error(text, name, separator, str(exc)) from None
    return frame, skipped


def _file_lines(text: str, separator: str, parser_lines: list[int]) -> dict[int, int]:
    """Map the parser's line numbers (records) to 1-based physical lines of the file.

    The pandas parser counts a quoted field spanning several lines as one line; the person
    looking at the file in an editor needs the physical line where the record starts.
    """
    mapping = {line: line for line in parser_lines}
    if '"' not in text:
        return mapping
    wanted = set(parser_lines)
    last = max(wanted)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    previous_end = 0
    try:
        for record, _row in enumerate(reader, start=1):
            if record in wanted:
                mapping[record] = previous_end + 1
            previous_end = reader.line_num
            if record >= last:
                break
    except csv.Error:
        return {line: line for line in parser_lines}
    return mapping


def _parser_error(text: str, name: str, separator: str, message: str) -> DataLoadError:
    match = _BAD_LINE_ERROR.search(message)
    if match:
        expected, parser_line, seen = (int(group) for group in match.groups())
        line = _file_lines(text, separator, [parser_line])[parser_line]
        return DataLoadError(
            f"Line {line} of '{name}' has {seen} fields, but the header has {expected}.",
            "A row with more fields than there are column names can't be placed in the table; "
            "usually a value contains the delimiter without being quoted.",
            f"Fix or delete line {line}, choose a different delimiter, or turn on "
            "'skip bad lines' to leave such rows out (they will be listed).",
        )
    detail = message.strip().splitlines()[-1] if message.strip() else "unknown parser error"
    return DataLoadError(
        f"'{name}' couldn't be read as a table.",
        f"The text parser stopped with: {_sentence(detail)}",
        "Check for a quote that is opened but never closed, or choose the delimiter and "
        "encoding yourself.",
    )


# --------------------------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------------------------


def _zip_has_workbook(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _open_workbook(content: bytes, name: str) -> pd.ExcelFile:
    """Open an .xlsx/.xlsm workbook, raising DataLoadError for anything that isn't one."""
    looks_like_text = not content.startswith(_MAGIC_ZIP) and b"\x00" not in content[:4096]
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        fix = (
            "If it is really a CSV or text file, rename it to end in .csv; otherwise open it "
            "in Excel and save it again as .xlsx."
            if looks_like_text
            else "Open it in Excel or LibreOffice and save it again as .xlsx, or export it as CSV."
        )
        raise DataLoadError(
            f"'{name}' isn't a readable Excel workbook.",
            "An .xlsx file is a zip archive, and these bytes aren't a complete zip archive "
            "(the file may be corrupt, truncated or not a workbook at all).",
            fix,
        ) from None
    if "xl/workbook.xml" not in members:
        kind = "a Word document" if "word/document.xml" in members else "a zip archive"
        if "ppt/presentation.xml" in members:
            kind = "a PowerPoint presentation"
        raise DataLoadError(
            f"'{name}' is {kind}, not an Excel workbook.",
            "It is a zip archive but doesn't contain a workbook (no xl/workbook.xml inside).",
            "Upload the Excel file itself, or unzip the archive and upload the table inside.",
        )
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            return pd.ExcelFile(io.BytesIO(content), engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        raise DataLoadError(
            f"'{name}' is a damaged Excel workbook.",
            f"The workbook couldn't be opened: {_sentence(exc)}",
            "Open it in Excel or LibreOffice, save it again as .xlsx and upload the new file.",
        ) from None


def _read_excel(content: bytes, name: str, options: ReadOptions) -> _Part:
    with _open_workbook(content, name) as book:
        sheets = tuple(str(sheet) for sheet in book.sheet_names)
        if not sheets:
            raise _empty_error(name)
        sheet = sheets[0] if options.sheet is None else options.sheet
        if sheet not in sheets:
            raise DataLoadError(
                f"'{name}' has no sheet named '{sheet}'.",
                f"Its sheets are: {', '.join(repr(s) for s in sheets)}.",
                "Pick one of those sheets.",
            )
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
                raw = pd.read_excel(
                    book,
                    sheet_name=sheet,
                    header=None,
                    keep_default_na=False,
                    na_values=list(options.na_tokens),
                )
        except Exception as exc:  # damaged sheet XML
            raise DataLoadError(
                f"Sheet '{sheet}' of '{name}' couldn't be read.",
                f"The sheet's data is damaged: {_sentence(exc)}",
                "Open the workbook in Excel or LibreOffice, save it again and upload it.",
            ) from None

    notes: list[str] = []
    if len(sheets) > 1:
        notes.append(
            f"Read sheet '{sheet}'; the workbook has {len(sheets)} sheets "
            f"({', '.join(repr(s) for s in sheets)})."
        )
    # Fully empty rows and columns are layout, not data (like blank lines in a CSV).
    trimmed = raw.dropna(axis=0, how="all").dropna(axis=1, how="all")
    if trimmed.empty:
        raise DataLoadError(
            f"Sheet '{sheet}' of '{name}' is empty.",
            "It has no cells with values, so there is no table to read.",
            "Pick the sheet that holds the data"
            + (f" (the workbook has {', '.join(repr(s) for s in sheets)})." if sheets else "."),
        )
    header = [_excel_header(value) for value in trimmed.iloc[0].tolist()]
    body = trimmed.iloc[1:].reset_index(drop=True)
    body.columns = range(body.shape[1])
    body = body.infer_objects()
    if body.empty:
        raise DataLoadError(
            f"Sheet '{sheet}' of '{name}' has {len(header)} column names but no rows of data.",
            "A model needs at least some rows to learn from.",
            "Check that you picked the right sheet, or add the data below the header row.",
        )
    return _Part(frame=body, raw_headers=header, sheet=sheet, sheets=sheets, notes=notes)


def _excel_header(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).removesuffix(" 00:00:00")


# --------------------------------------------------------------------------------------------
# Parquet
# --------------------------------------------------------------------------------------------


def _read_parquet(content: bytes, name: str, limits: LoadLimits) -> _Part:
    import pyarrow.parquet as pq

    if len(content) < 12 or not content.startswith(_MAGIC_PARQUET) or content[-4:] != b"PAR1":
        raise _corrupt_parquet(name, "It doesn't start and end with the Parquet signature 'PAR1'.")
    try:
        parquet = pq.ParquetFile(io.BytesIO(content))
        n_rows, n_columns = parquet.metadata.num_rows, len(parquet.schema_arrow.names)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ... for damaged files
        raise _corrupt_parquet(name, f"Its metadata couldn't be read: {_sentence(exc)}") from None
    # Check the limits from the metadata before loading any data.
    _check_limits(name, limits, n_rows, n_columns, approximate=False)
    try:
        frame = pd.read_parquet(io.BytesIO(content), engine="pyarrow")
    except Exception as exc:
        raise _corrupt_parquet(name, f"Its data couldn't be read: {_sentence(exc)}") from None
    notes: list[str] = []
    if not _is_default_index(frame.index):
        labels = ", ".join(str(level) for level in frame.index.names if level is not None)
        frame = frame.reset_index()
        notes.append(
            "The file's row index was kept as "
            + (f"column(s) {labels}." if labels else "a column named 'index'.")
        )
    frame = _containers_to_json(frame).infer_objects()
    return _Part(frame=frame, notes=notes)


def _is_default_index(index: pd.Index) -> bool:
    return (
        isinstance(index, pd.RangeIndex)
        and index.start == 0
        and index.step == 1
        and index.name is None
    )


def _corrupt_parquet(name: str, why: str) -> DataLoadError:
    return DataLoadError(
        f"'{name}' isn't a readable Parquet file.",
        f"{why} The file may be corrupt or truncated.",
        "Export the table again (or as CSV) and upload the new file.",
    )


# --------------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------------


def _read_json(content: bytes, name: str, options: ReadOptions) -> _Part:
    text, encoding, notes = _decode(content, name, options.encoding)
    if not text.strip():
        raise _empty_error(name)
    lines_mode = _extension(name) in (".jsonl", ".ndjson")
    data: Any = None
    if not lines_mode:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            if exc.msg == "Extra data" and text.lstrip().startswith("{"):
                lines_mode = True
            else:
                raise _json_error(name, exc, None) from None
    if lines_mode:
        frame = pd.json_normalize(_json_lines(text, name))
        notes.append("Read as JSON Lines (one object per line).")
    else:
        frame, shape_note = _json_frame(data, name)
        if shape_note:
            notes.append(shape_note)
    frame = _containers_to_json(frame).infer_objects()
    return _Part(frame=frame, encoding=encoding, notes=notes)


def _json_error(name: str, exc: json.JSONDecodeError, line: int | None) -> DataLoadError:
    line_number = exc.lineno if line is None else line
    return DataLoadError(
        f"'{name}' isn't valid JSON: {exc.msg} at line {line_number}, column {exc.colno}.",
        "The JSON text is broken at that point, so the table can't be read.",
        "Fix the file there (often a missing comma, quote or bracket) or export it again.",
    )


def _json_lines(text: str, name: str) -> list[dict[str, Any]]:
    numbered = [(number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    try:
        records = json.loads("[" + ",".join(line for _, line in numbered) + "]")
    except json.JSONDecodeError:
        for number, line in numbered:  # find the bad line for the message (error path only)
            try:
                json.loads(line)
            except json.JSONDecodeError as exc:
                raise _json_error(name, exc, number) from None
        raise DataLoadError(  # pragma: no cover - every line parsed on its own
            f"'{name}' isn't valid JSON Lines.",
            "Each line must hold one complete JSON object.",
            "Export the file again as JSON Lines or as a JSON list of objects.",
        ) from None
    for (number, _), record in zip(numbered, records, strict=True):
        if not isinstance(record, dict):
            raise DataLoadError(
                f"Line {number} of '{name}' holds a JSON {_json_type(record)}, not an object.",
                'In JSON Lines each line must be one object, for example {"age": 31}.',
                "Export the file again with one object per line.",
            )
    if not records:
        raise _empty_error(name)
    return records


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false value"
    return "number"


_JSON_SHAPES_FIX = (
    'Save the data as a list of objects ([{"a": 1}, ...]), as JSON Lines (one object per '
    'line), or as an object of equal-length lists ({"a": [1, 2], "b": [3, 4]}).'
)


def _json_frame(data: Any, name: str) -> tuple[pd.DataFrame, str | None]:
    if isinstance(data, list):
        if not data:
            raise _empty_error(name)
        bad = next((item for item in data if not isinstance(item, dict)), None)
        if bad is not None:
            raise DataLoadError(
                f"'{name}' is a JSON list of {_json_type(bad)}s, not of objects.",
                "Each row must be an object mapping column names to values.",
                _JSON_SHAPES_FIX,
            )
        return pd.json_normalize(data), None
    if isinstance(data, dict):
        if not data:
            raise _empty_error(name)
        values = list(data.values())
        if (
            len(data) == 1
            and isinstance(values[0], list)
            and values[0]
            and all(isinstance(item, dict) for item in values[0])
        ):
            note = f"Read the list of records under the key '{next(iter(data))}'."
            return pd.json_normalize(values[0]), note
        if all(isinstance(value, list) for value in values):
            lengths = {len(value) for value in values}
            if len(lengths) > 1:
                raise DataLoadError(
                    f"'{name}' holds columns of different lengths "
                    f"({', '.join(str(n) for n in sorted(lengths))} values).",
                    "In an object of lists every list is one column, so all must have the same "
                    "length.",
                    "Make the lists the same length (use null for missing values) and upload "
                    "again.",
                )
            return pd.DataFrame({str(key): value for key, value in data.items()}), None
        if all(isinstance(value, dict) for value in values):
            keys = {tuple(value.keys()) for value in values}
            if len(keys) == 1 and next(iter(keys)):
                # pandas' default DataFrame.to_json() layout: {column: {row label: value}}.
                frame = pd.DataFrame.from_dict(data, orient="columns")
                labels = [str(label) for label in frame.index]
                if labels == [str(position) for position in range(len(labels))]:
                    frame = frame.reset_index(drop=True)
                else:
                    frame = frame.reset_index()
                return frame, "Read as an object of columns keyed by row label."
        raise DataLoadError(
            f"'{name}' is a JSON object that isn't laid out as a table.",
            "ModelPath reads a list of objects, JSON Lines, or an object whose values are "
            "equal-length lists.",
            _JSON_SHAPES_FIX,
        )
    raise DataLoadError(
        f"'{name}' holds a single JSON {_json_type(data)}, not a table.",
        "A table needs several rows of values.",
        _JSON_SHAPES_FIX,
    )


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


def _env_error(variable: str, raw: str, expected: str, default: str) -> DataLoadError:
    return DataLoadError(
        f"The environment variable {variable} is set to '{raw}', which isn't {expected}.",
        f"ModelPath reads its upload limits from {variable} when it starts.",
        f"Set {variable} to {expected} (the default is {default}) or unset it, then restart "
        "ModelPath.",
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
