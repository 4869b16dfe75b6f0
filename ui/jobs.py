"""Long actions (cross-validation, comparisons, searches) in the background.

Training runs in a worker thread, so the page stays usable: the person can read, scroll, open
other pages and press Stop while a fragment polls the job's progress once a second. Each
session runs at most one job at a time, and a process-wide limit keeps many people of a
hosted app from starting more trainings than the machine has CPUs. The worker never touches
Streamlit; it only updates its :class:`Job`, which lives in this person's session state.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from core.errors import ModelPathError
from core.model import Budget
from ui import text

__all__ = ["Job", "active_job", "finished_job", "job_progress", "start_job"]

logger = logging.getLogger("modelpath")

_PREFIX = "mp.job."


def _slots() -> int:
    value = os.environ.get("MODELPATH_MAX_TRAININGS", "")
    return int(value) if value.strip().isdigit() and int(value) >= 1 else 1


# Shared by every session of this process on purpose: it holds no data, only a count of
# trainings running, so strangers on a hosted app cannot oversubscribe its CPUs together.
# One at a time by default: each training already uses every CPU through joblib's worker
# pool, which is shared by the whole process, and a stopped training shuts that pool down.
_RUNNING = threading.BoundedSemaphore(_slots())


@dataclass
class Job:
    """One background action and what it has produced so far."""

    kind: str
    title: str
    key: Hashable
    budget_seconds: float | None
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    stop: threading.Event = field(default_factory=threading.Event)
    fraction: float = 0.0
    message: str = "Starting…"
    result: Any = None
    error: str | None = None
    cancelled: bool = False
    context: Hashable = None
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def running(self) -> bool:
        """Whether the worker is still busy."""
        return self.finished is None

    def elapsed(self) -> float:
        """Seconds since the job was started."""
        return (self.finished or time.monotonic()) - self.started

    def _progress(self, fraction: float, message: str) -> None:
        self.fraction, self.message = fraction, message

    def _run(self, work: Callable[[Budget], Any]) -> None:
        try:
            while not _RUNNING.acquire(timeout=0.5):
                self.message = "Waiting for a free worker: other trainings are running…"
                if self.stop.is_set():
                    self.cancelled = True
                    return
            try:
                budget = Budget(self.budget_seconds, self.stop.is_set, self._progress)
                self.result = work(budget)
            finally:
                _RUNNING.release()
        except ModelPathError as exc:
            self.error = exc.message
        except Exception:  # a bug: the person gets an id, the log gets the traceback
            logger.exception("Background %s failed (error id %s)", self.kind, self.id)
            self.error = (
                f"Something went wrong while running this (error id {self.id}). Your data and "
                "settings are kept: try again or change a setting. If it keeps happening, "
                "report the error id."
            )
        finally:
            self.finished = time.monotonic()


def _state_key(kind: str) -> str:
    return _PREFIX + kind


def active_job() -> Job | None:
    """The running job of this session, if any."""
    for name, value in st.session_state.items():
        if str(name).startswith(_PREFIX) and isinstance(value, Job) and value.running:
            return value
    return None


def start_job(
    kind: str,
    title: str,
    key: Hashable,
    work: Callable[[Budget], Any],
    *,
    budget_seconds: float | None,
    context: Hashable = None,
) -> Job | None:
    """Start ``work(budget)`` in the background, unless this session is already training.

    Parameters
    ----------
    kind : str
        What it is ("cv", "compare", "search", "curve"); one result is kept per kind.
    title : str
        Shown while it runs.
    key : hashable
        The inputs it was started from (dataset and recipe fingerprints), to tell stale
        results.
    context : hashable, optional
        What its result may be compared against (e.g. the recipe apart from the model).
    work : callable
        Receives a :class:`~core.model.budget.Budget` carrying the time limit, the stop
        request and the progress reporter. Must not call Streamlit.
    budget_seconds : float or None

    Returns
    -------
    Job or None
        None (with a message shown) when another job of this session is running.
    """
    running = active_job()
    if running is not None:
        text.warning(
            f"{running.title} is still running. Wait for it, or stop it, before starting "
            "something else."
        )
        return None
    job = Job(kind, title, key, budget_seconds, context=context)
    job.thread = threading.Thread(
        target=job._run, args=(work,), name=f"modelpath-{kind}-{job.id}", daemon=True
    )
    st.session_state[_state_key(kind)] = job
    job.thread.start()
    return job


def finished_job(kind: str) -> Job | None:
    """The last finished job of this kind, if any."""
    job = st.session_state.get(_state_key(kind))
    return job if isinstance(job, Job) and not job.running else None


def job_progress(kind: str) -> None:
    """While a job of this kind runs: its progress, elapsed time and a Stop button, refreshed
    every second without rerunning the page; the page reruns once when it finishes."""
    job = st.session_state.get(_state_key(kind))
    if not isinstance(job, Job) or not job.running:
        return

    @st.fragment(run_every=1.0)
    def poll() -> None:
        current = st.session_state.get(_state_key(kind))
        if not isinstance(current, Job) or not current.running:
            st.rerun()
        limit = f" of {current.budget_seconds:.0f} s" if current.budget_seconds else ""
        st.progress(
            current.fraction,
            text=text.plain(f"{current.message} — {current.elapsed():.0f} s{limit}"),
        )
        if current.stop.is_set():
            st.caption("Stopping after the fit in progress…")
        elif st.button("Stop", key=f"w.jobs.stop.{kind}", icon=":material/stop_circle:"):
            current.stop.set()
            st.caption("Stopping after the fit in progress…")

    poll()
