"""Fixtures of the understand tests: the mixed frame at 2,000 and at 200,000 rows."""

from __future__ import annotations

import pandas as pd
import pytest

from core.data import ColumnInfo
from tests.core.understand.explore_frames import BIG_ROWS, _mixed_frame


@pytest.fixture(scope="module")
def small() -> tuple[pd.DataFrame, list[ColumnInfo]]:
    return _mixed_frame(2_000)


@pytest.fixture(scope="module")
def big() -> tuple[pd.DataFrame, list[ColumnInfo]]:
    return _mixed_frame(BIG_ROWS)
