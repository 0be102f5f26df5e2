"""The late steps of hiring: review exercises sent and graded, and offers."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from recruitdesk.storage.models.base import Base, SharedMixin, TimestampMixin, utcnow


class ExerciseAssignment(SharedMixin, TimestampMixin, Base):
    """One review exercise sent to a candidate, their written review, the recruiter's
    confirmed grade per planted problem, and a take-home submission's analysis."""

    __tablename__ = "exercise_assignments"
    __table_args__ = (Index("ix_exercise_assignments_candidate", "candidate_id", "sent_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    position_id: Mapped[int | None] = mapped_column(ForeignKey("positions.id", ondelete="SET NULL"))
    #: The exercise's id in ``resources/exercises/``.
    exercise: Mapped[str] = mapped_column(String(40))
    #: The timeline entry of the message that carried it.
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("outreach_messages.id", ondelete="SET NULL")
    )
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    review: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[datetime | None]
    #: Problem id -> {"found": bool, "explained": bool}, as the recruiter confirmed it.
    grades: Mapped[dict[str, Any]] = mapped_column(default=dict)
    graded_at: Mapped[datetime | None]
    graded_by: Mapped[str | None] = mapped_column(String(100))
    submission_analysis_id: Mapped[int | None] = mapped_column(
        ForeignKey("analyses.id", ondelete="SET NULL")
    )


class Offer(SharedMixin, TimestampMixin, Base):
    """An offer made on one application: its terms and where it stands."""

    __tablename__ = "offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    amount: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    period: Mapped[str] = mapped_column(String(8))
    start_date: Mapped[date]
    expires_on: Mapped[date]
    notes: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10))
    #: Why it was declined, in the candidate's words.
    reason: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
