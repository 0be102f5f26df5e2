"""Pairs the user said are not one person ("Not the same person"): stored, recorded in
both candidates' trails, never suggested again, and suggested again when undone.

A dismissal names two candidates and hangs on both, so erasing either erases it. When
one of them is merged into a third candidate, what was said of them holds for the merged
person: the dismissal moves to the kept candidate (:func:`carry_on_merge`), unless the
kept one already has it or is the other of the pair; undoing the merge puts it back
(:func:`put_back_on_undo`).
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, insert, or_, select
from sqlalchemy.orm import Session, aliased

from recruitdesk.errors import KnownError, RefusedError
from recruitdesk.storage.audit import record
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.duplicates import DismissedPair
from recruitdesk.storage.models.pipeline import Candidate

_PAIRS = cast(Table, DismissedPair.__table__)


@dataclass(frozen=True, slots=True)
class DismissalView:
    id: int
    first_id: int
    first_name: str
    second_id: int
    second_name: str
    at: datetime
    actor: str


def _ordered(one: int, other: int) -> tuple[int, int]:
    return (one, other) if one < other else (other, one)


def _exists(session: Session, candidate_id: int) -> None:
    if session.get(Candidate, candidate_id) is None:
        raise KnownError(f"There is no candidate with id {candidate_id}.")


def dismiss_pair(
    database: Database, one: int, other: int, *, now: datetime | None = None
) -> tuple[int, Changes]:
    """Say ``one`` and ``other`` are two people; returns the dismissal's id (for
    :func:`suggest_again`). Saying it twice keeps the first."""
    if one == other:
        raise RefusedError("A candidate is always the same person as themself.")
    now = now or datetime.now(UTC)
    first, second = _ordered(one, other)
    with database.write() as session:
        _exists(session, first)
        _exists(session, second)
        found = session.scalar(
            select(DismissedPair.id).where(
                DismissedPair.first_id == first, DismissedPair.second_id == second
            )
        )
        if found is not None:
            return found, Changes()
        pair = DismissedPair(first_id=first, second_id=second, at=now, actor=database.actor[:100])
        session.add(pair)
        session.flush()
        for me, them in ((first, second), (second, first)):
            # By id only: the trail keeps no value of a person who may later be erased.
            detail = f"not the same person as candidate {them}"
            record(session, database.actor, [me], "not a duplicate", detail, now)
        return pair.id, announce(session, Changes(candidates=frozenset({first, second})))


def suggest_again(database: Database, dismissal_id: int, *, now: datetime | None = None) -> Changes:
    """Undo a dismissal: the pair may be suggested again."""
    now = now or datetime.now(UTC)
    with database.write() as session:
        pair = session.get(DismissedPair, dismissal_id)
        if pair is None:
            raise KnownError(f"There is no dismissed pair with id {dismissal_id}.")
        first, second = pair.first_id, pair.second_id
        session.delete(pair)
        for me, them in ((first, second), (second, first)):
            detail = f"may be the same person as candidate {them} again"
            record(session, database.actor, [me], "duplicate suggested again", detail, now)
        return announce(session, Changes(candidates=frozenset({first, second})))


def list_dismissals(database: Database, limit: int = 50) -> list[DismissalView]:
    """The newest dismissals first, with both people's names."""
    one, other = aliased(Candidate), aliased(Candidate)
    with database.read() as session:
        rows = session.execute(
            select(DismissedPair, one.full_name, other.full_name)
            .join(one, one.id == DismissedPair.first_id)
            .join(other, other.id == DismissedPair.second_id)
            .order_by(DismissedPair.at.desc(), DismissedPair.id.desc())
            .limit(limit)
        ).all()
        return [
            DismissalView(
                pair.id, pair.first_id, first_name, pair.second_id, second_name, pair.at, pair.actor
            )
            for pair, first_name, second_name in rows
        ]


def dismissed_pairs(connection: Connection) -> set[tuple[int, int]]:
    """Every dismissed pair, ``(first, second)`` with ``first`` < ``second``."""
    rows = connection.execute(select(_PAIRS.c.first_id, _PAIRS.c.second_id))
    return {(first, second) for first, second in rows}


def dismissed_with(session: Session, candidate_id: int) -> set[int]:
    """Whom ``candidate_id`` was said not to be."""
    rows = session.execute(
        select(_PAIRS.c.first_id, _PAIRS.c.second_id).where(
            or_(_PAIRS.c.first_id == candidate_id, _PAIRS.c.second_id == candidate_id)
        )
    )
    return {second if first == candidate_id else first for first, second in rows}


def carry_on_merge(session: Session, kept_id: int, absorbed_id: int) -> dict[str, Any]:
    """Move the absorbed candidate's dismissals to the kept one, in the merge's
    transaction; returns what :func:`put_back_on_undo` needs (the rows as they were,
    and the rows made: id, first, second)."""
    theirs = _PAIRS.c.first_id == absorbed_id, _PAIRS.c.second_id == absorbed_id
    was = [dict(row) for row in session.execute(select(_PAIRS).where(or_(*theirs))).mappings()]
    session.execute(delete(_PAIRS).where(or_(*theirs)))
    kept_has = dismissed_with(session, kept_id)
    made: list[list[int]] = []
    for row in was:
        other = row["second_id"] if row["first_id"] == absorbed_id else row["first_id"]
        if other == kept_id or other in kept_has:
            continue
        first, second = _ordered(kept_id, other)
        values = {"first_id": first, "second_id": second, "at": row["at"], "actor": row["actor"]}
        pair = DismissedPair(**values)
        session.add(pair)
        session.flush()
        made_id = pair.id
        made.append([made_id, first, second])
        kept_has.add(other)
    return {"was": [{**row, "at": row["at"].isoformat()} for row in was], "made": made}


def put_back_on_undo(session: Session, carried: dict[str, Any]) -> None:
    """Undo :func:`carry_on_merge` once the absorbed candidate is back: the rows it made
    go (unless suggested again since), the rows it moved return, but for one whose other
    candidate was erased since."""
    for made_id, first, second in carried.get("made", []):
        session.execute(
            delete(_PAIRS).where(
                _PAIRS.c.id == made_id, _PAIRS.c.first_id == first, _PAIRS.c.second_id == second
            )
        )
    for row in carried.get("was", []):
        both = [row["first_id"], row["second_id"]]
        if len(session.scalars(select(Candidate.id).where(Candidate.id.in_(both))).all()) < 2:
            continue
        values = {name: row[name] for name in ("first_id", "second_id", "actor")}
        session.execute(insert(_PAIRS).values(values | {"at": datetime.fromisoformat(row["at"])}))
