"""Reading Excel workbooks (``.xlsx``/``.xlsm``) with openpyxl.

Opens the workbook (refusing zip archives that hold no workbook, and damaged ones), reads the
chosen or first sheet, and trims the fully empty rows and columns around the table.
"""

from __future__ import annotations

import io
import math
import warnings
import zipfile
from typing import Any

import pandas as pd

from core.data._format_detection import _MAGIC_ZIP
from core.data._table_cleanup import _empty_error, _Part, _sentence
from core.data.read_settings import ReadOptions
from core.errors import DataLoadError


def _open_workbook(content: bytes, name: str) -> pd.ExcelFile:
    """Open an .xlsx/.xlsm workbook, raising DataLoadError for anything that isn't one."""
    looks_like_text = not content.startswith(_MAGIC_ZIP) and b"\x00" not in content[:4096]
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        fix = (
            "If it is really a CSV or text file, rename it to end in .csv; otherwise open it "
            "in Excel and save it again as .xlsx."
            if looks_like_text
            else "Open it in Excel or LibreOffice and save it again as .xlsx, or export it as CSV."
        )
        raise DataLoadError(
            f"'{name}' isn't a readable Excel workbook.",
            "An .xlsx file is a zip archive, and these bytes aren't a complete zip archive "
            "(the file may be corrupt, truncated or not a workbook at all).",
            fix,
        ) from None
    if "xl/workbook.xml" not in members:
        kind = "a Word document" if "word/document.xml" in members else "a zip archive"
        if "ppt/presentation.xml" in members:
            kind = "a PowerPoint presentation"
        raise DataLoadError(
            f"'{name}' is {kind}, not an Excel workbook.",
            "It is a zip archive but doesn't contain a workbook (no xl/workbook.xml inside).",
            "Upload the Excel file itself, or unzip the archive and upload the table inside.",
        )
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            return pd.ExcelFile(io.BytesIO(content), engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        raise DataLoadError(
            f"'{name}' is a damaged Excel workbook.",
            f"The workbook couldn't be opened: {_sentence(exc)}",
            "Open it in Excel or LibreOffice, save it again as .xlsx and upload the new file.",
        ) from None


def _read_excel(content: bytes, name: str, options: ReadOptions) -> _Part:
    with _open_workbook(content, name) as book:
        sheets = tuple(str(sheet) for sheet in book.sheet_names)
        if not sheets:
            raise _empty_error(name)
        sheet = sheets[0] if options.sheet is None else options.sheet
        if sheet not in sheets:
            raise DataLoadError(
                f"'{name}' has no sheet named '{sheet}'.",
                f"Its sheets are: {', '.join(repr(s) for s in sheets)}.",
                "Pick one of those sheets.",
            )
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
                raw = pd.read_excel(
                    book,
                    sheet_name=sheet,
                    header=None,
                    keep_default_na=False,
                    na_values=list(options.na_tokens),
                )
        except Exception as exc:  # damaged sheet XML
            raise DataLoadError(
                f"Sheet '{sheet}' of '{name}' couldn't be read.",
                f"The sheet's data is damaged: {_sentence(exc)}",
                "Open the workbook in Excel or LibreOffice, save it again and upload it.",
            ) from None

    notes: list[str] = []
    if len(sheets) > 1:
        notes.append(
            f"Read sheet '{sheet}'; the workbook has {len(sheets)} sheets "
            f"({', '.join(repr(s) for s in sheets)})."
        )
    # Fully empty rows and columns are layout, not data (like blank lines in a CSV).
    trimmed = raw.dropna(axis=0, how="all").dropna(axis=1, how="all")
    if trimmed.empty:
        raise DataLoadError(
            f"Sheet '{sheet}' of '{name}' is empty.",
            "It has no cells with values, so there is no table to read.",
            "Pick the sheet that holds the data"
            + (f" (the workbook has {', '.join(repr(s) for s in sheets)})." if sheets else "."),
        )
    header = [_excel_header(value) for value in trimmed.iloc[0].tolist()]
    body = trimmed.iloc[1:].reset_index(drop=True)
    body.columns = range(body.shape[1])
    body = body.infer_objects()
    if body.empty:
        raise DataLoadError(
            f"Sheet '{sheet}' of '{name}' has {len(header)} column names but no rows of data.",
            "A model needs at least some rows to learn from.",
            "Check that you picked the right sheet, or add the data below the header row.",
        )
    return _Part(frame=body, raw_headers=header, sheet=sheet, sheets=sheets, notes=notes)


def _excel_header(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).removesuffix(" 00:00:00")
