"""Shared by the exploration tests: a frame with every column kind, and small helpers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from core.data import ColumnInfo, ColumnKind

K = ColumnKind


BIG_ROWS = 200_000


PAYLOAD_LIMIT = 500_000


def _info(name: str, kind: ColumnKind) -> ColumnInfo:
    return ColumnInfo(name=name, kind=kind, reason="set in the test", n_missing=0, n_unique=0)


def _mixed_frame(n: int, seed: int = 0) -> tuple[pd.DataFrame, list[ColumnInfo]]:
    """A frame with every kind, some missing values, a numeric and two class targets."""
    rng = np.random.default_rng(seed)
    num = rng.normal(10.0, 2.0, size=n)
    num[::10] = np.nan
    cat = rng.choice([f"c{i:03d}" for i in range(143)], size=n).astype(object)
    cat[::13] = None
    frame = pd.DataFrame(
        {
            "num": num,
            "skewed": rng.exponential(size=n),
            "count": rng.integers(0, 5, size=n),
            "cat": pd.Series(cat, dtype="str"),
            "color": pd.Series(rng.choice(["red", "green", "blue"], size=n), dtype="str"),
            "flag": pd.Series(rng.random(n) < 0.3, dtype="boolean"),
            "when": pd.Timestamp("2020-01-01")
            + pd.to_timedelta(rng.integers(0, 1_000, size=n), unit="D"),
            "note": pd.Series(
                rng.choice(["short", "a bit longer text", "one two three four five"], size=n),
                dtype="str",
            ),
            "row_id": pd.Series([f"id{i}" for i in range(n)], dtype="str"),
            "same": np.ones(n),
            "y": rng.normal(size=n),
            "label": pd.Series(rng.choice(["no", "yes"], size=n, p=[0.7, 0.3]), dtype="str"),
            "kind3": pd.Series(rng.choice(["a", "b", "c"], size=n), dtype="str"),
        }
    )
    kinds = {
        "num": K.NUMERIC,
        "skewed": K.NUMERIC,
        "count": K.NUMERIC,
        "cat": K.CATEGORICAL,
        "color": K.CATEGORICAL,
        "flag": K.BOOLEAN,
        "when": K.DATETIME,
        "note": K.TEXT,
        "row_id": K.IDENTIFIER,
        "same": K.CONSTANT,
        "y": K.NUMERIC,
        "label": K.CATEGORICAL,
        "kind3": K.CATEGORICAL,
    }
    return frame, [_info(name, kind) for name, kind in kinds.items()]


def _by_name(columns: list[ColumnInfo], name: str) -> ColumnInfo:
    return next(info for info in columns if info.name == name)


def _trace_types(fig: go.Figure) -> list[str]:
    return [trace.type for trace in fig.data]
