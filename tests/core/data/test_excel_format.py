"""Tests for core.data._excel_format: reading workbooks and their failures."""

from __future__ import annotations

from core.data import ReadOptions
from tests.core.data.intake_files import _WORKBOOK, _error, _load, _values, _xlsx, _zip

# ---------------------------------------------------------------------------------------------
# Excel, Parquet, JSON
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Failures
# ---------------------------------------------------------------------------------------------


def test_load_table_rejects_header_only_excel_sheet():
    error = _error(_xlsx(_WORKBOOK), "book.xlsx", options=ReadOptions(sheet="HeaderOnly"))
    assert "no rows" in error.what


def test_load_table_rejects_empty_excel_sheet():
    error = _error(_xlsx(_WORKBOOK), "book.xlsx", options=ReadOptions(sheet="Empty"))
    assert "is empty" in error.what


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
