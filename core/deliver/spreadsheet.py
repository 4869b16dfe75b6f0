"""Tables that are safe to open in a spreadsheet.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula, which can run commands or leak data
("CSV injection"). Predictions exported from ModelPath carry the person's own (untrusted) cell
values, so every text cell is neutralised before download by prefixing a single quote, the
convention spreadsheets use for "this is text". Numbers stay numbers.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["FORMULA_TRIGGERS", "neutralise_cell", "spreadsheet_safe"]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Prefix a text value that a spreadsheet would read as a formula with ``'``.

    Non-text values are returned unchanged; applying it twice changes nothing more.

    Examples
    --------
    >>> neutralise_cell("=1+1")
    "'=1+1"
    >>> neutralise_cell(-3.5)
    -3.5
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) cannot start a formula.

    Parameters
    ----------
    frame : pandas.DataFrame
        Not modified.

    Returns
    -------
    pandas.DataFrame
        Numeric, boolean and datetime columns unchanged; every text cell that begins with a
        formula trigger prefixed with ``'``.
    """
    safe = frame.copy()
    for position in range(frame.shape[1]):
        series = frame.iloc[:, position]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
            continue
        safe.isetitem(position, series.map(neutralise_cell, na_action="ignore"))
    safe.columns = [neutralise_cell(c) for c in frame.columns]
    return safe
