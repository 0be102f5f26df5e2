"""The sourcing notices owed (GDPR Art. 14): a person found by sourcing did not give
their data themselves and must be told within a month. A sourced candidate carries
``inform_by`` until the "sourcing notice" is sent to them (``storage/outreach.py``
clears it then); whoever still has one is owed a notice, and past the date it is
overdue."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Candidate


@dataclass(frozen=True, slots=True)
class NoticeDue:
    candidate_id: int
    name: str
    email: str | None
    source: str | None
    inform_by: date
    do_not_contact: bool

    def days_left(self, today: date) -> int:
        """Days until the notice is due; negative once overdue."""
        return (self.inform_by - today).days

    def overdue(self, today: date) -> bool:
        return self.inform_by < today


@dataclass(frozen=True, slots=True)
class NoticeCount:
    due: int
    overdue: int

    def describe(self) -> str:
        """The status bar's words: "3 sourcing notices due · 1 overdue" ("" for none)."""
        if not self.due:
            return ""
        noun = "sourcing notice" if self.due == 1 else "sourcing notices"
        late = f" · {self.overdue} overdue" if self.overdue else ""
        return f"{self.due} {noun} due{late}"


def notices_due(database: Database) -> list[NoticeDue]:
    """Everyone still owed a sourcing notice, the soonest due first."""
    with database.read() as session:
        rows = session.execute(
            select(
                Candidate.id,
                Candidate.full_name,
                Candidate.email,
                Candidate.source,
                Candidate.inform_by,
                Candidate.do_not_contact,
            )
            .where(Candidate.inform_by.is_not(None))
            .order_by(Candidate.inform_by, Candidate.id)
        )
        return [
            NoticeDue(cid, name, email, source, inform_by, flag)
            for cid, name, email, source, inform_by, flag in rows
            if inform_by is not None
        ]


def count_notices_due(database: Database, today: date) -> NoticeCount:
    with database.read() as session:
        owed = Candidate.inform_by.is_not(None)
        due = session.scalar(select(func.count()).where(owed)) or 0
        late = session.scalar(select(func.count()).where(owed, Candidate.inform_by < today)) or 0
        return NoticeCount(due, late)
