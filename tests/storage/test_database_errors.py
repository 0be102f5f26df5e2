"""Failures of the environment under the database are known errors, one sentence each,
and leave nothing half-written: a full disk (SQLite's own page limit makes it report
SQLITE_FULL for real), a read-only file or folder, a database another connection keeps
locked."""

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from tests import templates
from tests.cli.running import run_cli
from tests.read_only import read_only

from recruitdesk.errors import DatabaseError
from recruitdesk.storage import database as database_module
from recruitdesk.storage.database import Database
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.models.pipeline import Candidate
from recruitdesk.transfer.formats import import_file

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"


def many_rows_csv(path: Path, rows: int) -> Path:
    lines = ["Full Name,Email,Skills"]
    lines += [f"Person {i},person{i}@example.com,python; sql; {'x' * 200}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def candidates(database: Database) -> int:
    with database.read() as session:
        return int(session.scalar(select(func.count()).select_from(Candidate)) or 0)


def test_a_full_disk_is_one_sentence_and_nothing_is_half_written(
    database: Database, tmp_path: Path
) -> None:
    import_file(database, FIXTURES / "ats_export.csv")
    with database.read() as session:
        pages = int(session.connection().exec_driver_sql("PRAGMA page_count").scalar_one())

    @event.listens_for(database.engine, "connect")
    def _small_disk(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 5}")

    database.engine.dispose()
    # 300 rows take 82 pages (measured), sixteen times the room left: the first batch
    # fills the disk, as it did with 3,000.
    with pytest.raises(DatabaseError) as caught:
        import_file(database, many_rows_csv(tmp_path / "big.csv", 300))
    message = str(caught.value)
    assert "\n" not in message
    assert "the disk is full" in message
    assert "nothing was saved" in message
    assert candidates(database) == 3


def test_a_read_only_database_file_is_one_sentence(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    templates.empty_file(db_path)
    with read_only(db_path):
        ran = run_cli(capsys, "--db", str(db_path), "import", str(FIXTURES / "ats_export.csv"))
    assert ran.returncode == 1
    assert "unexpected error" not in ran.stderr
    assert ran.stderr.count("\n") == 1
    assert "is read-only" in ran.stderr
    with open_database(str(db_path)) as database:
        assert candidates(database) == 0


def test_a_second_writer_that_keeps_the_lock_is_one_sentence(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 200)
    with templates.open_empty(db_path) as database:
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(DatabaseError, match="is busy: another program or import") as caught:
                import_file(database, FIXTURES / "ats_export.csv")
            assert "\n" not in str(caught.value)
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert candidates(database) == 0
        # Once the other writer is done, the same import goes through.
        import_file(database, FIXTURES / "ats_export.csv")
        assert candidates(database) == 3


def test_two_imports_at_once_queue_behind_each_other(db_path: Path, tmp_path: Path) -> None:
    first = many_rows_csv(tmp_path / "first.csv", 2000)
    second = tmp_path / "second.csv"
    second.write_text(first.read_text().replace("@example.com", "@example.org"))
    errors: list[BaseException] = []

    def run(path: Path) -> None:
        try:
            with open_database(str(db_path)) as database:
                import_file(database, path)
        except BaseException as error:  # the assertion below reports it
            errors.append(error)

    templates.empty_file(db_path)
    threads = [threading.Thread(target=run, args=(path,)) for path in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with open_database(str(db_path)) as database:
        assert candidates(database) == 4000


def test_a_read_only_folder_is_named_not_called_a_broken_database(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A crash left a -wal file; the folder is read-only, so SQLite cannot make the -shm
    it needs and says "unable to open database file"."""
    templates.empty_file(db_path)
    writer = sqlite3.connect(db_path)
    writer.execute("CREATE TABLE scratch (x)")
    writer.commit()
    wal = db_path.with_name(db_path.name + "-wal")
    left_over = wal.read_bytes()
    writer.close()
    wal.write_bytes(left_over)
    with read_only(db_path.parent):
        ran = run_cli(capsys, "--db", str(db_path), "import", str(FIXTURES / "ats_export.csv"))
    assert ran.returncode == 1
    assert ran.stderr.count("\n") == 1
    assert f"The folder {db_path.parent} cannot be written" in ran.stderr
    assert "cannot be read as a database" not in ran.stderr


def test_side_files_left_read_only_get_the_database_files_permissions_back(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite makes -wal and -shm with the database file's mode; made while it was
    read-only, they stayed read-only and every later write failed."""
    templates.empty_file(db_path)
    # Another program keeps the database open, so its -wal and -shm stay.
    other = sqlite3.connect(db_path)
    other.execute("SELECT count(*) FROM candidates").fetchone()
    try:
        sides = [db_path.with_name(db_path.name + suffix) for suffix in ("-wal", "-shm")]
        for side in sides:
            side.chmod(0o444)
        ran = run_cli(capsys, "--db", str(db_path), "import", str(FIXTURES / "ats_export.csv"))
        assert ran.returncode == 0, ran.stderr
        database_mode = db_path.stat().st_mode & 0o777
        assert [side.stat().st_mode & 0o777 for side in sides] == [database_mode] * 2
    finally:
        other.close()
