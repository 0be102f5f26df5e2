"""The submission log: which candidate's profile or PDF went to which client, when, and
by whom (``Database.actor``). A fee is claimed "within a year of submission", so each
entry reads with its claim window (:mod:`recruitdesk.domain.placements`).

An entry can be corrected (its date, what was sent, the position, the contact) or
removed (logged by mistake), each recorded in the candidate's trail. Both are made over
the entry as the user saw it (:class:`SubmissionRecord`): an entry changed elsewhere
meanwhile is refused, which is also what makes undoing and redoing either safe."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from recruitdesk.domain.placements import (
    claim_days_left,
    claim_until,
    submission_time_problem,
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


def _what_problems(kind: str, file_name: str | None) -> dict[str, str]:
    try:
        SubmissionKind(kind)
    except ValueError:
        return {"kind": f"{kind!r} is not a kind of submission."}
    if file_name is not None and ("/" in file_name or "\\" in file_name or len(file_name) > 255):
        return {"file_name": "Keep the file's name only, not its folder."}
    return {}


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
    problems = _what_problems(kind, file_name)
    if problems:
        raise ValidationError(problems)
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
        return submission_id, announce(
            session, Changes(candidates=frozenset({candidate_id}), clients=frozenset({client_id}))
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


@dataclass(frozen=True, slots=True)
class SubmissionRecord:
    """A submission's whole row, as read: what a correction or a removal is made
    over, and what undoing a removal puts back."""

    id: int
    uid: str
    client_id: int
    candidate_id: int
    position_id: int | None
    contact_id: int | None
    submitted_at: datetime
    submitted_by: str
    kind: str
    file_name: str | None


def _record_of(row: Submission) -> SubmissionRecord:
    return SubmissionRecord(
        row.id,
        row.uid,
        row.client_id,
        row.candidate_id,
        row.position_id,
        row.contact_id,
        row.submitted_at,
        row.submitted_by,
        row.kind,
        row.file_name,
    )


SUBMISSIONS = RecordKind(
    Submission,
    _record_of,
    "submission",
    "to",
    (("position_id", Position), ("contact_id", ClientContact)),
)


def get_submission(database: Database, submission_id: int) -> SubmissionRecord:
    return read_record(database, SUBMISSIONS, submission_id)


def correct_submission(
    database: Database,
    seen: SubmissionRecord,
    *,
    submitted_at: datetime,
    kind: str,
    file_name: str | None,
    position_id: int | None,
    contact_id: int | None,
    now: datetime | None = None,
) -> tuple[SubmissionRecord, Changes]:
    """Correct the date, what was sent, the position or the contact of the entry
    ``seen``; returns the entry as it is now. A moment after ``now``, a file name with a
    folder, or a position or contact of another client is refused in one sentence;
    nothing changed is not a correction."""
    now = now or datetime.now(UTC)
    submitted_at = submitted_at.astimezone(UTC)
    if kind == SubmissionKind.PROFILE:
        file_name = None
    problems = _what_problems(kind, file_name)
    late = submission_time_problem(submitted_at, now)
    if late:
        problems.setdefault("submitted_at", late)
    if problems:
        raise ValidationError(problems)
    with database.write() as session:
        row = lock_as_seen(session, SUBMISSIONS, seen)
        _check_links(session, row.client_id, position_id, contact_id)
        changed = [
            what
            for what, before, after in (
                ("date", row.submitted_at, submitted_at),
                ("what was sent", (row.kind, row.file_name), (kind, file_name)),
                ("position", row.position_id, position_id),
                ("contact", row.contact_id, contact_id),
            )
            if before != after
        ]
        if not changed:
            raise RefusedError("Nothing to correct: the submission already says that.")
        row.submitted_at, row.kind, row.file_name = submitted_at, kind, file_name
        row.position_id, row.contact_id = position_id, contact_id
        session.flush()
        changes = log_edit(
            session, database, SUBMISSIONS, seen, "Corrected", now, ", ".join(changed)
        )
        return _record_of(row), changes


def remove_submission(
    database: Database, seen: SubmissionRecord, *, now: datetime | None = None
) -> Changes:
    """Take the entry ``seen``, logged by mistake, out of the log (it no longer starts a
    claim window); the candidate's trail keeps who removed it and when. A candidate
    who withdraws is a move on the board: what was sent stays a fact of the log."""
    return delete_as_seen(database, SUBMISSIONS, seen, "Removed", now or datetime.now(UTC))


def restore_submission(
    database: Database, removed: SubmissionRecord, *, now: datetime | None = None
) -> Changes:
    """Put a removed entry back as it was, with its id (undoing a removal)."""
    return put_back(database, SUBMISSIONS, removed, now or datetime.now(UTC))
