"""Tests for core.data._parquet_format: reading Parquet files and their failures."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.core.data.intake_files import _error, _load, _parquet, _values

# ---------------------------------------------------------------------------------------------
# Excel, Parquet, JSON
# ---------------------------------------------------------------------------------------------


def test_load_table_reads_parquet():
    frame = pd.DataFrame({"x": [1, 2, 3], "label": ["a", "b", None], "score": [0.5, None, 1.5]})
    table = _load(_parquet(frame), "table.parquet")
    assert _values(table.frame) == {
        "x": [1, 2, 3],
        "label": ["a", "b", None],
        "score": [0.5, None, 1.5],
    }
    assert table.report.file_format == "parquet"
    assert table.report.missing_per_column == (("x", 0), ("label", 1), ("score", 1))


def test_load_table_keeps_named_parquet_index_as_column():
    frame = pd.DataFrame({"x": [1, 2]}, index=pd.Index(["r1", "r2"], name="id"))
    table = _load(_parquet(frame), "table.pq")
    assert _values(table.frame) == {"id": ["r1", "r2"], "x": [1, 2]}


def test_load_table_stores_parquet_lists_as_json_text():
    frame = pd.DataFrame({"tags": [["a", "b"], []]})
    table = _load(_parquet(frame), "table.parquet")
    assert table.frame["tags"].tolist() == ['["a","b"]', "[]"]


# ---------------------------------------------------------------------------------------------
# Failures
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cut",
    [
        pytest.param(lambda b: b[:40], id="truncated-start"),
        pytest.param(lambda b: b[:-40], id="truncated-end"),
        pytest.param(lambda b: b[:-40] + b"PAR1", id="damaged-footer"),
        pytest.param(lambda b: b"PAR1" + b"\x00" * 64 + b"PAR1", id="garbage"),
    ],
)
def test_load_table_rejects_corrupt_parquet(cut):
    content = cut(_parquet(pd.DataFrame({"a": range(50), "b": ["x"] * 50})))
    error = _error(content, "table.parquet")
    assert "isn't a readable Parquet file" in error.what
