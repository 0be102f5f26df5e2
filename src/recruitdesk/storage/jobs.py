"""The analysis job queue, kept in the database so it outlives the app.

A job is queued, claimed by one worker (``running``), and ends ``done``, ``failed`` or
``cancelled``; a job that cannot run now goes back to ``waiting`` with the time of its
next attempt and a :class:`WaitReason` in a column of its own (the last error holds
the engine's message alone, never a state to parse). One candidate has at most one
active job.

Several workstations share the queue (docs/architecture.md, "The shared analysis
queue"): a claimed job is leased to the claiming ``Database.workstation`` until
``lease_until``, which the runner renews while it works. A job whose lease ran out (its
workstation died) is claimed again by whoever asks next. Only the holder can report on
or end a running job; anyone can cancel it.

Every function is one short transaction and returns plain values, so the Qt layer can
call them from any worker thread with ids only.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, update

from recruitdesk.domain.taxonomy import ACTIVE_JOB_STATES, JobState
from recruitdesk.storage.analyses import add_analysis
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.analysis import AnalysisJob
from recruitdesk.storage.models.base import utcnow
from recruitdesk.storage.models.pipeline import Candidate

#: The first retry after a network failure waits this long; each further one doubles.
FIRST_BACKOFF = timedelta(seconds=30)
#: ... up to this.
MAX_BACKOFF = timedelta(minutes=30)
#: How long a claimed job stays with its workstation unless the lease is renewed.
LEASE = timedelta(seconds=60)
_ACTIVE = tuple(state.value for state in ACTIVE_JOB_STATES)
_CLAIMABLE = (JobState.QUEUED.value, JobState.WAITING.value)


class WaitReason(StrEnum):
    """Why a ``waiting`` job waits (the ``wait_reason`` column; ``None`` otherwise)."""

    #: GitHub could not be reached: it retries with backoff.
    OFFLINE = "offline"
    #: Every token's rate limit is spent: it retries at the first reset.
    RATE_LIMITED = "rate_limited"
    #: A closing app stopped it: it resumes at the next start.
    INTERRUPTED = "interrupted"
    #: A download failed half-way: it tries again a little later.
    RETRY = "retry"


def backoff(attempts: int) -> timedelta:
    """How long to wait before attempt ``attempts + 1`` after a network failure."""
    exponent = min(max(0, attempts - 1), 16)  # 30 s * 2**16 is far past the cap
    delay: timedelta = FIRST_BACKOFF * 2**exponent
    return min(MAX_BACKOFF, delay)


@dataclass(frozen=True, slots=True)
class JobView:
    """A job as the Jobs view and the workers see it."""

    id: int
    candidate_id: int
    candidate_name: str
    login: str
    state: JobState
    attempts: int
    progress: float
    next_attempt_at: datetime | None
    last_error: str | None
    wait_reason: WaitReason | None
    #: Who runs it (a running job) or ran it last: "Ana on office-pc".
    workstation: str | None = None
    #: Until when a running job's workstation holds it.
    lease_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class EnqueueResult:
    changes: Changes
    queued: tuple[int, ...]
    already_active: tuple[int, ...]
    without_login: tuple[int, ...]

    def summary(self) -> str:
        """What happened, in one sentence for the status bar."""
        parts = []
        if self.queued:
            count = len(self.queued)
            parts.append(f"Queued {count} GitHub analys{'is' if count == 1 else 'es'}")
        if self.already_active:
            parts.append(f"{len(self.already_active)} already in the queue")
        if self.without_login:
            parts.append(f"{len(self.without_login)} without a GitHub login")
        return "; ".join(parts) + " (see Jobs)."


def enqueue(database: Database, candidate_ids: Iterable[int]) -> EnqueueResult:
    """Queue a GitHub analysis for each candidate; one with an active job keeps it."""
    wanted = sorted(set(candidate_ids))
    queued: list[int] = []
    already: list[int] = []
    without: list[int] = []
    with database.write() as session:
        logins = dict(
            session.execute(
                select(Candidate.id, Candidate.github_login).where(Candidate.id.in_(wanted))
            ).all()
        )
        active = set(
            session.scalars(
                select(AnalysisJob.candidate_id).where(
                    AnalysisJob.candidate_id.in_(wanted), AnalysisJob.state.in_(_ACTIVE)
                )
            )
        )
        for candidate_id in wanted:
            login = logins.get(candidate_id)
            if not login:
                without.append(candidate_id)
            elif candidate_id in active:
                already.append(candidate_id)
            else:
                session.add(AnalysisJob(candidate_id=candidate_id, login=login))
                queued.append(candidate_id)
        session.flush()
        job_ids = frozenset(
            session.scalars(
                select(AnalysisJob.id).where(
                    AnalysisJob.candidate_id.in_(queued), AnalysisJob.state == JobState.QUEUED
                )
            )
        )
        changes = announce(session, Changes(jobs=job_ids))
    return EnqueueResult(changes, tuple(queued), tuple(already), tuple(without))


def _claimable(now: datetime) -> ColumnElement[bool]:
    """Due and not running, or running on a lease that ran out."""
    due = and_(
        AnalysisJob.state.in_(_CLAIMABLE),
        or_(AnalysisJob.next_attempt_at.is_(None), AnalysisJob.next_attempt_at <= now),
    )
    expired = and_(
        AnalysisJob.state == JobState.RUNNING,
        or_(AnalysisJob.lease_until.is_(None), AnalysisJob.lease_until < now),
    )
    return or_(due, expired)


def claim_next(
    database: Database, now: datetime | None = None, lease: timedelta = LEASE
) -> JobView | None:
    """Take the job that is due first (or one whose lease ran out), lease it to this
    workstation and mark it running; ``None`` when none is due.

    Two workstations never claim the same job: the claim is an UPDATE conditioned on the
    job still being claimable, and on PostgreSQL the row is first locked ``FOR UPDATE
    SKIP LOCKED``, so a second workstation passes over it instead of waiting for it.
    """
    now = now or utcnow()
    with database.write() as session:
        candidates = session.scalars(
            select(AnalysisJob.id)
            .where(_claimable(now))
            # Due jobs first, then those a dead workstation left.
            .order_by(AnalysisJob.state == JobState.RUNNING)
            .order_by(AnalysisJob.next_attempt_at.is_not(None), AnalysisJob.next_attempt_at)
            .order_by(AnalysisJob.id)
            .limit(5)
            .with_for_update(skip_locked=True)
        ).all()
        for job_id in candidates:
            claimed = session.execute(
                update(AnalysisJob)
                .where(AnalysisJob.id == job_id, _claimable(now))
                .values(
                    state=JobState.RUNNING.value,
                    attempts=AnalysisJob.attempts + 1,
                    started_at=now,
                    updated_at=now,
                    next_attempt_at=None,
                    wait_reason=None,
                    lease_holder=database.workstation,
                    lease_holder_name=database.workstation_name[:200],
                    lease_until=now + lease,
                )
                .returning(AnalysisJob.id)
            ).first()
            if claimed is not None:
                job = session.get_one(AnalysisJob, job_id, populate_existing=True)
                announce(session, Changes(jobs=frozenset({job_id})))
                return _view(session.get_one(Candidate, job.candidate_id).full_name, job)
        return None


def renew_lease(database: Database, job_id: int, lease: timedelta = LEASE) -> bool:
    """Extend this workstation's lease on a running job; ``False`` when it no longer
    holds it (cancelled, or taken over after the lease ran out)."""
    now = utcnow()
    with database.write() as session:
        held = session.execute(
            update(AnalysisJob)
            .where(AnalysisJob.id == job_id, _held(database))
            .values(lease_until=now + lease)
            .returning(AnalysisJob.id)
        ).first()
        announce(session, Changes())
    return held is not None


def _held(database: Database) -> ColumnElement[bool]:
    return and_(
        AnalysisJob.state == JobState.RUNNING,
        AnalysisJob.lease_holder == database.workstation,
    )


def _view(name: str, job: AnalysisJob) -> JobView:
    return JobView(
        id=job.id,
        candidate_id=job.candidate_id,
        candidate_name=name,
        login=job.login,
        state=JobState(job.state),
        attempts=job.attempts,
        progress=job.progress,
        next_attempt_at=job.next_attempt_at,
        last_error=job.last_error,
        wait_reason=WaitReason(job.wait_reason) if job.wait_reason else None,
        workstation=job.lease_holder_name,
        lease_until=job.lease_until,
    )


def _set(
    database: Database, job_ids: Iterable[int], *conditions: ColumnElement[bool], **values: object
) -> Changes:
    """Set ``values`` on the jobs among ``job_ids`` that meet ``conditions``."""
    ids = frozenset(job_ids)
    with database.write() as session:
        result = session.execute(
            update(AnalysisJob)
            .where(AnalysisJob.id.in_(ids), *conditions)
            .values(updated_at=utcnow(), **values)
            .returning(AnalysisJob.id)
        )
        return announce(session, Changes(jobs=frozenset(result.scalars())))


def report_progress(
    database: Database, job_id: int, progress: float, lease: timedelta = LEASE
) -> Changes:
    """Store a running job's progress, renewing this workstation's lease on it."""
    clamped = min(1.0, max(0.0, progress))
    return _set(database, [job_id], _held(database), progress=clamped, lease_until=utcnow() + lease)


#: A job that ends or waits is no longer leased; the name stays, as who ran it last.
_RELEASED: dict[str, object] = {"lease_holder": None, "lease_until": None}


def finish(database: Database, job_id: int) -> Changes:
    """End a running job as done; a job cancelled meanwhile stays cancelled (the
    ``Changes`` are then empty)."""
    return _set(
        database,
        [job_id],
        _held(database),
        state=JobState.DONE.value,
        progress=1.0,
        finished_at=utcnow(),
        last_error=None,
        wait_reason=None,
        **_RELEASED,
    )


def complete(
    database: Database, job_id: int, record: Mapping[str, Any]
) -> tuple[int | None, Changes]:
    """Store a running job's analysis and end the job, in one transaction: a job
    cancelled meanwhile stores nothing and returns ``(None, Changes())``."""
    with database.write() as session:
        job = session.get(AnalysisJob, job_id)
        if (
            job is None
            or job.state != JobState.RUNNING.value
            or job.lease_holder != database.workstation
        ):
            return None, Changes()
        analysis_id, stored = add_analysis(session, record)
        now = utcnow()
        job.state = JobState.DONE.value
        job.progress = 1.0
        job.finished_at = job.updated_at = now
        job.last_error = None
        job.wait_reason = None
        job.lease_holder = job.lease_until = None
        changes = announce(session, stored | Changes(jobs=frozenset({job_id})))
    return analysis_id, changes


def fail(database: Database, job_id: int, error: str) -> Changes:
    """A failure retrying cannot fix (a login that does not exist, a bug); a job
    cancelled meanwhile stays cancelled."""
    return _set(
        database,
        [job_id],
        _held(database),
        state=JobState.FAILED.value,
        finished_at=utcnow(),
        last_error=error,
        wait_reason=None,
        **_RELEASED,
    )


def reschedule(
    database: Database, job_id: int, at: datetime, reason: WaitReason, error: str | None = None
) -> Changes:
    """Put a running job back to wait until ``at`` for ``reason``; ``error`` is what
    went wrong, in the engine's words (none for an interruption)."""
    return _set(
        database,
        [job_id],
        _held(database),
        state=JobState.WAITING.value,
        next_attempt_at=at,
        wait_reason=reason.value,
        last_error=error,
        progress=0.0,
        **_RELEASED,
    )


def cancel(database: Database, job_ids: Iterable[int]) -> Changes:
    """Cancel jobs that have not ended (a running one stops at its next check)."""
    return _set(
        database,
        job_ids,
        AnalysisJob.state.in_(_ACTIVE),
        state=JobState.CANCELLED.value,
        finished_at=utcnow(),
        wait_reason=None,
        **_RELEASED,
    )


def is_cancelled(database: Database, job_id: int) -> bool:
    """Whether this workstation should stop the job: it was cancelled, or another
    workstation took it over after this one's lease ran out."""
    with database.read() as session:
        held = session.scalar(
            select(AnalysisJob.id).where(AnalysisJob.id == job_id, _held(database))
        )
    return held is None


def retry(database: Database, job_ids: Iterable[int]) -> Changes:
    """Queue failed or cancelled jobs again, due now; one whose candidate has another
    active job meanwhile is left as it is (one active job per candidate)."""
    busy = select(AnalysisJob.candidate_id).where(AnalysisJob.state.in_(_ACTIVE)).scalar_subquery()
    return _set(
        database,
        job_ids,
        AnalysisJob.state.in_((JobState.FAILED.value, JobState.CANCELLED.value)),
        AnalysisJob.candidate_id.not_in(busy),
        state=JobState.QUEUED.value,
        next_attempt_at=None,
        finished_at=None,
        wait_reason=None,
        progress=0.0,
    )


def resume_interrupted(database: Database, now: datetime | None = None) -> Changes:
    """At start: running jobs whose workstation's lease ran out are queued again (a
    colleague's job under a live lease goes on where it runs)."""
    now = now or utcnow()
    expired = or_(AnalysisJob.lease_until.is_(None), AnalysisJob.lease_until < now)
    with database.read() as session:
        ids = list(
            session.scalars(
                select(AnalysisJob.id).where(AnalysisJob.state == JobState.RUNNING, expired)
            )
        )
    return _set(
        database,
        ids,
        AnalysisJob.state == JobState.RUNNING,
        expired,
        state=JobState.QUEUED.value,
        progress=0.0,
        **_RELEASED,
    )


def list_jobs(database: Database, *, include_ended: bool = True) -> list[JobView]:
    """Every job, newest first (active ones only with ``include_ended=False``)."""
    query = (
        select(AnalysisJob, Candidate.full_name)
        .join(Candidate, Candidate.id == AnalysisJob.candidate_id)
        .order_by(AnalysisJob.id.desc())
    )
    if not include_ended:
        query = query.where(AnalysisJob.state.in_(_ACTIVE))
    with database.read() as session:
        return [_view(name, job) for job, name in session.execute(query)]
