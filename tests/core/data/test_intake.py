"""Tests for core.data.intake: the entry points and the load report."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest

from core.data import (
    LoadReport,
    content_fingerprint,
    list_sheets,
    load_table,
)
from core.errors import DataLoadError
from tests.core.data.intake_files import _WORKBOOK, _error, _load, _parquet, _xlsx

# ---------------------------------------------------------------------------------------------
# Excel, Parquet, JSON
# ---------------------------------------------------------------------------------------------


def test_list_sheets_returns_sheet_names_in_order():
    assert list_sheets(_xlsx(_WORKBOOK), "book.xlsx") == ("People", "Cities", "Empty", "HeaderOnly")


def test_list_sheets_rejects_non_workbooks():
    with pytest.raises(DataLoadError, match="not an Excel workbook") as info:
        list_sheets(b"a,b\n1,2\n", "data.csv")
    assert info.value.fix


# ---------------------------------------------------------------------------------------------
# Headers and the load report
# ---------------------------------------------------------------------------------------------


def test_load_table_report_describes_the_read():
    content = b"name;age;city\nAnn;31;\nBo;;Oslo\nCy;40;Rome\n"
    table = _load(content, "people.csv")
    report = table.report
    assert isinstance(report, LoadReport)
    assert report.file_name == "people.csv"
    assert report.size_bytes == len(content)
    assert report.encoding == "utf-8"
    assert report.delimiter == ";"
    assert (report.n_rows, report.n_columns) == (3, 3)
    assert report.missing_per_column == (("name", 0), ("age", 1), ("city", 1))
    assert report.skipped_lines == ()
    assert report.sheets == ()
    assert isinstance(table.frame.index, pd.RangeIndex)


def test_load_report_to_dict_is_json_friendly():
    report = _load(b"a,a\n1,\n", "data.csv").report
    data = report.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["renamed_headers"] == [{"original": "a", "new": "a_2"}]
    assert data["missing_per_column"] == {"a": 0, "a_2": 1}
    assert data["n_rows"] == 1


# ---------------------------------------------------------------------------------------------
# Failures
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "fragment"),
    [
        pytest.param(b"", "data.csv", "is empty", id="zero-bytes"),
        pytest.param(b"  \n\t\r\n", "data.csv", "is empty", id="whitespace-only"),
        pytest.param(b"\xef\xbb\xbf\n", "data.csv", "is empty", id="bom-only"),
        pytest.param(b"", "book.xlsx", "is empty", id="empty-xlsx"),
        pytest.param(b"   ", "data.json", "is empty", id="whitespace-json"),
        pytest.param(b"[]", "data.json", "is empty", id="empty-json-list"),
        pytest.param(b"a,b,c\n", "data.csv", "no rows", id="header-only-csv"),
        pytest.param(b"a,b,c\n\n\n", "data.csv", "no rows", id="header-and-blank-lines"),
        pytest.param(
            _parquet(pd.DataFrame({"a": pd.Series([], dtype="int64")})),
            "t.parquet",
            "no rows",
            id="header-only-parquet",
        ),
    ],
)
def test_load_table_rejects_empty_and_header_only(content, name, fragment):
    error = _error(content, name)
    assert fragment in error.what


# ---------------------------------------------------------------------------------------------
# Small helpers and guarantees
# ---------------------------------------------------------------------------------------------


def test_content_fingerprint_is_sha256_hex():
    fingerprint = content_fingerprint(b"a,b\n1,2\n")
    assert fingerprint == hashlib.sha256(b"a,b\n1,2\n").hexdigest()
    assert fingerprint == content_fingerprint(b"a,b\n1,2\n")
    assert fingerprint != content_fingerprint(b"a,b\n1,3\n")


def test_load_table_accepts_bytearray_and_leaves_it_unchanged():
    content = bytearray(b"a,b\n1,2\n")
    table = load_table(content, "data.csv")
    assert content == bytearray(b"a,b\n1,2\n")
    assert table.frame.shape == (1, 2)
