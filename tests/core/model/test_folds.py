"""Cross-validation folds: the schemes' promises, repeats, fingerprints and guards."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

from core.data import prepare_table
from core.model import FoldPlan, ValidationError, available_jobs, plan_folds, resolve_scheme
from core.prepare import TrainingData, training_data
from core.recipe import (
    ProblemSection,
    Recipe,
    SplitSection,
    ValidationSection,
)
from tests.core.split_data import recipe_and_data

SEED = 7
N = 240


def _frame(task: str = "binary", n: int = N, *, seed: int = SEED) -> pd.DataFrame:
    """Two numbers, a group label (24 groups), a shuffled date, a row id and a target."""
    rng = np.random.default_rng(seed)
    x1, x2 = rng.normal(size=n), rng.normal(size=n)
    frame = pd.DataFrame(
        {
            "x1": x1,
            "x2": x2,
            "group": pd.array([f"g{v:02d}" for v in rng.integers(0, 24, n)], dtype="str"),
            "when": pd.date_range("2021-01-01", periods=n, freq="D")[rng.permutation(n)],
            # Consecutive whole numbers read as an identifier: kept as text.
            "row_id": rng.permutation(n),
        }
    )
    if task == "regression":
        frame["y"] = 3 * x1 + rng.normal(size=n)
    elif task == "multiclass":
        frame["y"] = pd.array(rng.choice(["a", "b", "c"], n, p=[0.6, 0.3, 0.1]), dtype="str")
    else:
        frame["y"] = pd.array(np.where(rng.random(n) < 0.25, "yes", "no"), dtype="str")
    return frame


def _setup(
    frame: pd.DataFrame,
    *,
    task: str = "binary",
    split: dict | None = None,
    validation: dict | None = None,
) -> tuple[Recipe, TrainingData]:
    """Like ``recipe_and_data``, with a split section (which decides the training rows)."""
    recipe = Recipe(
        problem=ProblemSection(target="y", task=task),
        split=SplitSection(**(split or {})),
        validation=ValidationSection(**(validation or {})),
    )
    table = prepare_table(frame, recipe.data, target="y")
    return recipe, training_data(table, recipe)


def _training_column(data: TrainingData, name: str) -> np.ndarray:
    """A column of the cleaned table, aligned with the positions of ``X_train``."""
    return data.clean.frame.loc[data.split.train_index, name].to_numpy()


def _check_partition(plan: FoldPlan, n_rows: int) -> None:
    """Within each repeat, validation folds are disjoint, cover every row, and train on the rest."""
    per_repeat = plan.n_splits // plan.repeats
    for repeat in range(plan.repeats):
        splits = plan.splits[repeat * per_repeat : (repeat + 1) * per_repeat]
        tests = np.concatenate([test for _, test in splits])
        assert np.array_equal(np.sort(tests), np.arange(n_rows))
        for train, test in splits:
            assert np.intersect1d(train, test).size == 0
            assert len(train) + len(test) == n_rows


# ---------------------------------------------------------------------------------------------
# Schemes
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("task", ["binary", "multiclass"])
def test_stratified_folds_hold_the_class_shares(task) -> None:
    recipe, data = _setup(_frame(task), task=task, validation={"scheme": "stratified_kfold"})

    plan = plan_folds(data, recipe)

    assert plan.scheme == "stratified_kfold"
    assert plan.n_splits == 5
    _check_partition(plan, len(data.X_train))
    y = data.y_train.astype("str").to_numpy()
    overall = pd.Series(y).value_counts(normalize=True)
    for _, test in plan.splits:
        shares = (
            pd.Series(y[test]).value_counts(normalize=True).reindex(overall.index, fill_value=0)
        )
        # Rounding a class's count to whole rows is the only allowed difference.
        assert (shares - overall).abs().max() <= 1 / len(test) + 1e-12


@pytest.mark.parametrize("task", ["binary", "regression"])
def test_group_folds_never_split_a_group(task) -> None:
    recipe, data = _setup(
        _frame(task),
        task=task,
        split={"strategy": "group", "group_column": "group"},
        validation={"folds": 4},
    )

    plan = plan_folds(data, recipe)

    assert resolve_scheme(recipe) == plan.scheme == "group_kfold"
    assert plan.n_splits == 4
    _check_partition(plan, len(data.X_train))
    groups = _training_column(data, "group")
    for train, test in plan.splits:
        assert set(groups[train]).isdisjoint(groups[test])


def test_group_folds_use_the_group_column_under_a_random_split() -> None:
    recipe, data = _setup(
        _frame(),
        split={"strategy": "random", "group_column": "group"},
        validation={"scheme": "group_kfold", "folds": 3, "repeats": 2},
    )

    plan = plan_folds(data, recipe)

    assert plan.n_splits == 6
    groups = _training_column(data, "group")
    for train, test in plan.splits:
        assert set(groups[train]).isdisjoint(groups[test])
    assert "'group'" in plan.description


@pytest.mark.parametrize("column", ["when", "x2"])
def test_time_series_folds_never_train_on_the_future(column) -> None:
    # The rows are in random time order in the file; the folds must follow the time column.
    recipe, data = _setup(
        _frame(),
        split={"strategy": "random", "time_column": column},
        validation={"scheme": "time_series", "folds": 4},
    )

    plan = plan_folds(data, recipe)

    assert plan.scheme == "time_series"
    assert (plan.folds, plan.repeats, plan.n_splits) == (4, 1, 4)
    times = _training_column(data, column)
    assert not pd.Series(times).is_monotonic_increasing  # otherwise position order would pass
    for train, test in plan.splits:
        assert len(train) > 0
        assert len(test) > 0
        assert times[train].max() < times[test].min()
    # Each fold trains on everything before its validation block.
    for (train, _), (next_train, _) in zip(plan.splits, plan.splits[1:], strict=False):
        assert set(train) < set(next_train)


def test_time_split_gets_time_series_folds_by_default() -> None:
    recipe, data = _setup(_frame(), split={"strategy": "time", "time_column": "when"})

    plan = plan_folds(data, recipe)

    assert plan.scheme == "time_series"
    times = _training_column(data, "when")
    for train, test in plan.splits:
        assert times[train].max() < times[test].min()


def test_repeats_give_folds_times_repeats_splits_with_new_folds_each_time() -> None:
    recipe, data = _setup(
        _frame("regression"), task="regression", validation={"folds": 4, "repeats": 3}
    )

    plan = plan_folds(data, recipe)

    assert (plan.folds, plan.repeats, plan.n_splits) == (4, 3, 12)
    assert "repeated 3 times" in plan.description
    _check_partition(plan, len(data.X_train))
    repeats = [
        {frozenset(test.tolist()) for _, test in plan.splits[r * 4 : (r + 1) * 4]} for r in range(3)
    ]
    assert repeats[0] != repeats[1]
    assert repeats[1] != repeats[2]
    assert repeats[0] != repeats[2]


@pytest.mark.parametrize("task", ["regression", "binary"])
def test_kfold_without_shuffle_keeps_file_order(task) -> None:
    recipe, data = _setup(
        _frame(task), task=task, validation={"scheme": "kfold", "folds": 4, "shuffle": False}
    )

    plan = plan_folds(data, recipe)

    assert "file order" in plan.description
    stop = 0
    for train, test in plan.splits:
        assert np.array_equal(test, np.arange(stop, stop + len(test)))
        assert np.array_equal(np.sort(np.concatenate([train, test])), np.arange(len(data.X_train)))
        stop += len(test)
    assert stop == len(data.X_train)


def test_kfold_with_shuffle_does_not_keep_file_order() -> None:
    recipe, data = _setup(_frame("regression"), task="regression", validation={"folds": 4})

    plan = plan_folds(data, recipe)

    assert plan.scheme == "kfold"
    first = plan.splits[0][1]
    assert not np.array_equal(first, np.arange(first[0], first[0] + len(first)))


# ---------------------------------------------------------------------------------------------
# Fingerprint and subsample
# ---------------------------------------------------------------------------------------------


def test_fingerprint_is_equal_for_equal_plans_and_differs_with_the_seed() -> None:
    recipe, data = _setup(_frame())
    reseeded = recipe.with_section(recipe.split.with_changes(seed=SEED + 1))

    first, again = plan_folds(data, recipe), plan_folds(data, recipe)
    other = plan_folds(data, reseeded)

    assert first.fingerprint == again.fingerprint
    assert len(first.fingerprint) == 16
    assert other.fingerprint != first.fingerprint
    # The fingerprint follows the folds themselves, not the recipe object.
    rebuilt = FoldPlan(
        first.scheme,
        first.folds,
        first.repeats,
        tuple((train.copy(), test.copy()) for train, test in first.splits),
        "another description",
    )
    assert rebuilt.fingerprint == first.fingerprint


def test_subsample_keeps_validation_rows_and_restricts_training_rows() -> None:
    recipe, data = _setup(_frame(), validation={"folds": 4})
    plan = plan_folds(data, recipe)
    rng = np.random.default_rng(SEED)
    positions = np.sort(rng.choice(len(data.X_train), size=60, replace=False))

    smaller = plan.subsample(positions)

    assert (smaller.scheme, smaller.folds, smaller.repeats) == (plan.scheme, 4, 1)
    assert smaller.n_splits == plan.n_splits
    for (train, test), (small_train, small_test) in zip(plan.splits, smaller.splits, strict=True):
        assert np.array_equal(small_test, test)
        assert np.array_equal(small_train, train[np.isin(train, positions)])
        assert len(small_train) < len(train)
    assert smaller.fingerprint != plan.fingerprint


# ---------------------------------------------------------------------------------------------
# Auto scheme and jobs
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("task", "split", "expected"),
    [
        ("binary", {"strategy": "time", "time_column": "when"}, "time_series"),
        ("regression", {"strategy": "time", "time_column": "when"}, "time_series"),
        ("binary", {"strategy": "group", "group_column": "group"}, "group_kfold"),
        ("regression", {"strategy": "group", "group_column": "group"}, "group_kfold"),
        ("binary", {}, "stratified_kfold"),
        ("multiclass", {"strategy": "random"}, "stratified_kfold"),
        ("regression", {}, "kfold"),
        ("regression", {"strategy": "random"}, "kfold"),
    ],
)
def test_resolve_scheme_maps_auto_from_split_and_task(task, split, expected) -> None:
    recipe = Recipe(problem=ProblemSection(target="y", task=task), split=SplitSection(**split))

    assert resolve_scheme(recipe) == expected


def test_resolve_scheme_keeps_an_explicit_scheme() -> None:
    recipe = Recipe(
        problem=ProblemSection(target="y", task="binary"),
        split=SplitSection(strategy="group", group_column="group"),
        validation=ValidationSection(scheme="kfold"),
    )

    assert resolve_scheme(recipe) == "kfold"


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def test_available_jobs_without_a_cap_is_the_cpu_count(monkeypatch) -> None:
    monkeypatch.delenv("MODELPATH_MAX_JOBS", raising=False)

    assert available_jobs() == max(1, _cpus()) >= 1


@pytest.mark.parametrize(
    ("cap", "expected"),
    [("1", 1), ("999", None), ("0", None), ("-2", None), ("many", None), ("", None)],
)
def test_available_jobs_respects_a_valid_cap_only(monkeypatch, cap, expected) -> None:
    monkeypatch.setenv("MODELPATH_MAX_JOBS", cap)

    assert available_jobs() == (expected or max(1, _cpus()))
    assert available_jobs() >= 1


# ---------------------------------------------------------------------------------------------
# Guards
# ---------------------------------------------------------------------------------------------


def test_too_few_training_rows_for_the_folds() -> None:
    recipe, data = _setup(_frame("regression", n=15), task="regression", validation={"folds": 10})
    assert len(data.X_train) == 12

    with pytest.raises(ValidationError, match="has 12 rows, too few for 10 folds") as caught:
        plan_folds(data, recipe)

    assert "Use at most 6 folds" in caught.value.message


def test_a_class_smaller_than_the_folds_is_named_with_its_count() -> None:
    frame = _frame()
    frame["y"] = pd.array(["common"] * (N - 5) + ["rare"] * 5, dtype="str")
    recipe, data = _setup(frame, validation={"folds": 6})
    count = int((data.y_train == "rare").sum())
    assert 2 <= count < 6

    with pytest.raises(ValidationError) as caught:
        plan_folds(data, recipe)

    message = caught.value.message
    assert f"The class 'rare' has only {count} row(s)" in message
    assert "fewer than the 6 folds" in message
    assert f"Use {count} folds or fewer" in message


def test_a_class_with_one_training_row_suggests_merging_it() -> None:
    frame = _frame()
    frame["y"] = pd.array(["common"] * N, dtype="str")
    split = {"strategy": "random"}  # the rows it holds out do not depend on the target
    _, before = _setup(frame, split=split)
    frame.loc[[before.split.train_index[0], before.split.test_index[0]], "y"] = "rare"
    recipe, data = _setup(frame, split=split, validation={"folds": 3})
    assert int((data.y_train == "rare").sum()) == 1

    with pytest.raises(ValidationError, match="The class 'rare' has only 1 row") as caught:
        plan_folds(data, recipe)

    assert "Merge or drop that class" in caught.value.message


def test_stratified_folds_refuse_a_regression_target() -> None:
    recipe, data = recipe_and_data(
        _frame("regression"), task="regression", validation={"scheme": "stratified_kfold"}
    )

    with pytest.raises(ValidationError, match="target is numeric") as caught:
        plan_folds(data, recipe)

    assert "K-fold" in caught.value.message


def _time_series(frame: pd.DataFrame, column: str | None, **validation) -> tuple:
    return _setup(
        frame,
        split={"strategy": "random", "time_column": column},
        validation={"scheme": "time_series", **validation},
    )


def test_time_series_refuses_a_text_time_column() -> None:
    frame = _frame()
    recipe, data = _time_series(frame, "row_id")
    assert data.clean.frame["row_id"].dtype == "str"

    with pytest.raises(ValidationError, match="'row_id' holds text"):
        plan_folds(data, recipe)


def test_time_series_refuses_missing_times() -> None:
    frame = _frame()
    frame.loc[::10, "when"] = pd.NaT
    recipe, data = _time_series(frame, "when")
    missing = int(_training_column_missing(data, "when"))
    assert missing > 0

    with pytest.raises(ValidationError, match=f"'when' has {missing} missing value"):
        plan_folds(data, recipe)


def _training_column_missing(data: TrainingData, name: str) -> int:
    return int(pd.isna(_training_column(data, name)).sum())


def test_time_series_refuses_repeats() -> None:
    recipe, data = _time_series(_frame(), "when", repeats=3)

    with pytest.raises(ValidationError, match="cannot be repeated"):
        plan_folds(data, recipe)


def test_time_series_needs_a_time_column() -> None:
    recipe, data = _time_series(_frame(), None)

    with pytest.raises(ValidationError, match="need a time column, and none is chosen"):
        plan_folds(data, recipe)


def test_group_folds_need_a_group_column() -> None:
    recipe, data = _setup(_frame(), validation={"scheme": "group_kfold"})

    with pytest.raises(ValidationError, match="need a group column, and none is chosen"):
        plan_folds(data, recipe)


def test_group_folds_refuse_fewer_groups_than_folds() -> None:
    frame = _frame()
    frame["group"] = pd.array(np.resize(["north", "south", "east"], N), dtype="str")
    recipe, data = _setup(
        frame,
        split={"strategy": "random", "group_column": "group"},
        validation={"scheme": "group_kfold", "folds": 5},
    )

    with pytest.raises(ValidationError) as caught:
        plan_folds(data, recipe)

    message = caught.value.message
    assert "3 distinct value(s) of 'group', fewer than the 5 folds" in message
    assert "Use at most 3 folds" in message


def test_group_folds_refuse_missing_groups() -> None:
    frame = _frame()
    frame.loc[::9, "group"] = None
    recipe, data = _setup(
        frame,
        split={"strategy": "random", "group_column": "group"},
        validation={"scheme": "group_kfold"},
    )

    with pytest.raises(ValidationError, match=r"'group' has \d+ missing value"):
        plan_folds(data, recipe)


def test_time_series_folds_with_shared_times_still_never_validate_on_a_training_time() -> None:
    # 24 days, 10 rows each: fold boundaries fall inside a day unless they are moved.
    frame = _frame()
    frame["when"] = np.repeat(pd.date_range("2021-01-01", periods=24, freq="D"), 10)[
        np.random.default_rng(3).permutation(N)
    ]
    recipe, data = _time_series(frame, "when", folds=5)

    plan = plan_folds(data, recipe)

    times = _training_column(data, "when")
    assert plan.n_splits >= 4
    for train, test in plan.splits:
        assert times[train].max() < times[test].min()
        assert not set(train) & set(test)


def test_time_series_with_too_few_distinct_times_suggests_fewer_folds() -> None:
    frame = _frame()
    frame["when"] = np.repeat(pd.date_range("2021-01-01", periods=4, freq="D"), N // 4)
    recipe, data = _time_series(frame, "when", folds=5)

    with pytest.raises(ValidationError) as caught:
        plan_folds(data, recipe)

    assert "4 distinct value(s)" in caught.value.what
    assert "Use at most 3 folds" in caught.value.fix


def test_time_split_holds_out_every_row_of_the_cutoff_time() -> None:
    frame = _frame()
    frame["when"] = np.repeat(pd.date_range("2021-01-01", periods=24, freq="D"), 10)
    _, data = _setup(frame, split={"strategy": "time", "time_column": "when"})

    train_times = data.clean.frame.loc[data.split.train_index, "when"]
    test_times = data.clean.frame.loc[data.split.test_index, "when"]
    assert train_times.max() < test_times.min()
    assert len(data.split.test_index) >= int(np.ceil(0.2 * N))


@pytest.mark.parametrize(
    ("split", "expected"),
    [({"group_column": "group"}, "group"), ({"time_column": "when"}, "time")],
)
def test_auto_split_follows_a_named_group_or_time_column(split, expected) -> None:
    recipe, data = _setup(_frame(), split=split)

    assert data.split.strategy == expected
    assert resolve_scheme(recipe) == {"group": "group_kfold", "time": "time_series"}[expected]


def test_time_series_folds_that_cannot_be_cut_name_the_shared_time() -> None:
    frame = _frame()
    frame["when"] = [0, 1, 2] + [3] * (N - 3)
    recipe, data = _time_series(frame, "when", folds=3)

    with pytest.raises(ValidationError) as caught:
        plan_folds(data, recipe)

    assert "share the latest value of 'when'" in caught.value.what


def test_a_seed_at_the_top_of_its_range_still_cuts_repeated_folds() -> None:
    recipe, data = _setup(
        _frame(), split={"seed": 2**32 - 1}, validation={"folds": 3, "repeats": 2}
    )

    assert plan_folds(data, recipe).n_splits == 6
