"""The GitHub job queue in the app (analyses and sourcing runs): jobs from the database
run on a thread pool.

A :class:`JobManager` (a ``QObject`` created in the GUI thread) starts up to ``slots``
analyses at once through the :class:`~recruitdesk.jobs.tasks.TaskManager`, each a
:func:`~recruitdesk.jobs.runner.run_next_job` on a worker thread; their progress and
their endings come back on the GUI thread as the manager's signals. ``slots`` defaults
to the core count, capped by the tokens available (one request stream per token).

On :meth:`JobManager.start`, jobs an earlier run left ``running`` are queued again once
their lease ran out. A single-shot timer wakes the queue when the next waiting job is
due (backoff, rate-limit reset, a lease of another workstation running out); the window
wakes it when another workstation's jobs change, and a slow poll is the fallback.
:meth:`JobManager.shutdown` stops the running analyses at their next progress report and
drains the pool.
"""

import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from recruitdesk.analysis.github.defaults import pypi_for
from recruitdesk.analysis.result import SCHEMA_VERSION
from recruitdesk.domain.taxonomy import JobState
from recruitdesk.domain.wording import clock_time
from recruitdesk.jobs.budget import TokenBudget
from recruitdesk.jobs.holding import Progress
from recruitdesk.jobs.runner import (
    Analyze,
    Ending,
    JobSettings,
    Outcome,
    run_next_job,
)
from recruitdesk.jobs.tasks import TaskContext, TaskManager
from recruitdesk.storage import jobs_lease, jobs_queue
from recruitdesk.storage.analyses import outdated_analyses
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.jobs_queue import EnqueueResult, JobKind, JobView, WaitReason
from recruitdesk.tokens import Token, token_pool

log = logging.getLogger(__name__)

#: How often the queue looks for jobs queued by another process (ms).
POLL_INTERVAL_MS = 30_000
#: How long shutdown waits for the running jobs to reach a step where they stop (ms). A
#: job still in a slow request after that is released to resume at the next start, so
#: quitting never waits on GitHub.
SHUTDOWN_TIMEOUT_MS = 500


def default_slots(token_count: int, cores: int | None = None) -> int:
    """Analyses at once: the core count, at most one per token (at least one)."""
    cores = cores if cores is not None else os.cpu_count() or 1
    return max(1, min(cores, max(1, token_count)))


def _due_at(job: JobView) -> datetime | None:
    """When ``job`` can be claimed: a queued one now, a waiting one at its next
    attempt, one running elsewhere when its lease runs out (docs/architecture.md,
    "The shared analysis queue")."""
    if job.state is JobState.RUNNING:
        return job.lease_until or datetime.min.replace(tzinfo=UTC)
    return job.next_attempt_at or datetime.min.replace(tzinfo=UTC)


class JobManager(QObject):
    """Runs the persistent analysis queue; every signal arrives on the GUI thread."""

    #: (job id, fraction 0..1, what it is doing)
    progress = Signal(int, float, str)
    #: (job id, the :class:`~recruitdesk.jobs.runner.Ending` value, a message for users)
    job_ended = Signal(int, str, str)
    #: A :class:`~recruitdesk.storage.changes.Changes` for the app-wide change signal.
    changed = Signal(object)
    #: The status bar's summary.
    summary_changed = Signal(str)
    #: A bug in background work: a message for a crash dialog.
    bug = Signal(str)

    def __init__(
        self,
        database: Database,
        *,
        settings: JobSettings | None = None,
        tokens: Callable[[], list[Token]] = token_pool,
        slots: int | None = None,
        backoff: Callable[[int], timedelta] = jobs_queue.backoff,
        analyze: Analyze | None = None,
        poll_interval_ms: int = POLL_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.settings = settings or JobSettings()
        self._tokens = tokens
        self._token_list = tokens()
        self.budget = TokenBudget(self._token_list)
        self._configured_slots = slots
        self._backoff = backoff
        self._analyze = analyze
        self.tasks = TaskManager(self.slots + 1, self)  # one more for small tasks
        self.tasks.bug.connect(self.bug)
        self._running = 0
        self._started = False
        self._stopped = False
        self.offline = False
        self._resting_until: datetime | None = None
        #: Live progress of running jobs: job id -> (fraction, text).
        self.live: dict[int, tuple[float, str]] = {}
        self._wake_timer = QTimer(self)
        self._wake_timer.setSingleShot(True)
        self._wake_timer.timeout.connect(self.wake)
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(poll_interval_ms)
        self._poll_timer.timeout.connect(self.wake)
        app = QCoreApplication.instance()
        if app is not None:  # quitting without closing the window still drains the pool
            app.aboutToQuit.connect(self.shutdown)

    # -- configuration ---------------------------------------------------------------

    @property
    def slots(self) -> int:
        if self._configured_slots:
            return max(1, self._configured_slots)
        return default_slots(len(self._token_list))

    @property
    def token_names(self) -> list[str]:
        return [token.name for token in self._token_list]

    def reload_tokens(self) -> None:
        """Read the tokens again (after the Settings dialog changed them)."""
        self._token_list = self._tokens()
        self.budget.replace(self._token_list)
        self._resting_until = None
        self.tasks.set_max_threads(self.slots + 1)
        self.wake()

    def set_slots(self, slots: int | None) -> None:
        """Analyses at once (``None`` or 0: from the cores and the tokens)."""
        self._configured_slots = slots or None
        self.tasks.set_max_threads(self.slots + 1)
        self.wake()

    def set_api_url(self, api_url: str) -> None:
        self.settings = replace(self.settings, api_url=api_url, pypi_url=pypi_for(api_url))

    # -- life ------------------------------------------------------------------------

    def start(self) -> Changes:
        """Queue again what an earlier run left running, and start working."""
        if self._started:
            return Changes()
        self._started = True
        resumed = jobs_lease.resume_interrupted(self.database)
        if resumed:
            log.info("resumed %d interrupted analysis jobs", len(resumed.jobs))
        # Analyses an older engine made mean something else now: measure them again.
        outdated = jobs_queue.enqueue(
            self.database, outdated_analyses(self.database, SCHEMA_VERSION)
        )
        if outdated.queued:
            log.info("queued %d analyses made by an older engine", len(outdated.queued))
        changes = resumed | outdated.changes
        if changes:
            self.changed.emit(changes)
        self._poll_timer.start()
        self.wake()
        return changes

    @property
    def running(self) -> int:
        """Analyses under way now."""
        return self._running

    @property
    def is_stopped(self) -> bool:
        return self._stopped

    def shutdown(self, timeout_ms: int = SHUTDOWN_TIMEOUT_MS) -> bool:
        """Stop the running analyses at their next step and drain the pool.

        Jobs stopped this way wait to resume at the next start; an analysis already
        complete is stored whole; a job still in a request after ``timeout_ms`` is
        released to the queue. Returns whether the pool drained in time.
        """
        if self._stopped:
            return True
        self._stopped = True
        self._wake_timer.stop()
        self._poll_timer.stop()
        drained = self.tasks.shutdown(timeout_ms)
        self._running = 0
        self.live.clear()
        if not drained:
            released = jobs_lease.release_held(self.database)
            log.warning(
                "%d jobs still in a request after %d ms were queued again for the next start",
                len(released.jobs),
                timeout_ms,
            )
        return drained

    # -- the queue -------------------------------------------------------------------

    def enqueue(self, candidate_ids: Iterable[int]) -> EnqueueResult:
        """Queue a GitHub analysis of each candidate (one active job per candidate)."""
        result = jobs_queue.enqueue(self.database, candidate_ids)
        self._publish(result.changes)
        self.wake()
        return result

    def cancel(self, job_ids: Iterable[int]) -> Changes:
        """Cancel jobs; a running one stops at its next step and stores nothing."""
        changes = jobs_queue.cancel(self.database, job_ids)
        for job_id in changes.jobs:
            self.live.pop(job_id, None)
        self._publish(changes)
        return changes

    def retry(self, job_ids: Iterable[int]) -> Changes:
        """Queue failed or cancelled jobs again, and waiting ones now ("Retry now")."""
        ids = set(job_ids)
        waiting = [
            job.id for job in self.active_jobs() if job.id in ids and job.state is JobState.WAITING
        ]
        if waiting:  # back to the start of the queue, due now
            jobs_queue.cancel(self.database, waiting)
        changes = jobs_queue.retry(self.database, ids)
        self._publish(changes)
        self.wake()
        return changes

    def active_jobs(self) -> list[JobView]:
        return jobs_queue.list_jobs(self.database, include_ended=False)

    def wake(self) -> None:
        """Start analyses for the jobs due now; set the timer for the next one."""
        if self._stopped or not self._started:
            return
        now = datetime.now(UTC)
        active = self.active_jobs()
        if self._resting_until is not None and self._resting_until <= now:
            self._resting_until = None
        waiting = [
            when
            for when in (_due_at(job) for job in active if job.id not in self.live)
            if when is not None and when > now
        ]
        due = sum(
            1
            for job in active
            if job.id not in self.live and (when := _due_at(job)) is not None and when <= now
        )
        if self._resting_until is None:
            for _ in range(min(due, self.slots - self._running)):
                self._start_one()
        else:
            waiting.append(self._resting_until)
        if waiting:
            delay = (min(waiting) - now).total_seconds()
            self._wake_timer.start(max(20, min(int(delay * 1000) + 20, POLL_INTERVAL_MS)))
        self._update_summary(active)

    def _start_one(self) -> None:
        self._running += 1
        self.tasks.run(
            self._work,
            on_success=self._ended,
            on_failure=self._crashed,
            on_progress=self._progressed,
        )

    def _work(self, context: TaskContext) -> Outcome:
        """On a worker thread: plain values in, plain values out."""
        options = {} if self._analyze is None else {"analyze": self._analyze}
        return run_next_job(
            self.database,
            self.budget,
            self.settings,
            report=context.report,
            stopping=lambda: context.stopping,
            backoff=self._backoff,
            **options,
        )

    # -- back on the GUI thread ------------------------------------------------------

    def _progressed(self, value: object) -> None:
        if isinstance(value, Progress):
            self.live[value.job_id] = (value.fraction, value.text)
            self.progress.emit(value.job_id, value.fraction, value.text)

    def _ended(self, outcome: Outcome) -> None:
        self._running = max(0, self._running - 1)
        if outcome.job_id is not None:
            self.live.pop(outcome.job_id, None)
        if outcome.ending is Ending.DONE:
            self.offline = False
        elif outcome.wait_reason is WaitReason.OFFLINE:
            self.offline = True
        if outcome.ending is Ending.RESTING:
            self._resting_until = outcome.retry_at
        self._publish(outcome.changes)
        if outcome.job_id is not None:
            self.job_ended.emit(outcome.job_id, outcome.ending.value, outcome.message)
        if outcome.bug:
            self.bug.emit(outcome.message)
        if outcome.ending is not Ending.NOTHING_DUE:
            self.wake()
        else:
            self._update_summary(self.active_jobs())

    def _crashed(self, error: BaseException) -> None:
        self._running = max(0, self._running - 1)
        log.error("the analysis queue failed", exc_info=error)
        self.bug.emit(f"The analysis queue failed ({type(error).__name__}).")
        self._update_summary(self.active_jobs())

    def _publish(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)

    # -- the summary -----------------------------------------------------------------

    def rate_limited_until(self) -> datetime | None:
        """When analysis can go on, if every token is rested now."""
        return self.budget.all_resting_until()

    def summary(self, active: list[JobView] | None = None) -> str:
        active = self.active_jobs() if active is None else active
        analyses = [job for job in active if job.kind is JobKind.ANALYSIS]
        text = "Analysis: " + (_states(analyses) or "idle")
        sourcing = _states([job for job in active if job.kind is JobKind.SOURCING])
        if sourcing:
            text += f" · Sourcing: {sourcing}"
        if not active:
            return text
        until = self.rate_limited_until()
        if until is not None:
            text += f" · rate-limited until {clock_time(until)}"
        elif self.offline:
            text += " · offline"
        return text

    def _update_summary(self, active: list[JobView]) -> None:
        self.summary_changed.emit(self.summary(active))


def _states(jobs: list[JobView]) -> str:
    """ "1 running, 2 queued, 1 waiting" (empty: none)."""
    parts = []
    for state in (JobState.RUNNING, JobState.QUEUED, JobState.WAITING):
        number = sum(1 for job in jobs if job.state is state)
        if number:
            parts.append(f"{number} {state.value}")
    return ", ".join(parts)
