"""Messages on a candidate's timeline and the interviews scheduled for an application."""

from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from recruitdesk.storage.models.base import (
    Base,
    SharedMixin,
    TimestampMixin,
    utcnow,
)


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
