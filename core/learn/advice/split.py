"""Advice on the Split page: too few test rows, and which split strategy the table calls for
(by group, by time, or shuffled when dated rows are a one-day snapshot).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from core.data import ColumnKind
from core.learn.advice._common import (
    _ID_LIKE_NAME,
    FEW_ROWS,
    FEW_TEST_ROWS,
    FEW_TEST_ROWS_PER_CLASS,
    IMBALANCED_SHARE,
    Action,
    Advice,
    _Inputs,
    _pct,
    _q,
    _rows,
)
from core.prepare import resolve_strategy
from core.recipe import CLASSIFICATION_TASKS
from core.understand import class_balance

# The rules are private: pages reach them through advise(), which picks them per step.
__all__: list[str] = []


def _test_rows(inputs: _Inputs) -> list[Advice]:
    """A test score from a handful of rows is a coin toss."""
    data = inputs.data
    if data is None:
        return []
    n_test = len(data.y_test)
    if data.task in CLASSIFICATION_TASKS:
        counts = data.y_test.value_counts()
        if not len(counts):
            return []
        label, smallest = counts.idxmin(), int(counts.min())
        if smallest >= FEW_TEST_ROWS_PER_CLASS:
            return []
        step = 100 / smallest if smallest else math.inf
        swing = (
            f"one row more or less right moves that class's recall by {step:.0f} points"
            if smallest
            else "its recall cannot be measured at all"
        )
        return [
            inputs.advice(
                "test_rows_per_class",
                f"The test split holds only {_rows(smallest)} of {_q(label)} (of {n_test:,} test "
                f"rows): {swing}. A larger test share, or more rows, makes it steadier.",
                {"rows": smallest, "test_rows": n_test},
                "warning",
            )
        ]
    if n_test < FEW_TEST_ROWS:
        return [
            inputs.advice(
                "test_rows",
                f"The test split holds only {_rows(n_test)}: its score swings with which rows "
                "happen to land there. A larger test share, or more rows, makes it steadier.",
                {"test_rows": n_test},
                "warning",
            )
        ]
    return []


def _split_strategy(inputs: _Inputs) -> list[Advice]:
    """Dates in the table with a shuffled split; IDs that repeat with rows split apart;
    an imbalanced target split without stratifying."""
    recipe, table = inputs.recipe, inputs.table
    if recipe is None or table is None:
        return []
    strategy = resolve_strategy(recipe.split, inputs.task)
    frame = table.frame
    out = []
    if strategy in ("random", "stratified"):
        dates = [
            c.name
            for c in table.columns
            if c.kind is ColumnKind.DATETIME
            and c.name not in inputs.excluded
            and c.n_unique >= 10
            and not frame[c.name].isna().any()
        ]
        snapshot = _elapsed_time_mirror(inputs, dates[0]) if dates else None
        if snapshot is not None:
            out.append(_snapshot_split(inputs, dates[0], *snapshot))
        elif dates:
            column = dates[0]
            first, last = frame[column].min(), frame[column].max()
            span = f" (from {first:%Y-%m-%d} to {last:%Y-%m-%d})" if pd.notna(first) else ""
            out.append(
                inputs.advice(
                    f"time_split:{column}",
                    f"{_q(column)} holds dates{span}, but the split shuffles the rows. If the "
                    "model will predict rows that come after today's, hold out the latest rows: "
                    "a shuffled split lets it learn from the future.",
                    {"distinct_dates": table.info(column).n_unique},
                    "tip",
                    Action(
                        "set_split",
                        f"Split by time on {_q(column)}",
                        {"strategy": "time", "time_column": column},
                    ),
                )
            )
        n_rows = len(frame)
        groups = [
            c
            for c in table.columns
            if _ID_LIKE_NAME.search(c.name)
            and c.name != inputs.target
            and c.kind in (ColumnKind.CATEGORICAL, ColumnKind.NUMERIC)
            and 3 <= c.n_unique <= 0.8 * n_rows
            and not frame[c.name].isna().any()
        ]
        if groups:
            column = groups[0].name
            n_groups = groups[0].n_unique
            out.append(
                inputs.advice(
                    f"group_split:{column}",
                    f"{_q(column)} repeats: {n_rows:,} rows share {n_groups:,} values. If rows "
                    "with the same value belong together (one customer, one patient), a random "
                    "split puts them on both sides and the score measures memory.",
                    {"rows": n_rows, "groups": n_groups},
                    "tip",
                    Action(
                        "set_split",
                        f"Split by groups of {_q(column)}",
                        {"strategy": "group", "group_column": column},
                    ),
                )
            )
    y = inputs.y
    if strategy == "random" and inputs.task in CLASSIFICATION_TASKS and y is not None:
        balance = class_balance(y)
        if balance.minority_share < IMBALANCED_SHARE:
            out.append(
                inputs.advice(
                    "stratify",
                    f"{_q(balance.minority_class)} is only {_pct(balance.minority_share)} of rows "
                    "and the split is not stratified: the test split may get too few of them. "
                    "Stratifying keeps the class shares in both parts.",
                    {"minority_share": balance.minority_share},
                    "tip",
                    Action("set_split", "Stratify the split", {"strategy": "stratified"}),
                )
            )
    return out


# A number that falls as the date rises this tightly is the time elapsed from each date to one
# common day (tenure, age): the mark of a table exported on one day.
SNAPSHOT_CORRELATION = -0.99


def _snapshot_split(inputs: _Inputs, column: str, mirror: str, r: float) -> Advice:
    """The dates say when each row's subject started (a signup, a birth), not when the row
    arrived: every row was measured on one day. A time split would test only on the newest
    subjects, with elapsed times the training rows never had."""
    frame = inputs.table.frame
    first, last = frame[column].min(), frame[column].max()
    return inputs.advice(
        f"snapshot_split:{column}",
        f"{_q(column)} holds dates (from {first:%Y-%m-%d} to {last:%Y-%m-%d}), and {_q(mirror)} "
        f"counts the time from each of them to one common day (one falls as the other rises, "
        f"r = {r:.2f}): the table is a snapshot taken on one day, not rows arriving over time. "
        "A shuffled split suits it; a split by time would test only on the newest rows, with "
        f"{_q(mirror)} values the model never trained on.",
        {"distinct_dates": inputs.table.info(column).n_unique, "correlation": r},
        "good",
    )


def _elapsed_time_mirror(inputs: _Inputs, column: str) -> tuple[str, float] | None:
    """A numeric column counting the time from ``column``'s dates to one common day, with its
    correlation to the dates (None when no column does)."""
    table = inputs.table
    frame = table.frame
    days = (frame[column] - pd.Timestamp("1970-01-01")).dt.total_seconds() / 86_400
    for info in table.columns:
        if info.kind is not ColumnKind.NUMERIC or info.name == inputs.target:
            continue
        values = pd.to_numeric(frame[info.name], errors="coerce")
        both = days.notna() & values.notna()
        if both.sum() < FEW_ROWS or values[both].nunique() < 3:
            continue
        r = float(np.corrcoef(days[both], values[both])[0, 1])
        if r <= SNAPSHOT_CORRELATION:
            return info.name, r
    return None
