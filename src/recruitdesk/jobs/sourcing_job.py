"""A sourcing run as a job of the persistent queue (``JobKind.SOURCING``): plain
Python, run on a worker thread by ``jobs/runner.py`` with a token of the pool.

The run's state lives in its ``sourcing_runs`` row and GitHub's answers in
``github_cache`` (``storage/sourcing_runs.py``), so a run stopped by a quit, a cancel
or a spent rate limit goes on where it stopped and asks nothing twice against the
limit. A spent limit is not waited out here: it reaches the runner, which rests the
token and lets another take over, or puts the job back to wait until the reset, as it
does for analyses. Searches are spaced by :class:`SearchSpacing`, one per process:
GitHub counts the 30 searches a minute per account, across every run.
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from recruitdesk.analysis.github.pacing import SEARCHES_PER_MINUTE, Pacing
from recruitdesk.analysis.github.people import FoundPeople
from recruitdesk.progress import Progress
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.jobs_queue import JobView
from recruitdesk.storage.sourcing_runs import DatabaseCache, complete_run, load_run, save_run
from recruitdesk.tokens import Token

PACING_REASON = "pacing the search: GitHub allows 30 searches a minute"


@dataclass(slots=True)
class SearchSpacing:
    """When this process may send its next search. Thread-safe: each run reserves its
    turn, so two runs at once still keep to the rate together."""

    interval: float = 60.0 / SEARCHES_PER_MINUTE
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _next: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def reserve(self) -> float:
        """Take the next turn; how long to wait for it (seconds)."""
        with self._lock:
            now = self.clock()
            turn = now if self._next is None else max(now, self._next)
            self._next = turn + self.interval
            return turn - now


#: The process's searches (the settings can name another, for tests).
SEARCHES = SearchSpacing()


@dataclass(slots=True)
class _SpacedPacing(Pacing):
    spacing: SearchSpacing = field(default_factory=SearchSpacing)

    def before_search(self) -> None:
        delay = self.spacing.reserve()
        if delay > 0:
            self.wait(delay, PACING_REASON)


def fetch_run(
    database: Database,
    job: JobView,
    token: Token,
    *,
    api_url: str,
    seconds_between_requests: float,
    spacing: SearchSpacing,
    progress: Progress,
) -> FoundPeople:
    """Go on with the job's run from its stored state until every profile is read; the
    state is stored on the way, and where it stopped when anything stops it."""
    # Here, not at the top: PyGithub is a third of a second the window's start skips.
    from recruitdesk.analysis.github.people_run import run_sourcing
    from recruitdesk.analysis.github.run_state import RunState

    assert job.sourcing_run_id is not None
    run_id = job.sourcing_run_id
    stored = load_run(database, run_id)
    if stored is None:  # discarded meanwhile: ending the job finds it gone too
        return FoundPeople((), 0, None)
    state = RunState.from_json(stored.state)
    pacing = _SpacedPacing(
        wait_for_limits=False,
        search_interval=spacing.interval,
        progress=progress,
        clock=spacing.clock,
        sleep=spacing.sleep,
        spacing=spacing,
    )
    try:
        return run_sourcing(
            state,
            api_url=api_url,
            token=token.value or None,
            cache=DatabaseCache(database),
            pacing=pacing,
            checkpoint=lambda saved: save_run(database, run_id, job.id, saved.to_json()),
            progress=progress,
            seconds_between_requests=seconds_between_requests,
        )
    except BaseException:
        # Profiles read since the last checkpoint are in the cache: the next attempt
        # starts after them instead of asking for them again.
        save_run(database, run_id, job.id, state.to_json())
        raise


def store_found(database: Database, job: JobView, found: FoundPeople) -> Changes:
    """Keep the people found with the run and end the job; empty when it was cancelled
    or taken over meanwhile."""
    assert job.sourcing_run_id is not None
    stored = load_run(database, job.sourcing_run_id)
    return complete_run(
        database,
        job.id,
        job.sourcing_run_id,
        stored.state if stored is not None else {},
        list(found.people),
        found.api_requests,
        found.notice,
    )
