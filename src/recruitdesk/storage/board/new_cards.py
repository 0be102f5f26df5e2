"""Putting candidates on a position's board: new applications at the end of a column."""

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recruitdesk.domain.pipeline import REASON_REQUIRED, MoveRefusedError, Stage
from recruitdesk.errors import KnownError
from recruitdesk.storage.audit import record
from recruitdesk.storage.board.ranks import lock_board
from recruitdesk.storage.board.saving import saving
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.base import edit_stamp
from recruitdesk.storage.models.pipeline import Application, Candidate, Position, StageChange


def put_on_board(
    session: Session,
    position_id: int,
    candidate_ids: Sequence[int],
    start: Stage,
    now: datetime,
    actor: str,
) -> tuple[list[int], list[int]]:
    """Inside a write: put existing candidates on an existing position's board, at the end
    of ``start``'s column; those already on it are skipped. The board is locked first, so
    two workstations never take one rank; ``actor`` is recorded in the audit trail.
    Returns the new applications' ids and their candidates' ids."""
    position = session.get_one(Position, position_id)
    lock_board(session, position_id)
    stamp = edit_stamp(now)
    added: list[int] = []
    touched: list[int] = []
    present = set(
        session.scalars(
            select(Application.candidate_id).where(
                Application.position_id == position_id,
                Application.candidate_id.in_(candidate_ids),
            )
        )
    )
    rank = session.scalar(
        select(func.max(Application.rank)).where(
            Application.position_id == position_id, Application.stage == start.value
        )
    )
    rank = rank or 0.0
    for candidate_id in candidate_ids:
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
                application_id=application.id, from_stage=None, to_stage=start.value, changed_at=now
            )
        )
        added.append(application.id)
        touched.append(candidate_id)
    record(
        session, actor, touched, "board", f"{position.title}: on the board in {start.label}", now
    )
    return added, touched


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
    with saving("The new cards"), database.write() as session:
        if session.get(Position, position_id) is None:
            raise KnownError(f"There is no position with id {position_id}.")
        known = set(session.scalars(select(Candidate.id).where(Candidate.id.in_(wanted))))
        missing = [cid for cid in wanted if cid not in known]
        if missing:
            raise KnownError(f"There is no candidate with id {missing[0]}.")
        added, touched = put_on_board(session, position_id, wanted, start, now, database.actor)
        changes = Changes(
            applications=frozenset(added),
            candidates=frozenset(touched),
            positions=frozenset({position_id}) if added else frozenset(),
        )
        return added, announce(session, changes)


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
