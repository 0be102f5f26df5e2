"""What CVs and duplicate merges keep: the file a candidate came from, and what undoing a
merge of two candidates needs."""

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from recruitdesk.storage.models.base import Base, utcnow


class CandidateFile(Base):
    """A file kept with a candidate (their CV). The bytes live in the database, not a
    folder beside it: erasure then reaches them with the rest of the person
    (``secure_delete``, backups), and a team database on PostgreSQL shares them."""

    __tablename__ = "candidate_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class CandidateMerge(Base):
    """One merge of two candidates into one, and what undoing it needs: the absorbed
    person's row, the kept one's fields before, and the ids of every row that moved.
    It hangs on the kept candidate, so erasing them erases the absorbed person's copy
    too; an undo deletes it."""

    __tablename__ = "candidate_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    kept_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    absorbed_id: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    #: The kept candidate's version right after the merge: an undo over a later edit
    #: would overwrite it, so it is refused.
    kept_version: Mapped[int] = mapped_column(Integer)
    undo: Mapped[dict[str, Any]] = mapped_column(default=dict)
