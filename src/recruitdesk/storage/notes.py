"""The notes on a candidate: read newest first, add, edit, delete."""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select

from recruitdesk.errors import KnownError, ValidationError
from recruitdesk.storage.audit import record
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Candidate, Note
from recruitdesk.storage.versions import check_version, one_save_wins


@dataclass(frozen=True, slots=True)
class NoteView:
    id: int
    candidate_id: int
    body: str
    private: bool
    author: str | None
    created_at: datetime
    updated_at: datetime
    version: int = 1


def list_notes(database: Database, candidate_id: int) -> list[NoteView]:
    """The candidate's notes, newest first."""
    with database.read() as session:
        notes = session.scalars(
            select(Note).where(Note.candidate_id == candidate_id).order_by(Note.created_at.desc())
        )
        return [
            NoteView(
                n.id,
                n.candidate_id,
                n.body,
                n.private,
                n.author,
                n.created_at,
                n.updated_at,
                n.version,
            )
            for n in notes
        ]


def _check_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationError({"body": "A note cannot be empty."})
    return body


def add_note(
    database: Database,
    candidate_id: int,
    body: str,
    *,
    private: bool = False,
    author: str | None = None,
    now: datetime | None = None,
) -> tuple[int, Changes]:
    body = _check_body(body)
    now = now or datetime.now(UTC)
    with database.write() as session:
        if session.get(Candidate, candidate_id) is None:
            raise KnownError(f"There is no candidate with id {candidate_id}.")
        note = Note(
            candidate_id=candidate_id,
            body=body,
            private=private,
            author=author,
            created_at=now,
            updated_at=now,
        )
        session.add(note)
        session.flush()
        note_id = note.id
        record(session, database.actor, [candidate_id], "note", "Added a note", now)
        return note_id, announce(session, Changes(candidates=frozenset({candidate_id})))


def edit_note(
    database: Database,
    note_id: int,
    *,
    body: str | None = None,
    private: bool | None = None,
    version: int | None = None,
    now: datetime | None = None,
) -> Changes:
    """Change a note's text or privacy; with ``version`` (the one edited over), a save
    over a newer one raises :class:`~recruitdesk.storage.versions.EditConflictError`."""
    now = now or datetime.now(UTC)
    mine: dict[str, object] = {}
    if body is not None:
        mine["body"] = _check_body(body)
    if private is not None:
        mine["private"] = private
    with one_save_wins("The note"), database.write() as session:
        note = session.get(Note, note_id, with_for_update=True)
        if note is None:
            raise KnownError(f"There is no note with id {note_id}.")
        check_version(note, version, "The note", mine)
        for name, value in mine.items():
            setattr(note, name, value)
        note.updated_at = now
        candidate_id = note.candidate_id
        record(session, database.actor, [candidate_id], "note", "Edited a note", now)
        return announce(session, Changes(candidates=frozenset({candidate_id})))


def delete_note(database: Database, note_id: int) -> Changes:
    with database.write() as session:
        candidate_id = session.scalar(select(Note.candidate_id).where(Note.id == note_id))
        if candidate_id is None:
            raise KnownError(f"There is no note with id {note_id}.")
        session.execute(delete(Note).where(Note.id == note_id))
        record(session, database.actor, [candidate_id], "note", "Deleted a note", datetime.now(UTC))
        return announce(session, Changes(candidates=frozenset({candidate_id})))
