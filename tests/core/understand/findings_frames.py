"""Shared by the findings tests: a well-behaved frame to plant problems in, and its table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.data import PreparedTable, prepare_table
from core.recipe import DataSection

N = 300


def _clean(n: int = N, seed: int = 0) -> pd.DataFrame:
    """Well-behaved columns: no gaps, no skew, no IDs, few categories, no duplicates."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "age": rng.normal(40, 10, n).round(1),
            "income": rng.normal(50_000, 8_000, n).round(2),
            "city": pd.Series(rng.choice(["Paris", "Lyon", "Nice", "Lille"], n), dtype="str"),
        }
    )


def _table(frame: pd.DataFrame, target: str | None = None) -> PreparedTable:
    return prepare_table(frame, DataSection(), target=target)


def _text(values) -> pd.Series:
    return pd.Series(list(values), dtype="str")


def _with(**columns) -> pd.DataFrame:
    frame = _clean()
    for name, values in columns.items():
        frame[name] = values
    return frame


def _threshold_frame() -> pd.DataFrame:
    score = np.random.default_rng(8).normal(size=N)
    return _with(risk_score=score, y=_text(np.where(score > 0.3, "yes", "no")))
