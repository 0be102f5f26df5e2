"""Sourcing runs kept in the database, so a run stopped by a quit or a cancel goes on
where it stopped (``analysis/github/people_run.py``), and GitHub's answers kept with
their ETags for conditional requests.

A run is fetched by a job of the persistent queue (``JobKind.SOURCING``, its
``sourcing_run_id``): :func:`queue_run` queues it, :func:`complete_run` stores the
people found with the run and ends the job, and the Sourcing view previews them from
:func:`latest_run` until the recruiter adds them or starts another run.

Each save is its own short transaction: a run takes minutes and must never hold the
write lock meanwhile. Both hold people's public profiles, also of people never added,
so neither outlives its use: a run or an answer older than :data:`KEEP_ANSWERS` is
pruned at the next run, a run started again forgets what it found before, and erasing a
person forgets every answer and run that names their login (:func:`forget_login`).
"""

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Text, cast, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from recruitdesk.domain.sourced import Found, Profile
from recruitdesk.domain.taxonomy import ACTIVE_JOB_STATES, JobState
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.jobs_lease import held
from recruitdesk.storage.jobs_queue import RELEASED, JobKind, WaitReason
from recruitdesk.storage.models.analysis import AnalysisJob
from recruitdesk.storage.models.sourcing import GitHubCacheEntry, SourcingRun

#: How long GitHub's answers are kept for conditional requests: the month within which
#: a sourced person must be told (GDPR Art. 14), so nobody's profile stays longer.
KEEP_ANSWERS = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class StoredRun:
    id: int
    position_id: int | None
    #: The run's state as ``RunState.to_json`` gives it (``analysis/github/people_run``).
    state: dict[str, Any]


@dataclass(slots=True)
class DatabaseCache:
    """The ETag cache of ``analysis/github/people_run.py``, in the database."""

    database: Database

    def get(self, url: str) -> tuple[str, Any] | None:
        with self.database.read() as session:
            entry = session.get(GitHubCacheEntry, url)
            return None if entry is None else (entry.etag, entry.body)

    def put(self, url: str, etag: str, body: Any) -> None:
        # One upsert: a read then an insert lets two runs (or workstations) on
        # PostgreSQL both insert one URL, and the second fail on its key.
        values = {"url": url, "etag": etag, "body": body, "stored_at": datetime.now(UTC)}
        with self.database.write() as session:
            dialect = session.get_bind().dialect.name
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            statement = insert(GitHubCacheEntry).values(values)
            session.execute(
                statement.on_conflict_do_update(
                    index_elements=[GitHubCacheEntry.url],
                    set_={name: statement.excluded[name] for name in ("etag", "body", "stored_at")},
                )
            )


@dataclass(frozen=True, slots=True)
class RunView:
    """The newest run and its job, as the Sourcing view shows it."""

    run: StoredRun
    job_id: int | None
    #: Its job's state (``None``: no job, a run stopped before runs were jobs).
    job_state: JobState | None
    progress: float
    last_error: str | None
    wait_reason: WaitReason | None

    @property
    def found(self) -> list[Found] | None:
        """The people the run found once it finished (``None`` before)."""
        stored = self.run.state.get("found")
        return None if stored is None else [found_from_json(entry) for entry in stored]

    @property
    def active(self) -> bool:
        return self.job_state in ACTIVE_JOB_STATES


def found_to_json(found: Found) -> dict[str, Any]:
    profile = found.profile
    created = profile.created_at.isoformat() if profile.created_at else None
    return {"profile": {**asdict(profile), "created_at": created}, "source": found.source}


def found_from_json(data: dict[str, Any]) -> Found:
    fields = dict(data["profile"])
    created = fields.get("created_at")
    fields["created_at"] = datetime.fromisoformat(created) if created else None
    return Found(Profile(**fields), str(data["source"]))


def latest_run(database: Database) -> RunView | None:
    """The newest run with its newest job, if any run is kept."""
    with database.read() as session:
        run = session.scalars(
            select(SourcingRun).order_by(SourcingRun.updated_at.desc(), SourcingRun.id.desc())
        ).first()
        if run is None:
            return None
        job = session.scalars(
            select(AnalysisJob)
            .where(AnalysisJob.sourcing_run_id == run.id)
            .order_by(AnalysisJob.id.desc())
        ).first()
        stored = StoredRun(run.id, run.position_id, dict(run.state))
        if job is None:
            return RunView(stored, None, None, 0.0, None, None)
        reason = WaitReason(job.wait_reason) if job.wait_reason else None
        return RunView(stored, job.id, JobState(job.state), job.progress, job.last_error, reason)


@dataclass(frozen=True, slots=True)
class QueuedRun:
    run_id: int
    job_id: int
    #: Whether it goes on from a run stopped before (else it starts afresh).
    resumed: bool
    changes: Changes


def queue_run(database: Database, state: dict[str, Any], position_id: int | None) -> QueuedRun:
    """Queue a job that runs the sourcing ``state`` describes (its ``kind``, ``target``
    and ``limit``): the same sourcing stopped before goes on where it stopped, one that
    finished starts afresh (its answers are kept, so that costs little), and one with a
    job under way keeps that job."""
    now = datetime.now(UTC)
    with database.write() as session:
        run = session.scalars(
            select(SourcingRun).where(
                SourcingRun.kind == state["kind"],
                SourcingRun.target == state["target"],
                SourcingRun.limit == state["limit"],
            )
        ).first()
        if run is None:
            run = SourcingRun(
                kind=state["kind"],
                target=state["target"],
                limit=state["limit"],
                state=state,
                created_at=now,
            )
            session.add(run)
        elif "found" in run.state:
            run.state = state
        run.position_id = position_id
        run.updated_at = now
        session.flush()
        resumed = bool(run.state.get("pages_done"))
        active = session.scalar(
            select(AnalysisJob.id).where(
                AnalysisJob.sourcing_run_id == run.id,
                AnalysisJob.state.in_([s.value for s in ACTIVE_JOB_STATES]),
            )
        )
        if active is not None:
            return QueuedRun(run.id, active, resumed, announce(session, Changes()))
        job = AnalysisJob(kind=JobKind.SOURCING.value, sourcing_run_id=run.id)
        session.add(job)
        session.flush()
        changes = announce(session, Changes(jobs=frozenset({job.id})))
        return QueuedRun(run.id, job.id, resumed, changes)


def load_run(database: Database, run_id: int) -> StoredRun | None:
    """A run, or ``None`` once it is gone (discarded, or erased with a person)."""
    with database.read() as session:
        run = session.get(SourcingRun, run_id)
        return None if run is None else StoredRun(run.id, run.position_id, dict(run.state))


def complete_run(
    database: Database,
    job_id: int,
    run_id: int,
    state: dict[str, Any],
    found: list[Found],
    api_requests: int,
    notice: str | None,
) -> Changes:
    """Keep the people a run found with it and end its job as done, in one
    transaction; a job cancelled or taken over meanwhile keeps nothing (empty
    ``Changes``)."""
    now = datetime.now(UTC)
    with database.write() as session:
        ended = session.execute(
            update(AnalysisJob)
            .where(AnalysisJob.id == job_id, held(database))
            .values(
                state=JobState.DONE.value,
                progress=1.0,
                finished_at=now,
                updated_at=now,
                last_error=None,
                wait_reason=None,
                **RELEASED,
            )
            .returning(AnalysisJob.id)
        ).first()
        run = session.get(SourcingRun, run_id)
        if ended is None or run is None:
            return Changes()
        run.state = {
            **state,
            "found": [found_to_json(person) for person in found],
            "api_requests": api_requests,
            "notice": notice,
        }
        run.updated_at = now
        return announce(session, Changes(jobs=frozenset({job_id})))


def save_run(database: Database, run_id: int, job_id: int, state: dict[str, Any]) -> None:
    """Store how far a run got, while ``job_id`` is still this worker's: running here, or
    cancelled by the user (its state is where a Resume goes on). A worker whose job was
    released at quit or taken over must not write its older state over the new
    holder's. A run discarded meanwhile stays gone."""
    still_held = (
        select(AnalysisJob.id)
        .where(
            AnalysisJob.id == job_id,
            or_(held(database), AnalysisJob.state == JobState.CANCELLED),
        )
        .exists()
    )
    with database.write() as session:
        # An UPDATE, not a load: reading the old state back would decode its JSON for
        # nothing, a C call that holds the GIL (docs/architecture.md, "Background
        # operations").
        session.execute(
            update(SourcingRun)
            .where(SourcingRun.id == run_id, still_held)
            .values(state=state, updated_at=datetime.now(UTC)),
            execution_options={"synchronize_session": False},
        )
        announce(session, Changes())


def drop_run(database: Database, run_id: int) -> Changes:
    """Forget a run the user discarded, cancelling its job if it has not ended."""
    with database.write() as session:
        jobs = frozenset(
            session.scalars(select(AnalysisJob.id).where(AnalysisJob.sourcing_run_id == run_id))
        )
        run = session.get(SourcingRun, run_id)
        if run is not None:
            session.delete(run)
        return announce(session, Changes(jobs=jobs))


def prune_answers(database: Database, now: datetime) -> None:
    """Drop answers and runs kept longer than :data:`KEEP_ANSWERS`."""
    with database.write() as session:
        session.execute(
            delete(GitHubCacheEntry).where(GitHubCacheEntry.stored_at < now - KEEP_ANSWERS)
        )
        session.execute(
            delete(SourcingRun).where(SourcingRun.updated_at < now - KEEP_ANSWERS),
            execution_options={"synchronize_session": False},
        )
        announce(session, Changes())  # bookkeeping no view shows


def forget_login(session: Session, login: str | None) -> None:
    """Forget every kept answer and run that names ``login`` (an erasure): their
    profile, the listing pages that list them, the runs that listed them."""
    if not login:
        return
    quoted = f'%"{login.lower()}"%'
    session.execute(
        delete(GitHubCacheEntry).where(
            or_(
                func.lower(GitHubCacheEntry.url) == f"/users/{login.lower()}",
                func.lower(cast(GitHubCacheEntry.body, Text)).like(quoted),
            )
        ),
        execution_options={"synchronize_session": False},
    )
    session.execute(
        delete(SourcingRun).where(func.lower(cast(SourcingRun.state, Text)).like(quoted)),
        execution_options={"synchronize_session": False},
    )
