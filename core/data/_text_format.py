"""Reading delimited text: CSV, TSV, semicolon- and pipe-separated files.

Detects the encoding (byte-order marks, UTF-16 without one, UTF-8, then Windows-1252 and
Latin-1), the delimiter (the one giving the most consistent field count) and the decimal mark
from a sample of the text, then bulk-reads it with the pandas C engine. Rows with more fields
than the header fail with their physical line number, or are skipped and listed when the person
asks for it.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import threading
import warnings
from collections import Counter
from collections.abc import Sequence
from itertools import islice
from typing import Any

import pandas as pd

from core.data._format_detection import _extension, _reject_binary, _utf16_without_bom
from core.data._table_cleanup import _empty_error, _limit_error, _Part, _sentence, _unique_names
from core.data.read_settings import LoadLimits, ReadOptions
from core.errors import DataLoadError

_DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
# Used as the separator for single-column text so that no character in the data splits a line.
_NO_SPLIT = "\x1f"
_SAMPLE_CHARS = 64 * 1024
_SAMPLE_RECORDS = 2000
_MIN_CONSISTENCY = 0.6

_ENCODING_LABELS: dict[str, str] = {
    "cp1252": "Windows-1252 (cp1252)",
    "latin-1": "Latin-1 (ISO-8859-1)",
}

# Numbers written with a decimal comma (3,14 / 1.234,5) or a decimal point (3.14 / 1,234.5).
_COMMA_DECIMAL = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+")
_POINT_DECIMAL = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+")
# "1,234" and "1.234" could be either a thousands group or a decimal: not evidence either way.
_AMBIGUOUS_COMMA = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+")
_AMBIGUOUS_POINT = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+")

_BAD_LINE_WARNING = re.compile(r"Skipping line (\d+): expected (\d+) fields, saw (\d+)")
_BAD_LINE_ERROR = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")

# warnings.catch_warnings swaps process-wide state; serialise the reads that rely on it.
_WARNINGS_LOCK = threading.Lock()


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
