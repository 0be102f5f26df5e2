"""What the user said of suggested duplicates: two candidates who are not one person."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from recruitdesk.storage.models.base import Base, utcnow


class DismissedPair(Base):
    """Two candidates the user said are two people: the pair is never suggested again.
    ``first_id`` < ``second_id``, so a pair has one row; both hang on their candidates,
    so erasing either erases the pair."""

    __tablename__ = "dismissed_duplicates"
    __table_args__ = (
        UniqueConstraint("first_id", "second_id"),
        CheckConstraint("first_id < second_id", name="ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    first_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    second_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
