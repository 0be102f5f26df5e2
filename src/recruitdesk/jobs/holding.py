"""What a running job holds while it works, whatever its kind: its lease on the row
(renewed by a :class:`Heartbeat`), a token lent by the pool (:class:`TokenLease`), and
a :class:`Tracker` that reports its progress and learns it should stop (a cancel, a
shutdown, or the job taken over by another workstation). Plain Python, no Qt.
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from recruitdesk import progress as steps
from recruitdesk.jobs.budget import TokenBudget
from recruitdesk.storage import jobs_lease
from recruitdesk.storage.database import Database
from recruitdesk.storage.jobs_queue import JobView
from recruitdesk.tokens import Token

#: The share of a job its start takes (listing repositories, or a run's listing pages).
STARTED = 0.05
#: How often a long run's steps are stored and sent on (seconds): a sourcing run reads a
#: profile every few milliseconds from its cache.
REPORT_INTERVAL_S = 0.5
#: How often such a run asks whether its job was cancelled (seconds).
CANCEL_CHECK_S = 0.25


@dataclass(frozen=True, slots=True)
class Progress:
    """A running job's progress: a fraction in 0..1 and what it is doing."""

    job_id: int
    fraction: float
    text: str


class JobStoppedError(Exception):
    """Raised from the progress callback to stop a job (cancel or shutdown)."""


class Tracker:
    """Reports a job's progress (stored with its lease renewed, and sent to the
    manager), and checks for a stop before each step."""

    def __init__(
        self,
        database: Database,
        job: JobView,
        report: Callable[[Progress], None],
        stopping: Callable[[], bool],
        lease: timedelta,
    ) -> None:
        self.database = database
        self.job = job
        self.report = report
        self.stopping = stopping
        self.fraction = 0.0
        self.lease = lease
        self._asked = float("-inf")

    def stop_requested(self) -> bool:
        """A shutdown at once; a cancel is a read of the job's row, asked at most every
        :data:`CANCEL_CHECK_S`: a sourcing run reads a profile from its cache every few
        milliseconds."""
        if self.stopping():
            return True
        now = time.monotonic()
        if now - self._asked < CANCEL_CHECK_S:
            return False
        self._asked = now
        return jobs_lease.is_cancelled(self.database, self.job.id)

    def check(self) -> None:
        if self.stop_requested():
            raise JobStoppedError

    def send(self, fraction: float, text: str) -> None:
        self.fraction = max(self.fraction, min(0.99, fraction))
        jobs_lease.report_progress(self.database, self.job.id, self.fraction, self.lease)
        self.report(Progress(self.job.id, self.fraction, text))

    def as_progress(self) -> steps.Progress:
        """A :class:`recruitdesk.progress.Progress` for work of the core layers: its steps
        after :data:`STARTED` fill the job (a step without a total keeps the fraction),
        sent at most every :data:`REPORT_INTERVAL_S`; a stop raises
        :class:`~recruitdesk.progress.Cancelled` at the next step (a cancel within
        :data:`CANCEL_CHECK_S`)."""
        last = float("-inf")

        def report(step: steps.Step) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last < REPORT_INTERVAL_S:
                return
            last = now
            share = step.fraction
            fraction = self.fraction if share is None else STARTED + (1 - STARTED) * share
            self.send(fraction, step.text)

        return steps.Progress(report, self.stop_requested)


class Heartbeat:
    """Renews the job's lease a few times per lease period while the job runs, so a
    long step (a download) does not let another workstation take it over."""

    def __init__(self, database: Database, job_id: int, lease: timedelta) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, args=(database, job_id, lease), name=f"lease-{job_id}", daemon=True
        )
        self._thread.start()

    def _beat(self, database: Database, job_id: int, lease: timedelta) -> None:
        while not self._stop.wait(lease.total_seconds() / 3):
            if not jobs_lease.renew_lease(database, job_id, lease):
                return  # cancelled or taken over: the job notices at its next step

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


class TokenLease:
    """The token a job holds now; given back when the job ends."""

    def __init__(self, budget: TokenBudget, token: Token) -> None:
        self.budget = budget
        self.token: Token | None = token

    def give_back(self) -> None:
        if self.token is not None:
            self.budget.release(self.token)
            self.token = None
