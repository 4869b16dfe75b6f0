"""The train/test split: held-out rows chosen once, from the recipe's split section and seed.

Everything that learns is fitted on the training rows this module returns (and, during
cross-validation, on training folds within them); the test rows are scored once at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupShuffleSplit, train_test_split

from core.errors import ModelPathError
from core.recipe import CLASSIFICATION_TASKS, SplitSection

__all__ = [
    "MIN_TRAIN_ROWS",
    "SplitError",
    "TrainTestSplit",
    "resolve_strategy",
    "split_train_test",
]

MIN_TRAIN_ROWS = 10
MIN_TEST_ROWS = 2


class SplitError(ModelPathError):
    """The rows cannot be split as the recipe asks."""


@dataclass(frozen=True)
class TrainTestSplit:
    """Which rows train and which are held out.

    Parameters
    ----------
    train_index, test_index : pandas.Index
        Row labels of the cleaned table.
    strategy : str
        The strategy used (``"auto"`` resolved).
    description : str
        One sentence saying how the rows were split.
    """

    train_index: pd.Index
    test_index: pd.Index
    strategy: str
    description: str


def resolve_strategy(split: SplitSection, task: str | None) -> str:
    """The concrete strategy behind ``"auto"``.

    A named group column means rows of one group belong together (group split); else a named
    time column means the future must stay unseen (time split); else stratified for
    classification and random for regression.
    """
    if split.strategy != "auto":
        return split.strategy
    if split.group_column is not None:
        return "group"
    if split.time_column is not None:
        return "time"
    return "stratified" if task in CLASSIFICATION_TASKS else "random"


def split_train_test(
    frame: pd.DataFrame, split: SplitSection, *, target: str, task: str | None
) -> TrainTestSplit:
    """Split the cleaned table into training and test rows.

    Parameters
    ----------
    frame : pandas.DataFrame
        The cleaned table (target present on every row).
    split : SplitSection
        Strategy, test share, seed and the time/group column.
    target : str
        The target column (used for stratification).
    task : str or None
        The task; ``"auto"`` stratifies classification targets.

    Returns
    -------
    TrainTestSplit

    Raises
    ------
    SplitError
        Too few rows, a class too small to stratify, a missing or unsortable time column, or
        too few groups.
    """
    strategy = resolve_strategy(split, task)
    n_rows = len(frame)
    n_test = int(np.ceil(n_rows * split.test_size))
    if n_rows - n_test < MIN_TRAIN_ROWS or n_test < MIN_TEST_ROWS:
        raise SplitError(
            f"The table has {n_rows:,} row(s), too few to hold out {split.test_size:.0%} "
            "for testing and still train.",
            f"Training needs at least {MIN_TRAIN_ROWS} rows and testing at least {MIN_TEST_ROWS}.",
            "Use a larger table, or a different test share on the Split page.",
        )
    index = frame.index
    if strategy in ("random", "stratified"):
        stratify = None
        if strategy == "stratified":
            stratify = frame[target].astype("str")
            counts = stratify.value_counts()
            smallest = counts.idxmin()
            if counts.min() < 2:
                raise SplitError(
                    f"The class {smallest!r} has only {int(counts.min())} row.",
                    "A stratified split puts each class in both the training and test rows, "
                    "which needs at least two rows per class.",
                    "Drop or merge that class, or use a random split.",
                )
            if len(counts) > min(n_test, n_rows - n_test):
                raise SplitError(
                    f"There are {len(counts)} classes but only {n_test} test row(s).",
                    "A stratified split puts every class in both the training and the test "
                    "rows, so each part needs at least one row per class.",
                    "Raise the test share, merge rare classes, or use a random split.",
                )
        train, test = train_test_split(
            index,
            test_size=split.test_size,
            random_state=split.seed,
            shuffle=True,
            stratify=stratify,
        )
        how = "stratified by class" if stratify is not None else "shuffled"
        description = f"{len(test):,} of {n_rows:,} rows held out at random ({how})."
        return TrainTestSplit(pd.Index(train), pd.Index(test), strategy, description)
    if strategy == "time":
        return _time_split(frame, split, n_test)
    return _group_split(frame, split)


def _column(frame: pd.DataFrame, name: str | None, strategy: str) -> pd.Series:
    if name is None or name not in frame.columns:
        raise SplitError(
            f"The {strategy} split needs the column {name!r}, which is not in the table.",
            f"A {strategy} split decides the held-out rows by that column.",
            "Choose an existing column on the Split page.",
        )
    return frame[name]


def _refuse_missing(column: pd.Series, strategy: str, why: str) -> None:
    if column.isna().any():
        raise SplitError(
            f"The {strategy} column {column.name!r} has {int(column.isna().sum()):,} missing "
            "value(s).",
            why,
            "Fill or drop those rows, or choose another split.",
        )


def _time_split(frame: pd.DataFrame, split: SplitSection, n_test: int) -> TrainTestSplit:
    column = _column(frame, split.time_column, "time")
    _refuse_missing(
        column, "time", "Rows without a time cannot be placed before or after the others."
    )
    if not (
        pd.api.types.is_numeric_dtype(column.dtype)
        or pd.api.types.is_datetime64_any_dtype(column.dtype)
    ):
        raise SplitError(
            f"The time column {split.time_column!r} holds text, which cannot be put in time order.",
            "A time split holds out the latest rows, so it needs dates or numbers.",
            "Mark the column as a date on the Data page, or choose another column.",
        )
    order = column.sort_values(kind="stable").index
    cutoff = column.loc[order[-n_test]]
    # Every row from the cutoff time on is held out, so no training row shares a test time.
    later = (column.loc[order] >= cutoff).to_numpy()
    train, test = order[~later], order[later]
    if len(train) < MIN_TRAIN_ROWS:
        raise SplitError(
            f"Only {len(train):,} row(s) of {split.time_column!r} come before the latest "
            f"{split.test_size:.0%} of times.",
            "A time split trains on earlier times only, and many rows share the latest times.",
            "Lower the test share, or choose a column with more distinct times.",
        )
    description = (
        f"The latest {len(test):,} rows (from {cutoff} on) are held out; the model trains on "
        "earlier rows only."
    )
    return TrainTestSplit(pd.Index(train), pd.Index(test), "time", description)


def _group_split(frame: pd.DataFrame, split: SplitSection) -> TrainTestSplit:
    column = _column(frame, split.group_column, "group")
    _refuse_missing(column, "group", "A row without a group cannot be kept together with it.")
    groups = column.astype("str")
    n_groups = groups.nunique()
    if n_groups < 3:
        raise SplitError(
            f"The group column {split.group_column!r} has {n_groups} distinct value(s).",
            "A group split keeps each group wholly in training or in testing, which needs "
            "several groups.",
            "Choose a column with more groups, or another split.",
        )
    splitter = GroupShuffleSplit(n_splits=1, test_size=split.test_size, random_state=split.seed)
    train_pos, test_pos = next(splitter.split(frame, groups=groups))
    index = frame.index
    description = (
        f"{len(test_pos):,} rows from {groups.iloc[test_pos].nunique():,} of {n_groups:,} "
        f"groups of {split.group_column!r} held out; no group is in both parts."
    )
    return TrainTestSplit(index[train_pos], index[test_pos], "group", description)
