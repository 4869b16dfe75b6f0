"""The run store: runs kept in an SQLite database, as checked JSON text.

:class:`RunStore` keeps runs in an SQLite database (standard library ``sqlite3``): ``":memory:"``
for one person's session, or a file for a local workspace, so a refresh or a restart loses
nothing. Rows are JSON text (the recipe as its ``to_dict()``), never pickles, and are checked on
the way back in: a malformed row is skipped and counted, never trusted. :meth:`RunStore.frame`
is the runs leaderboard.
"""

from __future__ import annotations

import math
import os
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from core.errors import ModelPathError
from core.evaluate.runs import RUN_SCHEMA_VERSION, Run, _run_from_json, _run_to_json
from core.understand import METRICS

__all__ = [
    "FRAME_COLUMNS",
    "MAX_NOTE_CHARS",
    "RunStore",
    "RunStoreError",
]

MAX_NOTE_CHARS = 500
FRAME_COLUMNS = (
    "run",
    "created",
    "algorithm",
    "metric",
    "CV mean",
    "± std",
    "training score",
    "test score",
    "baseline (CV)",
    "diagnosis",
    "kind",
    "note",
)


class RunStoreError(ModelPathError):
    """The run store cannot do what was asked (unknown run, full store, unreadable file…)."""


def _utc_timestamp(created: str) -> str:
    """ISO-8601 UTC with seconds; a given time is checked and converted to UTC."""
    if not created:
        return datetime.now(UTC).isoformat(timespec="seconds")
    try:
        moment = datetime.fromisoformat(created)
    except ValueError as exc:
        raise RunStoreError(
            f"The run's creation time {created!r} is not an ISO-8601 date and time.",
            "Runs are ordered by when they were created.",
            "Leave Run.created empty to let the store set it, or use a time such as "
            "'2024-05-01T12:00:00+00:00'.",
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


# --- the store -------------------------------------------------------------------------------


class RunStore:
    """Runs in an SQLite database: ``":memory:"`` (one person's session) or a file path.

    One connection, opened with ``check_same_thread=False`` and guarded by a lock, so callers
    may use the store from different threads. Runs are stored as JSON text (never pickled) with
    a schema version; rows are checked when read back.

    Parameters
    ----------
    path : str or os.PathLike, default=":memory:"
        ``":memory:"`` for a store that lives as long as this object, or a database file (a
        local workspace; created when absent).
    max_runs : int, default=500
        How many runs the store keeps before refusing new ones.

    Raises
    ------
    RunStoreError
        When the file cannot be opened, is not a ModelPath run store, or was written by a newer
        ModelPath.

    Examples
    --------
    >>> store = RunStore()
    >>> len(store)
    0
    >>> store.close()
    """

    def __init__(self, path: str | os.PathLike[str] = ":memory:", *, max_runs: int = 500) -> None:
        if isinstance(max_runs, bool) or not isinstance(max_runs, int) or max_runs < 1:
            raise ValueError(f"max_runs must be a whole number ≥ 1, not {max_runs!r}")
        self._path = os.fspath(path)
        self._max_runs = max_runs
        self._lock = threading.Lock()
        self._skipped = 0
        self._closed = False
        # Rebuilding a run (its recipe above all) costs far more than reading its row, and the
        # leaderboard reads every run on every page rerun: keep each row's run, keyed by its text.
        self._decoded: dict[int, tuple[tuple[Any, Any, Any], Run]] = {}
        try:
            # Autocommit mode: writes that must be atomic open their own BEGIN IMMEDIATE.
            self._conn = sqlite3.connect(
                self._path, check_same_thread=False, isolation_level=None, timeout=10.0
            )
        except sqlite3.Error as exc:
            raise self._open_error(exc) from exc
        try:
            self._prepare()
        except sqlite3.Error as exc:
            self._conn.close()
            raise self._open_error(exc) from exc
        except RunStoreError:
            self._conn.close()
            raise

    # -- opening --

    def _open_error(self, exc: sqlite3.Error) -> RunStoreError:
        return RunStoreError(
            f"ModelPath could not open the run store at {self._path!r} ({exc}).",
            "The file may not be a ModelPath workspace, may be damaged, or may not be writable.",
            "Choose another workspace file, or move this one aside to start a new record.",
        )

    def _prepare(self) -> None:
        conn = self._conn
        conn.execute(
            "CREATE TABLE IF NOT EXISTS runs ("
            "id INTEGER PRIMARY KEY AUTOINCREMENT, "
            "created TEXT NOT NULL, "
            "schema INTEGER NOT NULL, "
            "run TEXT NOT NULL)"
        )
        columns = {row[1] for row in conn.execute("PRAGMA table_info(runs)")}
        if not {"id", "created", "schema", "run"} <= columns:
            raise RunStoreError(
                f"The file {self._path!r} has a 'runs' table that ModelPath did not write.",
                "Its columns are not those of a ModelPath run store.",
                "Choose another workspace file.",
            )
        file_version = conn.execute("PRAGMA user_version").fetchone()[0]
        newest_row = conn.execute("SELECT MAX(schema) FROM runs").fetchone()[0]
        newest = max(file_version, newest_row or 0)
        if newest > RUN_SCHEMA_VERSION:
            raise RunStoreError(
                f"The run store {self._path!r} was written by a newer ModelPath (run schema "
                f"version {newest}; this version reads up to {RUN_SCHEMA_VERSION}).",
                "Reading it could misread or lose runs.",
                "Upgrade ModelPath to open this workspace, or choose another file.",
            )
        if file_version < RUN_SCHEMA_VERSION:
            conn.execute(f"PRAGMA user_version = {RUN_SCHEMA_VERSION:d}")

    # -- helpers --

    def _connection(self) -> sqlite3.Connection:
        """The open connection; call with the lock held."""
        if self._closed:
            raise RunStoreError(
                "The run store is closed.",
                "It was closed after use.",
                "Open the workspace again.",
            )
        return self._conn

    @staticmethod
    def _unknown(run_id: int) -> RunStoreError:
        return RunStoreError(
            f"There is no run {run_id}.",
            "It may have been deleted, or belong to another workspace.",
            "Pick a run from the list of runs.",
        )

    @staticmethod
    def _unreadable(run_id: int, exc: BaseException) -> RunStoreError:
        return RunStoreError(
            f"Run {run_id} is stored but cannot be read ({exc}).",
            "Its stored record is damaged or was not written by ModelPath.",
            f"Delete run {run_id}; the other runs are unaffected.",
        )

    def _row(self, conn: sqlite3.Connection, run_id: int) -> tuple[Any, Any, Any, Any]:
        row = conn.execute(
            "SELECT id, created, schema, run FROM runs WHERE id = ?", (run_id,)
        ).fetchone()
        if row is None:
            raise self._unknown(run_id)
        return row

    def _decode_row(self, row: tuple[Any, Any, Any, Any]) -> Run:
        run_id, created, schema, text = row
        cached = self._decoded.get(run_id)
        if cached is not None and cached[0] == (created, schema, text):
            return cached[1]  # runs are frozen: sharing one is safe
        try:
            if schema != RUN_SCHEMA_VERSION:
                raise ValueError(f"run schema version {schema!r}")
            run = _run_from_json(run_id, created, text)
        # The file is not trusted: whatever is wrong with one row makes only that row unreadable.
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            raise self._unreadable(run_id, exc) from exc
        self._decoded[run_id] = ((created, schema, text), run)
        return run

    # -- public API --

    @property
    def skipped(self) -> int:
        """How many stored rows the last :meth:`runs` (or :meth:`frame`) could not read."""
        with self._lock:
            return self._skipped

    @property
    def max_runs(self) -> int:
        """How many runs the store keeps before refusing new ones."""
        return self._max_runs

    def add(self, run: Run) -> Run:
        """Store a run.

        Parameters
        ----------
        run : Run
            The run to record. The store assigns a fresh ``id`` (any id on ``run`` is ignored)
            and sets ``created`` to now (UTC) when it is empty.

        Returns
        -------
        Run
            The run as stored, with ``id`` and ``created`` set.

        Raises
        ------
        RunStoreError
            When the store already holds ``max_runs`` runs, or ``created`` is not a valid time.
        """
        created = _utc_timestamp(run.created)
        text = _run_to_json(run)
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN IMMEDIATE")
                (count,) = conn.execute("SELECT COUNT(*) FROM runs").fetchone()
                if count >= self._max_runs:
                    raise RunStoreError(
                        f"The record already holds {count} runs, the most it keeps "
                        f"({self._max_runs}).",
                        "A bounded record keeps the workspace small and the leaderboard fast.",
                        "Delete old runs you no longer need, then train again.",
                    )
                cursor = conn.execute(
                    "INSERT INTO runs (created, schema, run) VALUES (?, ?, ?)",
                    (created, RUN_SCHEMA_VERSION, text),
                )
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise RunStoreError(
                    f"The run could not be saved ({exc}).",
                    "The workspace file may be read-only, full, or busy in another program.",
                    "Try again, or choose another workspace file.",
                ) from exc
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            run_id = cursor.lastrowid
            return self._decode_row((run_id, created, RUN_SCHEMA_VERSION, text))

    def get(self, run_id: int) -> Run:
        """The run with this id.

        Raises
        ------
        RunStoreError
            When there is no such run, or its stored record cannot be read.
        """
        with self._lock:
            row = self._row(self._connection(), run_id)
        return self._decode_row(row)

    def runs(self) -> list[Run]:
        """Every readable run, newest first; unreadable rows are skipped and counted.

        Returns
        -------
        list of Run
            Newest first (by creation time, then id). :attr:`skipped` tells how many stored
            rows could not be read.
        """
        with self._lock:
            rows = (
                self._connection()
                .execute("SELECT id, created, schema, run FROM runs ORDER BY created DESC, id DESC")
                .fetchall()
            )
            present = {row[0] for row in rows}
            for run_id in [i for i in self._decoded if i not in present]:
                del self._decoded[run_id]
        found: list[Run] = []
        skipped = 0
        for row in rows:
            try:
                found.append(self._decode_row(row))
            except RunStoreError:
                skipped += 1
        with self._lock:
            self._skipped = skipped
        return found

    def set_note(self, run_id: int, note: str) -> Run:
        """Replace a run's note.

        Parameters
        ----------
        run_id : int
            The run.
        note : str
            The new note; surrounding whitespace is removed; at most 500 characters.

        Returns
        -------
        Run
            The run with its new note.

        Raises
        ------
        RunStoreError
            When the note is too long, or the run is unknown or unreadable.
        """
        if not isinstance(note, str):
            raise TypeError(f"note must be text, not {type(note).__name__}")
        note = note.strip()
        if len(note) > MAX_NOTE_CHARS:
            raise RunStoreError(
                f"The note has {len(note):,} characters; a note holds at most {MAX_NOTE_CHARS}.",
                "Notes are short reminders shown in the list of runs.",
                "Shorten the note.",
            )
        with self._lock:
            conn = self._connection()
            updated = replace(self._decode_row(self._row(conn, run_id)), note=note)
            conn.execute("UPDATE runs SET run = ? WHERE id = ?", (_run_to_json(updated), run_id))
        return updated

    def delete(self, run_id: int) -> None:
        """Delete a run (readable or not).

        Raises
        ------
        RunStoreError
            When there is no such run.
        """
        with self._lock:
            cursor = self._connection().execute("DELETE FROM runs WHERE id = ?", (run_id,))
            self._decoded.pop(run_id, None)
        if cursor.rowcount == 0:
            raise self._unknown(run_id)

    def frame(self) -> pd.DataFrame:
        """The runs leaderboard, best first.

        Runs are grouped by metric (the metric of the newest run first); within a metric,
        complete runs come before incomplete ones, each best CV mean first (respecting the
        metric's direction), runs without a CV mean last, ties newest first.

        Returns
        -------
        pandas.DataFrame
            Columns ``"run"`` (id), ``"created"``, ``"algorithm"`` (its label), ``"metric"``
            (its label), ``"CV mean"``, ``"± std"``, ``"training score"``, ``"test score"``,
            ``"baseline (CV)"``, ``"diagnosis"``, ``"kind"``, ``"note"``. Missing numbers are
            NaN. Scores are in the units people read: a MAPE run's are in percent, and its
            metric label says so ("MAPE (%)").
        """
        newest_first = self.runs()
        group: dict[str, int] = {}
        for run in newest_first:
            group.setdefault(run.metric, len(group))

        def order(item: tuple[int, Run]) -> tuple[Any, ...]:
            age, run = item
            mean = run.cv_mean
            known = math.isfinite(mean)
            oriented = (-mean if run.higher_is_better else mean) if known else 0.0
            # A leaky run's score is not evidence of anything: it never heads the board.
            return (group[run.metric], run.suspicious, not run.complete, not known, oriented, age)

        ranked = [run for _, run in sorted(enumerate(newest_first), key=order)]
        rows = [
            {
                "run": run.id,
                "created": run.created,
                "algorithm": run.algorithm_label,
                # Scores in the units people read: a MAPE row is in percent, as its label says.
                "metric": METRICS[run.metric].unit_label,
                "CV mean": _in_units(run, run.cv_mean),
                "± std": _in_units(run, run.cv_std) if run.cv_folds else math.nan,
                "training score": _in_units(run, run.train_mean),
                "test score": _in_units(run, _nan_if_none(run.test_score)),
                "baseline (CV)": _in_units(run, _nan_if_none(run.baseline_cv_mean)),
                "diagnosis": run.diagnosis,
                "kind": run.kind,
                "note": run.note,
            }
            for run in ranked
        ]
        return pd.DataFrame(rows, columns=list(FRAME_COLUMNS))

    def __len__(self) -> int:
        """How many runs are stored (unreadable rows included: they hold a place too)."""
        with self._lock:
            (count,) = self._connection().execute("SELECT COUNT(*) FROM runs").fetchone()
        return int(count)

    def __iter__(self) -> Iterator[Run]:
        """Iterate over :meth:`runs` (newest first)."""
        return iter(self.runs())

    def close(self) -> None:
        """Close the database; an in-memory store's runs are gone after this."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else f"max_runs={self._max_runs}"
        return f"RunStore({self._path!r}, {state})"


def _in_units(run: Run, value: float) -> float:
    return METRICS[run.metric].shown(value)


def _nan_if_none(value: float | None) -> float:
    return math.nan if value is None else value
