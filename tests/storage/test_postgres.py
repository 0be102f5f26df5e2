"""The team database: the migrations and the storage round trips on a real PostgreSQL.

``.ci/run`` installs Debian's ``postgresql``, starts a server on 127.0.0.1 and sets
``RECRUITDESK_TEST_PG_URL`` (a URL whose database may be used to create others). Where no
server could be started, every test here is skipped with the reason, shown by ``-ra``.
Each test gets a database of its own, dropped afterwards.
"""

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import func, inspect, select, text
from tests import templates

from recruitdesk.storage import migrate
from recruitdesk.storage.candidate_list import CandidateQuery, candidate_page
from recruitdesk.storage.database import Database, resolve_url
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.erasure import erase_candidate, lapsed_consent
from recruitdesk.storage.migrate import head_revision, open_database, open_database_with_report
from recruitdesk.storage.models.analysis import Analysis, AnalysisJob, AnalysisSkill
from recruitdesk.storage.models.base import Base
from recruitdesk.storage.models.pipeline import Application, Candidate, Note, Scorecard
from recruitdesk.transfer.export_bundle import bundle_members
from recruitdesk.transfer.formats import export, import_file
from recruitdesk.transfer.results import InvalidImportError

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"
AS_OF = date(2026, 11, 21)


@pytest.fixture
def team(pg_migrated_url: str) -> Iterator[Database]:
    with open_database(pg_migrated_url) as database:
        yield database


def members(database: Database) -> dict[str, Any]:
    with database.read() as session:
        found, _private = bundle_members(session, include_private=True)
    return found


def test_the_migrations_upgrade_an_empty_postgres_database_to_head(pg_url: str) -> None:
    database, report = open_database_with_report(pg_url)
    with database:
        assert report.created
        assert report.backup is None
        assert database.url.get_backend_name() == "postgresql"
        with database.read() as session:
            version = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
            assert version == head_revision()
        tables = set(inspect(database.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
    again, report = open_database_with_report(pg_url)
    with again:
        assert report.found_revision == head_revision()


def test_json_stored_with_escapes_is_rewritten_in_utf8_on_postgres(pg_url: str) -> None:
    """PostgreSQL's ``json`` keeps the text as written: schema 0004's escapes stay there
    until revision 0005 rewrites them, and the filter then finds the word."""
    database = Database(resolve_url(pg_url))
    config = migrate._config()
    with database, database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
        connection.execute(
            text(
                "INSERT INTO candidates (full_name, links, skills, tags, uid, field_times, "
                "created_at, updated_at) VALUES ('Zoë Müller', '[]', CAST(:skills AS JSON), "
                "CAST(:tags AS JSON), 'u-1', '{}', now(), now())"
            ),
            {"skills": json.dumps(["Développeur Python"]), "tags": json.dumps(["Zürich"])},
        )
    with open_database(pg_url) as upgraded:
        with upgraded.read() as session:
            stored = session.execute(
                text("SELECT CAST(skills AS TEXT), CAST(tags AS TEXT) FROM candidates")
            ).one()
        assert tuple(stored) == ('["Développeur Python"]', '["Zürich"]')
        rows = candidate_page(upgraded, CandidateQuery(text="ZURICH developpeur"))
        assert [row.full_name for row in rows] == ["Zoë Müller"]


def _add_analysis_and_scorecard(database: Database) -> None:
    with database.write() as session:
        application = session.scalars(select(Application).order_by(Application.id)).first()
        assert application is not None
        session.add(
            Scorecard(
                application_id=application.id,
                kind="technical",
                ratings={"q1": {"rating": 4, "comment": "clear"}},
                interviewed_on=date(2026, 11, 2),
            )
        )
        analysis = Analysis(
            candidate_id=application.candidate_id,
            source="github",
            login="someone",
            analyzed_at=datetime(2026, 11, 3, 10, 0, 0, 123456, tzinfo=UTC),
            scores={"overall": 64},
            overall_score=64.0,
        )
        analysis.skills.append(AnalysisSkill(name="Django", confidence=0.7, evidence=[]))
        session.add(analysis)
        session.add(
            AnalysisJob(candidate_id=application.candidate_id, login="someone", state="queued")
        )


def test_bundles_round_trip_between_a_laptop_and_the_team_database(
    database: Database, team: Database, tmp_path: Path
) -> None:
    load_demo(database, candidates=120, seed=6, as_of=AS_OF)
    _add_analysis_and_scorecard(database)
    export(database, tmp_path / "laptop.zip", format="bundle", include_private=True)
    report = import_file(team, tmp_path / "laptop.zip")
    assert report.created == 120
    assert members(team) == members(database)
    export(team, tmp_path / "team.zip", format="bundle", include_private=True)
    with templates.open_empty(tmp_path / "fresh.sqlite") as fresh:
        import_file(fresh, tmp_path / "team.zip")
        assert members(fresh) == members(database)
    again = import_file(team, tmp_path / "laptop.zip")
    assert not again.changes


def test_csv_import_on_postgres_is_all_or_nothing_and_idempotent(team: Database) -> None:
    with pytest.raises(InvalidImportError, match="5 rows are invalid"):
        import_file(team, FIXTURES / "bad_rows.csv")
    assert members(team)["candidates.json"] == []
    first = import_file(team, FIXTURES / "ats_export.csv")
    assert first.created == 3
    before = members(team)
    second = import_file(team, FIXTURES / "ats_export.csv")
    assert (second.created, second.updated) == (0, 0)
    assert members(team) == before


def test_erasure_and_retention_on_postgres(team: Database) -> None:
    load_demo(team, candidates=40, seed=2, as_of=AS_OF)
    _add_analysis_and_scorecard(team)
    with team.read() as session:
        person = session.scalars(select(Candidate).where(Candidate.analyses.any())).one()
        person_id = person.id
    changes = erase_candidate(team, person_id)
    assert changes.analyses
    assert changes.jobs
    with team.read() as session:
        for model in (Application, Note, Analysis, AnalysisJob):
            column = model.candidate_id  # type: ignore[attr-defined]
            count = select(func.count()).select_from(model).where(column == person_id)
            assert session.scalar(count) == 0
        assert session.scalar(select(func.count()).select_from(Scorecard)) == 0
    lapsed = lapsed_consent(team, AS_OF)
    assert all(entry.consent_until < AS_OF for entry in lapsed)


def test_a_laptop_and_the_team_database_converge_both_ways(
    database: Database, team: Database, tmp_path: Path
) -> None:
    load_demo(database, candidates=30, seed=9, as_of=AS_OF)
    export(database, tmp_path / "start.zip", format="bundle", include_private=True)
    import_file(team, tmp_path / "start.zip")
    later = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    with database.write() as session:
        first = session.scalars(select(Candidate).order_by(Candidate.id)).first()
        assert first is not None
        first.phone, first.field_times = "+1 555 0123", {"phone": later.isoformat()}
        first.updated_at = later
    with team.write() as session:
        session.add(Candidate(full_name="Hired Via Team", email="team@example.com"))
    export(database, tmp_path / "laptop.zip", format="bundle", include_private=True)
    export(team, tmp_path / "team.zip", format="bundle", include_private=True)
    import_file(team, tmp_path / "laptop.zip")
    import_file(database, tmp_path / "team.zip")
    mine, theirs = members(database), members(team)
    for found in (mine, theirs):
        for person in found["candidates.json"]:
            person.pop("field_times")  # the same edit times, written out or implied
    assert mine == theirs


def test_an_import_after_the_demo_on_postgres(team: Database) -> None:
    load_demo(team, candidates=10, seed=1, as_of=AS_OF)
    report = import_file(team, FIXTURES / "ats_export.csv")
    assert report.created == 3
