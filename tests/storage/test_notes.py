"""Notes on a candidate: added, edited, deleted, private or not."""

from datetime import UTC, datetime, timedelta

import pytest

from recruitdesk.errors import KnownError, ValidationError
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.notes import add_note, delete_note, edit_note, list_notes

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_notes_add_edit_delete_and_privacy(database: Database) -> None:
    candidate_id, _ = create_candidate(database, {"full_name": "Ana"})
    first, _ = add_note(database, candidate_id, "Strong on asyncio", now=NOW)
    second, changes = add_note(
        database, candidate_id, "Wants 10% more", private=True, author="Sam", now=NOW + timedelta(1)
    )
    assert changes.candidates == {candidate_id}
    notes = list_notes(database, candidate_id)
    assert [(n.id, n.private) for n in notes] == [(second, True), (first, False)]
    edit_note(database, first, body="Strong on asyncio and typing", private=True)
    edited = {n.id: n for n in list_notes(database, candidate_id)}[first]
    assert (edited.body, edited.private) == ("Strong on asyncio and typing", True)
    with pytest.raises(ValidationError):
        add_note(database, candidate_id, "   ")
    delete_note(database, second)
    assert [n.id for n in list_notes(database, candidate_id)] == [first]
    with pytest.raises(KnownError):
        delete_note(database, second)
