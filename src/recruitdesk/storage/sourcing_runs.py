"""Sourcing runs kept in the database, so a run stopped by a quit or a cancel goes on
where it stopped (``analysis/github/people_run.py``), and GitHub's answers kept with
their ETags for conditional requests.

Each save is its own short transaction: a run takes minutes and must never hold the
write lock meanwhile. Both hold people's public profiles, also of people never added,
so neither outlives its use: a finished run is dropped, an answer older than
:data:`KEEP_ANSWERS` is pruned at the next run, and erasing a person forgets every
answer and run that names their login (:func:`forget_login`).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Text, cast, delete, func, or_, select
from sqlalchemy.orm import Session

from recruitdesk.storage.database import Database
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
        with self.database.write() as session:
            entry = session.get(GitHubCacheEntry, url)
            if entry is None:
                entry = GitHubCacheEntry(url=url)
                session.add(entry)
            entry.etag, entry.body, entry.stored_at = etag, body, datetime.now(UTC)


def unfinished_run(database: Database) -> StoredRun | None:
    """The newest run that stopped before its end (a finished run is dropped), if any."""
    with database.read() as session:
        run = session.scalars(
            select(SourcingRun).order_by(SourcingRun.updated_at.desc(), SourcingRun.id.desc())
        ).first()
        if run is None:
            return None
        return StoredRun(run.id, run.position_id, dict(run.state))


def start_run(database: Database, state: dict[str, Any], position_id: int | None) -> StoredRun:
    """A run for ``state`` (with its ``kind``, ``target`` and ``limit``); the same
    sourcing stopped before goes on instead of starting again."""
    now = datetime.now(UTC)
    with database.write() as session:
        earlier = session.scalars(
            select(SourcingRun).where(
                SourcingRun.kind == state["kind"],
                SourcingRun.target == state["target"],
                SourcingRun.limit == state["limit"],
            )
        ).first()
        if earlier is not None:
            earlier.position_id = position_id
            earlier.updated_at = now
            return StoredRun(earlier.id, position_id, dict(earlier.state))
        run = SourcingRun(
            kind=state["kind"],
            target=state["target"],
            limit=state["limit"],
            position_id=position_id,
            state=state,
            created_at=now,
            updated_at=now,
        )
        session.add(run)
        session.flush()
        return StoredRun(run.id, position_id, state)


def save_run(database: Database, run_id: int, state: dict[str, Any]) -> None:
    with database.write() as session:
        run = session.get_one(SourcingRun, run_id)
        run.state = state
        run.updated_at = datetime.now(UTC)


def drop_run(database: Database, run_id: int) -> None:
    """Forget a run: it finished, or the user chose to start afresh."""
    with database.write() as session:
        run = session.get(SourcingRun, run_id)
        if run is not None:
            session.delete(run)


def prune_answers(database: Database, now: datetime) -> None:
    """Drop answers kept longer than :data:`KEEP_ANSWERS`."""
    with database.write() as session:
        session.execute(
            delete(GitHubCacheEntry).where(GitHubCacheEntry.stored_at < now - KEEP_ANSWERS)
        )


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
