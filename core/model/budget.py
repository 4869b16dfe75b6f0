"""The limits and reporting of one long action: a time budget, a stop request and progress.

A :class:`Budget` is handed to every multi-fit action (cross-validation, the quick comparison,
searches, validation curves); the engine checks it between fits and reports through it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["Budget"]


@dataclass
class Budget:
    """Limits and reporting for one long action.

    Parameters
    ----------
    seconds : float or None
        Wall-clock budget; None means no limit.
    should_stop : callable, optional
        Returns True when the person asked to stop.
    progress : callable, optional
        ``progress(fraction, message)`` called as work completes.
    """

    seconds: float | None = None
    should_stop: Callable[[], bool] | None = None
    progress: Callable[[float, str], None] | None = None
    started: float = field(default_factory=time.monotonic)

    def elapsed(self) -> float:
        """Seconds since the action started."""
        return time.monotonic() - self.started

    def remaining(self) -> float:
        """Seconds left (infinite without a budget)."""
        return math.inf if self.seconds is None else self.seconds - self.elapsed()

    def exhausted(self) -> str | None:
        """``"stopped"`` when the person asked to stop, ``"budget"`` when time is up, else None."""
        if self.should_stop is not None and self.should_stop():
            return "stopped"
        if self.remaining() <= 0:
            return "budget"
        return None

    def report(self, fraction: float, message: str) -> None:
        """Pass progress on (fraction clipped to 0–1)."""
        if self.progress is not None:
            self.progress(min(max(fraction, 0.0), 1.0), message)
