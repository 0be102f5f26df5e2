"""How sourcing keeps to GitHub's limits: at most 30 searches a minute (the search API's
own bucket), and a spent rate limit waited out with the reason shown, never a silent
sleep inside the library (docs/architecture.md, "Threads").

Waiting is cut into short sleeps, each a progress step, so the wait shows in the
progress panel with its reason and Cancel stops it at once. The clock and the sleep are
parameters: tests and benchmarks run a wait on a clock of their own.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from recruitdesk.analysis.errors import RateLimitedError
from recruitdesk.domain.wording import clock_time
from recruitdesk.progress import NO_PROGRESS, Progress

#: GitHub's search API allows 30 requests a minute with a token.
SEARCHES_PER_MINUTE = 30
#: The longest single sleep of a wait: how soon Cancel is noticed.
WAIT_SLICE_SECONDS = 0.25


@dataclass(slots=True)
class Pacing:
    """The pace of one sourcing run's requests."""

    #: Wait a spent rate limit out (the app) or fail at once with the error (the
    #: command line, which says when to try again).
    wait_for_limits: bool = True
    search_interval: float = 60.0 / SEARCHES_PER_MINUTE
    progress: Progress = NO_PROGRESS
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    now: Callable[[], datetime] = lambda: datetime.now(UTC)
    #: Each wait: its length in seconds and its reason.
    waits: list[tuple[float, str]] = field(default_factory=list)
    _last_search: float | None = None

    def before_search(self) -> None:
        """Space searches at least :attr:`search_interval` apart."""
        if self._last_search is not None:
            gap = self.search_interval - (self.clock() - self._last_search)
            if gap > 0:
                self.wait(gap, "pacing the search: GitHub allows 30 searches a minute")
        self._last_search = self.clock()

    def limited(self, error: RateLimitedError) -> None:
        """Wait until the limit resets (or raise ``error`` when not waiting)."""
        if not self.wait_for_limits or error.retry_at is None:
            raise error
        seconds = max(1.0, (error.retry_at - self.now()).total_seconds())
        self.wait(seconds, f"waiting for GitHub's rate limit until {clock_time(error.retry_at)}")

    def wait(self, seconds: float, reason: str) -> None:
        """Sleep ``seconds`` in slices, each a progress step saying ``reason``; Cancel
        raises :class:`~recruitdesk.progress.Cancelled` between slices."""
        self.waits.append((seconds, reason))
        end = self.clock() + seconds
        while (left := end - self.clock()) > 0:
            self.progress.step(0, None, f"{reason} ({left:.0f} s)")
            self.sleep(min(left, WAIT_SLICE_SECONDS))
