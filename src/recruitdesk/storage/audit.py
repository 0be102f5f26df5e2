"""Who did what to a candidate, and when: the audit trail each candidate's pane shows.

Every write that edits a candidate, moves their card, or adds a note or a scorecard
appends an entry in its own transaction, naming the workstation's user
(``Database.actor``). Entries name what changed, never the values: the trail must not
keep a copy of data the person may later have erased.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
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


def list_audit(database: Database, candidate_id: int) -> list[AuditView]:
    """The candidate's trail, newest first."""
    with database.read() as session:
        rows = session.execute(
            select(AuditEntry.at, AuditEntry.actor, AuditEntry.action, AuditEntry.detail)
            .where(AuditEntry.candidate_id == candidate_id)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        )
        return [AuditView(*row) for row in rows]
