"""Positions and their requirements: reads that return plain values, and writes that
check every field first and return a :class:`Changes`.

Every write that edits a position field stamps ``field_times[field]`` with the time of
the edit (ISO 8601, UTC), so bundles can later merge positions field by field. The
fields are checked by :mod:`recruitdesk.domain.position_fields` before anything is written.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from recruitdesk.domain.position_fields import (
    EDITABLE_FIELDS,
    check_whole_position,
    clean_position_fields,
)
from recruitdesk.domain.taxonomy import PayPeriod, PositionStatus
from recruitdesk.errors import KnownError, ValidationError
from recruitdesk.storage.audit import record_position
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.clients import client_for_company
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Application, Position
from recruitdesk.storage.versions import check_version, one_save_wins


@dataclass(frozen=True, slots=True)
class PositionDetails:
    id: int
    title: str
    company: str | None = None
    track: str | None = None
    level: str | None = None
    regions: tuple[str, ...] = ()
    must_have: tuple[str, ...] = ()
    nice_to_have: tuple[str, ...] = ()
    min_scores: Mapping[str, float] = field(default_factory=dict)
    budget_min: int | None = None
    budget_max: int | None = None
    budget_currency: str | None = None
    budget_period: str | None = None
    status: str = PositionStatus.OPEN.value
    #: How many cards the position's board holds.
    candidates: int = 0
    version: int = 1

    @property
    def name(self) -> str:
        """ "Title — Company": three positions with one title are told apart."""
        return f"{self.title} — {self.company}" if self.company else self.title

    @property
    def label(self) -> str:
        """The position as a picker lists it: "Title — Company [on hold] · 12"."""
        where = self.name
        status = "" if self.status == "open" else f" [{self.status.replace('_', ' ')}]"
        return f"{where}{status} · {self.candidates:,}"

    def values(self) -> dict[str, Any]:
        """The editable fields, as :func:`update_position` takes them."""
        return {name: getattr(self, name) for name in sorted(EDITABLE_FIELDS)}


def _details(position: Position, candidates: int = 0) -> PositionDetails:
    return PositionDetails(
        id=position.id,
        title=position.title,
        company=position.company,
        track=position.track,
        level=position.level,
        regions=tuple(position.regions or ()),
        must_have=tuple(position.must_have or ()),
        nice_to_have=tuple(position.nice_to_have or ()),
        min_scores=dict(position.min_scores or {}),
        budget_min=position.budget_min,
        budget_max=position.budget_max,
        budget_currency=position.budget_currency,
        budget_period=position.budget_period,
        status=position.status,
        version=position.version,
        candidates=candidates,
    )


def _current(position: Position) -> dict[str, Any]:
    return {name: getattr(position, name) for name in EDITABLE_FIELDS}


def create_position(
    database: Database, values: Mapping[str, Any], *, now: datetime | None = None
) -> tuple[int, Changes]:
    """A new position from ``values`` (``title`` at least); returns its id."""
    now = now or datetime.now(UTC)
    clean, problems = clean_position_fields(values)
    if not clean.get("title"):
        problems.setdefault("title", "A position needs a title.")
    if clean.get("budget_min") is not None or clean.get("budget_max") is not None:
        clean["budget_currency"] = clean.get("budget_currency") or "USD"
        clean["budget_period"] = clean.get("budget_period") or PayPeriod.YEAR.value
    check_whole_position(clean, problems)
    if problems:
        raise ValidationError(problems)
    clean.setdefault("status", PositionStatus.OPEN.value)
    if clean.get("status") is None:
        clean["status"] = PositionStatus.OPEN.value
    with database.write() as session:
        position = Position(**clean)
        position.client_id = client_for_company(session, position.company, now)
        position.stamp(sorted(clean), now)
        position.created_at = position.updated_at = now
        session.add(position)
        session.flush()
        position_id = position.id
        record_position(session, database.actor, position_id, "create", None, now)
        return position_id, announce(session, Changes(positions=frozenset({position_id})))


def update_position(
    database: Database,
    position_id: int,
    values: Mapping[str, Any],
    *,
    version: int | None = None,
    now: datetime | None = None,
) -> Changes:
    """Change the fields in ``values``; refuses all of them with :class:`ValidationError`
    if any is invalid, and with :class:`EditConflictError` when saved over ``version``
    and the position has moved on. Only fields whose value really changes are written."""
    now = now or datetime.now(UTC)
    clean, problems = clean_position_fields(values)
    if "status" in clean and clean["status"] is None:
        problems["status"] = "A position needs a status."
    if problems:
        raise ValidationError(problems)
    with one_save_wins("The position"), database.write() as session:
        position = session.get(Position, position_id, with_for_update=True)
        if position is None:
            raise KnownError(f"There is no position with id {position_id}.")
        check_version(position, version, "The position", clean)
        merged = {**_current(position), **clean}
        if merged.get("budget_min") is not None or merged.get("budget_max") is not None:
            for name, default in (("budget_currency", "USD"), ("budget_period", "year")):
                if not merged.get(name):
                    merged[name] = clean[name] = default
        check_whole_position(merged, problems)
        if problems:
            raise ValidationError(problems)
        changed = position.apply_edits(clean, now)
        if "company" in changed:
            position.client_id = client_for_company(session, position.company, now)
        if changed:
            record_position(session, database.actor, position_id, "edit", ", ".join(changed), now)
        return announce(
            session, Changes(positions=frozenset({position_id})) if changed else Changes()
        )


def get_position(database: Database, position_id: int) -> PositionDetails:
    with database.read() as session:
        position = session.get(Position, position_id)
        if position is None:
            raise KnownError(f"There is no position with id {position_id}.")
        count = session.scalar(
            select(func.count())
            .select_from(Application)
            .where(Application.position_id == position_id)
        )
        return _details(position, count or 0)


def list_positions(
    database: Database, *, open_only: bool = False, client_id: int | None = None
) -> list[PositionDetails]:
    """Every position (or a client's) with its board's card count: the open ones first,
    then the rest, each part by title (in any case)."""
    cards = (
        select(Application.position_id, func.count().label("cards"))
        .group_by(Application.position_id)
        .subquery()
    )
    statement = select(Position, func.coalesce(cards.c.cards, 0)).outerjoin(
        cards, cards.c.position_id == Position.id
    )
    if open_only:
        statement = statement.where(Position.status == PositionStatus.OPEN.value)
    if client_id is not None:
        statement = statement.where(Position.client_id == client_id)
    with database.read() as session:
        details = [_details(position, count) for position, count in session.execute(statement)]
    return sorted(
        details, key=lambda p: (p.status != PositionStatus.OPEN.value, p.title.casefold(), p.id)
    )
