"""Placements: a hire through the agency with its fee and guarantee, as plain values.

A placement names the submission that earns its fee: the candidate's latest submission
to the client on or before the start date, and whether the start falls within its
claim window."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from recruitdesk.domain.placements import claim_until, guarantee_until, placement_problems
from recruitdesk.errors import KnownError, ValidationError
from recruitdesk.storage.audit import record
from recruitdesk.storage.changes import Changes
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
    problems = placement_problems(fee_amount, fee_currency, guarantee_days)
    if problems:
        raise ValidationError(problems)
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
    return placement_id, Changes(
        candidates=frozenset({candidate_id}), clients=frozenset({client_id})
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
