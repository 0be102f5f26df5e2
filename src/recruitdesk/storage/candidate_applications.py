"""A candidate's cards on the position boards and the timeline of their stage moves, as
plain values."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Application, Position, StageChange


@dataclass(frozen=True, slots=True)
class ApplicationView:
    id: int
    position_id: int
    position_title: str
    company: str | None
    stage: str
    entered_stage_at: datetime
    rejection_reason: str | None


def list_applications(database: Database, candidate_id: int) -> list[ApplicationView]:
    with database.read() as session:
        rows = session.execute(
            select(
                Application.id,
                Application.position_id,
                Position.title,
                Position.company,
                Application.stage,
                Application.entered_stage_at,
                Application.rejection_reason,
            )
            .join(Position, Position.id == Application.position_id)
            .where(Application.candidate_id == candidate_id)
            .order_by(Application.created_at, Application.id)
        )
        return [ApplicationView(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    application_id: int
    position_title: str
    from_stage: str | None
    to_stage: str
    changed_at: datetime
    reason: str | None


def stage_timeline(database: Database, candidate_id: int) -> list[TimelineEntry]:
    """Every move of every card of the candidate, oldest first."""
    with database.read() as session:
        rows = session.execute(
            select(
                StageChange.application_id,
                Position.title,
                StageChange.from_stage,
                StageChange.to_stage,
                StageChange.changed_at,
                StageChange.reason,
            )
            .join(Application, Application.id == StageChange.application_id)
            .join(Position, Position.id == Application.position_id)
            .where(Application.candidate_id == candidate_id)
            .order_by(StageChange.changed_at, StageChange.id)
        )
        return [TimelineEntry(*row) for row in rows]
