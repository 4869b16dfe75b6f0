"""The record of training runs: what was trained, how, how well — and whether two runs differ.

A :class:`Run` is one training action (a train, a retrain from an earlier run, or a restore).
:class:`RunStore` keeps runs in an SQLite database (standard library ``sqlite3``): ``":memory:"``
for one person's session, or a file for a local workspace, so a refresh or a restart loses
nothing. Rows are JSON text (the recipe as its ``to_dict()``), never pickles, and are checked on
the way back in: a malformed row is skipped and counted, never trusted.

:func:`compare_runs` says whether two runs differ by more than fold-to-fold noise, with the
corrected resampled t-test, and only when the comparison is valid (same metric, rows and folds).
:func:`recipe_changes` lists the settings that differ between two recipes.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import MISSING, dataclass, fields, replace
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from core.errors import ModelPathError
from core.model import LeakageWarning
from core.recipe import Recipe
from core.understand import METRICS

__all__ = [
    "CHANGE_COLUMNS",
    "FRAME_COLUMNS",
    "MAX_NOTE_CHARS",
    "RUN_KINDS",
    "RUN_SCHEMA_VERSION",
    "Run",
    "RunComparison",
    "RunStore",
    "RunStoreError",
    "compare_runs",
    "recipe_changes",
]

RUN_SCHEMA_VERSION = 1
RUN_KINDS = ("train", "retrain", "restore")
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
CHANGE_COLUMNS = ("section", "setting", "before", "after")
_MISSING = "—"
_MAX_SHOWN_CHARS = 80


class RunStoreError(ModelPathError):
    """The run store cannot do what was asked (unknown run, full store, unreadable file…)."""


# --- the run ---------------------------------------------------------------------------------


def _optional_float(value: Any, where: str) -> float | None:
    """A number or ``None``; NaN and infinities become ``None`` (one way to say "no value")."""
    if value is None:
        return None
    number = _float(value, where)
    return number if math.isfinite(number) else None


def _float(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"Run.{where} must be a number, not {type(value).__name__}")
    return float(value)


def _int(value: Any, where: str, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"Run.{where} must be a whole number, not {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"Run.{where} must be at least {minimum}, not {value}")
    return int(value)


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"Run.{where} must be text, not {type(value).__name__}")
    return value


def _score_map(value: Any, where: str) -> Mapping[str, float | None]:
    if not isinstance(value, Mapping):
        raise TypeError(f"Run.{where} must map metric keys to numbers")
    return MappingProxyType(
        {_str(k, f"{where} key"): _optional_float(v, f"{where}[{k!r}]") for k, v in value.items()}
    )


def _sequence(value: Any, where: str) -> Iterable[Any]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise TypeError(f"Run.{where} must be a sequence of numbers")
    return value


@dataclass(frozen=True)
class Run:
    """One training action: what was trained, how, and how well.

    Parameters
    ----------
    recipe : Recipe
        The whole workflow that was trained.
    algorithm : str
        The model registry key, e.g. ``"random_forest"``.
    algorithm_label : str
        The algorithm's name shown to people, e.g. ``"Random forest"``.
    metric : str
        The primary metric's key (see ``core.understand.problem.METRICS``).
    cv_folds : tuple of float
        Validation score per fold, in fold order, in metric units (RMSE positive).
    cv_train_folds : tuple of float or None
        Training-fold score per fold; ``None`` where it was not measured.
    planned_folds : int
        How many folds the validation plan has.
    folds_fingerprint : str
        Equal fingerprints mean the same folds (row positions).
    rows_fingerprint : str
        Equal fingerprints mean the same training rows and target values.
    dataset_label : str
        The file name or sample title (plain text; shown as text only).
    n_train, n_test : int
        Rows in the training and test splits.
    test_fraction : float
        Mean validation-fold size divided by mean training-fold size (for the corrected t-test).
    test_metrics : mapping of str to float or None
        Metric key → value on the held-out test split.
    baseline_cv_mean : float or None
        The baseline's CV mean, in metric units.
    baseline_test : mapping of str to float or None
        Metric key → the baseline's value on the test split.
    fit_seconds : float
        Time of the final refit.
    total_seconds : float
        Time of the whole action.
    kind : {"train", "retrain", "restore"}, default="train"
        What kind of action produced the run.
    note : str, default=""
        The person's note.
    parent_id : int or None, default=None
        The run a retrain started from.
    diagnosis : str, default=""
        The verdict word, e.g. ``"overfitting"``; ``"suspicious"`` whenever ``warnings`` holds
        any.
    warnings : tuple of LeakageWarning, default=()
        Why the run's score may be too good to be true (a leak among its features).
    id : int or None, default=None
        Set by :class:`RunStore`.
    created : str, default=""
        ISO-8601 UTC time; set by :class:`RunStore` when empty.

    Notes
    -----
    Numbers that may be missing (training-fold scores, test metrics, baselines) are ``None``
    when missing; NaN and infinities given there are turned into ``None``.
    """

    recipe: Recipe
    algorithm: str
    algorithm_label: str
    metric: str
    cv_folds: tuple[float, ...]
    cv_train_folds: tuple[float | None, ...]
    planned_folds: int
    folds_fingerprint: str
    rows_fingerprint: str
    dataset_label: str
    n_train: int
    n_test: int
    test_fraction: float
    test_metrics: Mapping[str, float | None]
    baseline_cv_mean: float | None
    baseline_test: Mapping[str, float | None]
    fit_seconds: float
    total_seconds: float
    kind: str = "train"
    note: str = ""
    parent_id: int | None = None
    diagnosis: str = ""
    warnings: tuple[LeakageWarning, ...] = ()
    id: int | None = None
    created: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.recipe, Recipe):
            raise TypeError("Run.recipe must be a Recipe")
        if self.metric not in METRICS:
            raise ValueError(f"Run.metric {self.metric!r} is not a known metric key")
        if self.kind not in RUN_KINDS:
            raise ValueError(f"Run.kind must be one of {RUN_KINDS}, not {self.kind!r}")
        for name in (
            "algorithm",
            "algorithm_label",
            "folds_fingerprint",
            "rows_fingerprint",
            "dataset_label",
            "note",
            "diagnosis",
            "created",
        ):
            _str(getattr(self, name), name)
        normalised: dict[str, Any] = {
            "cv_folds": tuple(_float(v, "cv_folds") for v in _sequence(self.cv_folds, "cv_folds")),
            "cv_train_folds": tuple(
                _optional_float(v, "cv_train_folds")
                for v in _sequence(self.cv_train_folds, "cv_train_folds")
            ),
            "planned_folds": _int(self.planned_folds, "planned_folds"),
            "n_train": _int(self.n_train, "n_train"),
            "n_test": _int(self.n_test, "n_test"),
            "test_metrics": _score_map(self.test_metrics, "test_metrics"),
            "baseline_cv_mean": _optional_float(self.baseline_cv_mean, "baseline_cv_mean"),
            "baseline_test": _score_map(self.baseline_test, "baseline_test"),
            "parent_id": None
            if self.parent_id is None
            else _int(self.parent_id, "parent_id", minimum=1),
            "id": None if self.id is None else _int(self.id, "id", minimum=1),
            "warnings": tuple(
                w if isinstance(w, LeakageWarning) else LeakageWarning.from_dict(w)
                for w in _sequence(self.warnings, "warnings")
            ),
        }
        if normalised["warnings"]:
            normalised["diagnosis"] = "suspicious"  # a leak outranks any other reading
        for name in ("test_fraction", "fit_seconds", "total_seconds"):
            value = _float(getattr(self, name), name)
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"Run.{name} must be a finite number ≥ 0, not {value}")
            normalised[name] = value
        for name, value in normalised.items():
            object.__setattr__(self, name, value)

    @property
    def cv_mean(self) -> float:
        """Mean validation score across the fitted folds (NaN when none was fitted)."""
        return float(np.mean(self.cv_folds)) if self.cv_folds else math.nan

    @property
    def cv_std(self) -> float:
        """Standard deviation of the fold scores (``ddof=0``, like the rest of the app)."""
        return float(np.std(self.cv_folds)) if len(self.cv_folds) > 1 else 0.0

    @property
    def train_mean(self) -> float:
        """Mean training-fold score (NaN when none was measured)."""
        values = [v for v in self.cv_train_folds if v is not None]
        return float(np.mean(values)) if values else math.nan

    @property
    def complete(self) -> bool:
        """Whether every planned fold was fitted."""
        return len(self.cv_folds) == self.planned_folds

    @property
    def test_score(self) -> float | None:
        """The primary metric on the held-out test split."""
        return self.test_metrics.get(self.metric)

    @property
    def higher_is_better(self) -> bool:
        """Direction of the primary metric."""
        return METRICS[self.metric].greater_is_better

    @property
    def suspicious(self) -> bool:
        """Whether a leakage warning makes the run's scores untrustworthy."""
        return bool(self.warnings)

    @property
    def suspect_columns(self) -> tuple[str, ...]:
        """Every column the run's warnings name, once."""
        return tuple(dict.fromkeys(c for w in self.warnings for c in w.columns))


# --- JSON text of a run ----------------------------------------------------------------------

# Fields kept in their own columns rather than in the JSON text.
_COLUMN_FIELDS = ("id", "created")
_JSON_FIELDS = tuple(f.name for f in fields(Run) if f.name not in _COLUMN_FIELDS)
_REQUIRED_FIELDS = tuple(
    f.name
    for f in fields(Run)
    if f.name not in _COLUMN_FIELDS and f.default is MISSING and f.default_factory is MISSING
)


def _finite_or_none(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {k: _finite_or_none(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_finite_or_none(v) for v in value]
    return value


def _run_to_json(run: Run) -> str:
    payload = {name: getattr(run, name) for name in _JSON_FIELDS}
    payload["recipe"] = run.recipe.to_dict()
    payload["warnings"] = [w.to_dict() for w in run.warnings]
    return json.dumps(_finite_or_none(payload), sort_keys=True, ensure_ascii=False, allow_nan=False)


def _run_from_json(run_id: int, created: Any, text: Any) -> Run:
    """Rebuild a run from a stored row, checking every value (the file is not trusted).

    Raises ``ValueError``, ``TypeError`` (or ``RecipeError``, a ``ValueError``) when malformed.
    """
    if not isinstance(text, str) or not isinstance(created, str):
        raise TypeError("the stored run is not text")
    data = json.loads(text)
    if not isinstance(data, dict):
        raise TypeError("the stored run is not a JSON object")
    unknown = sorted(set(data) - set(_JSON_FIELDS))
    missing = sorted(set(_REQUIRED_FIELDS) - set(data))
    if unknown or missing:
        raise ValueError(f"unknown fields {unknown}, missing fields {missing}")
    values = dict(data)
    values["recipe"] = Recipe.from_dict(data["recipe"])
    values["cv_folds"] = [math.nan if v is None else v for v in _sequence(data["cv_folds"], "")]
    return Run(**values, id=run_id, created=created)


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


def _nan_if_none(value: float | None) -> float:
    return math.nan if value is None else value


# --- what changed between two recipes --------------------------------------------------------


def _flatten(value: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, Mapping):  # an empty mapping has no settings to list
            flat.update(_flatten(item, f"{name}."))
        else:
            flat[name] = item
    return flat


def _shown(value: Any) -> str:
    """A short, JSON-like rendering of a setting (text unquoted; missing as a dash)."""
    if value is None:
        return _MISSING
    if isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if len(text) > _MAX_SHOWN_CHARS:
        text = text[: _MAX_SHOWN_CHARS - 1] + "…"
    return text


def recipe_changes(before: Recipe, after: Recipe) -> pd.DataFrame:
    """The settings that differ between two recipes, one row per changed leaf field.

    Parameters
    ----------
    before, after : Recipe
        The two recipes, e.g. of an earlier and a later run.

    Returns
    -------
    pandas.DataFrame
        Columns ``"section"``, ``"setting"`` (dotted for nested values, e.g.
        ``"params.max_depth"``), ``"before"`` and ``"after"`` (short texts; a missing value is
        ``"—"``), in recipe section order. Empty (with those columns) when nothing differs.

    Examples
    --------
    >>> from core.recipe import Recipe
    >>> recipe_changes(Recipe(), Recipe()).empty
    True
    """
    old, new = before.to_dict(), after.to_dict()
    rows = []
    for section in old:
        if section == "schema_version":
            continue
        left, right = _flatten(old[section]), _flatten(new[section])
        names = list(left) + [name for name in right if name not in left]
        for name in names:
            a, b = left.get(name), right.get(name)
            # True == 1 in Python, but a switch from 1 to true is a change of setting.
            if a != b or isinstance(a, bool) != isinstance(b, bool):
                rows.append(
                    {"section": section, "setting": name, "before": _shown(a), "after": _shown(b)}
                )
    return pd.DataFrame(rows, columns=list(CHANGE_COLUMNS))


# --- comparing two runs ----------------------------------------------------------------------


def _in_units(run: Run, value: float) -> float:
    return METRICS[run.metric].shown(value)


def _score(run: Run) -> str:
    """The run's CV mean as people read its metric (MAPE as a percentage)."""
    metric = METRICS[run.metric]
    if run.cv_mean is None or not math.isfinite(run.cv_mean) or not metric.percent:
        return _num(run.cv_mean)
    return f"{_num(metric.shown(run.cv_mean))} %"


def _num(value: float | None) -> str:
    """A number with 3 significant digits, without exponents for everyday magnitudes."""
    if value is None or not math.isfinite(value):
        return _MISSING
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    if not -3 <= magnitude < 6:
        return f"{value:.3g}"
    decimals = max(0, 2 - magnitude)
    rounded = round(value, 2 - magnitude)
    text = f"{rounded:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "0") else text


def _p_text(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {_num(p)}"


def _name(run: Run, position: str) -> str:
    return f"run {run.id}" if run.id is not None else f"the {position} run"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, eq=False)
class RunComparison:
    """Whether two runs differ by more than fold-to-fold noise.

    Parameters
    ----------
    first, second : Run
        The runs compared; differences are ``second − first``.
    changes : pandas.DataFrame
        The recipe settings that differ (see :func:`recipe_changes`).
    comparable : bool
        Whether a fold-by-fold test is valid: same metric, rows and folds, both complete, at
        least two folds.
    reason : str
        When not comparable, what differs and what that means; empty otherwise.
    difference : float or None
        ``second.cv_mean − first.cv_mean`` in metric units; ``None`` when the metrics differ or
        a mean is missing.
    t_statistic, p_value : float or None
        The corrected resampled t-test (oriented so positive means the second run is better);
        ``None`` when not comparable.
    significant : bool or None
        ``p_value < alpha``; ``None`` when not comparable.
    verdict : str
        One or two plain sentences with the numbers.
    """

    first: Run
    second: Run
    changes: pd.DataFrame
    comparable: bool
    reason: str
    difference: float | None
    t_statistic: float | None
    p_value: float | None
    significant: bool | None
    verdict: str


def _reasons(first: Run, second: Run) -> list[str]:
    """Why a fold-by-fold test does not apply, in plain words (empty when it does)."""
    one, two = _name(first, "first"), _name(second, "second")
    reasons = []
    if first.metric != second.metric:
        reasons.append(
            f"{_capital(two)} is scored by {METRICS[second.metric].label} and {one} by "
            f"{METRICS[first.metric].label} — scores in different metrics cannot be compared."
        )
    if first.rows_fingerprint != second.rows_fingerprint:
        if first.n_train != second.n_train:
            what = (
                f"{_capital(two)} used {second.n_train:,} training rows and {one} used "
                f"{first.n_train:,} (new data?)"
            )
        else:
            what = (
                f"{_capital(two)} and {one} were trained on different rows or target values "
                "(changed data, cleaning or split?)"
            )
        reasons.append(
            f"{what} — different rows make different folds, so a fold-by-fold test does not apply."
        )
    elif first.folds_fingerprint != second.folds_fingerprint:
        reasons.append(
            f"{_capital(two)} and {one} were validated on different folds (the validation "
            "scheme, fold count or seed changed) — fold scores only pair up on the same folds."
        )
    for run, name in ((first, one), (second, two)):
        if not run.complete:
            reasons.append(
                f"{_capital(name)} fitted {len(run.cv_folds)} of its {run.planned_folds} folds "
                "(stopped early) — an incomplete run is compared on fewer folds than planned."
            )
        elif len(run.cv_folds) < 2:
            reasons.append(
                f"{_capital(name)} has {len(run.cv_folds)} fold score — a test needs at least "
                "two folds."
            )
        elif not all(math.isfinite(v) for v in run.cv_folds):
            reasons.append(f"{_capital(name)} has folds without a score — they cannot be paired.")
    if not reasons and len(first.cv_folds) != len(second.cv_folds):
        reasons.append(f"{_capital(two)} and {one} have different numbers of folds.")
    return reasons


def _with_suspicion(verdict: str, first: Run, second: Run) -> str:
    """The comparison's words when a run learned from a likely leak: its score proves nothing,
    so no run is called better than another (or as good)."""
    named = ((first, _name(first, "first")), (second, _name(second, "second")))
    leaky = [(run, name) for run, name in named if run.suspicious]
    if not leaky:
        return verdict
    words = []
    for run, name in leaky:
        columns = ", ".join(f"‘{c}’" for c in run.suspect_columns)
        words.append(
            f"{_capital(name)} is suspicious (likely leakage): it learned from {columns}, so its "
            "score says nothing about new rows."
        )
    # The numbers stay; every claim about which run is better (or as good) goes.
    text = verdict.replace(": treat them as equally good.", ".")
    text = text.replace(" Treat them as equally good.", "")
    text = text.replace(" is better on every fold by exactly ", " differs on every fold by ")
    sentences = [part for part in text.split(". ") if " is better" not in part]
    kept = ". ".join(sentences).rstrip(".")
    return (
        f"{' '.join(words)} {kept}. Neither run can be called better until the suspicious one "
        "is retrained without those columns."
    )


def compare_runs(first: Run, second: Run, *, alpha: float = 0.05) -> RunComparison:
    """Compare two runs fold by fold with the corrected resampled t-test.

    Fold scores of cross-validation are not independent (the training sets overlap), so a
    plain paired t-test finds "significant" differences far too often. The corrected
    resampled t-test of Nadeau & Bengio (2003), "Inference for the Generalization Error",
    *Machine Learning* 52(3), inflates the variance for that overlap:

    ``t = mean(d) / sqrt((1/J + n_test/n_train) · var(d))``, with ``J − 1`` degrees of freedom,

    where ``d`` are the per-fold differences (oriented so positive means the second run is
    better), ``J`` the number of folds (all repeats counted) and ``n_test/n_train`` the runs'
    ``test_fraction``. The p-value is two-sided.

    The test is only valid on the same folds of the same rows with the same metric; otherwise
    the comparison says so and why, and still quotes both CV means.

    Parameters
    ----------
    first, second : Run
        The runs; differences are ``second − first`` (e.g. earlier, then later).
    alpha : float, default=0.05
        Significance level.

    Returns
    -------
    RunComparison

    Raises
    ------
    ValueError
        When ``alpha`` is not between 0 and 1.
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, not {alpha!r}")
    changes = recipe_changes(first.recipe, second.recipe)
    one, two = _name(first, "first"), _name(second, "second")
    same_metric = first.metric == second.metric
    means_known = math.isfinite(first.cv_mean) and math.isfinite(second.cv_mean)
    difference = second.cv_mean - first.cv_mean if same_metric and means_known else None

    def result(**outcome: Any) -> RunComparison:
        outcome["verdict"] = _with_suspicion(outcome["verdict"], first, second)
        return RunComparison(
            first=first, second=second, changes=changes, difference=difference, **outcome
        )

    reasons = _reasons(first, second)
    if reasons:
        reason = " ".join(reasons)
        if same_metric:
            means = f"CV means: {_score(second)} vs {_score(first)}."
        else:
            means = (
                f"CV means: {METRICS[second.metric].label} {_score(second)} vs "
                f"{METRICS[first.metric].label} {_score(first)}."
            )
        verdict = f"The comparison of {two} with {one} is not valid. {reason} {means}"
        return result(
            comparable=False,
            reason=reason,
            t_statistic=None,
            p_value=None,
            significant=None,
            verdict=_capital(verdict),
        )

    a, b = np.asarray(first.cv_folds), np.asarray(second.cv_folds)
    d = b - a if first.higher_is_better else a - b
    n_folds = len(d)
    # Fold differences equal to rounding error are equal: a variance of 1e-34 is not evidence.
    tolerance = 1e-12 * max(1.0, float(np.max(np.abs(np.concatenate([a, b])))))
    label = METRICS[first.metric].label
    scores = (
        f"{_capital(two)} scores {_score(second)} and {one} {_score(first)} "
        f"({label}) on the same {n_folds} folds"
    )
    better, worse = (two, one) if float(np.mean(d)) > 0 else (one, two)
    direction = "" if first.higher_is_better else f" (lower {label} is better)"
    gap = _num(METRICS[first.metric].shown(abs(second.cv_mean - first.cv_mean)))
    gap += " percentage points" if METRICS[first.metric].percent else ""

    if float(np.ptp(d)) <= tolerance:
        if abs(float(np.mean(d))) <= tolerance:
            return result(
                comparable=True,
                reason="",
                t_statistic=0.0,
                p_value=1.0,
                significant=False,
                verdict=(
                    f"{_capital(two)} and {one} have identical fold scores on the same "
                    f"{n_folds} folds (CV mean {_score(second)}, {label}): no difference "
                    "to test (p = 1). Treat them as equally good."
                ),
            )
        return result(
            comparable=True,
            reason="",
            t_statistic=math.copysign(math.inf, float(np.mean(d))),
            p_value=0.0,
            significant=True,
            verdict=(
                f"{scores}: {better} is better on every fold by exactly {gap}, so the "
                f"difference is not noise (corrected resampled t-test p = 0). "
                f"{_capital(better)} is better{direction}."
            ),
        )

    variance = float(np.var(d, ddof=1))
    t_stat = float(np.mean(d)) / math.sqrt((1 / n_folds + first.test_fraction) * variance)
    p = float(2 * stats.t.sf(abs(t_stat), df=n_folds - 1))
    significant = p < alpha
    if significant:
        verdict = (
            f"{scores}: a difference of {gap}, larger than fold-to-fold noise (corrected "
            f"resampled t-test {_p_text(p)}). {_capital(better)} is better than {worse}"
            f"{direction}."
        )
    else:
        verdict = (
            f"{scores}: a difference of {gap} is within fold-to-fold noise (corrected "
            f"resampled t-test {_p_text(p)}): treat them as equally good."
        )
    return result(
        comparable=True,
        reason="",
        t_statistic=t_stat,
        p_value=p,
        significant=significant,
        verdict=verdict,
    )
