"""Tests for core.evaluate.run_store: the run record in SQLite (round trips, bounds, malformed
rows, schema versions, threads) and the runs leaderboard."""

from __future__ import annotations

import json
import math
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.errors import ModelPathError
from core.evaluate import (
    FRAME_COLUMNS,
    RUN_SCHEMA_VERSION,
    RunStore,
    RunStoreError,
)
from tests.core.evaluate.run_data import make_recipe, make_run


@pytest.fixture(params=["memory", "file"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RunStore]:
    path = ":memory:" if request.param == "memory" else tmp_path / "workspace.sqlite"
    opened = RunStore(path)
    yield opened
    opened.close()


# --- the store -------------------------------------------------------------------------------


def test_store_round_trip(store: RunStore) -> None:
    first = store.add(make_run(note="first"))
    second = store.add(make_run(recipe=make_recipe(alpha=2.0), kind="retrain", parent_id=first.id))
    assert (first.id, second.id) == (1, 2)
    assert first.created.endswith("+00:00")
    assert store.get(first.id) == first
    assert store.get(second.id).recipe == make_recipe(alpha=2.0)
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
        added = store.add(make_run(recipe=make_recipe(alpha=3.0)))
    with RunStore(str(path)) as reopened:
        (run,) = reopened.runs()
    assert run == added
    assert run.recipe == make_recipe(alpha=3.0)


def test_store_keeps_given_creation_time_and_orders_by_it(store: RunStore) -> None:
    store.add(make_run(created="2024-05-02T10:00:00+02:00"))
    store.add(make_run(created="2024-05-01T09:00:00"))
    store.add(make_run())  # now: newest
    runs = store.runs()
    assert [r.id for r in runs] == [3, 1, 2]
    assert runs[1].created == "2024-05-02T08:00:00+00:00"
    assert runs[2].created == "2024-05-01T09:00:00+00:00"


def test_store_refuses_invalid_creation_time(store: RunStore) -> None:
    with pytest.raises(RunStoreError, match="ISO-8601"):
        store.add(make_run(created="yesterday"))


def test_store_writes_json_with_nulls_for_missing_numbers(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite"
    with RunStore(path) as store:
        added = store.add(make_run((0.8, math.nan), test_metrics={"r2": math.inf}))
    with sqlite3.connect(path) as raw:
        schema, text = raw.execute("SELECT schema, run FROM runs").fetchone()
    data = json.loads(text)
    assert schema == RUN_SCHEMA_VERSION
    assert data["cv_folds"] == [0.8, None]
    assert data["test_metrics"] == {"r2": None}
    assert data["recipe"] == make_recipe().to_dict()
    assert math.isnan(added.cv_folds[1])


def test_store_refuses_more_than_max_runs() -> None:
    with RunStore(max_runs=2) as store:
        store.add(make_run())
        store.add(make_run())
        with pytest.raises(RunStoreError, match="Delete old runs") as caught:
            store.add(make_run())
        assert caught.value.what
        assert caught.value.why
        assert caught.value.fix
        assert len(store) == 2
        store.delete(1)
        store.add(make_run())
        assert len(store) == 2


def test_store_refuses_a_note_that_is_too_long(store: RunStore) -> None:
    run = store.add(make_run())
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
    store.add(make_run())
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
        good = store.add(make_run())
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
        store.add(make_run())
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
                store.add(make_run())
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
        store.add(make_run((score, score), metric=metric))
    frame = store.frame()
    assert tuple(frame.columns) == FRAME_COLUMNS
    assert _scores(frame) == expected


def test_frame_puts_incomplete_runs_after_complete_ones(store: RunStore) -> None:
    store.add(make_run((0.99, 0.99), planned_folds=5))  # best score, but stopped early
    store.add(make_run((0.7, 0.7)))
    store.add(make_run((0.8, 0.8)))
    frame = store.frame()
    assert _scores(frame) == [0.8, 0.7, 0.99]
    assert list(frame["run"]) == [3, 2, 1]


def test_frame_groups_runs_by_metric(store: RunStore) -> None:
    store.add(make_run((0.5, 0.5), metric="rmse"))
    store.add(make_run((0.7, 0.7)))
    store.add(make_run((0.9, 0.9), metric="rmse"))
    store.add(make_run((0.8, 0.8)))  # newest: its metric's group comes first
    frame = store.frame()
    assert list(frame["metric"]) == ["R²", "R²", "RMSE", "RMSE"]
    assert _scores(frame) == [0.8, 0.7, 0.5, 0.9]


def test_frame_values_and_empty_store(store: RunStore) -> None:
    assert store.frame().empty
    assert tuple(store.frame().columns) == FRAME_COLUMNS
    store.add(make_run((0.8, 0.9), test_metrics={}, baseline_cv_mean=None, note="hi"))
    row = store.frame().iloc[0]
    assert row["algorithm"] == "Ridge regression"
    assert row["± std"] == pytest.approx(0.05)
    assert row["training score"] == pytest.approx(0.9)
    assert math.isnan(row["test score"])
    assert math.isnan(row["baseline (CV)"])
    assert (row["kind"], row["note"]) == ("train", "hi")


def test_store_reads_rows_changed_by_another_connection(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite"
    with RunStore(path) as store:
        run = store.add(make_run())
        assert store.runs() == [run]
        with sqlite3.connect(path) as raw:
            raw.execute("UPDATE runs SET run = ? WHERE id = ?", ("{broken", run.id))
        assert store.runs() == []
        assert store.skipped == 1
