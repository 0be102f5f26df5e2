"""Placements: a hire through the agency with its fee and guarantee, as plain values.

A placement names the submission that earns its fee: the candidate's latest submission
to the client on or before the start date, and whether the start falls within its
claim window.

A placement's start, fee and guarantee can be edited, and a placement removed, each
recorded in the candidate's trail and made over the placement as the user saw it
(:class:`PlacementRecord`): one changed elsewhere meanwhile is refused, so undoing and
redoing either are safe."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from recruitdesk.domain.placements import (
    claim_until,
    guarantee_until,
    placement_problems,
    start_problem,
)
from recruitdesk.errors import KnownError, RefusedError, ValidationError
from recruitdesk.storage.audit import record
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.client_records import (
    RecordKind,
    delete_as_seen,
    lock_as_seen,
    log_edit,
    put_back,
    read_record,
)
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.clients import Client, Placement, Submission
from recruitdesk.storage.models.pipeline import Candidate, Position


@dataclass(frozen=True, slots=True)
class PlacementView:
    id: int
    client_id: int
    candidate_id: int
    candidate: str
    position_id: int | None
    position: str | None
    start_date: date
    fee_amount: int
    fee_currency: str
    guarantee_days: int
    #: The day of the latest submission to this client on or before the start.
    submitted_on: date | None

    @property
    def guarantee_until(self) -> date:
        return guarantee_until(self.start_date, self.guarantee_days)

    @property
    def within_claim_window(self) -> bool:
        return self.submitted_on is not None and self.start_date <= claim_until(self.submitted_on)


def record_placement(
    database: Database,
    client_id: int,
    candidate_id: int,
    *,
    start_date: date,
    fee_amount: int,
    fee_currency: str,
    guarantee_days: int,
    position_id: int | None = None,
    now: datetime | None = None,
) -> tuple[int, Changes]:
    """Record a placement; refuses a negative or absurd fee or guarantee in one sentence
    per field, nothing written."""
    now = now or datetime.now(UTC)
    _terms_problems(fee_amount, fee_currency, guarantee_days, start_date, now.date())
    with database.write() as session:
        client = session.get(Client, client_id)
        if client is None:
            raise KnownError(f"There is no client with id {client_id}.")
        if session.get(Candidate, candidate_id) is None:
            raise KnownError(f"There is no candidate with id {candidate_id}.")
        if position_id is not None:
            position = session.get(Position, position_id)
            if position is None or position.client_id != client_id:
                raise ValidationError(
                    {"position_id": f"That position is not one of {client.name}'s."}
                )
        placement = Placement(
            client_id=client_id,
            candidate_id=candidate_id,
            position_id=position_id,
            start_date=start_date,
            fee_amount=fee_amount,
            fee_currency=fee_currency,
            guarantee_days=guarantee_days,
            created_at=now,
        )
        session.add(placement)
        session.flush()
        placement_id = placement.id
        record(session, database.actor, [candidate_id], "placed", f"with {client.name}", now)
        return placement_id, announce(
            session, Changes(candidates=frozenset({candidate_id}), clients=frozenset({client_id}))
        )


def list_placements(database: Database, client_id: int) -> list[PlacementView]:
    """The client's placements, newest start first."""
    latest = (
        select(func.max(Submission.submitted_at))
        .where(
            Submission.client_id == Placement.client_id,
            Submission.candidate_id == Placement.candidate_id,
            func.date(Submission.submitted_at) <= Placement.start_date,
        )
        .scalar_subquery()
    )
    statement = (
        select(
            Placement.id,
            Placement.client_id,
            Placement.candidate_id,
            Candidate.full_name,
            Placement.position_id,
            Position.title,
            Placement.start_date,
            Placement.fee_amount,
            Placement.fee_currency,
            Placement.guarantee_days,
            latest,
        )
        .join(Candidate, Candidate.id == Placement.candidate_id)
        .outerjoin(Position, Position.id == Placement.position_id)
        .where(Placement.client_id == client_id)
        .order_by(Placement.start_date.desc(), Placement.id.desc())
    )
    with database.read() as session:
        rows = session.execute(statement).all()
    views = []
    for row in rows:
        *fields, submitted = tuple(row)
        fields.append(submitted and submitted.date())
        views.append(PlacementView(*fields))
    return views


@dataclass(frozen=True, slots=True)
class PlacementRecord:
    """A placement's whole row, as read: what an edit or a removal is made over, and
    what undoing a removal puts back."""

    id: int
    uid: str
    client_id: int
    candidate_id: int
    position_id: int | None
    start_date: date
    fee_amount: int
    fee_currency: str
    guarantee_days: int
    created_at: datetime


def _record_of(row: Placement) -> PlacementRecord:
    return PlacementRecord(
        row.id,
        row.uid,
        row.client_id,
        row.candidate_id,
        row.position_id,
        row.start_date,
        row.fee_amount,
        row.fee_currency,
        row.guarantee_days,
        row.created_at,
    )


PLACEMENTS = RecordKind(Placement, _record_of, "placement", "with", (("position_id", Position),))


def get_placement(database: Database, placement_id: int) -> PlacementRecord:
    return read_record(database, PLACEMENTS, placement_id)


def _terms_problems(
    fee_amount: object, fee_currency: object, guarantee_days: object, start: date, today: date
) -> None:
    """Refuse bad terms, a sentence per field, before anything is written."""
    problems = placement_problems(fee_amount, fee_currency, guarantee_days)
    late = start_problem(start, today)
    if late:
        problems.setdefault("start_date", late)
    if problems:
        raise ValidationError(problems)


#: The fields an edit may change, with the words the trail names them by.
_EDITABLE = {
    "start_date": "start",
    "fee_amount": "fee",
    "fee_currency": "fee",
    "guarantee_days": "guarantee",
}


def edit_placement(
    database: Database,
    seen: PlacementRecord,
    *,
    start_date: date,
    fee_amount: int,
    fee_currency: str,
    guarantee_days: int,
    now: datetime | None = None,
) -> tuple[PlacementRecord, Changes]:
    """Change the start, fee or guarantee of the placement ``seen``; returns it as it is
    now. Each bad value is refused in one sentence per field, nothing written."""
    now = now or datetime.now(UTC)
    _terms_problems(fee_amount, fee_currency, guarantee_days, start_date, now.date())
    wanted = {
        "start_date": start_date,
        "fee_amount": fee_amount,
        "fee_currency": fee_currency,
        "guarantee_days": guarantee_days,
    }
    with database.write() as session:
        row = lock_as_seen(session, PLACEMENTS, seen)
        changed = [name for name, value in wanted.items() if getattr(row, name) != value]
        if not changed:
            raise RefusedError("Nothing to change: the placement already says that.")
        for name in changed:
            setattr(row, name, wanted[name])
        session.flush()
        words = ", ".join(dict.fromkeys(_EDITABLE[name] for name in changed))
        changes = log_edit(session, database, PLACEMENTS, seen, "Edited", now, words)
        return _record_of(row), changes


def remove_placement(
    database: Database, seen: PlacementRecord, *, now: datetime | None = None
) -> Changes:
    """Delete the placement ``seen``; the candidate's trail keeps who removed it."""
    return delete_as_seen(database, PLACEMENTS, seen, "Removed", now or datetime.now(UTC))


def restore_placement(
    database: Database, removed: PlacementRecord, *, now: datetime | None = None
) -> Changes:
    """Put a removed placement back as it was, with its id (undoing a removal)."""
    return put_back(database, PLACEMENTS, removed, now or datetime.now(UTC))
