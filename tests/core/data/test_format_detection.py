"""Tests for core.data._format_detection: unknown extensions and files that are not tables."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.core.data.intake_files import _OLE2, _error, _load, _parquet, _xlsx, _zip

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
# Failures
# ---------------------------------------------------------------------------------------------


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
