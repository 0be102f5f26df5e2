"""Read-only queries that return plain values."""

from dataclasses import dataclass

from sqlalchemy import func, select

from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Application, Candidate, Position


@dataclass(frozen=True, slots=True)
class Counts:
    candidates: int
    positions: int
    applications: int

    @property
    def empty(self) -> bool:
        return not (self.candidates or self.positions or self.applications)


def counts(database: Database) -> Counts:
    """How many candidates, positions and applications the database holds."""
    with database.read() as session:

        def count(model: type[Candidate | Position | Application]) -> int:
            return session.scalar(select(func.count()).select_from(model)) or 0

        return Counts(count(Candidate), count(Position), count(Application))


def board_stages(database: Database, position_id: int) -> dict[int, str]:
    """Candidate id -> the stage of their card on the position's board."""
    with database.read() as session:
        rows = session.execute(
            select(Application.candidate_id, Application.stage).where(
                Application.position_id == position_id
            )
        ).all()
        return {row.candidate_id: row.stage for row in rows}
