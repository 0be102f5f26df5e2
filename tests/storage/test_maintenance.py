"""Backups through the online API, and the integrity check."""

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from recruitdesk.atomic_files import sqlite_files
from recruitdesk.errors import DatabaseError
from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.maintenance import backup_sqlite, check_sqlite
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.models.pipeline import Note
from recruitdesk.storage.queries import counts


def rows(path: Path, table: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()


def test_a_backup_taken_during_a_write_restores_the_committed_rows(
    database: Database, db_path: Path, tmp_path: Path
) -> None:
    load_demo(database, candidates=120, seed=5, as_of=date(2026, 11, 21))
    target = tmp_path / "copies" / "backup.sqlite"
    # A writer holds an open transaction: the backup must see only what was committed.
    with database.write() as session:
        session.add(Note(candidate_id=1, body="uncommitted while the backup runs"))
        session.flush()
        backup_sqlite(db_path, target)
    restored = open_database(str(target))
    with restored:
        assert counts(restored) == counts(database)
    for table in ("candidates", "applications", "stage_changes"):
        assert rows(target, table) == rows(db_path, table)
    assert len(rows(target, "notes")) == len(rows(db_path, "notes")) - 1
    assert list(target.parent.iterdir()) == [target]


def test_a_backup_never_overwrites_its_source(database: Database, db_path: Path) -> None:
    for target in sqlite_files(db_path):
        with pytest.raises(DatabaseError, match="it is the database recruitdesk has open"):
            backup_sqlite(db_path, target)


def test_check_passes_a_healthy_database_and_names_a_broken_reference(
    database: Database, db_path: Path
) -> None:
    load_demo(database, candidates=30, seed=5, as_of=date(2026, 11, 21))
    assert check_sqlite(db_path).ok
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("DELETE FROM candidates WHERE id = 1")
        connection.commit()
    report = check_sqlite(db_path)
    assert not report.ok
    assert any("points at a missing candidates row" in line for line in report.lines())
