"""The board's reads, as plain :class:`Card` values.

Reads are lazy and column by column: the board asks for each column's count, then for
cards a page at a time in rank order (keyset pagination on ``(rank, id)``, served by the
``ix_applications_board`` index), so opening a board costs what the columns show, not
what the position holds. A filter narrows every read in SQL.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, cast, func, or_, select

from recruitdesk.domain.offer import OfferState, effective_state
from recruitdesk.domain.pipeline import Stage
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.analysis import Analysis
from recruitdesk.storage.models.hiring import Offer
from recruitdesk.storage.models.pipeline import Application, Candidate
from recruitdesk.storage.textmatch import every_word

#: Cards read per page when a column scrolls.
PAGE_SIZE = 200


@dataclass(frozen=True, slots=True)
class Card:
    """One card on the board: what the delegate paints."""

    application_id: int
    candidate_id: int
    full_name: str
    track: str | None
    level: str | None
    stage: str
    rank: float
    entered_stage_at: datetime
    overall_score: float | None
    #: The newest offer's state as it stands today ("sent", "expired"...), if any.
    offer_state: str | None = None

    def days_in_stage(self, now: datetime | None = None) -> float:
        return ((now or datetime.now(UTC)) - self.entered_stage_at).total_seconds() / 86_400

    @property
    def sort_key(self) -> tuple[float, int]:
        return (self.rank, self.application_id)


def _latest_score() -> Any:
    return (
        select(Analysis.overall_score)
        .where(Analysis.candidate_id == Candidate.id)
        .order_by(Analysis.analyzed_at.desc())
        .limit(1)
        .correlate(Candidate)
        .scalar_subquery()
    )


def _latest_offer(column: Any) -> Any:
    return (
        select(column)
        .where(Offer.application_id == Application.id)
        .order_by(Offer.created_at.desc(), Offer.id.desc())
        .limit(1)
        .correlate(Application)
        .scalar_subquery()
    )


def _card_select() -> Select[Any]:
    return select(
        Application.id,
        Application.candidate_id,
        Candidate.full_name,
        Candidate.track,
        Candidate.level,
        Application.stage,
        Application.rank,
        Application.entered_stage_at,
        _latest_score(),
        _latest_offer(Offer.state),
        _latest_offer(Offer.expires_on),
    ).join(Candidate, Candidate.id == Application.candidate_id)


def filter_clause(text: str) -> ColumnElement[bool] | None:
    """Every word of ``text`` in the name, a skill or a tag (case-insensitive)."""
    return every_word(
        text, (Candidate.full_name, cast(Candidate.skills, String), cast(Candidate.tags, String))
    )


def _card(row: Any) -> Card:
    return Card(
        application_id=row[0],
        candidate_id=row[1],
        full_name=row[2],
        track=row[3],
        level=row[4],
        stage=row[5],
        rank=row[6],
        entered_stage_at=row[7],
        overall_score=row[8],
        offer_state=None
        if row[9] is None
        else effective_state(OfferState(row[9]), row[10], date.today()).value,
    )


def column_counts(database: Database, position_id: int, text: str = "") -> dict[str, int]:
    """How many cards (matching ``text``) each stage of the position holds."""
    query = select(Application.stage, func.count()).where(Application.position_id == position_id)
    clause = filter_clause(text)
    if clause is not None:
        query = query.join(Candidate, Candidate.id == Application.candidate_id).where(clause)
    query = query.group_by(Application.stage)
    with database.read() as session:
        found = {str(stage): int(count) for stage, count in session.execute(query)}
    return {stage.value: found.get(stage.value, 0) for stage in Stage}


def read_column(
    database: Database,
    position_id: int,
    stage: str,
    *,
    after: tuple[float, int] | None = None,
    limit: int = PAGE_SIZE,
    text: str = "",
) -> list[Card]:
    """The next ``limit`` cards of one column in rank order, after the ``(rank, id)``
    of the last card already read."""
    query = _card_select().where(Application.position_id == position_id, Application.stage == stage)
    if after is not None:
        rank, last_id = after
        query = query.where(
            or_(Application.rank > rank, and_(Application.rank == rank, Application.id > last_id))
        )
    clause = filter_clause(text)
    if clause is not None:
        query = query.where(clause)
    query = query.order_by(Application.rank, Application.id).limit(limit)
    with database.read() as session:
        return [_card(row) for row in session.execute(query)]


def read_cards(
    database: Database,
    application_ids: Sequence[int],
    text: str = "",
    *,
    position_id: int | None = None,
) -> list[Card]:
    """The cards with these ids (of ``position_id``, matching ``text``), in no order."""
    if not application_ids:
        return []
    query = _card_select().where(Application.id.in_(list(application_ids)))
    if position_id is not None:
        query = query.where(Application.position_id == position_id)
    clause = filter_clause(text)
    if clause is not None:
        query = query.where(clause)
    with database.read() as session:
        return [_card(row) for row in session.execute(query)]
