"""The submission log: which candidate's profile or PDF went to which client, when, and
by whom (``Database.actor``). A fee is claimed "within a year of submission", so each
entry reads with its claim window (:mod:`recruitdesk.domain.placements`)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from recruitdesk.domain.placements import claim_days_left, claim_until
from recruitdesk.errors import KnownError, ValidationError
from recruitdesk.storage.audit import record
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.clients import Client, ClientContact, Submission
from recruitdesk.storage.models.pipeline import Candidate, Position


class SubmissionKind(StrEnum):
    PROFILE = "profile"
    PDF = "pdf"


@dataclass(frozen=True, slots=True)
class SubmissionView:
    id: int
    client_id: int
    client: str
    candidate_id: int
    candidate: str
    position_id: int | None
    position: str | None
    submitted_at: datetime
    submitted_by: str
    kind: str
    file_name: str | None
    contact: str | None

    @property
    def claim_until(self) -> date:
        return claim_until(self.submitted_at.date())

    def days_left(self, today: date) -> int:
        return claim_days_left(self.submitted_at.date(), today)


def _check_links(
    session: Session, client_id: int, position_id: int | None, contact_id: int | None
) -> Client:
    client = session.get(Client, client_id)
    if client is None:
        raise KnownError(f"There is no client with id {client_id}.")
    if position_id is not None:
        position = session.get(Position, position_id)
        if position is None or position.client_id != client_id:
            raise ValidationError({"position_id": f"That position is not one of {client.name}'s."})
    if contact_id is not None:
        contact = session.get(ClientContact, contact_id)
        if contact is None or contact.client_id != client_id:
            raise ValidationError({"contact_id": f"That contact does not work at {client.name}."})
    return client


def record_submission(
    database: Database,
    candidate_id: int,
    client_id: int,
    *,
    kind: str = SubmissionKind.PROFILE.value,
    position_id: int | None = None,
    contact_id: int | None = None,
    file_name: str | None = None,
    now: datetime | None = None,
) -> tuple[int, Changes]:
    """Log that the candidate was sent to the client (and audit it on the candidate)."""
    now = now or datetime.now(UTC)
    try:
        SubmissionKind(kind)
    except ValueError:
        raise ValidationError({"kind": f"{kind!r} is not a kind of submission."}) from None
    if file_name is not None and ("/" in file_name or "\\" in file_name or len(file_name) > 255):
        raise ValidationError({"file_name": "Keep the file's name only, not its folder."})
    with database.write() as session:
        if session.get(Candidate, candidate_id) is None:
            raise KnownError(f"There is no candidate with id {candidate_id}.")
        client = _check_links(session, client_id, position_id, contact_id)
        submission = Submission(
            client_id=client_id,
            candidate_id=candidate_id,
            position_id=position_id,
            contact_id=contact_id,
            submitted_at=now,
            submitted_by=database.actor[:100],
            kind=kind,
            file_name=file_name,
        )
        session.add(submission)
        session.flush()
        submission_id = submission.id
        what = "PDF" if kind == SubmissionKind.PDF else "profile"
        record(
            session, database.actor, [candidate_id], "submitted", f"{what} to {client.name}", now
        )
    return submission_id, Changes(
        candidates=frozenset({candidate_id}), clients=frozenset({client_id})
    )


def list_submissions(
    database: Database, *, client_id: int | None = None, candidate_id: int | None = None
) -> list[SubmissionView]:
    """Submissions, newest first, of one client or one candidate (or all)."""
    statement = (
        select(
            Submission.id,
            Submission.client_id,
            Client.name,
            Submission.candidate_id,
            Candidate.full_name,
            Submission.position_id,
            Position.title,
            Submission.submitted_at,
            Submission.submitted_by,
            Submission.kind,
            Submission.file_name,
            ClientContact.name,
        )
        .join(Client, Client.id == Submission.client_id)
        .join(Candidate, Candidate.id == Submission.candidate_id)
        .outerjoin(Position, Position.id == Submission.position_id)
        .outerjoin(ClientContact, ClientContact.id == Submission.contact_id)
        .order_by(Submission.submitted_at.desc(), Submission.id.desc())
    )
    if client_id is not None:
        statement = statement.where(Submission.client_id == client_id)
    if candidate_id is not None:
        statement = statement.where(Submission.candidate_id == candidate_id)
    with database.read() as session:
        return [SubmissionView(*tuple(row)) for row in session.execute(statement)]
