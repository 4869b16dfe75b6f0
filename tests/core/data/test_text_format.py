"""Tests for core.data._text_format: delimited text, encodings and bad lines."""

from __future__ import annotations

import math

import pytest

from core.data import ReadOptions
from tests.core.data.intake_files import _error, _load, _values

# ---------------------------------------------------------------------------------------------
# Delimited text
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "delimiter", "decimal", "expected"),
    [
        pytest.param(
            b"a,b\n1,x\n2,y\n",
            "data.csv",
            ",",
            ".",
            {"a": [1, 2], "b": ["x", "y"]},
            id="csv-comma",
        ),
        pytest.param(
            b"a\tb\n1\tx, y\n2\tz\n",
            "data.tsv",
            "\t",
            ".",
            {"a": [1, 2], "b": ["x, y", "z"]},
            id="tsv",
        ),
        pytest.param(
            b"city;price;size\nLyon;3,14;1.234,5\nNice;2,5;12,0\n",
            "data.csv",
            ";",
            ",",
            {"city": ["Lyon", "Nice"], "price": [3.14, 2.5], "size": [1234.5, 12.0]},
            id="semicolon-decimal-comma",
        ),
        pytest.param(
            b"a|b\n1|x\n2|y\n",
            "data.txt",
            "|",
            ".",
            {"a": [1, 2], "b": ["x", "y"]},
            id="pipe",
        ),
        pytest.param(
            b'id,text\n1,"red, green"\n2,"say ""hi""\nthen leave"\n',
            "data.csv",
            ",",
            ".",
            {"id": [1, 2], "text": ["red, green", 'say "hi"\nthen leave']},
            id="quoted-delimiter-quote-newline",
        ),
        pytest.param(
            b'a,b\n"3,5",x\n"1,25",y\n',
            "data.csv",
            ",",
            ",",
            {"a": [3.5, 1.25], "b": ["x", "y"]},
            id="quoted-decimal-comma-with-comma-delimiter",
        ),
        pytest.param(
            b"a,b\r\n1,2\r\n3,4\r\n",
            "data.csv",
            ",",
            ".",
            {"a": [1, 3], "b": [2, 4]},
            id="crlf-line-ends",
        ),
    ],
)
def test_load_table_reads_delimited_text(content, name, delimiter, decimal, expected):
    table = _load(content, name)
    assert _values(table.frame) == expected
    assert table.report.file_format == "csv"
    assert table.report.delimiter == delimiter
    assert table.report.decimal == decimal


def test_load_table_notes_decimal_commas():
    table = _load(b"a;b\n3,14;x\n2,5;y\n", "data.csv")
    assert any("decimal commas" in note for note in table.report.notes)


def test_load_table_keeps_dotted_dates_as_text_with_decimal_commas():
    table = _load(b"when;price\n01.02.2020;3,5\n02.03.2021;1.234,5\n", "data.csv")
    assert table.frame["when"].tolist() == ["01.02.2020", "02.03.2021"]
    assert table.frame["price"].tolist() == [3.5, 1234.5]


def test_load_table_honours_chosen_delimiter_and_decimal():
    table = _load(b"a;b\n1,5;2\n", "data.csv", delimiter=";", decimal=",")
    assert _values(table.frame) == {"a": [1.5], "b": [2]}


def test_load_table_reads_thousands_grouped_numbers_with_a_note():
    table = _load(b'name,amount\nx,"1,234.5"\ny,"2,000"\n', "data.csv")
    assert table.frame["amount"].tolist() == [1234.5, 2000.0]
    assert any("thousands separator" in note for note in table.report.notes)


def test_load_table_reads_prose_as_one_column():
    content = b"Hello, world\nThis is a note\nIt has, commas, in odd places\n"
    table = _load(content, "notes.txt")
    assert list(table.frame.columns) == ["Hello, world"]
    assert table.frame.shape == (2, 1)
    assert table.report.delimiter is None
    assert any("single column" in note for note in table.report.notes)


def test_load_table_reads_single_column_of_decimal_commas():
    table = _load(b"value\n3,14\n2,5\n", "data.csv")
    assert table.frame["value"].tolist() == [3.14, 2.5]


def test_load_table_prefers_tab_for_tsv():
    table = _load(b"a,b\tc\n1,2\t3\n4,5\t6\n", "data.tsv")
    assert table.report.delimiter == "\t"
    assert list(table.frame.columns) == ["a,b", "c"]


def test_load_table_skips_blank_lines():
    table = _load(b"a,b\n\n1,2\n\n3,4\n\n", "data.csv")
    assert table.frame.shape == (2, 2)


# ---------------------------------------------------------------------------------------------
# Encodings
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "encoding", "word"),
    [
        pytest.param("name,price\ncafé,€3\n".encode(), "utf-8", "café", id="utf-8"),
        pytest.param(
            "name,price\ncafé,€3\n".encode("utf-8-sig"), "utf-8-sig", "café", id="utf-8-bom"
        ),
        pytest.param("name,price\ncafé,€3\n".encode("cp1252"), "cp1252", "café", id="cp1252"),
        pytest.param(
            b"name,price\ncaf\xe9,\x813\n", "latin-1", "café", id="latin-1-undefined-in-cp1252"
        ),
        pytest.param("name,price\ncafé,€3\n".encode("utf-16"), "utf-16", "café", id="utf-16-bom"),
        pytest.param(
            "name,price\ncafé,€3\n".encode("utf-16-le"), "utf-16-le", "café", id="utf-16-le-no-bom"
        ),
    ],
)
def test_load_table_detects_encoding(content, encoding, word):
    table = _load(content, "data.csv")
    assert table.report.encoding == encoding
    assert list(table.frame.columns) == ["name", "price"]
    assert table.frame["name"].tolist() == [word]


def test_load_table_reads_euro_sign_in_cp1252():
    table = _load("name,price\ncafé,€3\n".encode("cp1252"), "data.csv")
    assert table.frame["price"].tolist() == ["€3"]
    assert any("cp1252" in note for note in table.report.notes)


def test_load_table_honours_chosen_encoding():
    table = _load("name\ncafé\n".encode("latin-1"), "data.csv", encoding="latin-1")
    assert table.report.encoding == "latin-1"
    assert table.frame["name"].tolist() == ["café"]


def test_load_table_rejects_bytes_invalid_in_chosen_encoding():
    error = _error(
        "name\ncafé\n".encode("cp1252"), "data.csv", options=ReadOptions(encoding="utf-8")
    )
    assert "utf-8" in error.what
    assert "encoding" in error.fix


# ---------------------------------------------------------------------------------------------
# Bad lines
# ---------------------------------------------------------------------------------------------


def test_load_table_rejects_ragged_rows_with_line_number():
    error = _error(b"a,b\n1,2\n3,4,5\n6,7\n", "data.csv")
    assert "Line 3" in error.what
    assert "has 3 fields" in error.what
    assert "the header has 2" in error.what
    assert "skip bad lines" in error.fix


def test_load_table_reports_file_line_after_quoted_newline():
    error = _error(b'a,b\n"x\ny",2\n3,4,5\n', "data.csv")
    assert "Line 4" in error.what


def test_load_table_skips_bad_lines_when_asked():
    content = b'a,b\n1,2\n3,4,5\n"x\ny",6\n7,8,9\n10,11\n'
    table = _load(content, "data.csv", skip_bad_lines=True)
    assert _values(table.frame) == {"a": ["1", "x\ny", "10"], "b": [2, 6, 11]}
    assert table.report.skipped_lines == (3, 6)
    assert any("Skipped 2 lines" in note for note in table.report.notes)


def test_load_table_pads_short_rows_with_missing():
    table = _load(b"a,b,c\n1,2\n3,4,5\n", "data.csv")
    assert _values(table.frame) == {"a": [1, 3], "b": [2, 4], "c": [None, 5.0]}


# ---------------------------------------------------------------------------------------------
# Failures
# ---------------------------------------------------------------------------------------------


def test_load_table_rejects_unclosed_quote_without_crashing():
    error = _error(b'a,b\n1,"open\n2,3\n', "data.csv")
    assert error.what


# ---------------------------------------------------------------------------------------------
# Small helpers and guarantees
# ---------------------------------------------------------------------------------------------


def test_load_table_handles_large_text_sample_boundary():
    rows = "\n".join(f"{i};{i},5;name {i}" for i in range(20_000))
    content = f"n;x;label\n{rows}\n".encode()
    table = _load(content, "big.csv")
    assert table.frame.shape == (20_000, 3)
    assert table.report.delimiter == ";"
    assert math.isclose(table.frame["x"].iloc[3], 3.5)
