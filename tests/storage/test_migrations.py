"""Opening a database: fixtures of every released schema upgrade with every row kept;
files that are not ours, or too new, are refused and left exactly as they were."""

import hashlib
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex
from tests import templates

from recruitdesk.errors import DatabaseError, NewerDatabaseError
from recruitdesk.storage import migrate
from recruitdesk.storage.board.cards import read_column
from recruitdesk.storage.database import resolve_url
from recruitdesk.storage.jobs_queue import WaitReason, list_jobs
from recruitdesk.storage.maintenance import check_sqlite
from recruitdesk.storage.matching import rank_candidates
from recruitdesk.storage.migrate import (
    head_revision,
    known_revisions,
    open_database,
    open_database_with_report,
)
from recruitdesk.storage.search import search_candidates

FIXTURES = Path(__file__).parents[1] / "fixtures"
FIXTURE_DATABASES = sorted(FIXTURES.glob("schema_*.sqlite"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_there_is_a_fixture_for_every_released_schema() -> None:
    fixture_revisions = {path.stem.removeprefix("schema_") for path in FIXTURE_DATABASES}
    assert fixture_revisions == set(known_revisions())


@pytest.mark.parametrize("fixture", FIXTURE_DATABASES, ids=lambda p: p.stem)
def test_fixture_upgrades_to_head_with_every_row(fixture: Path, tmp_path: Path) -> None:
    manifest = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    copy = tmp_path / fixture.name
    shutil.copyfile(fixture, copy)
    database, report = open_database_with_report(str(copy))
    with database:
        assert report.found_revision == manifest["revision"]
        if manifest["revision"] != head_revision():
            assert report.backup is not None
            assert report.backup.exists()
        with database.read() as session:
            version = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
            assert version == head_revision()
            for table, count in manifest["rows"].items():
                found = session.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                assert found == count, table
            rows = session.execute(
                text(
                    "SELECT id, full_name, email, github_login FROM candidates ORDER BY id LIMIT 5"
                )
            ).all()
            assert [list(row) for row in rows] == manifest["candidates"]
            assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert check_sqlite(copy).ok


def test_json_stored_with_escapes_is_rewritten_in_utf8(tmp_path: Path) -> None:
    """Schema 0004's code stored JSON with ``\\u`` escapes (SQLAlchemy's default
    serializer, ``json.dumps``): rows written that way into the 0004 fixture come out of
    the upgrade in UTF-8, and the board filter, the search and matching find them."""
    copy = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema_0004.sqlite", copy)
    when = "2026-11-20 10:00:00.000000"
    with closing(sqlite3.connect(copy)) as connection, connection:
        cursor = connection.execute(
            "INSERT INTO candidates (full_name, location, links, skills, tags, uid, "
            "field_times, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                "Zoë Müller",
                "Zürich",
                json.dumps([]),
                json.dumps(["Développeur Python"]),
                json.dumps(["Genève office", "C:\\users"]),
                "6d1c3c2e-0000-4000-8000-000000000005",
                json.dumps({"skills": "2026-11-20T10:00:00+00:00"}),
                when,
                when,
            ),
        )
        zoe = cursor.lastrowid
        connection.execute(
            "INSERT INTO applications (candidate_id, position_id, stage, rank, "
            "entered_stage_at, uid, field_times, created_at, updated_at) "
            "VALUES (?, 1, 'sourced', 1e9, ?, ?, '{}', ?, ?)",
            (zoe, when, "6d1c3c2e-0000-4000-8000-000000000006", when, when),
        )
        connection.execute(
            "UPDATE positions SET must_have = ? WHERE id = 1", (json.dumps(["Développeur Python"]),)
        )
        connection.execute(
            "UPDATE scorecards SET ratings = ?",
            (json.dumps({"q1": {"rating": 3, "comment": "très bien"}}),),
        )
        assert (
            "\\u00e9"
            in connection.execute("SELECT skills FROM candidates WHERE id = ?", (zoe,)).fetchone()[
                0
            ]
        )
    with open_database(str(copy)) as database:
        with database.read() as session:
            stored = session.execute(
                text("SELECT skills, tags FROM candidates WHERE id = :id"), {"id": zoe}
            ).one()
            assert tuple(stored) == ('["Développeur Python"]', '["Genève office", "C:\\\\users"]')
            assert session.scalar(text("SELECT must_have FROM positions WHERE id = 1")) == (
                '["Développeur Python"]'
            )
            assert "très bien" in session.scalar(text("SELECT ratings FROM scorecards"))
            indexed = session.scalar(text("SELECT count(*) FROM candidate_search"))
            assert indexed == session.scalar(text("SELECT count(*) FROM candidates"))
        assert zoe in {hit.candidate_id for hit in search_candidates(database, "ZURICH")}
        found = search_candidates(database, "muller developpeur geneve")
        assert [hit.candidate_id for hit in found] == [zoe]
        cards = read_column(database, 1, "sourced", text="developpeur")
        assert [card.candidate_id for card in cards] == [zoe]
        claimed = [m for m in rank_candidates(database, 1) if m.facts.claimed_mask != 0]
        assert zoe in {match.candidate_id for match in claimed}


def test_a_job_waiting_reason_moves_from_its_error_text_to_its_column(tmp_path: Path) -> None:
    """Schema 0005's code wrote why a job waits as the start of its last error; the
    upgrade moves it into ``wait_reason`` and leaves the engine's message alone."""
    copy = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "schema_0005.sqlite", copy)
    errors = {
        "offline": ("waiting", "Offline: GitHub could not be reached."),
        "limited": ("waiting", "Rate-limited: GitHub's limit of 100% is spent."),
        "stopped": ("waiting", "Interrupted when the app closed; it resumes at the next start."),
        "download": ("waiting", "ada/shop could not be unpacked."),
        "gave-up": ("cancelled", "Offline: GitHub could not be reached."),
    }
    with closing(sqlite3.connect(copy)) as connection, connection:
        connection.executemany(
            "INSERT INTO analysis_jobs (candidate_id, login, state, attempts, progress, "
            "next_attempt_at, last_error, created_at, updated_at) VALUES (1, ?, ?, 1, 0, "
            "'2026-11-20 10:00:00.000000', ?, '2026-11-20 10:00:00.000000', "
            "'2026-11-20 10:00:00.000000')",
            [(login, state, error) for login, (state, error) in errors.items()],
        )
    with open_database(str(copy)) as database:
        found = {job.login: (job.wait_reason, job.last_error) for job in list_jobs(database)}
    assert found == {
        "offline": (WaitReason.OFFLINE, "GitHub could not be reached."),
        "limited": (WaitReason.RATE_LIMITED, "GitHub's limit of 100% is spent."),
        "stopped": (WaitReason.INTERRUPTED, None),
        "download": (WaitReason.RETRY, "ada/shop could not be unpacked."),
        "gave-up": (None, "GitHub could not be reached."),
        "fixture-two": (WaitReason.RETRY, "offline"),
    }


def test_a_new_file_is_created_at_head(db_path: Path) -> None:
    database, report = open_database_with_report(str(db_path))
    with database:
        assert report.created
        assert report.backup is None
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_older_schema_is_backed_up_then_upgraded(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real second revision, in a copy of the migrations: the upgrade takes a backup
    through the online API first, and the backup holds the old schema and its rows."""
    head = head_revision()
    shutil.copyfile(FIXTURES / f"schema_{head}.sqlite", db_path)
    scripts = tmp_path / "migrations"
    shutil.copytree(
        Path(migrate.__file__).parent / "migrations",
        scripts,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    (scripts / "versions" / "9001_extra.py").write_text(
        "import sqlalchemy as sa\n"
        "from alembic import op\n"
        "revision = '9001'\n"
        f"down_revision = '{head}'\n"
        "def upgrade() -> None:\n"
        "    with op.batch_alter_table('candidates') as batch:\n"
        "        batch.add_column(sa.Column('pronouns', sa.String(32)))\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(migrate, "_MIGRATIONS", str(scripts))
    migrate._script.cache_clear()
    try:
        database, report = open_database_with_report(str(db_path))
        with database, database.read() as session:
            assert report.found_revision == head
            version = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
            assert version == "9001"
            assert session.execute(text("SELECT count(*) FROM candidates")).scalar() == 60
            session.execute(text("SELECT pronouns FROM candidates")).all()
    finally:
        migrate._script.cache_clear()
    assert report.backup is not None
    assert report.backup.name.startswith("recruitdesk.sqlite.pre-9001-")
    with sqlite3.connect(report.backup) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == (head,)
        assert backup.execute("SELECT count(*) FROM candidates").fetchone() == (60,)
    backup.close()


def test_a_database_without_its_schema_stamp_is_refused(db_path: Path) -> None:
    templates.empty_file(db_path)
    with sqlite3.connect(db_path) as connection:
        connection.execute("DELETE FROM alembic_version")
    connection.close()
    with pytest.raises(DatabaseError, match="not one of recruitdesk's"):
        open_database(str(db_path))


def test_a_database_from_a_newer_version_is_refused_untouched(db_path: Path) -> None:
    templates.empty_file(db_path)
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    before = digest(db_path)
    with pytest.raises(NewerDatabaseError, match=r"newer version of recruitdesk \(schema 9999"):
        open_database(str(db_path))
    assert digest(db_path) == before
    assert not list(db_path.parent.glob("*.bak"))


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Call Ana about the offer on Monday.\n" * 50, encoding="utf-8")
    before = digest(notes)
    with pytest.raises(DatabaseError, match="is not a recruitdesk database"):
        open_database(str(notes))
    assert digest(notes) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_another_apps_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE things (id INTEGER PRIMARY KEY)")
    connection.close()
    before = digest(other)
    with pytest.raises(DatabaseError, match="not one of recruitdesk's"):
        open_database(str(other))
    assert digest(other) == before


def test_a_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(DatabaseError, match="does not exist"):
        open_database(str(blocker / "sub" / "recruitdesk.sqlite"))
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_mistyped_path_creates_no_folders(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="does not exist: check the path"):
        open_database(str(tmp_path / "tpyo" / "deeper" / "recruitdesk.sqlite"))
    assert list(tmp_path.iterdir()) == []


def test_the_default_folder_is_made_on_the_first_start(isolated_folders: Path) -> None:
    url = resolve_url(None)
    assert url.database is not None
    assert Path(url.database).parent.is_dir()


def test_a_folder_given_as_the_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a folder"):
        open_database(str(tmp_path))


def test_an_unusable_url_is_one_clear_error() -> None:
    with pytest.raises(DatabaseError, match="No database driver for 'nosuchdriver"):
        open_database("nosuchdriver+x://")


# SQLite's reflection leaves out indexes on expressions (the duplicate lookups'), so the
# comparison cannot see them on either side.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_the_migrations_build_exactly_the_models(db_path: Path) -> None:
    """A model change without its revision (or the reverse) shows up here."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from recruitdesk.storage.models.base import Base

    # The process's empty template is the migrations' own work on a new file.
    with templates.open_empty(db_path) as database, database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"include_object": migrate.include_in_autogenerate, "compare_type": True},
        )
        assert compare_metadata(context, Base.metadata) == []
        listed = "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
        made = {row.name: row.sql for row in connection.exec_driver_sql(listed)}
    for table in Base.metadata.tables.values():
        for index in table.indexes:
            written = str(CreateIndex(index).compile(dialect=sqlite.dialect()))
            assert made.get(index.name) == written.removeprefix("\n").strip()
