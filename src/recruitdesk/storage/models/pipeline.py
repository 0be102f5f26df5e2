"""The pipeline's records: candidates, positions, their applications (board cards)
with stage history and scorecards, notes, and the audit of who did what."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    literal_column,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from recruitdesk.storage.models.base import (
    Base,
    EditedFieldsMixin,
    SharedMixin,
    TimestampMixin,
    VersionedMixin,
    utcnow,
)

if TYPE_CHECKING:
    from recruitdesk.storage.models.analysis import Analysis


class Candidate(EditedFieldsMixin, VersionedMixin, TimestampMixin, Base):
    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    phone: Mapped[str | None] = mapped_column(String(50))
    location: Mapped[str | None] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(32), index=True)
    github_login: Mapped[str | None] = mapped_column(String(39), unique=True)
    links: Mapped[list[str]] = mapped_column(default=list)
    track: Mapped[str | None] = mapped_column(String(32), index=True)
    level: Mapped[str | None] = mapped_column(String(16), index=True)
    years_experience: Mapped[int | None] = mapped_column(Integer)
    employment: Mapped[str | None] = mapped_column(String(16))
    # The ask in whole units of its currency: asks are quoted as round figures.
    ask_amount: Mapped[int | None] = mapped_column(Integer)
    ask_currency: Mapped[str | None] = mapped_column(String(3))
    ask_period: Mapped[str | None] = mapped_column(String(8))
    notice_weeks: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(String(100))
    skills: Mapped[list[str]] = mapped_column(default=list)
    tags: Mapped[list[str]] = mapped_column(default=list)
    consent_until: Mapped[date | None] = mapped_column(Date, index=True)
    # The person asked not to be contacted: every way a message leaves refuses them.
    do_not_contact: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    do_not_contact_reason: Mapped[str | None] = mapped_column(String(200))
    # Found by sourcing, not told by them: GDPR Art. 14 wants them informed by this day.
    inform_by: Mapped[date | None] = mapped_column(Date, index=True)

    applications: Mapped[list["Application"]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan", passive_deletes=True
    )
    notes: Mapped[list["Note"]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan", passive_deletes=True
    )
    analyses: Mapped[list["Analysis"]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan", passive_deletes=True
    )


#: Digits a phone number must end with to be compared as one (``storage.duplicates``).
PHONE_TAIL_DIGITS = 6


def phone_tail(phone: Any) -> Any:
    """The last digits of a phone as typed (common separators dropped): the database
    groups and finds phones by it, through the index on the same expression (written
    with literals, not parameters, or a query's expression would not be the index's)."""
    digits = phone
    for separator in " -()./":
        digits = func.replace(digits, literal_column(f"'{separator}'"), literal_column("''"))
    return LastChars(digits, literal_column(str(PHONE_TAIL_DIGITS)))


class LastChars(FunctionElement[str]):
    """The last N characters of a text: ``substr(x, -N)`` on SQLite, ``right(x, N)`` on
    PostgreSQL, where ``substr`` with a negative start means something else."""

    type = String()
    inherit_cache = True
    name = "last_chars"


@compiles(LastChars)
def _last_chars_sqlite(element: LastChars, compiler: SQLCompiler, **kw: Any) -> str:
    text, count = list(element.clauses)
    return f"substr({compiler.process(text, **kw)}, -{compiler.process(count, **kw)})"


@compiles(LastChars, "postgresql")
def _last_chars_postgresql(element: LastChars, compiler: SQLCompiler, **kw: Any) -> str:
    text, count = list(element.clauses)
    return f"right({compiler.process(text, **kw)}, {compiler.process(count, **kw)})"


# Duplicates are looked up by these (``storage.duplicates``): e-mails and logins in any
# case, phones by their last digits, places by the start of the location.
Index("ix_candidates_email_lower", func.lower(Candidate.email))
Index("ix_candidates_github_login_lower", func.lower(Candidate.github_login))
Index("ix_candidates_phone_tail", phone_tail(Candidate.phone))
Index("ix_candidates_location_lower", func.lower(Candidate.location))


class Position(EditedFieldsMixin, VersionedMixin, TimestampMixin, Base):
    __tablename__ = "positions"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    company: Mapped[str | None] = mapped_column(String(200))
    # The client the position is filled for; ``company`` keeps its name.
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("clients.id", ondelete="SET NULL"), index=True
    )
    track: Mapped[str | None] = mapped_column(String(32))
    level: Mapped[str | None] = mapped_column(String(16))
    regions: Mapped[list[str]] = mapped_column(default=list)
    must_have: Mapped[list[str]] = mapped_column(default=list)
    nice_to_have: Mapped[list[str]] = mapped_column(default=list)
    # Score name (as in the analysis result) -> the minimum it must reach, 0..100.
    min_scores: Mapped[dict[str, Any]] = mapped_column(default=dict)
    budget_min: Mapped[int | None] = mapped_column(Integer)
    budget_max: Mapped[int | None] = mapped_column(Integer)
    budget_currency: Mapped[str | None] = mapped_column(String(3))
    budget_period: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)

    applications: Mapped[list["Application"]] = relationship(
        back_populates="position", cascade="all, delete-orphan", passive_deletes=True
    )


class Application(EditedFieldsMixin, VersionedMixin, TimestampMixin, Base):
    """A candidate in the pipeline of one position: one card on that position's board."""

    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("candidate_id", "position_id"),
        # The board reads one position's cards column by column, in rank order.
        Index("ix_applications_board", "position_id", "stage", "rank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(16))
    # Order within the column; fractional so a card can be put between two others.
    rank: Mapped[float] = mapped_column(Float)
    entered_stage_at: Mapped[datetime]
    rejection_reason: Mapped[str | None] = mapped_column(Text)

    candidate: Mapped[Candidate] = relationship(back_populates="applications")
    position: Mapped[Position] = relationship(back_populates="applications")
    stage_changes: Mapped[list["StageChange"]] = relationship(
        back_populates="application", cascade="all, delete-orphan", passive_deletes=True
    )
    scorecards: Mapped[list["Scorecard"]] = relationship(
        back_populates="application", cascade="all, delete-orphan", passive_deletes=True
    )


class StageChange(SharedMixin, Base):
    """One move of a card, kept forever: the candidate's pipeline history."""

    __tablename__ = "stage_changes"
    __table_args__ = (Index("ix_stage_changes_history", "application_id", "changed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    from_stage: Mapped[str | None] = mapped_column(String(16))
    to_stage: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text)

    application: Mapped[Application] = relationship(back_populates="stage_changes")


class Note(SharedMixin, VersionedMixin, TimestampMixin, Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    # A private note never leaves this database: not in reports, not in exports.
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    author: Mapped[str | None] = mapped_column(String(100))

    candidate: Mapped[Candidate] = relationship(back_populates="notes")


class Scorecard(SharedMixin, VersionedMixin, TimestampMixin, Base):
    __tablename__ = "scorecards"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    # Question id -> {"rating": 1..4, "comment": str}.
    ratings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    recommendation: Mapped[str | None] = mapped_column(String(16))
    interviewer: Mapped[str | None] = mapped_column(String(100))
    interviewed_on: Mapped[date | None] = mapped_column(Date)

    application: Mapped[Application] = relationship(back_populates="scorecards")


class AuditEntry(Base):
    """Who did what to a candidate or a position, and when: an edit, a move, a note, a
    scorecard, an import, a merge, an interview, a message. ``detail`` names what
    changed (fields by name), never the values."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_candidate", "candidate_id", "at"),
        Index("ix_audit_entries_position", "position_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # One of the two is set: the entry is in that candidate's or that position's trail.
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE")
    )
    position_id: Mapped[int | None] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # The workstation's user name (the settings; the account name by default).
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(Text)
