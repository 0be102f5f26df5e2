from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from recruitdesk.errors import KnownError
from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.erasure import erase_candidate
from recruitdesk.storage.models import Application, Candidate, Note, StageChange


def test_erasing_removes_every_row_of_theirs(database: Database) -> None:
    load_demo(database, candidates=50, seed=2, as_of=date(2026, 11, 21))
    with database.read() as session:
        person = session.scalars(select(Candidate).where(Candidate.applications.any())).first()
        assert person is not None
        person_id, email = person.id, person.email
        assert email
    changes = erase_candidate(database, person_id)
    assert changes.candidates == {person_id}
    assert changes.applications
    with database.read() as session:
        assert session.get(Candidate, person_id) is None
        for model, column in (
            (Application, Application.candidate_id),
            (Note, Note.candidate_id),
        ):
            assert (
                session.scalar(select(func.count()).select_from(model).where(column == person_id))
                == 0
            )
        orphans = (
            select(func.count())
            .select_from(StageChange)
            .where(StageChange.application_id.in_(changes.applications))
        )
        assert session.scalar(orphans) == 0
        assert session.scalar(select(func.count()).select_from(Candidate)) == 49


def test_erasing_someone_unknown_says_so(database: Database) -> None:
    with pytest.raises(KnownError, match="no candidate with id 999"):
        erase_candidate(database, 999)


def test_the_email_is_gone_from_the_file(database: Database, db_path: Path) -> None:
    load_demo(database, candidates=20, seed=2, as_of=date(2026, 11, 21))
    with database.read() as session:
        person = session.get(Candidate, 5)
        assert person is not None
        assert person.email
        email = person.email.encode()
    erase_candidate(database, 5)
    database.dispose()  # the last connection checkpoints the WAL into the file
    assert email not in db_path.read_bytes()
