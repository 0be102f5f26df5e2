"""Several workstations on one database: the feed of changes another process reads."""

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from recruitdesk.storage.models.base import Base, utcnow


class ChangeFeedEntry(Base):
    """One committed write's :class:`~recruitdesk.storage.changes.Changes`, written in
    that write's transaction (docs/architecture.md, "Live updates"). On SQLite another
    process reads the entries after ``PRAGMA data_version`` moved; PostgreSQL sends the
    same payload with ``NOTIFY`` and keeps no rows."""

    __tablename__ = "change_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    #: ``Database.workstation`` of the writer: its own entries are skipped.
    workstation: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
