"""Tests for core.evaluate.runs: the run record (SQLite), recipe changes and the comparison of two
runs."""

from __future__ import annotations

import json
import math
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy import stats

from core.errors import ModelPathError
from core.evaluate import (
    CHANGE_COLUMNS,
    FRAME_COLUMNS,
    RUN_SCHEMA_VERSION,
    Run,
    RunStore,
    RunStoreError,
    compare_runs,
    recipe_changes,
)
from core.recipe import Recipe

FOLDS = (0.80, 0.82, 0.79, 0.81, 0.83)


def _recipe(algorithm: str = "ridge", **params: Any) -> Recipe:
    recipe = Recipe()
    return recipe.with_section(recipe.model.with_changes(algorithm=algorithm, params=params))


def _run(folds: tuple[float, ...] = FOLDS, **changes: Any) -> Run:
    """A small run; ``changes`` override any field."""
    values: dict[str, Any] = {
        "recipe": _recipe(),
        "algorithm": "ridge",
        "algorithm_label": "Ridge regression",
        "metric": "r2",
        "cv_folds": folds,
        "cv_train_folds": tuple(f + 0.05 for f in folds),
        "planned_folds": len(folds),
        "folds_fingerprint": "folds-a",
        "rows_fingerprint": "rows-a",
        "dataset_label": "houses.csv",
        "n_train": 400,
        "n_test": 100,
        "test_fraction": 0.25,
        "test_metrics": {"r2": 0.8, "rmse": 12.5},
        "baseline_cv_mean": 0.0,
        "baseline_test": {"r2": -0.01},
        "fit_seconds": 0.2,
        "total_seconds": 1.5,
    }
    values.update(changes)
    return Run(**values)


@pytest.fixture(params=["memory", "file"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RunStore]:
    path = ":memory:" if request.param == "memory" else tmp_path / "workspace.sqlite"
    opened = RunStore(path)
    yield opened
    opened.close()


# --- the run ---------------------------------------------------------------------------------


def test_run_properties() -> None:
    run = _run((0.8, 0.9), cv_train_folds=(1.0, None), planned_folds=3)
    assert run.cv_mean == pytest.approx(0.85)
    assert run.cv_std == pytest.approx(np.std([0.8, 0.9]))
    assert run.train_mean == 1.0
    assert not run.complete
    assert run.test_score == 0.8
    assert run.higher_is_better
    assert not _run(metric="rmse").higher_is_better


def test_run_copies_inputs_and_turns_missing_numbers_into_none() -> None:
    scores = {"r2": 0.8, "rmse": math.nan}
    folds = [0.8, 0.81]
    run = _run(folds, test_metrics=scores)
    scores["r2"] = 0.1
    folds.append(0.5)
    assert run.test_metrics == {"r2": 0.8, "rmse": None}
    assert run.cv_folds == (0.8, 0.81)
    with pytest.raises(TypeError):
        run.test_metrics["r2"] = 0.5  # type: ignore[index]


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        pytest.param({"kind": "magic"}, ValueError, id="kind"),
        pytest.param({"metric": "nope"}, ValueError, id="metric"),
        pytest.param({"n_train": True}, TypeError, id="bool-is-not-int"),
        pytest.param({"cv_folds": ("0.8",)}, TypeError, id="text-score"),
        pytest.param({"test_fraction": -0.1}, ValueError, id="negative-fraction"),
        pytest.param({"recipe": {}}, TypeError, id="recipe"),
    ],
)
def test_run_refuses_invalid_fields(changes: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        _run(**changes)


# --- the store -------------------------------------------------------------------------------


def test_store_round_trip(store: RunStore) -> None:
    first = store.add(_run(note="first"))
    second = store.add(_run(recipe=_recipe(alpha=2.0), kind="retrain", parent_id=first.id))
    assert (first.id, second.id) == (1, 2)
    assert first.created.endswith("+00:00")
    assert store.get(first.id) == first
    assert store.get(second.id).recipe == _recipe(alpha=2.0)
    assert [r.id for r in store.runs()] == [2, 1]
    assert len(store) == 2

    noted = store.set_note(first.id, "  baseline model \n")
    assert noted.note == "baseline model"
    assert store.get(first.id).note == "baseline model"

    store.delete(first.id)
    assert len(store) == 1
    assert [r.id for r in store.runs()] == [second.id]


def test_store_file_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "workspace.sqlite"
    with RunStore(path) as store:
        added = store.add(_run(recipe=_recipe(alpha=3.0)))
    with RunStore(str(path)) as reopened:
        (run,) = reopened.runs()
    assert run == added
    assert run.recipe == _recipe(alpha=3.0)


def test_store_keeps_given_creation_time_and_orders_by_it(store: RunStore) -> None:
    store.add(_run(created="2024-05-02T10:00:00+02:00"))
    store.add(_run(created="2024-05-01T09:00:00"))
    store.add(_run())  # now: newest
    runs = store.runs()
    assert [r.id for r in runs] == [3, 1, 2]
    assert runs[1].created == "2024-05-02T08:00:00+00:00"
    assert runs[2].created == "2024-05-01T09:00:00+00:00"


def test_store_refuses_invalid_creation_time(store: RunStore) -> None:
    with pytest.raises(RunStoreError, match="ISO-8601"):
        store.add(_run(created="yesterday"))


def test_store_writes_json_with_nulls_for_missing_numbers(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite"
    with RunStore(path) as store:
        added = store.add(_run((0.8, math.nan), test_metrics={"r2": math.inf}))
    with sqlite3.connect(path) as raw:
        schema, text = raw.execute("SELECT schema, run FROM runs").fetchone()
    data = json.loads(text)
    assert schema == RUN_SCHEMA_VERSION
    assert data["cv_folds"] == [0.8, None]
    assert data["test_metrics"] == {"r2": None}
    assert data["recipe"] == _recipe().to_dict()
    assert math.isnan(added.cv_folds[1])


def test_store_refuses_more_than_max_runs() -> None:
    with RunStore(max_runs=2) as store:
        store.add(_run())
        store.add(_run())
        with pytest.raises(RunStoreError, match="Delete old runs") as caught:
            store.add(_run())
        assert caught.value.what
        assert caught.value.why
        assert caught.value.fix
        assert len(store) == 2
        store.delete(1)
        store.add(_run())
        assert len(store) == 2


def test_store_refuses_a_note_that_is_too_long(store: RunStore) -> None:
    run = store.add(_run())
    store.set_note(run.id, "x" * 500)
    with pytest.raises(RunStoreError, match="at most 500"):
        store.set_note(run.id, "x" * 501)
    assert store.get(run.id).note == "x" * 500


@pytest.mark.parametrize(
    "action",
    [
        pytest.param(lambda s: s.get(42), id="get"),
        pytest.param(lambda s: s.set_note(42, "hi"), id="set_note"),
        pytest.param(lambda s: s.delete(42), id="delete"),
    ],
)
def test_store_names_an_unknown_id(store: RunStore, action: Any) -> None:
    store.add(_run())
    with pytest.raises(RunStoreError, match="no run 42"):
        action(store)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("{not json", id="bad-json"),
        pytest.param("[1, 2]", id="not-an-object"),
        pytest.param(json.dumps({"recipe": {}}), id="missing-fields"),
        pytest.param("bad-recipe", id="bad-recipe"),
    ],
)
def test_store_skips_malformed_rows(tmp_path: Path, text: str) -> None:
    path = tmp_path / "w.sqlite"
    with RunStore(path) as store:
        good = store.add(_run())
    with sqlite3.connect(path) as raw:
        if text == "bad-recipe":
            stored = json.loads(raw.execute("SELECT run FROM runs").fetchone()[0])
            stored["recipe"]["model"]["no_such_field"] = 1
            text = json.dumps(stored)
        raw.execute(
            "INSERT INTO runs (created, schema, run) VALUES (?, ?, ?)",
            ("2030-01-01T00:00:00+00:00", RUN_SCHEMA_VERSION, text),
        )
    with RunStore(path) as store:
        assert [r.id for r in store.runs()] == [good.id]
        assert store.skipped == 1
        assert len(store.frame()) == 1
        with pytest.raises(RunStoreError, match="Run 2 is stored but cannot be read"):
            store.get(2)
        store.delete(2)
        store.runs()
        assert store.skipped == 0


@pytest.mark.parametrize("where", ["row", "file"])
def test_store_refuses_a_newer_schema(tmp_path: Path, where: str) -> None:
    path = tmp_path / "w.sqlite"
    with RunStore(path) as store:
        store.add(_run())
    with sqlite3.connect(path) as raw:
        if where == "row":
            raw.execute("UPDATE runs SET schema = ?", (RUN_SCHEMA_VERSION + 1,))
        else:
            raw.execute(f"PRAGMA user_version = {RUN_SCHEMA_VERSION + 1}")
    with pytest.raises(RunStoreError, match="newer ModelPath"):
        RunStore(path)


def test_store_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello, this is not SQLite " * 20, encoding="utf-8")
    with pytest.raises(RunStoreError, match="could not open"):
        RunStore(path)


def test_store_refuses_use_after_close() -> None:
    store = RunStore()
    store.close()
    store.close()  # closing twice is harmless
    with pytest.raises(RunStoreError, match="closed"):
        len(store)


def test_store_is_thread_safe() -> None:
    store = RunStore()
    errors: list[BaseException] = []

    def add_many() -> None:
        try:
            for _ in range(25):
                store.add(_run())
                store.runs()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store) == 100
    assert sorted(r.id for r in store.runs()) == list(range(1, 101))
    store.close()


def test_store_error_is_a_modelpath_error() -> None:
    assert issubclass(RunStoreError, ModelPathError)


# --- the leaderboard -------------------------------------------------------------------------


def _scores(frame: Any) -> list[float]:
    return [round(v, 3) for v in frame["CV mean"]]


@pytest.mark.parametrize(
    ("metric", "expected"),
    [
        pytest.param("r2", [0.9, 0.8, 0.7], id="higher-is-better"),
        pytest.param("rmse", [0.7, 0.8, 0.9], id="lower-is-better"),
    ],
)
def test_frame_puts_the_best_cv_first(store: RunStore, metric: str, expected: list[float]) -> None:
    for score in (0.8, 0.9, 0.7):
        store.add(_run((score, score), metric=metric))
    frame = store.frame()
    assert tuple(frame.columns) == FRAME_COLUMNS
    assert _scores(frame) == expected


def test_frame_puts_incomplete_runs_after_complete_ones(store: RunStore) -> None:
    store.add(_run((0.99, 0.99), planned_folds=5))  # best score, but stopped early
    store.add(_run((0.7, 0.7)))
    store.add(_run((0.8, 0.8)))
    frame = store.frame()
    assert _scores(frame) == [0.8, 0.7, 0.99]
    assert list(frame["run"]) == [3, 2, 1]


def test_frame_groups_runs_by_metric(store: RunStore) -> None:
    store.add(_run((0.5, 0.5), metric="rmse"))
    store.add(_run((0.7, 0.7)))
    store.add(_run((0.9, 0.9), metric="rmse"))
    store.add(_run((0.8, 0.8)))  # newest: its metric's group comes first
    frame = store.frame()
    assert list(frame["metric"]) == ["R²", "R²", "RMSE", "RMSE"]
    assert _scores(frame) == [0.8, 0.7, 0.5, 0.9]


def test_frame_values_and_empty_store(store: RunStore) -> None:
    assert store.frame().empty
    assert tuple(store.frame().columns) == FRAME_COLUMNS
    store.add(_run((0.8, 0.9), test_metrics={}, baseline_cv_mean=None, note="hi"))
    row = store.frame().iloc[0]
    assert row["algorithm"] == "Ridge regression"
    assert row["± std"] == pytest.approx(0.05)
    assert row["training score"] == pytest.approx(0.9)
    assert math.isnan(row["test score"])
    assert math.isnan(row["baseline (CV)"])
    assert (row["kind"], row["note"]) == ("train", "hi")


# --- recipe changes --------------------------------------------------------------------------


def test_recipe_changes_identical_recipes_give_an_empty_frame() -> None:
    changes = recipe_changes(_recipe(alpha=1.0), _recipe(alpha=1.0))
    assert changes.empty
    assert tuple(changes.columns) == CHANGE_COLUMNS


def test_recipe_changes_lists_changed_leaves() -> None:
    before = _recipe(max_depth=3)
    after = _recipe(max_depth=5, fit_intercept=False)
    after = after.with_section(after.split.with_changes(seed=7))
    changes = recipe_changes(before, after)
    rows = {(r.section, r.setting): (r.before, r.after) for r in changes.itertuples()}
    assert rows == {
        ("split", "seed"): ("42", "7"),
        ("model", "params.max_depth"): ("3", "5"),
        ("model", "params.fit_intercept"): ("—", "false"),
    }
    assert list(changes["section"]) == ["split", "model", "model"]


def test_recipe_changes_shows_missing_values_as_a_dash() -> None:
    before = Recipe()
    after = before.with_section(before.model.with_changes(algorithm="ridge"))
    changes = recipe_changes(before, after)
    assert changes.to_dict("records") == [
        {"section": "model", "setting": "algorithm", "before": "—", "after": "ridge"}
    ]


# --- comparing two runs ----------------------------------------------------------------------


def test_compare_runs_identical_fold_scores_are_not_significant() -> None:
    result = compare_runs(_run(id=1), _run(id=2))
    assert result.comparable
    assert (result.t_statistic, result.p_value, result.significant) == (0.0, 1.0, False)
    assert result.difference == 0
    assert "identical fold scores" in result.verdict
    assert result.changes.empty


def test_compare_runs_finds_a_clear_improvement() -> None:
    noise = (0.002, -0.001, 0.0, 0.001, -0.002)
    better = tuple(f + 0.05 + n for f, n in zip(FOLDS, noise, strict=True))
    result = compare_runs(_run(id=3), _run(better, id=5, recipe=_recipe(alpha=9.0)))
    assert result.comparable
    assert result.significant
    assert result.difference == pytest.approx(0.05)
    assert result.p_value < 0.01
    assert result.t_statistic > 0
    assert result.verdict.startswith("Run 5 scores 0.86 and run 3 0.81")
    assert "corrected resampled t-test" in result.verdict
    assert "Run 5 is better than run 3" in result.verdict
    assert list(result.changes["setting"]) == ["params.alpha"]


def test_compare_runs_noise_is_within_noise() -> None:
    other = (0.81, 0.80, 0.80, 0.82, 0.82)
    result = compare_runs(_run(id=1), _run(other, id=2))
    assert result.comparable
    assert result.significant is False
    assert "within fold-to-fold noise" in result.verdict
    assert "treat them as equally good" in result.verdict


def test_compare_runs_p_value_matches_a_hand_computation() -> None:
    first = _run((0.70, 0.72, 0.74, 0.71), test_fraction=1 / 3)
    second = _run((0.73, 0.72, 0.78, 0.72), test_fraction=1 / 3)
    d = np.array([0.03, 0.0, 0.04, 0.01])
    t = d.mean() / math.sqrt((1 / 4 + 1 / 3) * d.var(ddof=1))
    p = 2 * stats.t.sf(abs(t), df=3)
    result = compare_runs(first, second)
    assert result.t_statistic == pytest.approx(t)
    assert result.p_value == pytest.approx(p)
    assert result.significant is bool(p < 0.05)
    assert compare_runs(first, second, alpha=0.5).significant is bool(p < 0.5)


def test_compare_runs_respects_lower_is_better() -> None:
    first = _run((10.0, 11.0, 9.5, 10.5, 10.2), metric="rmse", id=1)
    second = _run((8.0, 9.1, 7.4, 8.6, 8.1), metric="rmse", id=2)
    result = compare_runs(first, second)
    assert result.difference < 0
    assert result.t_statistic > 0
    assert result.significant
    assert "Run 2 is better than run 1" in result.verdict
    assert "lower RMSE is better" in result.verdict


def test_compare_runs_constant_improvement_is_significant() -> None:
    result = compare_runs(_run(id=1), _run(tuple(f + 0.25 for f in FOLDS), id=2))
    assert result.significant
    assert result.p_value == 0.0
    assert "Run 2 is better" in result.verdict


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        pytest.param({"folds_fingerprint": "folds-b"}, "different folds", id="folds"),
        pytest.param(
            {"rows_fingerprint": "rows-b", "folds_fingerprint": "folds-b", "n_train": 480},
            "480 training rows",
            id="rows-count",
        ),
        pytest.param({"rows_fingerprint": "rows-b"}, "different rows", id="rows-same-count"),
        pytest.param({"metric": "rmse"}, "different metrics", id="metric"),
        pytest.param({"planned_folds": 10}, "5 of its 10 folds", id="incomplete"),
    ],
)
def test_compare_runs_refuses_invalid_comparisons(changes: dict[str, Any], words: str) -> None:
    result = compare_runs(_run(id=3), _run(id=7, **changes))
    assert not result.comparable
    assert (result.t_statistic, result.p_value, result.significant) == (None, None, None)
    assert words in result.reason
    assert "not valid" in result.verdict
    assert "CV means" in result.verdict
    assert "0.81" in result.verdict


def test_compare_runs_needs_two_folds() -> None:
    result = compare_runs(_run((0.8,), id=1), _run((0.9,), id=2))
    assert not result.comparable
    assert "at least two folds" in result.reason
    assert result.difference == pytest.approx(0.1)


def test_compare_runs_without_ids_names_first_and_second() -> None:
    result = compare_runs(_run(), _run(folds_fingerprint="other"))
    assert "the second run" in result.reason.lower()


def test_compare_runs_refuses_a_bad_alpha() -> None:
    with pytest.raises(ValueError, match="alpha"):
        compare_runs(_run(), _run(), alpha=1.5)


def test_store_reads_rows_changed_by_another_connection(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite"
    with RunStore(path) as store:
        run = store.add(_run())
        assert store.runs() == [run]
        with sqlite3.connect(path) as raw:
            raw.execute("UPDATE runs SET run = ? WHERE id = ?", ("{broken", run.id))
        assert store.runs() == []
        assert store.skipped == 1
