"""Search by verified skill vs claimed skill, full text kept in step by the triggers
after edits and deletes, filters, and the query syntax."""

import importlib.util
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import delete, text, update

from recruitdesk.errors import KnownError
from recruitdesk.storage import search, search_index
from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.erasure import erase_candidate
from recruitdesk.storage.models.analysis import Analysis, AnalysisSkill
from recruitdesk.storage.models.pipeline import Application, Candidate, Note, Position
from recruitdesk.storage.search import (
    SearchQuery,
    fts_expression,
    parse_query,
    search_candidates,
)
from recruitdesk.storage.search_index import repair_index

WHEN = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def person(database: Database, name: str, skills: list[str], **values: object) -> int:
    with database.write() as session:
        row = Candidate(full_name=name, skills=skills, **values)
        session.add(row)
        session.flush()
        return row.id


def verify(database: Database, candidate_id: int, *skills: str, when: datetime = WHEN) -> None:
    with database.write() as session:
        analysis = Analysis(candidate_id=candidate_id, source="github", analyzed_at=when)
        analysis.skills.extend(AnalysisSkill(name=s, confidence=0.8) for s in skills)
        session.add(analysis)


def names(database: Database, query: str | SearchQuery) -> list[str]:
    return sorted(hit.full_name for hit in search_candidates(database, query))


@pytest.fixture
def people(database: Database) -> dict[str, int]:
    ids = {
        "Ana": person(
            database, "Ana Kowalska", ["FastAPI", "Python 3.11+"], region="eastern_europe"
        ),
        "Ben": person(database, "Ben Okafor", ["FastAPI", "Django"], region="western_europe"),
        "Chloe": person(database, "Chloe Dubois", ["pandas", "asyncio"], region="western_europe"),
    }
    verify(database, ids["Ana"], "FastAPI", "asyncio")
    verify(database, ids["Chloe"], "pandas")
    return ids


def test_verified_skill_is_not_the_same_as_claimed(
    database: Database, people: dict[str, int]
) -> None:
    # Ana and Ben both claim FastAPI; only Ana's code shows it.
    assert names(database, "FastAPI") == ["Ana Kowalska", "Ben Okafor"]
    assert names(database, "FastAPI verified") == ["Ana Kowalska"]
    assert names(database, "verified:fastapi") == ["Ana Kowalska"]
    hit = search_candidates(database, "FastAPI verified")[0]
    assert hit.verified == ("FastAPI",)
    # asyncio: claimed by Chloe, verified for Ana (who never listed it).
    assert names(database, "async") == ["Chloe Dubois"]
    assert names(database, "async verified") == ["Ana Kowalska"]


def test_only_the_newest_analysis_verifies(database: Database, people: dict[str, int]) -> None:
    verify(database, people["Ana"], "Django", when=datetime(2026, 11, 21, tzinfo=UTC))
    assert names(database, "FastAPI verified") == []
    assert names(database, "Django verified") == ["Ana Kowalska"]


def test_text_finds_names_skills_and_notes(database: Database, people: dict[str, int]) -> None:
    assert names(database, "Python 3.11+") == ["Ana Kowalska"]
    assert names(database, "kowal") == ["Ana Kowalska"]
    assert names(database, "okafor django") == ["Ben Okafor"]
    assert names(database, "region:western_europe") == ["Ben Okafor", "Chloe Dubois"]
    assert names(database, 'FastAPI region:"Western Europe"') == ["Ben Okafor"]
    assert names(database, '"quoted * OR NEAR(" ))') == []


def test_the_index_keeps_step_with_edits_and_deletes(
    database: Database, people: dict[str, int]
) -> None:
    with database.write() as session:
        session.add(Note(candidate_id=people["Ben"], body="Explained the GIL well."))
    assert names(database, "GIL") == ["Ben Okafor"]
    with database.write() as session:
        session.execute(
            update(Note).where(Note.candidate_id == people["Ben"]).values(body="Quiet on GC.")
        )
    assert names(database, "GIL") == []
    assert names(database, "quiet") == ["Ben Okafor"]
    with database.write() as session:
        session.execute(delete(Note).where(Note.candidate_id == people["Ben"]))
    assert names(database, "quiet") == []

    with database.write() as session:
        session.execute(
            update(Candidate)
            .where(Candidate.id == people["Chloe"])
            .values(full_name="Chloe Martin", skills=["Polars"])
        )
    assert names(database, "dubois") == []
    assert names(database, "martin polars") == ["Chloe Martin"]
    assert names(database, "pandas") == []

    with database.write() as session:
        session.execute(delete(Candidate).where(Candidate.id == people["Ana"]))
    assert names(database, "kowalska") == []
    with database.read() as session:
        indexed = session.scalar(text("SELECT count(*) FROM candidate_search"))
        assert indexed == 2


def test_filters_by_track_level_and_stage(database: Database) -> None:
    load_demo(database, candidates=60, seed=4, as_of=date(2026, 11, 21))
    with database.read() as session:
        offer = session.execute(
            text(
                "SELECT c.id, c.level FROM candidates c JOIN applications a "
                "ON a.candidate_id = c.id WHERE a.stage = 'offer'"
            )
        ).all()
    assert offer
    hits = search_candidates(database, "stage:offer")
    assert {h.candidate_id for h in hits} == {row[0] for row in offer}
    level = offer[0][1]
    narrowed = search_candidates(database, f"stage:offer level:{level}")
    assert {h.candidate_id for h in narrowed} == {row[0] for row in offer if row[1] == level}
    for hit in search_candidates(database, "track:data_ml level:senior"):
        assert (hit.track, hit.level) == ("data_ml", "senior")
    with pytest.raises(KnownError, match="Unknown stage 'limbo'"):
        parse_query("stage:limbo")


def test_query_syntax() -> None:
    query = parse_query('FastAPI verified async region:"Eastern Europe" level:Senior')
    assert query.verified == ("FastAPI",)
    assert query.text == "async"
    assert (query.region, query.level) == ("eastern_europe", "senior")
    assert fts_expression("Python 3.11+") == '"Python"* AND "3 11"*'
    assert fts_expression('a"b OR') == '"a b"* AND "OR"*'
    assert fts_expression("*** ---") is None
    assert parse_query("   ").empty


def test_many_matches_come_newest_first_and_few_by_relevance(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = person(database, "Dana One", ["Rust", "Rust bindings", "Rust async"])
    second = person(database, "Eve Two", ["Rust", "Go", "Java", "Kotlin", "Scala", "Elixir"])
    by_relevance = [h.candidate_id for h in search_candidates(database, "rust")]
    assert by_relevance == [first, second]
    monkeypatch.setattr(search, "RELEVANCE_LIMIT", 1)
    assert [h.candidate_id for h in search_candidates(database, "rust")] == [second, first]
    third = person(database, "Finn Three", ["Rust"])
    assert next(h.candidate_id for h in search_candidates(database, "rust")) == third


def test_lost_triggers_are_put_back(database: Database, people: dict[str, int]) -> None:
    with database.write() as session:
        session.execute(text("DROP TRIGGER candidate_search_update"))
        session.execute(update(Candidate).values(full_name="Renamed Person"))
    # The search notices the missing trigger, puts it back and re-indexes everyone.
    assert len(names(database, "renamed")) == 3
    with database.write() as session:
        session.execute(update(Candidate).values(full_name="Again Someone"))
    assert len(names(database, "again")) == 3
    assert repair_index(database) == 3


def test_erased_names_leave_the_file_after_purge(database: Database, db_path: Path) -> None:
    marker = "Zyxwvutsrqp"
    gone = person(database, f"{marker} Erased", ["FastAPI"])
    for index in range(30):
        person(database, f"Other Person{index}", ["Django"])
    erase_candidate(database, gone)  # deletes the row, then merges the index's segments
    database.dispose()
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    assert marker.lower().encode() not in db_path.read_bytes().lower()


def _migration() -> ModuleType:
    """The revision that last changed the index (0005: tags and location)."""
    (path,) = (Path(search.__file__).parent / "migrations" / "versions").glob("0005_*.py")
    spec = importlib.util.spec_from_file_location("migration_0005", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_repair_statements_are_the_migrations_own() -> None:
    migration = _migration()
    assert migration.revision == "0005"
    assert migration.TRIGGERS == search_index.TRIGGERS
    assert migration.FILL == search_index.FILL


def test_the_upgrade_indexes_rows_already_there(database: Database, tmp_path: Path) -> None:
    fixture = Path(__file__).parents[1] / "fixtures" / "schema_0002.sqlite"
    copy = tmp_path / "old.sqlite"
    copy.write_bytes(fixture.read_bytes())
    from recruitdesk.storage.migrate import open_database

    with open_database(str(copy)) as upgraded, upgraded.read() as session:
        count = session.scalar(text("SELECT count(*) FROM candidate_search"))
        people = session.scalar(text("SELECT count(*) FROM candidates"))
        noted = session.scalar(
            text("SELECT count(*) FROM candidate_search WHERE notes IS NOT NULL")
        )
        with_notes = session.scalar(text("SELECT count(DISTINCT candidate_id) FROM notes"))
        assert count == people
        assert noted == with_notes
        name = session.scalar(text("SELECT full_name FROM candidates WHERE id = 1"))
    assert name is not None
    with open_database(str(copy)) as upgraded:
        assert 1 in {h.candidate_id for h in search_candidates(upgraded, name)}


def test_an_application_in_a_stage_of_one_position(
    database: Database, people: dict[str, int]
) -> None:
    with database.write() as session:
        one, two = Position(title="One"), Position(title="Two")
        session.add_all([one, two])
        session.flush()
        session.add(
            Application(
                candidate_id=people["Ben"],
                position_id=two.id,
                stage="technical",
                rank=1.0,
                entered_stage_at=WHEN,
            )
        )
        ids = (one.id, two.id)
    assert names(database, SearchQuery(stage="technical", position_id=ids[1])) == ["Ben Okafor"]
    assert names(database, SearchQuery(stage="technical", position_id=ids[0])) == []
