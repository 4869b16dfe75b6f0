"""Tests for core.deliver.spreadsheet: exported cells never start a formula; numbers stay
numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from core.deliver import FORMULA_TRIGGERS, neutralise_cell, spreadsheet_safe

_TEXT = st.text(alphabet=st.sampled_from(list("=+-@\t\r ab1,.'\"")), max_size=8)
_CELLS = st.one_of(_TEXT, st.none())


def _frames():
    return st.integers(min_value=0, max_value=12).flatmap(
        lambda n: st.tuples(
            st.lists(_CELLS, min_size=n, max_size=n),
            st.lists(st.floats(allow_nan=True, allow_infinity=False), min_size=n, max_size=n),
            st.lists(st.integers(-10, 10), min_size=n, max_size=n),
        )
    )


def _build(parts) -> pd.DataFrame:
    text, floats, ints = parts
    return pd.DataFrame({"=name": pd.Series(text, dtype=object), "score": floats, "count": ints})


@settings(max_examples=200, deadline=None)
@given(_frames())
def test_spreadsheet_safe_no_text_cell_starts_with_a_trigger(parts) -> None:
    safe = spreadsheet_safe(_build(parts))
    for value in safe.iloc[:, 0].dropna():
        assert not str(value).startswith(FORMULA_TRIGGERS)
    assert not any(str(c).startswith(FORMULA_TRIGGERS) for c in safe.columns)


@settings(max_examples=200, deadline=None)
@given(_frames())
def test_spreadsheet_safe_is_idempotent(parts) -> None:
    once = spreadsheet_safe(_build(parts))
    pd.testing.assert_frame_equal(spreadsheet_safe(once), once)


@settings(max_examples=200, deadline=None)
@given(_frames())
def test_spreadsheet_safe_keeps_numbers_and_input(parts) -> None:
    frame = _build(parts)
    before = frame.copy()
    safe = spreadsheet_safe(frame)
    pd.testing.assert_series_equal(safe.iloc[:, 1], frame["score"], check_names=False)
    pd.testing.assert_series_equal(safe.iloc[:, 2], frame["count"], check_names=False)
    pd.testing.assert_frame_equal(frame, before)


def test_neutralise_cell_prefixes_triggers_only() -> None:
    assert neutralise_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert neutralise_cell("-2") == "'-2"
    assert neutralise_cell("\tx") == "'\tx"
    assert neutralise_cell("plain") == "plain"
    assert neutralise_cell(-2) == -2
    assert np.isnan(neutralise_cell(np.nan))
