"""Tests for core.data.intake: reading uploads into tables, with plain-language failures."""

from __future__ import annotations

import hashlib
import io
import json
import math
import zipfile

import openpyxl
import pandas as pd
import pytest

from core.data import (
    DEFAULT_NA_TOKENS,
    SUPPORTED_EXTENSIONS,
    LoadedTable,
    LoadLimits,
    LoadReport,
    ReadOptions,
    content_fingerprint,
    list_sheets,
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
# Excel, Parquet, JSON
# ---------------------------------------------------------------------------------------------


_WORKBOOK = {
    "People": [["name", "age"], ["Ann", 31], ["Bo", None]],
    "Cities": [["city", "code"], ["Windhoek", "NA"], ["Paris", "FR"]],
    "Empty": [],
    "HeaderOnly": [["x", "y"]],
}


def test_load_table_reads_first_excel_sheet_by_default():
    table = _load(_xlsx(_WORKBOOK), "book.xlsx")
    assert _values(table.frame) == {"name": ["Ann", "Bo"], "age": [31, None]}
    assert table.report.file_format == "excel"
    assert table.report.sheet == "People"
    assert table.report.sheets == ("People", "Cities", "Empty", "HeaderOnly")
    assert table.report.encoding is None


def test_load_table_reads_named_excel_sheet():
    table = _load(_xlsx(_WORKBOOK), "book.XLSM", sheet="Cities", na_tokens=("",))
    assert _values(table.frame) == {"city": ["Windhoek", "Paris"], "code": ["NA", "FR"]}
    assert table.report.sheet == "Cities"


def test_load_table_skips_empty_rows_and_columns_around_excel_table():
    content = _xlsx({"S": [[], [None, "a", None, "b"], [None, 1, None, "x"]]})
    table = _load(content, "book.xlsx")
    assert _values(table.frame) == {"a": [1], "b": ["x"]}


def test_load_table_renames_excel_headers():
    content = _xlsx({"S": [[" id ", None, "id", 2020], [1, 2, 3, 4]]})
    table = _load(content, "book.xlsx")
    assert list(table.frame.columns) == ["id", "column_2", "id_2", "2020"]
    assert table.report.renamed_headers == (
        (" id ", "id"),
        ("", "column_2"),
        ("id", "id_2"),
    )


def test_list_sheets_returns_sheet_names_in_order():
    assert list_sheets(_xlsx(_WORKBOOK), "book.xlsx") == ("People", "Cities", "Empty", "HeaderOnly")


def test_list_sheets_rejects_non_workbooks():
    with pytest.raises(DataLoadError, match="not an Excel workbook") as info:
        list_sheets(b"a,b\n1,2\n", "data.csv")
    assert info.value.fix


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
# Unknown extensions
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "file_format"),
    [
        pytest.param(b"a,b\n1,2\n", "export.dat", "csv", id="text"),
        pytest.param(b'[{"a": 1}]', "export", "json", id="json"),
        pytest.param(_parquet(pd.DataFrame({"a": [1]})), "export.bin", "parquet", id="parquet"),
        pytest.param(_xlsx({"S": [["a"], [1]]}), "export.dat", "excel", id="xlsx"),
    ],
)
def test_load_table_sniffs_unknown_extension(content, name, file_format):
    table = _load(content, name)
    assert table.report.file_format == file_format
    assert table.frame["a"].tolist() == [1]
    assert any(".csv" in note and ".parquet" in note for note in table.report.notes)


def test_load_table_reads_xlsx_named_xls():
    table = _load(_xlsx({"S": [["a"], [1]]}), "old.xls")
    assert table.frame["a"].tolist() == [1]


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


def test_default_na_tokens_match_recipe_default():
    from core.recipe import DEFAULT_NA_TOKENS as RECIPE_TOKENS

    assert DEFAULT_NA_TOKENS == RECIPE_TOKENS


def test_read_options_accepts_token_list():
    options = ReadOptions(na_tokens=["NA", "?"])
    assert options.na_tokens == ("NA", "?")


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


def test_load_table_rejects_header_only_excel_sheet():
    error = _error(_xlsx(_WORKBOOK), "book.xlsx", options=ReadOptions(sheet="HeaderOnly"))
    assert "no rows" in error.what


def test_load_table_rejects_empty_excel_sheet():
    error = _error(_xlsx(_WORKBOOK), "book.xlsx", options=ReadOptions(sheet="Empty"))
    assert "is empty" in error.what


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        pytest.param(b"a,b\x00\x01\x02\n1,2\n", "binary", id="nul-bytes"),
        pytest.param(_xlsx({"S": [["a"], [1]]}), "rename the file to end in .xlsx", id="xlsx"),
        pytest.param(_parquet(pd.DataFrame({"a": [1]})), ".parquet", id="parquet"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF", id="pdf"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image", id="png"),
        pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image", id="jpeg"),
        pytest.param(b"GIF89a\x01\x00\x01\x00", "GIF image", id="gif"),
        pytest.param(b"\x1f\x8b\x08\x00\x00\x00", "gzip", id="gzip"),
        pytest.param(_zip({"notes.txt": "hello"}), "Unzip", id="plain-zip"),
        pytest.param(_OLE2, ".xls", id="legacy-xls-bytes"),
    ],
)
def test_load_table_rejects_binary_renamed_csv(content, fragment):
    error = _error(content, "data.csv")
    assert fragment.lower() in error.message.lower()


def test_load_table_reports_supported_extensions_for_unknown_binary():
    error = _error(b"%PDF-1.7\n", "report.pdf")
    assert ".csv" in error.why
    assert ".xlsx" in error.why


@pytest.mark.parametrize(
    ("content", "name", "fragment"),
    [
        pytest.param(
            _OLE2 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 32,
            "secret.xlsx",
            "password-protected",
            id="encrypted-xlsx",
        ),
        pytest.param(
            _OLE2 + "EncryptedPackage".encode("utf-16-le"),
            "secret.xls",
            "password-protected",
            id="encrypted-xls",
        ),
        pytest.param(_OLE2, "old.xls", "legacy", id="legacy-xls"),
        pytest.param(_OLE2, "old.xlsx", "legacy", id="legacy-bytes-named-xlsx"),
        pytest.param(b"garbage", "old.xls", "legacy", id="xls-extension"),
        pytest.param(_OLE2, "mystery", "legacy", id="legacy-no-extension"),
    ],
)
def test_load_table_rejects_encrypted_and_legacy_excel(content, name, fragment):
    error = _error(content, name)
    assert fragment in error.what
    assert ".xlsx" in error.fix


def test_load_table_rejects_corrupt_xlsx():
    content = _xlsx(_WORKBOOK)
    error = _error(content[: len(content) // 2], "book.xlsx")
    assert "isn't a readable Excel workbook" in error.what


def test_load_table_suggests_csv_for_text_named_xlsx():
    error = _error(b"a,b\n1,2\n", "book.xlsx")
    assert ".csv" in error.fix


def test_load_table_rejects_zip_that_is_not_a_workbook():
    content = _zip({"word/document.xml": "<doc/>", "[Content_Types].xml": "<x/>"})
    error = _error(content, "letter.xlsx")
    assert "Word document" in error.what
    assert "not an Excel workbook" in error.what


def test_load_table_rejects_damaged_workbook_xml():
    content = _zip({"[Content_Types].xml": "<broken", "xl/workbook.xml": "<broken"})
    error = _error(content, "book.xlsx")
    assert "Excel workbook" in error.what


def test_load_table_rejects_unknown_sheet_listing_sheets():
    error = _error(_xlsx(_WORKBOOK), "book.xlsx", options=ReadOptions(sheet="Nope"))
    assert "'Nope'" in error.what
    assert "'People', 'Cities'" in error.why


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


def test_load_table_rejects_unclosed_quote_without_crashing():
    error = _error(b'a,b\n1,"open\n2,3\n', "data.csv")
    assert error.what


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


def _csv(rows: int, columns: int) -> bytes:
    header = ",".join(f"c{i}" for i in range(columns))
    body = "\n".join(",".join("1" for _ in range(columns)) for _ in range(rows))
    return f"{header}\n{body}\n".encode()


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


def test_load_limits_from_env_reads_variables():
    limits = LoadLimits.from_env(
        {
            "MODELPATH_MAX_UPLOAD_MB": "1.5",
            "MODELPATH_MAX_ROWS": "1_000",
            "MODELPATH_MAX_COLUMNS": " 20 ",
            "MODELPATH_MAX_CELLS": "",
        }
    )
    assert limits == LoadLimits(
        max_bytes=int(1.5 * 1024 * 1024), max_rows=1000, max_columns=20, max_cells=20_000_000
    )


def test_load_limits_from_env_defaults_when_unset():
    assert LoadLimits.from_env({}) == LoadLimits()


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        pytest.param("MODELPATH_MAX_UPLOAD_MB", "lots", id="mb-text"),
        pytest.param("MODELPATH_MAX_UPLOAD_MB", "-5", id="mb-negative"),
        pytest.param("MODELPATH_MAX_UPLOAD_MB", "nan", id="mb-nan"),
        pytest.param("MODELPATH_MAX_ROWS", "1.5", id="rows-fraction"),
        pytest.param("MODELPATH_MAX_COLUMNS", "0", id="columns-zero"),
        pytest.param("MODELPATH_MAX_CELLS", "many", id="cells-text"),
    ],
)
def test_load_limits_from_env_rejects_bad_values(variable, value):
    with pytest.raises(DataLoadError) as info:
        LoadLimits.from_env({variable: value})
    assert variable in info.value.what
    assert value in info.value.what
    assert info.value.fix


def test_load_limits_rejects_non_positive_values():
    with pytest.raises(ValueError, match="max_rows"):
        LoadLimits(max_rows=0)


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


def test_supported_extensions_are_lowercase_with_dot():
    assert all(ext.startswith(".") and ext == ext.lower() for ext in SUPPORTED_EXTENSIONS)
    assert {".csv", ".xlsx", ".parquet", ".json", ".jsonl"} <= set(SUPPORTED_EXTENSIONS)


def test_load_table_handles_large_text_sample_boundary():
    rows = "\n".join(f"{i};{i},5;name {i}" for i in range(20_000))
    content = f"n;x;label\n{rows}\n".encode()
    table = _load(content, "big.csv")
    assert table.frame.shape == (20_000, 3)
    assert table.report.delimiter == ";"
    assert math.isclose(table.frame["x"].iloc[3], 3.5)
