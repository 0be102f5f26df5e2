"""How long work in any layer says how far it got and learns that it should stop
(docs/architecture.md, "Background operations").

A storage or report function that may take long takes a :class:`Progress` and calls
:meth:`Progress.step` between units of work. ``step`` raises :class:`Cancelled` once the
user asked to stop; a function that writes does so inside its transaction, so the
cancel rolls the whole write back. The GUI hands in a progress that reports to a
progress bar; the command line and the tests use :data:`NO_PROGRESS`.

This module imports nothing of ours, so every layer may use it.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass


class Cancelled(Exception):  # noqa: N818 (a request, not an error)
    """The user asked to stop; whatever was being written was rolled back."""


@dataclass(frozen=True, slots=True)
class Step:
    """How far a piece of work got: ``done`` of ``total`` (``None``: not known)."""

    done: int
    total: int | None
    text: str = ""

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return min(1.0, max(0.0, self.done / self.total))


#: Reports closer together than this are dropped (the last one always goes out), so a
#: tight loop cannot flood the GUI thread with progress events.
MIN_INTERVAL_S = 0.05


class Progress:
    """Reports steps (at most one per :data:`MIN_INTERVAL_S`) and raises
    :class:`Cancelled` when ``is_cancelled()`` says so."""

    def __init__(
        self,
        report: Callable[[Step], None] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self._report = report
        self._is_cancelled = is_cancelled
        self._last = float("-inf")

    def check(self) -> None:
        """Raise :class:`Cancelled` if the user asked to stop."""
        if self._is_cancelled is not None and self._is_cancelled():
            raise Cancelled

    def step(self, done: int, total: int | None = None, text: str = "") -> None:
        """Say how far the work got; raises :class:`Cancelled` when asked to stop."""
        self.check()
        if self._report is None:
            return
        now = time.monotonic()
        if now - self._last < MIN_INTERVAL_S and (total is None or done < total):
            return
        self._last = now
        self._report(Step(done, total, text))


#: For callers nobody watches: never reports, never cancels.
NO_PROGRESS = Progress()
