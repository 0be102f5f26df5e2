"""Where moved cards go in a column: ranks between two neighbours, or the whole column
renumbered when the gap between them has worn too thin."""

from collections.abc import Sequence

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from recruitdesk.errors import KnownError
from recruitdesk.storage.models.pipeline import Application, Position

#: Below this gap between two neighbours' ranks, the column is renumbered.
MIN_RANK_GAP = 1e-6


def lock_board(session: Session, position_id: int) -> None:
    """Hold the position's row until the transaction ends, so the moves and new cards
    of one board take their ranks one after another. SQLite's ``BEGIN IMMEDIATE``
    already does that for the whole database; on PostgreSQL two workstations reading
    the same neighbours at once gave their cards the same ranks (``FOR UPDATE`` is
    left out on SQLite)."""
    session.execute(select(Position.id).where(Position.id == position_id).with_for_update())


def neighbour_ranks(
    session: Session,
    position_id: int,
    stage: str,
    moved: Sequence[int],
    before_id: int | None,
) -> tuple[float | None, float | None]:
    """The ranks just before and just after the place the moved cards go to."""
    in_column = and_(
        Application.position_id == position_id,
        Application.stage == stage,
        Application.id.not_in(list(moved)),
    )
    upper: float | None = None
    if before_id is not None:
        anchor = session.execute(
            select(Application.rank, Application.position_id, Application.stage).where(
                Application.id == before_id
            )
        ).one_or_none()
        if anchor is None or anchor[1] != position_id or anchor[2] != stage:
            raise KnownError("The card to drop before is no longer in that column.")
        anchor_rank = float(anchor[0])
        if before_id in moved:
            # Dropped onto one of the moved cards: go before the first card that stays.
            upper = session.scalar(
                select(func.min(Application.rank)).where(in_column, Application.rank >= anchor_rank)
            )
        else:
            upper = anchor_rank
    if upper is None:
        lower = session.scalar(select(func.max(Application.rank)).where(in_column))
        return lower, None
    lower = session.scalar(
        select(func.max(Application.rank)).where(in_column, Application.rank < upper)
    )
    return lower, upper


def spread(lower: float | None, upper: float | None, count: int) -> list[float] | None:
    """``count`` ranks strictly between ``lower`` and ``upper`` (either may be open);
    ``None`` when they are too close to fit them."""
    if upper is None:
        start = 0.0 if lower is None else lower
        return [start + index + 1 for index in range(count)]
    if lower is None:
        return [upper - count + index for index in range(count)]
    step = (upper - lower) / (count + 1)
    if step < MIN_RANK_GAP:
        return None
    return [lower + step * (index + 1) for index in range(count)]


def renumber(
    session: Session,
    position_id: int,
    stage: str,
    moved: Sequence[int],
    before_id: int | None,
) -> tuple[list[float], list[tuple[int, float]]]:
    """Ranks 1, 2, 3... for the whole column with the moved cards in their new place:
    the moved cards' ranks, and the other cards' ``(id, new rank)``."""
    staying = list(
        session.execute(
            select(Application.id, Application.rank)
            .where(
                Application.position_id == position_id,
                Application.stage == stage,
                Application.id.not_in(list(moved)),
            )
            .order_by(Application.rank, Application.id)
        )
    )
    at = len(staying)
    if before_id is not None:
        for index, (app_id, _rank) in enumerate(staying):
            if app_id == before_id:
                at = index
                break
    order: list[int | None] = [row[0] for row in staying]
    order[at:at] = [None] * len(moved)
    moved_ranks: list[float] = []
    others: list[tuple[int, float]] = []
    for index, slot in enumerate(order, start=1):
        if slot is None:
            moved_ranks.append(float(index))
        else:
            others.append((slot, float(index)))
    return moved_ranks, others
