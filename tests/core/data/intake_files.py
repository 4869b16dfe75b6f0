"""Shared by the intake tests: every file is generated here, in memory, plus small checks."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from core.data import (
    LoadedTable,
    ReadOptions,
    load_table,
)
from core.errors import DataLoadError

# ---------------------------------------------------------------------------------------------
# Builders: every file is generated here, in memory
# ---------------------------------------------------------------------------------------------


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, engine="pyarrow")
    return buffer.getvalue()


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, text in members.items():
            archive.writestr(member, text)
    return buffer.getvalue()


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _load(content: bytes, name: str, **options: object) -> LoadedTable:
    return load_table(content, name, options=ReadOptions(**options) if options else None)


def _error(content: bytes, name: str, **kwargs: object) -> DataLoadError:
    with pytest.raises(DataLoadError) as info:
        load_table(content, name, **kwargs)
    error = info.value
    assert error.what
    assert error.why
    assert error.fix
    return error


def _values(frame: pd.DataFrame) -> dict[str, list[object]]:
    """Column -> values with missing cells as None, for easy comparison."""
    return {
        col: [None if pd.isna(value) else value for value in frame[col].tolist()]
        for col in frame.columns
    }


_WORKBOOK = {
    "People": [["name", "age"], ["Ann", 31], ["Bo", None]],
    "Cities": [["city", "code"], ["Windhoek", "NA"], ["Paris", "FR"]],
    "Empty": [],
    "HeaderOnly": [["x", "y"]],
}


def _csv(rows: int, columns: int) -> bytes:
    header = ",".join(f"c{i}" for i in range(columns))
    body = "\n".join(",".join("1" for _ in range(columns)) for _ in range(rows))
    return f"{header}\n{body}\n".encode()
