"""The database schema: SQLAlchemy 2.0 typed ORM models.

Enumerated fields are stored as their string values (the ``StrEnum``s of
:mod:`recruitdesk.domain`), so the database stays readable and a new value needs no
schema change. Timestamps are stored as naive UTC and read back as aware UTC.
Changing anything here needs an Alembic revision and a fixture database of the old
schema (see ``tests/storage/test_migrations.py``).
"""

import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime, stored without a zone so SQLite and PostgreSQL agree."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[str]: JSON,
        list[dict[str, Any]]: JSON,
    }


def edit_stamp(now: datetime) -> str:
    """An edit time as ``field_times`` holds it: ISO 8601 in UTC."""
    return now.astimezone(UTC).isoformat()


def new_uid() -> str:
    return str(uuid.uuid4())


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SharedMixin:
    """A row that travels between databases in bundles.

    ``uid`` names the same row on every laptop (ids differ between databases).
    """

    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)


class VersionedMixin:
    """A record several people may edit at once: every update bumps ``version`` and
    only succeeds over the version it read (SQLAlchemy's ``version_id_col``), so a save
    over someone else's newer edit is noticed instead of overwriting it
    (``recruitdesk.storage.versions``)."""

    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 (a class attribute)
        return {"version_id_col": cls.version}


class EditedFieldsMixin(SharedMixin):
    """A record whose fields merge one by one: ``field_times`` maps a field's name to
    when it was last edited (ISO 8601, UTC), so on a merge the newer edit of each field
    wins. The storage operations that edit fields keep it up to date."""

    field_times: Mapped[dict[str, Any]] = mapped_column(default=dict)

    def apply_edits(self, values: Mapping[str, Any], now: datetime) -> list[str]:
        """Set the fields whose value differs, stamp them and ``updated_at``; returns the
        names that changed (none: nothing is touched)."""
        changed = [name for name, value in values.items() if getattr(self, name) != value]
        for name in changed:
            setattr(self, name, values[name])
        if changed:
            self.stamp(changed, now)
            self.updated_at = now
        return changed

    def stamp(self, names: Iterable[str], now: datetime) -> None:
        """Record that the fields ``names`` were edited at ``now``. The dict is replaced,
        not changed in place, so the JSON column sees the change."""
        self.field_times = {**(self.field_times or {}), **dict.fromkeys(names, edit_stamp(now))}


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


class Position(EditedFieldsMixin, VersionedMixin, TimestampMixin, Base):
    __tablename__ = "positions"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    company: Mapped[str | None] = mapped_column(String(200))
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
    """Who did what to a candidate, and when: an edit, a move, a note, a scorecard.
    ``detail`` names what changed (fields by name), never the values."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_candidate", "candidate_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # The workstation's user name (the settings; the account name by default).
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(Text)


class Analysis(SharedMixin, Base):
    """One analysis result (``docs/architecture.md``, "The analysis"). A candidate keeps every
    analysis made of them; the newest is the one shown."""

    __tablename__ = "analyses"
    __table_args__ = (Index("ix_analyses_latest", "candidate_id", "analyzed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Null for a local folder or archive analysed without a candidate.
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE")
    )
    schema_version: Mapped[int] = mapped_column(Integer, default=1)
    source: Mapped[str] = mapped_column(String(8))
    login: Mapped[str | None] = mapped_column(String(39))
    path: Mapped[str | None] = mapped_column(Text)
    analyzed_at: Mapped[datetime]
    api_requests: Mapped[int] = mapped_column(Integer, default=0)
    # The ETag of the account's repository listing: an unchanged account is one 304.
    listing_etag: Mapped[str | None] = mapped_column(String(200))
    # Score name -> 0..100; "overall" is also a column for sorting and badges.
    scores: Mapped[dict[str, Any]] = mapped_column(default=dict)
    overall_score: Mapped[float | None] = mapped_column(Float, index=True)
    track: Mapped[str | None] = mapped_column(String(32))
    # Score name -> the sentences that explain it.
    explanations: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Score name -> {"amount", "unit"}: the evidence the score rests on (schema 2).
    score_evidence: Mapped[dict[str, Any]] = mapped_column(
        default=dict, server_default=text("'{}'")
    )

    candidate: Mapped[Candidate | None] = relationship(back_populates="analyses")
    repositories: Mapped[list["AnalysisRepository"]] = relationship(
        back_populates="analysis", cascade="all, delete-orphan", passive_deletes=True
    )
    skills: Mapped[list["AnalysisSkill"]] = relationship(
        back_populates="analysis", cascade="all, delete-orphan", passive_deletes=True
    )
    red_flags: Mapped[list["AnalysisRedFlag"]] = relationship(
        back_populates="analysis", cascade="all, delete-orphan", passive_deletes=True
    )


class AnalysisRepository(Base):
    """The metrics of one repository within an analysis."""

    __tablename__ = "analysis_repositories"

    id: Mapped[int] = mapped_column(primary_key=True)
    analysis_id: Mapped[int] = mapped_column(
        ForeignKey("analyses.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(Text)
    fork: Mapped[bool] = mapped_column(Boolean, default=False)
    stars: Mapped[int] = mapped_column(Integer, default=0)
    pushed_at: Mapped[datetime | None]
    # The ETag of the repository's tarball, so an unchanged repository is not fetched.
    etag: Mapped[str | None] = mapped_column(String(200))
    files: Mapped[int] = mapped_column(Integer, default=0)
    sloc: Mapped[int] = mapped_column(Integer, default=0)
    # Every other figure of the repository entry of the analysis JSON, as it is there.
    metrics: Mapped[dict[str, Any]] = mapped_column(default=dict)

    analysis: Mapped[Analysis] = relationship(back_populates="repositories")


class AnalysisSkill(Base):
    """A skill the analysis verified, with the evidence for it."""

    __tablename__ = "analysis_skills"

    id: Mapped[int] = mapped_column(primary_key=True)
    analysis_id: Mapped[int] = mapped_column(
        ForeignKey("analyses.id", ondelete="CASCADE"), index=True
    )
    # Search by verified skill looks skills up by name.
    name: Mapped[str] = mapped_column(String(100), index=True)
    confidence: Mapped[float] = mapped_column(Float)
    # [{"repo", "path", "why"}, ...]
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(default=list)

    analysis: Mapped[Analysis] = relationship(back_populates="skills")


class AnalysisRedFlag(Base):
    __tablename__ = "analysis_red_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    analysis_id: Mapped[int] = mapped_column(
        ForeignKey("analyses.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)

    analysis: Mapped[Analysis] = relationship(back_populates="red_flags")


class AnalysisJob(TimestampMixin, Base):
    """A queued analysis: it outlives the app, so a job left running resumes."""

    __tablename__ = "analysis_jobs"
    __table_args__ = (Index("ix_analysis_jobs_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    login: Mapped[str] = mapped_column(String(39))
    state: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    # Why a waiting job waits: a ``recruitdesk.storage.jobs.WaitReason`` value.
    wait_reason: Mapped[str | None] = mapped_column(String(16))
    last_error: Mapped[str | None] = mapped_column(Text)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class OutreachMessage(SharedMixin, Base):
    """One message on a candidate's timeline: sent by the app, or a reply logged by hand."""

    __tablename__ = "outreach_messages"
    __table_args__ = (Index("ix_outreach_messages_timeline", "candidate_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    position_id: Mapped[int | None] = mapped_column(ForeignKey("positions.id", ondelete="SET NULL"))
    direction: Mapped[str] = mapped_column(String(4))
    kind: Mapped[str | None] = mapped_column(String(24))
    template: Mapped[str | None] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Interview(SharedMixin, TimestampMixin, Base):
    """An interview of one application, at a moment in UTC shown in ``time_zone``."""

    __tablename__ = "interviews"
    __table_args__ = (Index("ix_interviews_upcoming", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    starts_at: Mapped[datetime]
    time_zone: Mapped[str] = mapped_column(String(64))
    minutes: Mapped[int] = mapped_column(Integer)
    interviewers: Mapped[list[str]] = mapped_column(default=list)
    place: Mapped[str | None] = mapped_column(Text)


class ImportRun(Base):
    """An import writing in batches (docs/architecture.md, "Writes and transactions"):
    until ``published``, the people it added are undone whole if it stops."""

    __tablename__ = "import_runs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    # Stamped with each batch, so a run whose process cannot be asked is known dead.
    alive_at: Mapped[datetime]
    published: Mapped[bool] = mapped_column(Boolean, default=False)


class ImportRunCandidate(Base):
    """A person an unpublished import run added."""

    __tablename__ = "import_run_candidates"

    run_id: Mapped[str] = mapped_column(
        ForeignKey("import_runs.id", ondelete="CASCADE"), primary_key=True
    )
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Suppression(Base):
    """Someone erased on their request whom sourcing must never add again: a keyed hash
    of one of their identifiers (a login or an e-mail address) and which key made it;
    nothing else of them."""

    __tablename__ = "suppressions"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(16))
