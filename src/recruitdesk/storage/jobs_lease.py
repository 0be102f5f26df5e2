"""A job while it runs: claimed and leased to one workstation, reported on, ended.

Several workstations share the queue (docs/architecture.md, "The shared analysis
queue"): a claimed job is leased to the claiming ``Database.workstation`` until
``lease_until``, which the runner renews while it works. A job whose lease ran out (its
workstation died) is claimed again by whoever asks next. Only the holder can report on
or end a running job; anyone can cancel it (``storage/jobs_queue.py``).

Every function is one short transaction and returns plain values.
"""

import os
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, update

from recruitdesk.domain.taxonomy import JobState
from recruitdesk.process_probe import died_here, this_host
from recruitdesk.storage.analyses import add_analysis
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.jobs_queue import (
    RELEASED,
    JobView,
    WaitReason,
    job_name,
    job_view,
    update_jobs,
)
from recruitdesk.storage.models.analysis import AnalysisJob
from recruitdesk.storage.models.base import utcnow

#: How long a claimed job stays with its workstation unless the lease is renewed.
LEASE = timedelta(seconds=60)
_CLAIMABLE = (JobState.QUEUED.value, JobState.WAITING.value)


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
                    lease_host=this_host(),
                    lease_pid=os.getpid(),
                )
                .returning(AnalysisJob.id)
            ).first()
            if claimed is not None:
                job = session.get_one(AnalysisJob, job_id, populate_existing=True)
                announce(session, Changes(jobs=frozenset({job_id})))
                return job_view(job_name(session, job), job)
        return None


def renew_lease(database: Database, job_id: int, lease: timedelta = LEASE) -> bool:
    """Extend this workstation's lease on a running job; ``False`` when it no longer
    holds it (cancelled, or taken over after the lease ran out)."""
    now = utcnow()
    with database.write() as session:
        renewed = session.execute(
            update(AnalysisJob)
            .where(AnalysisJob.id == job_id, held(database))
            .values(lease_until=now + lease)
            .returning(AnalysisJob.id)
        ).first()
        announce(session, Changes())
    return renewed is not None


def held(database: Database) -> ColumnElement[bool]:
    """A job that runs on this workstation's lease."""
    return and_(
        AnalysisJob.state == JobState.RUNNING,
        AnalysisJob.lease_holder == database.workstation,
    )


def report_progress(
    database: Database, job_id: int, progress: float, lease: timedelta = LEASE
) -> Changes:
    """Store a running job's progress, renewing this workstation's lease on it."""
    clamped = min(1.0, max(0.0, progress))
    return update_jobs(
        database, [job_id], held(database), progress=clamped, lease_until=utcnow() + lease
    )


def finish(database: Database, job_id: int) -> Changes:
    """End a running job as done; a job cancelled meanwhile stays cancelled (the
    ``Changes`` are then empty)."""
    return update_jobs(
        database,
        [job_id],
        held(database),
        state=JobState.DONE.value,
        progress=1.0,
        finished_at=utcnow(),
        last_error=None,
        wait_reason=None,
        **RELEASED,
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
    return update_jobs(
        database,
        [job_id],
        held(database),
        state=JobState.FAILED.value,
        finished_at=utcnow(),
        last_error=error,
        wait_reason=None,
        **RELEASED,
    )


def reschedule(
    database: Database, job_id: int, at: datetime, reason: WaitReason, error: str | None = None
) -> Changes:
    """Put a running job back to wait until ``at`` for ``reason``; ``error`` is what
    went wrong, in the engine's words (none for an interruption)."""
    return update_jobs(
        database,
        [job_id],
        held(database),
        state=JobState.WAITING.value,
        next_attempt_at=at,
        wait_reason=reason.value,
        last_error=error,
        progress=0.0,
        **RELEASED,
    )


def is_cancelled(database: Database, job_id: int) -> bool:
    """Whether this workstation should stop the job: it was cancelled, or another
    workstation took it over after this one's lease ran out."""
    with database.read() as session:
        holding = session.scalar(
            select(AnalysisJob.id).where(AnalysisJob.id == job_id, held(database))
        )
    return holding is None


def resume_interrupted(database: Database, now: datetime | None = None) -> Changes:
    """At start: running jobs whose lease ran out, or whose process on this machine died
    (a crash, a kill), are queued again; a colleague's job under a live lease goes on
    where it runs."""
    now = now or utcnow()
    running = AnalysisJob.state == JobState.RUNNING
    expired = or_(AnalysisJob.lease_until.is_(None), AnalysisJob.lease_until < now)
    with database.read() as session:
        ids = list(session.scalars(select(AnalysisJob.id).where(running, expired)))
        here = session.execute(
            select(AnalysisJob.id, AnalysisJob.lease_holder, AnalysisJob.lease_pid).where(
                running, AnalysisJob.lease_host == this_host()
            )
        ).all()
    dead = [(job_id, holder) for job_id, holder, pid in here if died_here(this_host(), pid)]
    released = dict(state=JobState.QUEUED.value, progress=0.0, **RELEASED)
    changes = update_jobs(database, ids, running, expired, **released)
    for job_id, holder in dead:
        # Still the dead process's: it cannot renew, so nobody else took it meanwhile.
        changes |= update_jobs(
            database, [job_id], running, AnalysisJob.lease_holder == holder, **released
        )
    return changes


def release_held(database: Database) -> Changes:
    """At quit: this workstation's running jobs are queued again, free for the next
    start or a colleague; a worker still in a request has lost its lease and can no
    longer end them."""
    with database.read() as session:
        ids = list(session.scalars(select(AnalysisJob.id).where(held(database))))
    return update_jobs(
        database, ids, held(database), state=JobState.QUEUED.value, progress=0.0, **RELEASED
    )
