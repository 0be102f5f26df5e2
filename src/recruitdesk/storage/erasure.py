"""Erasing a candidate: every row of theirs, everywhere, in one transaction."""

from sqlalchemy import delete, select

from recruitdesk.errors import KnownError
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models import Application, Candidate


def erase_candidate(database: Database, candidate_id: int) -> Changes:
    """Delete the candidate and, through the foreign keys' cascades, their applications,
    history, notes, scorecards, analyses and jobs. SQLite's ``secure_delete`` (set on
    every connection) overwrites the freed pages, so the data is gone from the file."""
    with database.write() as session:
        if session.get(Candidate, candidate_id) is None:
            raise KnownError(f"There is no candidate with id {candidate_id}.")
        applications = frozenset(
            session.scalars(select(Application.id).where(Application.candidate_id == candidate_id))
        )
        session.execute(delete(Candidate).where(Candidate.id == candidate_id))
    return Changes(candidates=frozenset({candidate_id}), applications=applications)
