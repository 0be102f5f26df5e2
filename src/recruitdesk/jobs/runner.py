"""One job, from claim to result: plain Python, run on a worker thread.

:func:`run_next_job` claims the job due first and runs it with a token lent by the
:class:`~recruitdesk.jobs.budget.TokenBudget`: an analysis of a login, or a sourcing
run (``jobs/sourcing_job.py``, whose people found are kept with the run for the
Sourcing view). It stores the result in its own transaction and says how it ended as
an :class:`Outcome` (plain values only: no ORM object or session leaves this
function). The faults of GitHub (``docs/architecture.md``, "Errors"), each waiting
job with its :class:`~recruitdesk.storage.jobs_queue.WaitReason`:

- GitHub unreachable (:class:`NetworkError`): the job waits with backoff; ``OFFLINE``.
- Rate limited (:class:`RateLimitedError`): the token rests until its reset and another
  with budget takes over at once; when none has any, the job waits until the first
  reset; ``RATE_LIMITED``.
- A download that failed half-way (:class:`ArchiveError` with a retry time): the job
  waits a little; ``RETRY``.
- A cancel (the job's row no longer ``running``) stops it at the next progress report;
  nothing is stored. So does losing the job to another workstation: the job is leased
  (docs/architecture.md, "The shared analysis queue"), a heartbeat thread renews the
  lease while it runs, and one that could not renew it in time finds it taken over.
  A shutdown stops it too and puts it back to wait, to resume; ``INTERRUPTED``.
- Any other known error fails the job with its one-sentence message; a bug fails it
  with the exception's type, the traceback going to the log only.

The token's value is passed to the analysis and nowhere else: not to a message, a log
line or the database.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from recruitdesk.analysis.errors import (
    ArchiveError,
    NetworkError,
    RateLimitedError,
)
from recruitdesk.analysis.github.defaults import (
    DEFAULT_API_URL,
    DEFAULT_REPO_LIMIT,
    SECONDS_BETWEEN_REQUESTS,
)
from recruitdesk.analysis.result import SCHEMA_VERSION, AnalysisResult
from recruitdesk.domain.wording import clock_time, count
from recruitdesk.errors import KnownError
from recruitdesk.jobs.budget import Resting, TokenBudget
from recruitdesk.jobs.holding import (
    STARTED,
    Heartbeat,
    JobStoppedError,
    Progress,
    TokenLease,
    Tracker,
)
from recruitdesk.jobs.sourcing_job import SEARCHES, SearchSpacing, fetch_run, store_found
from recruitdesk.progress import Cancelled
from recruitdesk.storage import jobs_lease, jobs_queue
from recruitdesk.storage.analyses import latest_github_repositories
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.jobs_queue import JobKind, JobView, WaitReason
from recruitdesk.tokens import Token

if TYPE_CHECKING:
    from recruitdesk.analysis.github.account import PreviousAnalysis
    from recruitdesk.analysis.github.account import Progress as AnalysisProgress

log = logging.getLogger(__name__)

#: The message of a job a closing app stopped.
INTERRUPTED = "Interrupted when the app closed; it resumes at the next start."
_TRY_AGAIN = re.compile(r";? try again (?:after|then)[^.;]*")

Analyze = Callable[..., AnalysisResult]
_T = TypeVar("_T")


class Ending(StrEnum):
    NOTHING_DUE = "nothing_due"
    RESTING = "resting"
    DONE = "done"
    WAITING = "waiting"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"


@dataclass(frozen=True, slots=True)
class Outcome:
    """How :func:`run_next_job` ended."""

    ending: Ending
    job_id: int | None = None
    message: str = ""
    analysis_id: int | None = None
    changes: Changes = field(default_factory=Changes)
    #: When the job (or, for ``RESTING``, any job) can be tried again.
    retry_at: datetime | None = None
    #: Why it waits (``WAITING``, ``INTERRUPTED``; ``RATE_LIMITED`` for ``RESTING``).
    wait_reason: WaitReason | None = None
    #: A failure that is a bug (its traceback is in the log).
    bug: bool = False


@dataclass(frozen=True, slots=True)
class JobSettings:
    api_url: str = DEFAULT_API_URL
    limit: int = DEFAULT_REPO_LIMIT
    #: Worker processes for the metrics (``None``: the analysis decides).
    workers: int | None = None
    #: Seconds between API requests (GitHub asks for serial, polite requests).
    seconds_between_requests: float | None = None
    #: How long a claimed job stays this workstation's without a heartbeat.
    lease: timedelta = jobs_lease.LEASE
    #: PyPI's JSON API for the candidates' packages (``None``: PyPI is not asked).
    pypi_url: str | None = None
    #: The pace of sourcing's searches (one for the process).
    search_spacing: SearchSpacing = field(default_factory=lambda: SEARCHES, compare=False)


def without_retry_hint(message: str) -> str:
    """The engine's message without its own "try again after" (the queue decides)."""
    return _TRY_AGAIN.sub("", message).strip()


def _previous(database: Database, login: str) -> "PreviousAnalysis | None":
    from recruitdesk.analysis.github.account import PreviousAnalysis

    stored = latest_github_repositories(database, login)
    if stored is None or stored.schema_version < SCHEMA_VERSION:
        # Repositories measured by an older engine are measured again, not reused.
        return None
    return PreviousAnalysis.from_records(stored.listing_etag, stored.repos, stored.contributions)


class _AnalysisTracker(Tracker):
    """Turns the analysis's steps into a fraction of the job, checking for a stop
    before each one."""

    def __call__(self, step: "AnalysisProgress") -> None:
        self.check()
        # Listing is the first 5%; each repository analysed an equal share of the rest,
        # and a download under way half a share.
        share = 0.9 / max(1, step.total)
        under_way = 0.5 if step.stage == "downloading" else 0.0
        fraction = STARTED + share * (step.done + under_way)
        count = f" ({step.done} of {step.total} analysed)" if step.total else ""
        self.send(fraction, step.message.rstrip(".") + count)


def run_next_job(
    database: Database,
    budget: TokenBudget,
    settings: JobSettings,
    *,
    report: Callable[[Progress], None],
    stopping: Callable[[], bool],
    backoff: Callable[[int], timedelta] = jobs_queue.backoff,
    analyze: Analyze | None = None,
) -> Outcome:
    """Claim the job due first and run it; see the module's docstring. ``analyze``
    defaults to :func:`~recruitdesk.analysis.github.account.analyze_login`, imported
    here: PyGithub and the engine are a third of a second the window's start does not
    need."""
    if analyze is None:
        from recruitdesk.analysis.github.account import analyze_login

        analyze = analyze_login
    lent = budget.acquire()
    if isinstance(lent, Resting):
        return Outcome(Ending.RESTING, retry_at=lent.until, wait_reason=WaitReason.RATE_LIMITED)
    lease = TokenLease(budget, lent)
    try:
        if stopping():
            return Outcome(Ending.NOTHING_DUE)
        job = jobs_lease.claim_next(database, lease=settings.lease)
        if job is None:
            return Outcome(Ending.NOTHING_DUE)
        heartbeat = Heartbeat(database, job.id, settings.lease)
        try:
            return _run_claimed(database, job, lease, settings, report, stopping, backoff, analyze)
        finally:
            heartbeat.stop()
    finally:
        lease.give_back()


def _run_claimed(
    database: Database,
    job: JobView,
    lease: TokenLease,
    settings: JobSettings,
    report: Callable[[Progress], None],
    stopping: Callable[[], bool],
    backoff: Callable[[int], timedelta],
    analyze: Analyze,
) -> Outcome:
    try:
        if job.kind is JobKind.SOURCING:
            tracker = Tracker(database, job, report, stopping, settings.lease)
            return _source(database, job, lease, settings, tracker, backoff)
        analysis_tracker = _AnalysisTracker(database, job, report, stopping, settings.lease)
        analysis_tracker.send(0.02, f"Listing the repositories of {job.login}")
        result = _with_pool(
            database,
            job,
            lease,
            analysis_tracker,
            backoff,
            lambda token: _analyze(database, job, token, settings, analysis_tracker, analyze),
        )
        if isinstance(result, Outcome):
            return result
        # Complete, even when the app is closing: the result is stored and the job ended
        # in one transaction; a job cancelled meanwhile stores nothing.
        analysis_id, changes = jobs_lease.complete(database, job.id, result.to_record())
        if analysis_id is None:
            return _cancelled(job)
        log.info("job %s done: analysis %s", job.id, analysis_id)
        return Outcome(Ending.DONE, job.id, "Done.", analysis_id=analysis_id, changes=changes)
    except (JobStoppedError, Cancelled):
        return _stopped(database, job)
    except NetworkError as error:
        when = datetime.now(UTC) + backoff(job.attempts)
        return _wait(database, job, when, WaitReason.OFFLINE, without_retry_hint(str(error)))
    except ArchiveError as error:
        if error.retry_at is None:
            return _fail(database, job, str(error))
        return _wait(
            database, job, error.retry_at, WaitReason.RETRY, without_retry_hint(str(error))
        )
    except KnownError as error:
        return _fail(database, job, str(error))
    except Exception as error:
        log.exception("job %s: unexpected error", job.id)
        return _fail(
            database,
            job,
            f"Unexpected error ({type(error).__name__}); the details are in the log.",
            bug=True,
        )


def _source(
    database: Database,
    job: JobView,
    lease: TokenLease,
    settings: JobSettings,
    tracker: Tracker,
    backoff: Callable[[int], timedelta],
) -> Outcome:
    """A sourcing run: its people found, kept with the run for the Sourcing view."""
    tracker.send(0.01, f"{job.candidate_name}: starting")
    progress = tracker.as_progress()
    pause = settings.seconds_between_requests
    found = _with_pool(
        database,
        job,
        lease,
        tracker,
        backoff,
        lambda token: fetch_run(
            database,
            job,
            token,
            api_url=settings.api_url,
            seconds_between_requests=SECONDS_BETWEEN_REQUESTS if pause is None else pause,
            spacing=settings.search_spacing,
            progress=progress,
        ),
    )
    if isinstance(found, Outcome):
        return found
    changes = store_found(database, job, found)
    if not changes:
        return _cancelled(job)
    log.info("job %s done: %d people found", job.id, len(found.people))
    message = f"Found {count(len(found.people), 'person', 'people')}."
    return Outcome(Ending.DONE, job.id, message, changes=changes)


def _with_pool(
    database: Database,
    job: JobView,
    lease: TokenLease,
    tracker: Tracker,
    backoff: Callable[[int], timedelta],
    attempt: Callable[[Token], _T],
) -> _T | Outcome:
    """Run ``attempt`` with the lent token; a rate-limited one rests and another takes
    over, and with none left the job waits for the first reset."""
    tried: set[str] = set()
    while True:
        token = lease.token
        assert token is not None
        try:
            return attempt(token)
        except RateLimitedError as error:
            when = error.retry_at or datetime.now(UTC) + backoff(job.attempts)
            lease.budget.rest(token, when)
            tried.add(token.name)
            lease.give_back()
            other = lease.budget.acquire(avoid=frozenset(tried))
            if isinstance(other, Token):
                lease.token = other
                log.info("job %s: a token is rate-limited, another takes over", job.id)
                tracker.send(tracker.fraction, "Rate-limited: another token takes over")
                continue
            first_reset = min(when, other.until) if other.until > datetime.now(UTC) else when
            return _wait(
                database,
                job,
                first_reset,
                WaitReason.RATE_LIMITED,
                without_retry_hint(str(error)),
            )


def _cancelled(job: JobView) -> Outcome:
    log.info("job %s cancelled", job.id)
    return Outcome(
        Ending.CANCELLED, job.id, "Cancelled.", changes=Changes(jobs=frozenset({job.id}))
    )


def _analyze(
    database: Database,
    job: JobView,
    token: Token,
    settings: JobSettings,
    tracker: _AnalysisTracker,
    analyze: Analyze,
) -> AnalysisResult:
    options: dict[str, object] = {}
    if settings.seconds_between_requests is not None:
        options["seconds_between_requests"] = settings.seconds_between_requests
    return analyze(
        job.login,
        api_url=settings.api_url,
        token=token.value or None,
        limit=settings.limit,
        previous=_previous(database, job.login),
        workers=settings.workers,
        progress=tracker,
        pypi_url=settings.pypi_url,
        **options,
    )


def _wait(
    database: Database, job: JobView, when: datetime, reason: WaitReason, message: str
) -> Outcome:
    changes = jobs_lease.reschedule(database, job.id, when, reason, message)
    if not changes.jobs:  # cancelled meanwhile
        return _cancelled(job)
    text = {
        WaitReason.RATE_LIMITED: f"Rate-limited until {clock_time(when)}.",
        WaitReason.OFFLINE: f"Offline; trying again at {clock_time(when)}.",
    }.get(reason, message)
    log.info("job %s waits until %s: %s", job.id, when.isoformat(), text)
    return Outcome(Ending.WAITING, job.id, text, changes=changes, retry_at=when, wait_reason=reason)


def _fail(database: Database, job: JobView, message: str, *, bug: bool = False) -> Outcome:
    if jobs_lease.is_cancelled(database, job.id):
        return _cancelled(job)
    log.info("job %s failed: %s", job.id, message)
    return Outcome(
        Ending.FAILED, job.id, message, changes=jobs_lease.fail(database, job.id, message), bug=bug
    )


def _stopped(database: Database, job: JobView) -> Outcome:
    if jobs_lease.is_cancelled(database, job.id):
        return _cancelled(job)
    changes = jobs_lease.reschedule(database, job.id, datetime.now(UTC), WaitReason.INTERRUPTED)
    log.info("job %s interrupted by shutdown; it resumes at the next start", job.id)
    return Outcome(
        Ending.INTERRUPTED,
        job.id,
        INTERRUPTED,
        changes=changes,
        wait_reason=WaitReason.INTERRUPTED,
    )
