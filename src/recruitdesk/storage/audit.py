"""Who did what to a candidate or a position, and when: the audit trail each
candidate's pane shows.

Every write that edits a candidate, moves their card, adds a note or a scorecard,
imports or merges them, schedules an interview, logs a message, sends or grades a review
exercise or takes an offer a step appends an entry in its own transaction, naming the
workstation's user (``Database.actor``); so does an edit of a position, in the
position's trail. Entries name what changed, never the
values: the trail must not keep a copy of data the person may later have erased.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, insert, select
from sqlalchemy.orm import Session

from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import AuditEntry


@dataclass(frozen=True, slots=True)
class AuditView:
    at: datetime
    actor: str
    action: str
    detail: str | None


def record(
    session: Session,
    actor: str,
    candidate_ids: Iterable[int],
    action: str,
    detail: str | None,
    now: datetime,
) -> None:
    """Append one entry per candidate, in the caller's transaction."""
    rows = [
        {"candidate_id": cid, "at": now, "actor": actor[:100], "action": action, "detail": detail}
        for cid in dict.fromkeys(candidate_ids)
    ]
    if rows:
        session.execute(insert(AuditEntry), rows)


def record_position(
    session: Session, actor: str, position_id: int, action: str, detail: str | None, now: datetime
) -> None:
    """Append an entry to the position's trail, in the caller's transaction."""
    session.execute(
        insert(AuditEntry).values(
            position_id=position_id, at=now, actor=actor[:100], action=action, detail=detail
        )
    )


def list_audit(database: Database, candidate_id: int) -> list[AuditView]:
    """The candidate's trail, newest first."""
    return _trail(database, AuditEntry.candidate_id == candidate_id)


def list_position_audit(database: Database, position_id: int) -> list[AuditView]:
    """The position's trail, newest first."""
    return _trail(database, AuditEntry.position_id == position_id)


def _trail(database: Database, belongs: ColumnElement[bool]) -> list[AuditView]:
    with database.read() as session:
        rows = session.execute(
            select(AuditEntry.at, AuditEntry.actor, AuditEntry.action, AuditEntry.detail)
            .where(belongs)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        )
        return [AuditView(*row) for row in rows]
