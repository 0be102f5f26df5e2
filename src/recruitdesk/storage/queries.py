"""Read-only queries that return plain values."""

from dataclasses import dataclass

from sqlalchemy import func, select

from recruitdesk.storage.database import Database
from recruitdesk.storage.models import Application, Candidate, Position


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


@dataclass(frozen=True, slots=True)
class PositionChoice:
    """A position as the board's picker lists it."""

    id: int
    title: str
    company: str | None
    status: str
    cards: int

    @property
    def label(self) -> str:
        where = f"{self.title} — {self.company}" if self.company else self.title
        status = "" if self.status == "open" else f" [{self.status.replace('_', ' ')}]"
        return f"{where}{status} · {self.cards:,}"


def list_positions(database: Database) -> list[PositionChoice]:
    """Every position with its number of cards: open ones first, then by title."""
    cards = (
        select(Application.position_id, func.count().label("cards"))
        .group_by(Application.position_id)
        .subquery()
    )
    query = (
        select(
            Position.id,
            Position.title,
            Position.company,
            Position.status,
            func.coalesce(cards.c.cards, 0),
        )
        .outerjoin(cards, cards.c.position_id == Position.id)
        .order_by((Position.status != "open"), Position.title, Position.id)
    )
    with database.read() as session:
        return [PositionChoice(*row) for row in session.execute(query)]


def board_stages(database: Database, position_id: int) -> dict[int, str]:
    """Candidate id -> the stage of their card on the position's board."""
    with database.read() as session:
        rows = session.execute(
            select(Application.candidate_id, Application.stage).where(
                Application.position_id == position_id
            )
        ).all()
        return {row.candidate_id: row.stage for row in rows}
