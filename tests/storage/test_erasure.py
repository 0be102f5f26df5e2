import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from recruitdesk.errors import KnownError
from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.erasure import (
    erase_candidate,
    erase_candidates,
    fts5_tables,
    lapsed_consent,
    lapsed_consent_count,
)
from recruitdesk.storage.maintenance import app_backups, check_sqlite
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.models.analysis import (
    Analysis,
    AnalysisJob,
    AnalysisRedFlag,
    AnalysisRepository,
    AnalysisSkill,
)
from recruitdesk.storage.models.pipeline import Application, Candidate, Note, Scorecard, StageChange


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


# --------------------------------------------------------------------------------------
# Everything of theirs, in every table, the search index and the file

MARK = "0xdeadbeefcafe"  # a word found nowhere else, to look for in the file's bytes


def _everything_of(database: Database, person_id: int) -> None:
    """Give the person a note with the mark, a scorecard, analyses and a queued job."""
    with database.write() as session:
        person = session.get(Candidate, person_id)
        assert person is not None
        person.github_login = "erase-me-login"
        session.add(Note(candidate_id=person_id, body=f"Met at PyCon, {MARK}", private=True))
        application = session.scalars(
            select(Application).where(Application.candidate_id == person_id)
        ).first()
        assert application is not None
        session.add(Scorecard(application_id=application.id, kind="technical", ratings={}))
        for owner in (
            person_id,
            None,
        ):  # one of theirs, one of their login before they were on file
            analysis = Analysis(
                candidate_id=owner,
                source="github",
                login="erase-me-login",
                analyzed_at=datetime(2026, 11, 1, tzinfo=UTC),
            )
            analysis.repositories.append(AnalysisRepository(name=f"{MARK}-repo"))
            analysis.skills.append(AnalysisSkill(name="FastAPI", confidence=0.8))
            analysis.red_flags.append(AnalysisRedFlag(code="x", message=MARK))
            session.add(analysis)
        session.add(AnalysisJob(candidate_id=person_id, login="erase-me-login"))


def _count(session: Session, model: Any, *where: Any) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_every_trace_goes_analyses_jobs_scorecards_and_the_index(database: Database) -> None:
    load_demo(database, candidates=30, seed=4, as_of=date(2026, 11, 21))
    with database.read() as session:
        person_id = session.scalars(
            select(Candidate.id).where(Candidate.applications.any()).order_by(Candidate.id)
        ).first()
        assert person_id is not None
    _everything_of(database, person_id)
    changes = erase_candidate(database, person_id)
    assert len(changes.analyses) == 2
    assert len(changes.jobs) == 1
    with database.read() as session:
        assert _count(session, Analysis) == 0
        for model in (AnalysisRepository, AnalysisSkill, AnalysisRedFlag, AnalysisJob, Scorecard):
            assert _count(session, model) == 0, model.__name__
        assert _count(session, Note, Note.candidate_id == person_id) == 0
        tables = fts5_tables(session)
        for table in tables:
            found = session.execute(
                text(f'SELECT rowid FROM "{table}" WHERE "{table}" MATCH :word'),
                {"word": f'"{MARK}"'},
            ).all()
            assert found == []
            assert (
                session.execute(
                    text(f'SELECT rowid FROM "{table}" WHERE rowid = :id'), {"id": person_id}
                ).all()
                == []
            )


def test_the_file_and_its_log_forget_them(database: Database, db_path: Path) -> None:
    load_demo(database, candidates=30, seed=4, as_of=date(2026, 11, 21))
    with database.read() as session:
        person = session.scalars(
            select(Candidate).where(Candidate.applications.any()).order_by(Candidate.id)
        ).first()
        assert person is not None
        person_id, email = person.id, (person.email or "").encode()
    _everything_of(database, person_id)
    wal = db_path.with_name(db_path.name + "-wal")
    with database.read() as session:
        if fts5_tables(session):
            # The test means something: the mark is in the index before the erasure.
            hits = session.execute(
                text("SELECT count(*) FROM candidate_search WHERE candidate_search MATCH :w"),
                {"w": f'"{MARK}"'},
            ).scalar()
            assert hits == 1
    erase_candidate(database, person_id)
    assert not wal.exists() or MARK.encode() not in wal.read_bytes()
    database.dispose()
    data = db_path.read_bytes()
    assert email not in data
    assert MARK.encode() not in data
    assert MARK[2:].encode() not in data  # not even the tail of a prefix-compressed term


# --------------------------------------------------------------------------------------
# Retention


def test_lapsed_consent_is_listed_longest_lapsed_first(database: Database) -> None:
    today = date(2026, 11, 21)
    with database.write() as session:
        session.add_all(
            [
                Candidate(
                    full_name="Lapsed Long", email="l1@example.com", consent_until=date(2026, 1, 1)
                ),
                Candidate(
                    full_name="Lapsed Recent",
                    email="l2@example.com",
                    consent_until=date(2026, 11, 20),
                ),
                Candidate(full_name="Ends Today", email="t@example.com", consent_until=today),
                Candidate(full_name="No Date", email="n@example.com"),
            ]
        )
    lapsed = lapsed_consent(database, today)
    assert [entry.full_name for entry in lapsed] == ["Lapsed Long", "Lapsed Recent"]
    assert lapsed[1].days_ago(today) == 1
    assert lapsed_consent_count(database, today) == 2
    assert lapsed_consent_count(database, date(2025, 1, 1)) == 0


def test_erasing_several_is_all_or_nothing(database: Database) -> None:
    load_demo(database, candidates=30, seed=2, as_of=date(2026, 11, 21))
    with pytest.raises(KnownError, match="no candidate with id 999"):
        erase_candidates(database, [3, 4, 999])
    with database.read() as session:
        assert session.get(Candidate, 3) is not None
    changes = erase_candidates(database, [3, 4, 4])
    assert changes.candidates == {3, 4}
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Candidate)) == 28


@pytest.mark.parametrize("revision", ["0001", "0005", "0008"])
def test_erasure_reaches_the_backups_made_before_upgrades(tmp_path: Path, revision: str) -> None:
    """The upgrade of an older file leaves a full backup beside it; an erased person's
    e-mail and name are afterwards in no file of the folder, whatever the backup's
    schema (the first has no uids: the person is found there by e-mail and login)."""
    fixtures = Path(__file__).parent.parent / "fixtures"
    path = tmp_path / "team.sqlite"
    shutil.copyfile(fixtures / f"schema_{revision}.sqlite", path)
    kept = tmp_path / "mine.sqlite.bak"  # the user's own copy (db backup) stays theirs
    shutil.copyfile(path, kept)
    with open_database(str(path)) as database:
        backups = app_backups(path)
        assert len(backups) == 1
        with database.read() as session:
            person = session.scalars(select(Candidate).where(Candidate.notes.any())).first()
            assert person is not None
            assert person.email
            erased, other = person.email.encode(), person.full_name.encode()
            survivor = session.scalars(select(Candidate).where(Candidate.id != person.id)).first()
            assert survivor is not None
            assert survivor.email
            kept_email = survivor.email.encode()
        assert erased in backups[0].read_bytes()
        erase_candidate(database, person.id)
    for file in tmp_path.iterdir():
        if file != kept:
            assert erased not in file.read_bytes(), file.name
            assert other not in file.read_bytes(), file.name
    assert kept_email in backups[0].read_bytes()
    assert erased in kept.read_bytes()
    assert check_sqlite(backups[0]).ok


def test_a_backup_that_cannot_be_changed_is_deleted(tmp_path: Path) -> None:
    path = tmp_path / "team.sqlite"
    shutil.copyfile(Path(__file__).parent.parent / "fixtures" / "schema_0008.sqlite", path)
    with open_database(str(path)) as database:
        (backup,) = app_backups(path)
        backup.write_bytes(b"not a database any more")
        with database.read() as session:
            first = session.scalars(select(Candidate.id)).first()
        assert first is not None
        erase_candidate(database, first)
    assert not backup.exists()
