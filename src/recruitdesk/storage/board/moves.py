"""Moving cards on the board, and the exact undo and redo of a move.

A move is one write transaction: the cards' stage, rank, ``entered_stage_at`` and
``rejection_reason``, a ``stage_changes`` row per card that changed stage, and the field
edit times, all after :func:`recruitdesk.domain.pipeline.check_move` has accepted every
card. It returns a :class:`MoveResult` holding the states before and after, which is
what undo and redo put back.

The history is append-only: it is the candidate's record, and bundles merge it row by
row, so a deleted row would come back from another laptop. An undo therefore appends a
compensating change and puts the cards back exactly (the mistaken move does not reset
their time in the stage); a redo is a new move, its history row and the cards'
``entered_stage_at`` sharing one time.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from recruitdesk.domain.pipeline import REASON_REQUIRED, MoveRefusedError, Stage, check_move
from recruitdesk.errors import KnownError
from recruitdesk.storage.audit import record
from recruitdesk.storage.board.ranks import lock_board, neighbour_ranks, renumber, spread
from recruitdesk.storage.board.saving import saving
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.base import edit_stamp, new_uid
from recruitdesk.storage.models.pipeline import Application, StageChange

_MOVED_FIELDS = ("stage", "rank", "entered_stage_at", "rejection_reason")


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
    #: The ``stage_changes`` rows this move added.
    stage_change_ids: tuple[int, ...]

    @property
    def stage_changed(self) -> tuple[int, ...]:
        """The ids of the cards whose stage changed (not just their place)."""
        old = {state.application_id: state.stage for state in self.before}
        return tuple(s.application_id for s in self.after if old.get(s.application_id) != s.stage)


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
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(version=table.c.version + 1),
            params,
        )


def _add_history(
    session: Session,
    before: Sequence[CardState],
    after: Sequence[CardState],
    now: datetime,
    actor: str,
    action: str = "move",
) -> tuple[int, ...]:
    """A row per card whose stage differs between ``before`` and ``after`` (a closing
    stage's row carries the card's reason), and its candidate's audit entry."""
    old = {state.application_id: state.stage for state in before}
    ids: list[int] = []
    moved = [s for s in after if old.get(s.application_id) not in (None, s.stage)]
    candidates: dict[int, int] = {
        row.id: row.candidate_id
        for row in session.execute(
            select(Application.id, Application.candidate_id).where(
                Application.id.in_([state.application_id for state in moved])
            )
        )
    }
    for state in moved:
        source = old[state.application_id]
        new_id = session.scalar(
            insert(StageChange)
            .values(
                uid=new_uid(),
                application_id=state.application_id,
                from_stage=source,
                to_stage=state.stage,
                changed_at=now,
                reason=state.rejection_reason if Stage(state.stage) in REASON_REQUIRED else None,
            )
            .returning(StageChange.id)
        )
        assert new_id is not None
        ids.append(new_id)
        record(
            session,
            actor,
            [candidates[state.application_id]],
            action,
            f"{Stage(source).label} → {Stage(state.stage).label}",
            now,
        )
    return tuple(ids)


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
    with saving("The move"), database.write() as session:
        found = _states(session, ids)
        missing = [app_id for app_id in ids if app_id not in found]
        if missing:
            raise KnownError("A card you moved has been deleted meanwhile; the board reloads.")
        positions = {found[app_id][1] for app_id in ids}
        if len(positions) != 1:
            raise KnownError("Cards of different positions cannot be moved together.")
        position_id = positions.pop()
        lock_board(session, position_id)
        changing = [app_id for app_id in ids if found[app_id][0].stage != stage.value]
        for app_id in changing:
            check_move(Stage(found[app_id][0].stage), stage)
        if changing and stage in REASON_REQUIRED and reason is None:
            raise MoveRefusedError(f"Moving a candidate to {stage.label} needs a reason.")
        lower, upper = neighbour_ranks(session, position_id, stage.value, ids, before_id)
        ranks = spread(lower, upper, len(ids))
        renumbered: list[tuple[int, float]] = []
        if ranks is None:
            ranks, renumbered = renumber(session, position_id, stage.value, ids, before_id)
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
        history = _add_history(session, before, after, now, database.actor)
        changes = announce(
            session, Changes(applications=frozenset(state.application_id for state in after))
        )
    return MoveResult(
        changes=changes,
        before=tuple(before),
        after=tuple(after),
        stage_change_ids=history,
    )


def _put_back(session: Session, states: Sequence[CardState], now: datetime, done: str) -> None:
    """Write ``states`` exactly; refused when one of their cards has been deleted."""
    found = _states(session, [state.application_id for state in states])
    if len(found) != len(states):
        raise KnownError(f"A card of that move has been deleted; it cannot be {done}.")
    _write_states(session, states, found, now)


def undo_move(database: Database, result: MoveResult, *, now: datetime | None = None) -> Changes:
    """Put every card of ``result`` back exactly where it was, and append to the history
    the change back to its earlier stage."""
    now = now or datetime.now(UTC)
    with saving("The undo"), database.write() as session:
        _put_back(session, result.before, now, "undone")
        _add_history(session, result.after, result.before, now, database.actor, "undo")
        return announce(session, result.changes)


def redo_move(database: Database, result: MoveResult, *, now: datetime | None = None) -> MoveResult:
    """Make an undone move again, to the same places, as a move made ``now``: the cards
    that change stage enter it now, the time their new history rows carry."""
    now = now or datetime.now(UTC)
    old = {state.application_id: state.stage for state in result.before}
    after = tuple(
        replace(state, entered_stage_at=now) if old[state.application_id] != state.stage else state
        for state in result.after
    )
    with saving("The redo"), database.write() as session:
        _put_back(session, after, now, "redone")
        history = _add_history(session, result.before, after, now, database.actor)
        announce(session, result.changes)
    return MoveResult(result.changes, result.before, after, history)
