"""Reading JSON and JSON Lines.

Accepts a list of objects, one object per line (JSON Lines), a single key holding a list of
records, an object of equal-length lists, and pandas' default ``to_json`` layout (an object of
columns keyed by row label); anything else is refused with the shapes that would work. Nested
objects become dotted column names; lists become JSON text.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from core.data._format_detection import _extension
from core.data._table_cleanup import _containers_to_json, _empty_error, _Part
from core.data._text_format import _decode
from core.data.read_settings import ReadOptions
from core.errors import DataLoadError


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
