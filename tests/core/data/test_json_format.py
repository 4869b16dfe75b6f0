"""Tests for core.data._json_format: JSON and JSON Lines layouts and their failures."""

from __future__ import annotations

import pytest

from tests.core.data.intake_files import _error, _load, _values

# ---------------------------------------------------------------------------------------------
# Excel, Parquet, JSON
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        pytest.param(
            b'[{"a": 1, "b": "x"}, {"a": 2, "b": null}]',
            "data.json",
            {"a": [1, 2], "b": ["x", None]},
            id="records",
        ),
        pytest.param(
            b'{"a": 1, "b": "x"}\n\n{"a": 2}\n',
            "data.jsonl",
            {"a": [1, 2], "b": ["x", None]},
            id="json-lines",
        ),
        pytest.param(
            b'{"a": 1, "b": "x"}\n{"a": 2, "b": "y"}\n',
            "data.ndjson",
            {"a": [1, 2], "b": ["x", "y"]},
            id="ndjson",
        ),
        pytest.param(
            b'{"a": 1, "b": "x"}\n{"a": 2, "b": "y"}\n',
            "data.json",
            {"a": [1, 2], "b": ["x", "y"]},
            id="json-with-one-object-per-line",
        ),
        pytest.param(
            b'{"a": [1, 2], "b": ["x", "y"]}',
            "data.json",
            {"a": [1, 2], "b": ["x", "y"]},
            id="columns",
        ),
        pytest.param(
            b'[{"id": 1, "user": {"name": "Ann", "home": {"city": "Oslo"}}, "tags": ["a", "b"]},'
            b' {"id": 2, "user": {"name": "Bo"}, "tags": []}]',
            "data.json",
            {
                "id": [1, 2],
                "tags": ['["a","b"]', "[]"],
                "user.name": ["Ann", "Bo"],
                "user.home.city": ["Oslo", None],
            },
            id="nested-flattened-lists-as-text",
        ),
        pytest.param(
            b'{"rows": [{"a": 1}, {"a": 2}]}',
            "data.json",
            {"a": [1, 2]},
            id="records-under-one-key",
        ),
        pytest.param(
            b'{"a": {"0": 1, "1": 2}, "b": {"0": "x", "1": "y"}}',
            "data.json",
            {"a": [1, 2], "b": ["x", "y"]},
            id="pandas-columns-layout",
        ),
    ],
)
def test_load_table_reads_json(content, name, expected):
    table = _load(content, name)
    assert _values(table.frame) == expected
    assert table.report.file_format == "json"


# ---------------------------------------------------------------------------------------------
# Failures
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "fragment"),
    [
        pytest.param(b'[{"a": 1},\n {"a": }]', "d.json", "line 2, column 8", id="bad-json"),
        pytest.param(b'{"a": 1}\n{"a": 2\n', "d.jsonl", "line 2", id="bad-json-line"),
        pytest.param(b'{"a": 1}\n[1, 2]\n', "d.jsonl", "Line 2", id="json-line-not-object"),
        pytest.param(b"[1, 2, 3]", "d.json", "list of numbers", id="list-of-scalars"),
        pytest.param(b'{"a": [1, 2], "b": [1]}', "d.json", "different lengths", id="ragged"),
        pytest.param(b'{"a": 1, "b": "x"}', "d.json", "isn't laid out", id="single-object"),
        pytest.param(b'"text"', "d.json", "single JSON string", id="scalar"),
    ],
)
def test_load_table_rejects_bad_json(content, name, fragment):
    error = _error(content, name)
    assert fragment in error.what
