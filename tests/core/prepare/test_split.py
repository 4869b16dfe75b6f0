"""Tests for core.prepare.split (the train/test split) and core.prepare.training_rows (clean → split
→ features)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from core.data import prepare_table
from core.errors import ModelPathError
from core.prepare import (
    MIN_TRAIN_ROWS,
    SplitError,
    resolve_strategy,
    split_train_test,
    training_data,
)
from core.recipe import DataSection, ProblemSection, Recipe, SplitSection

SEED = 11


def _classes(n: int = 200, minority: float = 0.2, *, seed: int = SEED) -> pd.DataFrame:
    """An imbalanced two-class table on a non-default index."""
    rng = np.random.default_rng(seed)
    n_minority = round(n * minority)
    y = np.array(["yes"] * n_minority + ["no"] * (n - n_minority))
    return pd.DataFrame(
        {"x": rng.normal(size=n), "y": pd.array(rng.permutation(y), dtype="str")},
        index=pd.RangeIndex(1000, 1000 + n),
    )


def _numbers(n: int = 100, *, seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"x": rng.normal(size=n), "y": rng.normal(size=n)})


def _split(frame, task="regression", target="y", **split):
    return split_train_test(frame, SplitSection(**split), target=target, task=task)


# ---------------------------------------------------------------------------------------------
# resolve_strategy
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("split", "task", "expected"),
    [
        pytest.param(SplitSection(), "binary", "stratified", id="auto-binary"),
        pytest.param(SplitSection(), "multiclass", "stratified", id="auto-multiclass"),
        pytest.param(SplitSection(), "regression", "random", id="auto-regression"),
        pytest.param(SplitSection(), None, "random", id="auto-no-task"),
        pytest.param(SplitSection(strategy="random"), "binary", "random", id="random-kept"),
        pytest.param(
            SplitSection(strategy="time", time_column="t"), "binary", "time", id="time-kept"
        ),
        pytest.param(
            SplitSection(strategy="group", group_column="g"), "regression", "group", id="group"
        ),
    ],
)
def test_resolve_strategy_resolves_auto_by_task(split, task, expected) -> None:
    assert resolve_strategy(split, task) == expected


# ---------------------------------------------------------------------------------------------
# random and stratified splits
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("task", ["binary", "multiclass"])
def test_split_train_test_auto_stratifies_classification(task) -> None:
    frame = _classes(minority=0.2)

    split = _split(frame, task=task)

    assert split.strategy == "stratified"
    assert "stratified" in split.description
    for part in (split.train_index, split.test_index):
        assert frame.loc[part, "y"].eq("yes").mean() == pytest.approx(0.2, abs=0.01)


def test_split_train_test_auto_shuffles_regression() -> None:
    split = _split(_numbers(), task="regression")

    assert split.strategy == "random"
    assert "shuffled" in split.description


@pytest.mark.parametrize("strategy", ["random", "stratified"])
def test_split_train_test_parts_are_disjoint_and_cover_every_row(strategy) -> None:
    frame = _classes()

    split = _split(frame, task="binary", strategy=strategy)

    assert split.train_index.intersection(split.test_index).empty
    assert sorted(split.train_index.append(split.test_index)) == frame.index.tolist()


def test_split_train_test_same_seed_gives_same_rows() -> None:
    frame = _numbers()

    first = _split(frame, seed=3)
    second = _split(frame, seed=3)

    assert first.test_index.equals(second.test_index)
    assert first.train_index.equals(second.train_index)


def test_split_train_test_different_seeds_give_different_rows() -> None:
    frame = _numbers()

    first = _split(frame, seed=3)
    second = _split(frame, seed=4)

    assert set(first.test_index) != set(second.test_index)


@pytest.mark.parametrize("test_size", [0.1, 0.25, 0.33, 0.5])
@pytest.mark.parametrize("strategy", ["random", "stratified"])
def test_split_train_test_holds_out_the_test_share(strategy, test_size) -> None:
    frame = _classes(n=120)

    split = _split(frame, task="binary", strategy=strategy, test_size=test_size)

    assert len(split.test_index) == math.ceil(120 * test_size)
    assert len(split.train_index) == 120 - math.ceil(120 * test_size)


@pytest.mark.parametrize("n_rows", [3, 11, MIN_TRAIN_ROWS])
def test_split_train_test_refuses_too_few_rows(n_rows) -> None:
    frame = _numbers(n=n_rows)

    with pytest.raises(SplitError, match=f"has {n_rows} row"):
        _split(frame)


def test_split_train_test_refuses_a_class_with_one_row_when_stratified() -> None:
    frame = _classes(n=40)
    frame.loc[frame.index[0], "y"] = "maybe"

    with pytest.raises(SplitError, match="The class 'maybe' has only 1 row"):
        _split(frame, task="multiclass")


def test_split_train_test_splits_one_row_class_at_random() -> None:
    frame = _classes(n=40)
    frame.loc[frame.index[0], "y"] = "maybe"

    split = _split(frame, task="multiclass", strategy="random")

    assert len(split.test_index) == 8


def test_split_train_test_refuses_more_classes_than_test_rows_with_split_error() -> None:
    frame = pd.DataFrame(
        {"x": np.arange(20.0), "y": pd.array([f"c{i}" for i in range(10)] * 2, dtype="str")}
    )

    with pytest.raises(SplitError):
        _split(frame, task="multiclass")


# ---------------------------------------------------------------------------------------------
# time split
# ---------------------------------------------------------------------------------------------


def _timed(n: int = 60, *, seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    times = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.permutation(n), unit="D")
    return pd.DataFrame({"when": times, "x": rng.normal(size=n), "y": rng.normal(size=n)})


@pytest.mark.parametrize("kind", ["datetime", "number"])
def test_split_train_test_time_holds_out_the_latest_rows(kind) -> None:
    frame = _timed()
    if kind == "number":
        frame["when"] = frame["when"].dt.day_of_year

    split = _split(frame, strategy="time", time_column="when", test_size=0.25)

    assert split.strategy == "time"
    assert len(split.test_index) == 15
    assert frame.loc[split.test_index, "when"].min() >= frame.loc[split.train_index, "when"].max()


def test_split_train_test_time_refuses_missing_times() -> None:
    frame = _timed()
    frame.loc[[3, 7], "when"] = pd.NaT

    with pytest.raises(SplitError, match="'when' has 2 missing"):
        _split(frame, strategy="time", time_column="when")


def test_split_train_test_time_refuses_a_text_column() -> None:
    frame = _timed()
    frame["when"] = frame["when"].dt.strftime("%d %B %Y").astype("str")

    with pytest.raises(SplitError, match="holds text"):
        _split(frame, strategy="time", time_column="when")


# ---------------------------------------------------------------------------------------------
# group split
# ---------------------------------------------------------------------------------------------


def _grouped(n_groups: int, rows_per_group: int = 6, *, seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = n_groups * rows_per_group
    groups = [f"shop {i}" for i in range(n_groups)] * rows_per_group
    return pd.DataFrame(
        {"shop": pd.array(groups, dtype="str"), "x": rng.normal(size=n), "y": rng.normal(size=n)}
    )


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_split_train_test_group_keeps_each_group_on_one_side(seed) -> None:
    frame = _grouped(n_groups=10)

    split = _split(frame, strategy="group", group_column="shop", seed=seed)

    train_groups = set(frame.loc[split.train_index, "shop"])
    test_groups = set(frame.loc[split.test_index, "shop"])
    assert train_groups.isdisjoint(test_groups)
    assert len(train_groups | test_groups) == 10
    assert split.strategy == "group"


@pytest.mark.parametrize("n_groups", [1, 2])
def test_split_train_test_group_refuses_fewer_than_three_groups(n_groups) -> None:
    frame = _grouped(n_groups=n_groups, rows_per_group=20)

    with pytest.raises(SplitError, match=f"has {n_groups} distinct"):
        _split(frame, strategy="group", group_column="shop")


def test_split_train_test_group_refuses_missing_groups_with_split_error() -> None:
    frame = _grouped(n_groups=5)
    frame.loc[[0, 5], "shop"] = None

    with pytest.raises(SplitError):
        _split(frame, strategy="group", group_column="shop")


@pytest.mark.parametrize(
    "split",
    [
        pytest.param({"strategy": "time", "time_column": "when"}, id="time"),
        pytest.param({"strategy": "group", "group_column": "store"}, id="group"),
    ],
)
def test_split_train_test_refuses_an_absent_split_column(split) -> None:
    column = split.get("time_column") or split.get("group_column")

    with pytest.raises(SplitError, match=f"needs the column '{column}'"):
        _split(_numbers(), **split)


# ---------------------------------------------------------------------------------------------
# training_data (core.prepare.training_rows): clean → split → feature columns
# ---------------------------------------------------------------------------------------------


def _recipe(target="y", task="regression", **problem) -> Recipe:
    return Recipe(problem=ProblemSection(target=target, task=task, **problem))


def _mixed(n: int = 60, *, seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    y = rng.normal(size=n)
    y[[0, 1]] = np.nan
    return pd.DataFrame(
        {
            "row_id": np.arange(1, n + 1),
            "x": rng.normal(size=n),
            "city": pd.array(rng.choice(["Oslo", "Rome", "Lima"], size=n), dtype="str"),
            "shop": pd.array(rng.choice(["a", "b", "c"], size=n), dtype="str"),
            "y": y,
        }
    )


@pytest.mark.parametrize(
    "problem",
    [
        pytest.param(ProblemSection(), id="no-target"),
        pytest.param(ProblemSection(target="y"), id="no-task"),
    ],
)
def test_training_data_needs_target_and_task(problem) -> None:
    table = prepare_table(_mixed(), DataSection())

    with pytest.raises(ModelPathError, match="No target has been chosen"):
        training_data(table, Recipe(problem=problem))


def test_training_data_uses_only_feature_columns() -> None:
    recipe = _recipe(exclude_columns=("shop",))
    table = prepare_table(_mixed(), recipe.data, target="y")

    data = training_data(table, recipe)

    assert list(data.X_train.columns) == ["x", "city"]
    assert list(data.X_test.columns) == ["x", "city"]
    assert set(data.columns.skipped) == {"row_id", "shop", "y"}


def test_training_data_train_and_test_rows_are_disjoint_and_cover_the_cleaned_rows() -> None:
    recipe = _recipe()
    table = prepare_table(_mixed(), recipe.data, target="y")

    data = training_data(table, recipe)

    assert data.X_train.index.intersection(data.X_test.index).empty
    assert sorted(data.X_train.index.append(data.X_test.index)) == data.clean.frame.index.tolist()
    assert data.clean.missing_target_rows == 2
    assert data.y_train.index.equals(data.X_train.index)
    assert data.y_test.index.equals(data.X_test.index)
    assert data.task == "regression"


def test_training_data_refuses_a_table_without_feature_columns() -> None:
    recipe = _recipe(exclude_columns=("x", "city", "shop"))
    table = prepare_table(_mixed(), recipe.data, target="y")

    with pytest.raises(ModelPathError, match="No column is left to learn from"):
        training_data(table, recipe)
