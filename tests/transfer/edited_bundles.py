"""A bundle in which every record of a database was edited later: what a merge that
changes every stored record reads (tests/transfer/test_bundle_merge_records.py,
benchmarks/bench_merge_changes.py)."""

import sqlite3
from pathlib import Path

from recruitdesk.storage.migrate import open_database
from recruitdesk.transfer.formats import export

#: (table, column, the edit) for every person, position, card and note.
EDITS = (
    ("candidates", "full_name", "full_name || ' Jr'"),
    ("positions", "title", "title || ' II'"),
    ("applications", "rank", "rank + 0.5"),
    ("notes", "body", "body || ' (edited)'"),
)


def copy_database(source: Path, target: Path) -> None:
    """``source`` copied to the new file ``target`` by SQLite's backup."""
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    origin.close()
    copy.close()


def edited_bundle(database: Path, folder: Path) -> Path:
    """A bundle of a copy of ``database`` (made in ``folder``) in which every person,
    position, card and note was edited later; ``database`` itself is left as it was."""
    copy = folder / "edited.sqlite"
    copy_database(database, copy)
    connection = sqlite3.connect(copy, isolation_level=None)
    connection.execute("BEGIN")
    for table, column, edit in EDITS:
        connection.execute(
            f"UPDATE {table} SET {column} = {edit}, "
            "updated_at = '2030-01-01 00:00:00.000000', version = version + 1"
        )
    connection.execute("COMMIT")
    connection.close()
    bundle = folder / "edited.zip"
    with open_database(str(copy)) as edited:
        export(edited, bundle, format="bundle", include_private=True)
    return bundle
