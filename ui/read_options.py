"""The "how to read this file" controls: missing-value tokens, delimiter, encoding, sheet."""

from __future__ import annotations

import streamlit as st

from core.recipe import DEFAULT_NA_TOKENS, DataSection
from ui.widgets import choice

__all__ = ["read_options_controls"]

_DELIMITERS = {None: "Detect", ",": "Comma ,", ";": "Semicolon ;", "\t": "Tab", "|": "Pipe |"}
_ENCODINGS = {
    None: "Detect",
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "cp1252": "Windows-1252",
    "latin-1": "Latin-1",
    "utf-16": "UTF-16",
}
_DECIMALS = {None: "Detect", ".": "Point (3.14)", ",": "Comma (3,14)"}
_EMPTY = "(empty cell)"


def read_options_controls(data: DataSection, *, sheets: tuple[str, ...] = ()) -> DataSection:
    """Draw the read options (inside a form or expander) and return the chosen data section."""
    shown_tokens = [_EMPTY if t == "" else t for t in data.na_tokens]
    defaults = [_EMPTY if t == "" else t for t in DEFAULT_NA_TOKENS]
    tokens = st.multiselect(
        "Values that mean 'missing'",
        options=list(dict.fromkeys(defaults + shown_tokens)),
        default=shown_tokens,
        accept_new_options=True,
        key="w.data.na_tokens",
        help="A cell equal to one of these (ignoring surrounding spaces) is read as missing. "
        "Remove 'NA' if it is a real value (e.g. Namibia's country code); type to add your own.",
    )
    col1, col2, col3 = st.columns(3)
    delimiter = choice(col1, "Delimiter", _DELIMITERS, data.delimiter, "w.data.delimiter")
    encoding = choice(col2, "Encoding", _ENCODINGS, data.encoding, "w.data.encoding")
    decimal = choice(col3, "Decimal mark", _DECIMALS, data.decimal, "w.data.decimal")
    sheet = data.sheet
    if sheets:
        sheet = st.selectbox(
            "Sheet",
            sheets,
            index=sheets.index(data.sheet) if data.sheet in sheets else 0,
            key="w.data.sheet",
        )
    skip = st.checkbox(
        "Skip rows with too many fields",
        value=data.skip_bad_lines,
        key="w.data.skip_bad_lines",
        help="Otherwise a file with such rows is refused, so no row is dropped unnoticed.",
    )
    return data.with_changes(
        na_tokens=tuple(dict.fromkeys("" if t == _EMPTY else t for t in tokens)),
        delimiter=delimiter,
        encoding=encoding,
        decimal=decimal,
        sheet=sheet,
        skip_bad_lines=skip,
    )
