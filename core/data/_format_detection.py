"""Recognising a file's format, and refusing files that are not tables.

The format comes from the extension (case-insensitive); a file with an unknown or no extension
is recognised from its first bytes (zip for Excel, ``PAR1`` for Parquet, ``[``/``{`` for JSON,
otherwise delimited text). Bytes that cannot be text (PDFs, images, archives, legacy or
password-protected Excel files) are refused with a message that names what the file really is.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import PurePath

from core.data.read_settings import SUPPORTED_EXTENSIONS
from core.errors import DataLoadError

_FORMAT_BY_EXTENSION: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
}

_MAGIC_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_MAGIC_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAGIC_PARQUET = b"PAR1"
_ENCRYPTED_MARKER = "EncryptedPackage".encode("utf-16-le")


def _display_name(file_name: str) -> str:
    name = str(file_name or "").strip()
    return name or "the uploaded file"


def _extension(name: str) -> str:
    return PurePath(name).suffix.lower()


def _supported_list() -> str:
    return ", ".join(SUPPORTED_EXTENSIONS)


def _detect_format(content: bytes, name: str) -> tuple[str, str | None]:
    """Return (format, note) where format is csv/excel/parquet/json/ole2/binary."""
    ext = _extension(name)
    if ext == ".xls":
        if content.startswith(_MAGIC_ZIP):
            return "excel", (
                f"'{name}' is named .xls but holds a modern .xlsx workbook, so it was read as one."
            )
        return "ole2", None
    if ext in _FORMAT_BY_EXTENSION:
        file_format = _FORMAT_BY_EXTENSION[ext]
        if file_format == "excel" and content.startswith(_MAGIC_OLE2):
            return "ole2", None
        return file_format, None

    # Unknown or missing extension: look at the content.
    shown = f"the unknown extension '{ext}'" if ext else "no file extension"
    head = content.removeprefix(codecs.BOM_UTF8).lstrip()[:1]
    if content.startswith(_MAGIC_ZIP):
        file_format, label = "excel", "an Excel workbook"
    elif content.startswith(_MAGIC_PARQUET):
        file_format, label = "parquet", "a Parquet file"
    elif content.startswith(_MAGIC_OLE2):
        return "ole2", None
    elif _binary_kind(content) is not None:
        return "binary", None
    elif head in (b"[", b"{"):
        file_format, label = "json", "JSON"
    else:
        file_format, label = "csv", "delimited text (CSV)"
    note = (
        f"'{name}' has {shown} (ModelPath knows {_supported_list()}); its content looks like "
        f"{label}, so it was read as that."
    )
    return file_format, note


def _binary_kind(content: bytes) -> str | None:
    """Name the kind of a binary file that can't be text, or None when it may be text."""
    if content.startswith(_MAGIC_ZIP):
        return "zip"
    if content.startswith(_MAGIC_PARQUET):
        return "parquet"
    if content.startswith(_MAGIC_OLE2):
        return "ole2"
    if content.startswith(b"%PDF"):
        return "a PDF document"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "a PNG image"
    if content.startswith(b"\xff\xd8\xff"):
        return "a JPEG image"
    if content.startswith((b"GIF87a", b"GIF89a")):
        return "a GIF image"
    if content.startswith(b"\x1f\x8b"):
        return "a gzip-compressed file"
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\x00" in content and _utf16_without_bom(content) is None:
        return "a binary file"
    return None


def _reject_binary(content: bytes, name: str) -> None:
    """Raise a DataLoadError when the bytes are clearly not text."""
    kind = _binary_kind(content)
    if kind is None:
        return
    ext = _extension(name) or "(no extension)"
    if kind == "zip":
        if _zip_has_workbook(content):
            raise DataLoadError(
                f"'{name}' looks like an Excel workbook, not a {ext} text file.",
                "Its bytes start like an .xlsx file (a zip archive holding a workbook).",
                "Rename the file to end in .xlsx and upload it again.",
            )
        raise DataLoadError(
            f"'{name}' is a zip archive, not a {ext} text file.",
            "ModelPath reads tables, not compressed archives.",
            "Unzip it and upload the table inside.",
        )
    if kind == "parquet":
        raise DataLoadError(
            f"'{name}' looks like a Parquet file, not a {ext} text file.",
            "Its bytes start with the Parquet signature 'PAR1'.",
            "Rename the file to end in .parquet and upload it again.",
        )
    if kind == "ole2":
        raise _ole2_error(content, name)
    raise DataLoadError(
        f"'{name}' is {kind}, not a table ModelPath can read.",
        "Its bytes aren't text"
        + (" (it contains NUL bytes)" if kind == "a binary file" else "")
        + f"; ModelPath reads files ending in {_supported_list()}.",
        "Export the data as CSV, Excel (.xlsx), Parquet or JSON and upload that file.",
    )


def _ole2_error(content: bytes, name: str) -> DataLoadError:
    if _ENCRYPTED_MARKER in content:
        return DataLoadError(
            f"'{name}' is a password-protected Excel workbook.",
            "Encrypted workbooks can't be read without the password, and ModelPath doesn't ask "
            "for passwords.",
            "Open it in Excel, remove the password (File > Info > Protect Workbook), save it "
            "again as .xlsx and upload the new file.",
        )
    return DataLoadError(
        f"'{name}' is a legacy Excel 97-2003 (.xls) file.",
        "ModelPath reads modern .xlsx/.xlsm workbooks but not the old binary .xls format.",
        "Open it in Excel or LibreOffice and save it as .xlsx or CSV, then upload that file.",
    )


def _utf16_without_bom(content: bytes) -> str | None:
    """Guess UTF-16 without a byte-order mark from the NUL pattern of ASCII text."""
    head = content[:2000]
    if len(head) < 4:
        return None
    head = head[: len(head) - len(head) % 2]
    even, odd = head[0::2], head[1::2]
    even_zeros, odd_zeros = even.count(0) / len(even), odd.count(0) / len(odd)
    # ASCII-heavy UTF-16 has a NUL in (nearly) every other byte and almost none elsewhere.
    if odd_zeros >= 0.7 and even_zeros <= 0.1:
        return "utf-16-le"
    if even_zeros >= 0.7 and odd_zeros <= 0.1:
        return "utf-16-be"
    return None


def _zip_has_workbook(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
