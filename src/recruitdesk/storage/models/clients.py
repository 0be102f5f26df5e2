"""The agency's side: client companies, their contacts, which candidate was sent to
which client (the submission log fees are claimed by), and placements with their fee."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from recruitdesk.storage.models.base import Base, SharedMixin, TimestampMixin, utcnow


class Client(SharedMixin, TimestampMixin, Base):
    """A company the agency fills positions for; ``positions.client_id`` points here and
    ``positions.company`` keeps the client's name, as every view shows it."""

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    notes: Mapped[str | None] = mapped_column(Text)


class ClientContact(SharedMixin, Base):
    __tablename__ = "client_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(50))


class Submission(SharedMixin, Base):
    """One candidate's profile or PDF sent to one client: kept after the candidate's
    other data changes, because a fee is claimed "within a year of submission"."""

    __tablename__ = "submissions"
    __table_args__ = (Index("ix_submissions_client", "client_id", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    position_id: Mapped[int | None] = mapped_column(ForeignKey("positions.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The workstation's user name (Database.actor).
    submitted_by: Mapped[str] = mapped_column(String(100))
    # "profile" or "pdf"; a PDF's file name (never its path) is kept with it.
    kind: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str | None] = mapped_column(String(255))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("client_contacts.id", ondelete="SET NULL")
    )


class Placement(SharedMixin, Base):
    """A hire through the agency: the fee it earns and how long the guarantee runs."""

    __tablename__ = "placements"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    position_id: Mapped[int | None] = mapped_column(ForeignKey("positions.id", ondelete="SET NULL"))
    start_date: Mapped[date] = mapped_column(Date)
    # Whole units of the currency, as asks and budgets are.
    fee_amount: Mapped[int] = mapped_column(Integer)
    fee_currency: Mapped[str] = mapped_column(String(3))
    guarantee_days: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
