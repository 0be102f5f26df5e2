"""Analyses of a candidate's code and the queue of analyses still to run."""

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from recruitdesk.storage.models.base import (
    Base,
    SharedMixin,
    TimestampMixin,
)
from recruitdesk.storage.models.pipeline import Candidate


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
    # Work in other people's projects: the analysis JSON's ``contributions`` with the
    # searches' ETags; null for analyses made before it was looked for.
    contributions: Mapped[dict[str, Any] | None] = mapped_column(default=None)

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
    """A queued job (an analysis, or a sourcing run): it outlives the app, so a job left
    running resumes."""

    __tablename__ = "analysis_jobs"
    __table_args__ = (Index("ix_analysis_jobs_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # What the job does: a ``recruitdesk.storage.jobs_queue.JobKind`` value. An
    # analysis names its candidate and login; a sourcing run its ``sourcing_runs`` row.
    kind: Mapped[str] = mapped_column(String(16), default="analysis", server_default="analysis")
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    login: Mapped[str | None] = mapped_column(String(39))
    sourcing_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("sourcing_runs.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    # Why a waiting job waits: a ``recruitdesk.storage.jobs_queue.WaitReason`` value.
    wait_reason: Mapped[str | None] = mapped_column(String(16))
    last_error: Mapped[str | None] = mapped_column(Text)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    # The lease of a running job (docs/architecture.md, "The shared analysis queue"):
    # the ``Database.workstation`` that runs it, its name for people, and until when
    # the lease holds unless renewed; after that another workstation takes the job. Its
    # host and process id let the next start on that machine take it back at once when
    # that process died (``process_probe.py``).
    lease_holder: Mapped[str | None] = mapped_column(String(64))
    lease_holder_name: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None]
    lease_host: Mapped[str | None] = mapped_column(String(255))
    lease_pid: Mapped[int | None]
