"""Imports that write in batches and are undone whole until published."""

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from recruitdesk.storage.models.base import (
    Base,
)


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


class ImportRunRow(Base):
    """Another row an unpublished import run added (a bundle's positions, cards, stage
    changes, notes, scorecards, analyses), named by table and id, and by uid too: ids
    are no foreign key here, and SQLite may give a deleted row's id to the next one.
    Or a record already stored that the run changed, with what undoing it restores."""

    __tablename__ = "import_run_rows"

    run_id: Mapped[str] = mapped_column(
        ForeignKey("import_runs.id", ondelete="CASCADE"), primary_key=True
    )
    #: The table the row is in.
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36))
    #: For a changed record: ``{"values": the columns before (JSON), "written": the
    #: version the run left}``; ``None`` for a row the run added.
    restore: Mapped[dict[str, Any] | None] = mapped_column(JSON)
