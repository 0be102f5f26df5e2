"""The Kanban board's reads and moves, as plain values.

Reads are lazy and column by column: the board asks for each column's count, then for
cards a page at a time in rank order (keyset pagination on ``(rank, id)``, served by the
``ix_applications_board`` index), so opening a board costs what the columns show, not
what the position holds. A filter narrows every read in SQL.

A move is one write transaction: the cards' stage, rank, ``entered_stage_at`` and
``rejection_reason``, a ``stage_changes`` row per card that changed stage, and the field
edit times, all after :func:`recruitdesk.domain.pipeline.check_move` has accepted every
card. It returns a :class:`MoveResult` holding the states before and after, which is
what undo and redo put back exactly.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    Table,
    and_,
    bindparam,
    cast,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from recruitdesk.domain.pipeline import REASON_REQUIRED, MoveRefusedError, Stage, check_move
from recruitdesk.errors import DatabaseError, KnownError
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models import (
    Analysis,
    Application,
    Candidate,
    Position,
    StageChange,
    edit_stamp,
    new_uid,
)
from recruitdesk.storage.textmatch import every_word

#: Cards read per page when a column scrolls.
PAGE_SIZE = 200
#: Below this gap between two neighbours' ranks, the column is renumbered.
MIN_RANK_GAP = 1e-6
_MOVED_FIELDS = ("stage", "rank", "entered_stage_at", "rejection_reason")


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

    def days_in_stage(self, now: datetime | None = None) -> float:
        return ((now or datetime.now(UTC)) - self.entered_stage_at).total_seconds() / 86_400

    @property
    def sort_key(self) -> tuple[float, int]:
        return (self.rank, self.application_id)


@dataclass(frozen=True, slots=True)
class CardState:
    """The fields a move changes, for one card: what undo restores."""

    application_id: int
    stage: str
    rank: float
    entered_stage_at: datetime
    rejection_reason: str | None


@dataclass(frozen=True, slots=True)
class MoveResult:
    changes: Changes
    before: tuple[CardState, ...]
    after: tuple[CardState, ...]
    #: The ``stage_changes`` rows this move added (undo deletes them).
    stage_change_ids: tuple[int, ...]
    reason: str | None

    @property
    def stage_changed(self) -> tuple[int, ...]:
        """The ids of the cards whose stage changed (not just their place)."""
        old = {state.application_id: state.stage for state in self.before}
        return tuple(s.application_id for s in self.after if old.get(s.application_id) != s.stage)


def _latest_score() -> Any:
    return (
        select(Analysis.overall_score)
        .where(Analysis.candidate_id == Candidate.id)
        .order_by(Analysis.analyzed_at.desc())
        .limit(1)
        .correlate(Candidate)
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
    ).join(Candidate, Candidate.id == Application.candidate_id)


def filter_clause(text: str) -> ColumnElement[bool] | None:
    """Every word of ``text`` in the name, a skill or a tag (case and accents folded)."""
    return every_word(
        text, (Candidate.full_name, cast(Candidate.skills, String), cast(Candidate.tags, String))
    )


@contextmanager
def _saving(what: str) -> Iterator[None]:
    """Turn a failure of the database (disk full, locked, a broken constraint) into one
    sentence for the user; the transaction has rolled back whole by then."""
    try:
        yield
    except DBAPIError as error:
        raise DatabaseError(f"{what} could not be saved: {error.orig}.") from error


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


def _states(
    session: Session, ids: Sequence[int]
) -> dict[int, tuple[CardState, int, dict[str, Any]]]:
    rows = session.execute(
        select(
            Application.id,
            Application.stage,
            Application.rank,
            Application.entered_stage_at,
            Application.rejection_reason,
            Application.position_id,
            Application.field_times,
        ).where(Application.id.in_(list(ids)))
    )
    return {
        row[0]: (CardState(row[0], row[1], row[2], row[3], row[4]), row[5], dict(row[6] or {}))
        for row in rows
    }


def _write_states(
    session: Session,
    states: Sequence[CardState],
    found: dict[int, tuple[CardState, int, dict[str, Any]]],
    now: datetime,
) -> None:
    """Write the cards' new places. Only the fields whose value changes are stamped as
    edited: a card that was only reordered must not claim a newer stage than a move
    made on another laptop (bundles merge field by field)."""
    stamp = edit_stamp(now)
    table = Application.__table__
    assert isinstance(table, Table)
    params = []
    for state in states:
        current, _position, old_times = found[state.application_id]
        times = dict(old_times)
        for name in _MOVED_FIELDS:
            if getattr(state, name) != getattr(current, name):
                times[name] = stamp
        params.append(
            {
                "b_id": state.application_id,
                "stage": state.stage,
                "rank": state.rank,
                "entered_stage_at": state.entered_stage_at,
                "rejection_reason": state.rejection_reason,
                "field_times": times,
                "updated_at": now,
            }
        )
    if params:
        session.execute(
            update(table).where(table.c.id == bindparam("b_id")),
            params,
        )


def _add_history(
    session: Session,
    before: Sequence[CardState],
    after: Sequence[CardState],
    reason: str | None,
    now: datetime,
) -> tuple[int, ...]:
    old = {state.application_id: state.stage for state in before}
    ids: list[int] = []
    for state in after:
        source = old.get(state.application_id)
        if source is None or source == state.stage:
            continue
        new_id = session.scalar(
            insert(StageChange)
            .values(
                uid=new_uid(),
                application_id=state.application_id,
                from_stage=source,
                to_stage=state.stage,
                changed_at=now,
                reason=reason if Stage(state.stage) in REASON_REQUIRED else None,
            )
            .returning(StageChange.id)
        )
        assert new_id is not None
        ids.append(new_id)
    return tuple(ids)


def _neighbour_ranks(
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


def _spread(lower: float | None, upper: float | None, count: int) -> list[float] | None:
    """``count`` ranks strictly between ``lower`` and ``upper`` (either may be open)."""
    if upper is None:
        start = 0.0 if lower is None else lower
        return [start + index + 1 for index in range(count)]
    if lower is None:
        return [upper - count + index for index in range(count)]
    step = (upper - lower) / (count + 1)
    if step < MIN_RANK_GAP:
        return None
    return [lower + step * (index + 1) for index in range(count)]


def _renumber(
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


def move_cards(
    database: Database,
    application_ids: Sequence[int],
    target: str,
    *,
    before_id: int | None = None,
    reason: str | None = None,
    now: datetime | None = None,
) -> MoveResult:
    """Move cards of one position to ``target``, before the card ``before_id`` (or at the
    end of the column), in the order given.

    Raises :class:`MoveRefusedError` for a move the pipeline forbids or a closing move
    without a reason, and :class:`KnownError` for cards that no longer exist.
    """
    ids = list(dict.fromkeys(application_ids))
    if not ids:
        raise KnownError("No cards to move.")
    try:
        stage = Stage(target)
    except ValueError:
        raise KnownError(f"{target!r} is not a stage of the board.") from None
    reason = (reason or "").strip() or None
    now = now or datetime.now(UTC)
    with _saving("The move"), database.write() as session:
        found = _states(session, ids)
        missing = [app_id for app_id in ids if app_id not in found]
        if missing:
            raise KnownError("A card you moved has been deleted meanwhile; the board reloads.")
        positions = {found[app_id][1] for app_id in ids}
        if len(positions) != 1:
            raise KnownError("Cards of different positions cannot be moved together.")
        position_id = positions.pop()
        changing = [app_id for app_id in ids if found[app_id][0].stage != stage.value]
        for app_id in changing:
            check_move(Stage(found[app_id][0].stage), stage)
        if changing and stage in REASON_REQUIRED and reason is None:
            raise MoveRefusedError(f"Moving a candidate to {stage.label} needs a reason.")
        lower, upper = _neighbour_ranks(session, position_id, stage.value, ids, before_id)
        ranks = _spread(lower, upper, len(ids))
        renumbered: list[tuple[int, float]] = []
        if ranks is None:
            ranks, renumbered = _renumber(session, position_id, stage.value, ids, before_id)
        before: list[CardState] = [found[app_id][0] for app_id in ids]
        after: list[CardState] = []
        for app_id, rank in zip(ids, ranks, strict=True):
            old = found[app_id][0]
            moved_stage = old.stage != stage.value
            after.append(
                CardState(
                    app_id,
                    stage.value,
                    rank,
                    now if moved_stage else old.entered_stage_at,
                    (reason if stage in REASON_REQUIRED else None)
                    if moved_stage
                    else old.rejection_reason,
                )
            )
        if renumbered:
            others = _states(session, [app_id for app_id, _ in renumbered])
            for app_id, rank in renumbered:
                old = others[app_id][0]
                found[app_id] = others[app_id]
                before.append(old)
                after.append(
                    CardState(app_id, old.stage, rank, old.entered_stage_at, old.rejection_reason)
                )
        _write_states(session, after, found, now)
        history = _add_history(session, before, after, reason, now)
    return MoveResult(
        changes=Changes(applications=frozenset(state.application_id for state in after)),
        before=tuple(before),
        after=tuple(after),
        stage_change_ids=history,
        reason=reason,
    )


def undo_move(database: Database, result: MoveResult, *, now: datetime | None = None) -> Changes:
    """Put every card of ``result`` back exactly where it was and drop the history rows
    the move added."""
    now = now or datetime.now(UTC)
    with _saving("The undo"), database.write() as session:
        found = _states(session, [state.application_id for state in result.before])
        if len(found) != len(result.before):
            raise KnownError("A card of that move has been deleted; it cannot be undone.")
        _write_states(session, result.before, found, now)
        if result.stage_change_ids:
            session.execute(
                delete(StageChange).where(StageChange.id.in_(list(result.stage_change_ids)))
            )
    return result.changes


def redo_move(database: Database, result: MoveResult, *, now: datetime | None = None) -> MoveResult:
    """Make an undone move again, to exactly the places it had; returns the new result
    (its history rows have new ids)."""
    now = now or datetime.now(UTC)
    with _saving("The redo"), database.write() as session:
        found = _states(session, [state.application_id for state in result.after])
        if len(found) != len(result.after):
            raise KnownError("A card of that move has been deleted; it cannot be redone.")
        _write_states(session, result.after, found, now)
        history = _add_history(session, result.before, result.after, result.reason, now)
    return MoveResult(result.changes, result.before, result.after, history, result.reason)


def stage_history(
    database: Database, application_id: int
) -> list[tuple[str | None, str, datetime, str | None]]:
    """``(from, to, when, reason)`` for every move of one card, oldest first."""
    with database.read() as session:
        rows = session.execute(
            select(
                StageChange.from_stage,
                StageChange.to_stage,
                StageChange.changed_at,
                StageChange.reason,
            )
            .where(StageChange.application_id == application_id)
            .order_by(StageChange.changed_at, StageChange.id)
        )
        return [(row[0], row[1], row[2], row[3]) for row in rows]


def add_cards(
    database: Database,
    position_id: int,
    candidate_ids: Sequence[int],
    *,
    stage: str = Stage.SOURCED.value,
    now: datetime | None = None,
) -> tuple[list[int], Changes]:
    """Put candidates on a position's board in one transaction, at the end of
    ``stage``'s column in the order given; those already on it are skipped. Returns the
    new applications' ids."""
    now = now or datetime.now(UTC)
    try:
        start = Stage(stage)
    except ValueError:
        raise KnownError(f"{stage!r} is not a stage of the board.") from None
    if start in REASON_REQUIRED:
        raise MoveRefusedError(f"A new card cannot start in {start.label}.")
    wanted = list(dict.fromkeys(candidate_ids))
    stamp = edit_stamp(now)
    added: list[int] = []
    touched: list[int] = []
    with _saving("The new cards"), database.write() as session:
        if session.get(Position, position_id) is None:
            raise KnownError(f"There is no position with id {position_id}.")
        known = set(session.scalars(select(Candidate.id).where(Candidate.id.in_(wanted))))
        missing = [cid for cid in wanted if cid not in known]
        if missing:
            raise KnownError(f"There is no candidate with id {missing[0]}.")
        present = set(
            session.scalars(
                select(Application.candidate_id).where(
                    Application.position_id == position_id,
                    Application.candidate_id.in_(wanted),
                )
            )
        )
        rank = session.scalar(
            select(func.max(Application.rank)).where(
                Application.position_id == position_id, Application.stage == start.value
            )
        )
        rank = rank or 0.0
        for candidate_id in wanted:
            if candidate_id in present:
                continue
            rank += 1.0
            application = Application(
                candidate_id=candidate_id,
                position_id=position_id,
                stage=start.value,
                rank=rank,
                entered_stage_at=now,
                field_times=dict.fromkeys(("stage", "rank", "entered_stage_at"), stamp),
                created_at=now,
                updated_at=now,
            )
            session.add(application)
            session.flush()
            session.add(
                StageChange(
                    application_id=application.id,
                    from_stage=None,
                    to_stage=start.value,
                    changed_at=now,
                )
            )
            added.append(application.id)
            touched.append(candidate_id)
    return added, Changes(
        applications=frozenset(added),
        candidates=frozenset(touched),
        positions=frozenset({position_id}) if added else frozenset(),
    )


def add_to_board(
    database: Database,
    candidate_id: int,
    position_id: int,
    stage: str = Stage.SOURCED.value,
    *,
    now: datetime | None = None,
) -> tuple[int, Changes]:
    """Put one candidate on a position's board (the pane's "Put on board"); returns the
    new application's id. A candidate has at most one card per position."""
    added, changes = add_cards(database, position_id, [candidate_id], stage=stage, now=now)
    if not added:
        raise KnownError("The candidate is already on this position's board.")
    return added[0], changes
