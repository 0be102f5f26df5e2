"""The analysis job queue's rows, kept in the database so they outlive the app: what a
job is, queueing, cancelling, retrying and listing.

A job is queued, claimed by one worker (``running``), and ends ``done``, ``failed`` or
``cancelled``; a job that cannot run now goes back to ``waiting`` with the time of its
next attempt and a :class:`WaitReason` in a column of its own (the last error holds
the engine's message alone, never a state to parse). One candidate has at most one
active job. Claiming a job and holding it while it runs is ``storage/jobs_lease.py``.

Every function is one short transaction and returns plain values, so the Qt layer can
call them from any worker thread with ids only.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session

from recruitdesk.domain.taxonomy import ACTIVE_JOB_STATES, JobState
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.analysis import AnalysisJob
from recruitdesk.storage.models.base import utcnow
from recruitdesk.storage.models.pipeline import Candidate
from recruitdesk.storage.models.sourcing import SourcingRun

#: The first retry after a network failure waits this long; each further one doubles.
FIRST_BACKOFF = timedelta(seconds=30)
#: ... up to this.
MAX_BACKOFF = timedelta(minutes=30)
#: The states of a job that has not ended.
ACTIVE = tuple(state.value for state in ACTIVE_JOB_STATES)


class JobKind(StrEnum):
    """What a job does (the ``kind`` column)."""

    #: A candidate's GitHub analysis (``candidate_id``, ``login``).
    ANALYSIS = "analysis"
    #: A sourcing run (``sourcing_run_id``): its people found, for the Sourcing view.
    SOURCING = "sourcing"


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
    #: An analysis's candidate (``None`` for a sourcing run).
    candidate_id: int | None
    #: The candidate's name, or what a sourcing run looks for.
    candidate_name: str
    #: The login analysed ("" for a sourcing run).
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
    kind: JobKind = JobKind.ANALYSIS
    sourcing_run_id: int | None = None


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
                    AnalysisJob.candidate_id.in_(wanted), AnalysisJob.state.in_(ACTIVE)
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


#: A job that ends or waits is no longer leased; the name stays, as who ran it last.
RELEASED: dict[str, object] = {
    "lease_holder": None,
    "lease_until": None,
    "lease_host": None,
    "lease_pid": None,
}


def job_view(name: str, job: AnalysisJob) -> JobView:
    return JobView(
        id=job.id,
        candidate_id=job.candidate_id,
        candidate_name=name,
        login=job.login or "",
        state=JobState(job.state),
        attempts=job.attempts,
        progress=job.progress,
        next_attempt_at=job.next_attempt_at,
        last_error=job.last_error,
        wait_reason=WaitReason(job.wait_reason) if job.wait_reason else None,
        workstation=job.lease_holder_name,
        lease_until=job.lease_until,
        kind=JobKind(job.kind),
        sourcing_run_id=job.sourcing_run_id,
    )


def sourcing_title(kind: str, target: str) -> str:
    """What a sourcing run looks for, as the Jobs view names it."""
    where = "contributors of" if kind == "repo" else "search"
    return f"Sourcing: {where} {target}"


def job_name(session: Session, job: AnalysisJob) -> str:
    """The candidate a job analyses, or what a sourcing job looks for."""
    if job.candidate_id is not None:
        return str(session.get_one(Candidate, job.candidate_id).full_name)
    run = session.get(SourcingRun, job.sourcing_run_id) if job.sourcing_run_id else None
    return sourcing_title(run.kind, run.target) if run is not None else "Sourcing"


def update_jobs(
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


def cancel(database: Database, job_ids: Iterable[int]) -> Changes:
    """Cancel jobs that have not ended (a running one stops at its next check)."""
    return update_jobs(
        database,
        job_ids,
        AnalysisJob.state.in_(ACTIVE),
        state=JobState.CANCELLED.value,
        finished_at=utcnow(),
        wait_reason=None,
        **RELEASED,
    )


def retry(database: Database, job_ids: Iterable[int]) -> Changes:
    """Queue failed or cancelled jobs again, due now; one whose candidate (or sourcing
    run) has another active job meanwhile is left as it is (one active job each)."""
    active = AnalysisJob.state.in_(ACTIVE)
    # NOT IN over a list holding a NULL is never true: each list leaves its NULLs out.
    busy = select(AnalysisJob.candidate_id).where(active, AnalysisJob.candidate_id.is_not(None))
    running_runs = select(AnalysisJob.sourcing_run_id).where(
        active, AnalysisJob.sourcing_run_id.is_not(None)
    )
    return update_jobs(
        database,
        job_ids,
        AnalysisJob.state.in_((JobState.FAILED.value, JobState.CANCELLED.value)),
        or_(AnalysisJob.candidate_id.is_(None), AnalysisJob.candidate_id.not_in(busy)),
        or_(
            AnalysisJob.sourcing_run_id.is_(None),
            AnalysisJob.sourcing_run_id.not_in(running_runs),
        ),
        state=JobState.QUEUED.value,
        next_attempt_at=None,
        finished_at=None,
        wait_reason=None,
        progress=0.0,
    )


def list_jobs(database: Database, *, include_ended: bool = True) -> list[JobView]:
    """Every job, newest first (active ones only with ``include_ended=False``)."""
    query = (
        select(AnalysisJob, Candidate.full_name, SourcingRun.kind, SourcingRun.target)
        .outerjoin(Candidate, Candidate.id == AnalysisJob.candidate_id)
        .outerjoin(SourcingRun, SourcingRun.id == AnalysisJob.sourcing_run_id)
        .order_by(AnalysisJob.id.desc())
    )
    if not include_ended:
        query = query.where(AnalysisJob.state.in_(ACTIVE))
    with database.read() as session:
        return [
            job_view(name or sourcing_title(kind or "", target or ""), job)
            for job, name, kind, target in session.execute(query)
        ]
