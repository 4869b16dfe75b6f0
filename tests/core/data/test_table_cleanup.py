"""Tests for core.data._table_cleanup: missing-value tokens, headers, options and limits."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from core.data import (
    DEFAULT_NA_TOKENS,
    LoadLimits,
    ReadOptions,
    load_table,
)
from tests.core.data.intake_files import _csv, _error, _load, _parquet, _values, _xlsx

# ---------------------------------------------------------------------------------------------
# Missing-value tokens
# ---------------------------------------------------------------------------------------------


def test_load_table_reads_default_na_tokens_as_missing():
    content = b"country,score,note\nNA,1,?\nFR,-, n/a \nDE,NULL,ok\nIT,,None\n"
    table = _load(content, "data.csv")
    assert _values(table.frame) == {
        "country": [None, "FR", "DE", "IT"],
        "score": [1.0, None, None, None],
        "note": [None, None, "ok", None],
    }
    assert table.report.na_tokens == DEFAULT_NA_TOKENS


def test_load_table_keeps_namibia_when_na_token_removed():
    tokens = tuple(token for token in DEFAULT_NA_TOKENS if token != "NA")
    table = _load(b"country,score\nNA,1\nFR,?\n", "data.csv", na_tokens=tokens)
    assert _values(table.frame) == {"country": ["NA", "FR"], "score": [1.0, None]}
    assert table.report.na_tokens == tokens


def test_load_table_reads_padded_tokens_and_keeps_numbers_numeric():
    table = _load(b"a,b\n1, NA \n2,3.5\n", "data.csv")
    assert _values(table.frame) == {"a": [1, 2], "b": [None, 3.5]}
    assert pd.api.types.is_float_dtype(table.frame["b"])


@pytest.mark.parametrize(
    ("content", "name"),
    [
        pytest.param(_xlsx({"S": [["code", "n"], ["NA", 1], ["FR", "-"]]}), "b.xlsx", id="excel"),
        pytest.param(b'[{"code": "NA", "n": 1}, {"code": "FR", "n": null}]', "d.json", id="json"),
        pytest.param(
            _parquet(pd.DataFrame({"code": [" NA ", "FR"], "n": [1.0, None]})),
            "d.parquet",
            id="parquet",
        ),
    ],
)
def test_load_table_applies_na_tokens_to_every_format(content, name):
    table = _load(content, name)
    assert _values(table.frame) == {"code": [None, "FR"], "n": [1, None]}
    assert pd.api.types.is_numeric_dtype(table.frame["n"])
    namibia = _load(content, name, na_tokens=("",))
    assert namibia.frame["code"].str.strip().tolist() == ["NA", "FR"]


# ---------------------------------------------------------------------------------------------
# Headers and the load report
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "names", "renamed"),
    [
        pytest.param(
            b"id,id,id", ["id", "id_2", "id_3"], (("id", "id_2"), ("id", "id_3")), id="duplicates"
        ),
        pytest.param(
            b"a,,b,",
            ["a", "column_2", "b", "column_4"],
            (("", "column_2"), ("", "column_4")),
            id="blanks",
        ),
        pytest.param(b" a ,b  ", ["a", "b"], ((" a ", "a"), ("b  ", "b")), id="padded"),
        pytest.param(
            b"a,a,a_2", ["a", "a_3", "a_2"], (("a", "a_3"),), id="no-collision-with-later-name"
        ),
        pytest.param(
            b"column_2,", ["column_2", "column_2_2"], (("", "column_2_2"),), id="blank-collides"
        ),
    ],
)
def test_load_table_renames_headers(header, names, renamed):
    n_fields = header.count(b",") + 1
    content = header + b"\n" + b",".join([b"1"] * n_fields) + b"\n"
    table = _load(content, "data.csv")
    assert list(table.frame.columns) == names
    assert table.report.renamed_headers == renamed
    assert all(isinstance(col, str) for col in table.frame.columns)


# ---------------------------------------------------------------------------------------------
# Failures
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        pytest.param(ReadOptions(delimiter=";;"), "delimiter", id="long-delimiter"),
        pytest.param(ReadOptions(decimal=";"), "decimal mark", id="bad-decimal"),
        pytest.param(ReadOptions(delimiter=",", decimal=","), "both a comma", id="both-commas"),
        pytest.param(ReadOptions(encoding="klingon-8"), "isn't known", id="unknown-encoding"),
    ],
)
def test_load_table_rejects_invalid_options(options, fragment):
    error = _error(b"a,b\n1,2\n", "data.csv", options=options)
    assert fragment in error.what


# ---------------------------------------------------------------------------------------------
# Limits
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "limits", "fragments"),
    [
        pytest.param(
            _csv(10, 2),
            "data.csv",
            LoadLimits(max_bytes=20),
            ("over the upload limit", "MODELPATH_MAX_UPLOAD_MB"),
            id="bytes",
        ),
        pytest.param(
            _csv(11, 2),
            "data.csv",
            LoadLimits(max_rows=10),
            ("about 11 rows", "10 rows", "MODELPATH_MAX_ROWS"),
            id="rows-csv",
        ),
        pytest.param(
            _csv(2, 6),
            "data.csv",
            LoadLimits(max_columns=5),
            ("6 columns", "5 columns", "MODELPATH_MAX_COLUMNS"),
            id="columns-csv",
        ),
        pytest.param(
            _csv(5, 5),
            "data.csv",
            LoadLimits(max_cells=20),
            ("25 cells", "20 cells", "MODELPATH_MAX_CELLS"),
            id="cells-csv",
        ),
        pytest.param(
            _parquet(pd.DataFrame({"a": range(11)})),
            "t.parquet",
            LoadLimits(max_rows=10),
            ("11 rows", "MODELPATH_MAX_ROWS"),
            id="rows-parquet",
        ),
        pytest.param(
            _xlsx({"S": [["a", "b", "c"], [1, 2, 3]]}),
            "b.xlsx",
            LoadLimits(max_columns=2),
            ("3 columns", "MODELPATH_MAX_COLUMNS"),
            id="columns-excel",
        ),
        pytest.param(
            json.dumps([{"a": i, "b": i} for i in range(6)]).encode(),
            "d.json",
            LoadLimits(max_cells=10),
            ("12 cells", "MODELPATH_MAX_CELLS"),
            id="cells-json",
        ),
    ],
)
def test_load_table_enforces_limits(content, name, limits, fragments):
    error = _error(content, name, limits=limits)
    for fragment in fragments:
        assert fragment in error.message


def test_load_table_accepts_table_exactly_at_limits():
    limits = LoadLimits(max_rows=10, max_columns=2, max_cells=20, max_bytes=len(_csv(10, 2)))
    table = load_table(_csv(10, 2), "data.csv", limits=limits)
    assert table.frame.shape == (10, 2)
