"""A bundle merge is all or nothing without locking others out (issue 18, items 9 and
13): its new people are written a batch per transaction as an import run, so another
writer gets the lock between batches, and a merge that is cancelled or whose process is
killed leaves the database as it was."""

import sqlite3
from pathlib import Path

import pytest
from tests import templates
from tests.transfer.killed_runs import killed_once_grown
from tests.transfer.test_import_runs import count, people_csv

from recruitdesk.progress import Cancelled, Progress
from recruitdesk.storage.migrate import open_database
from recruitdesk.transfer.bundle_merge import merge_bundle
from recruitdesk.transfer.bundle_read import read_bundle
from recruitdesk.transfer.formats import export, import_file


def people_bundle(tmp_path: Path, people: int) -> Path:
    """A bundle of ``people`` people, exported by the app itself (made once per test
    process: the tests only read it)."""

    def make(bundle: Path) -> None:
        source = tmp_path / "source.sqlite"
        with templates.open_empty(source) as database:
            import_file(database, people_csv(tmp_path / "people.csv", people))
            export(database, bundle, format="bundle", include_private=True)

    return templates.made_once(f"people-{people}.zip", make)


def test_another_writer_gets_the_lock_between_batches(db_path: Path, tmp_path: Path) -> None:
    """A writer with no patience at all (busy timeout 0) gets the lock at every step of
    the merge; what it wrote meanwhile is kept beside the merged people."""
    bundle = people_bundle(tmp_path, 1_500)
    attempts: list[str] = []
    with templates.open_empty(db_path) as database:
        other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
        other.execute("CREATE TABLE meanwhile (seen INTEGER)")

        def write_meanwhile() -> bool:
            try:
                other.execute("BEGIN IMMEDIATE")
                seen = other.execute("SELECT count(*) FROM candidates").fetchone()[0]
                other.execute("INSERT INTO meanwhile VALUES (?)", (seen,))
                other.execute("COMMIT")
                attempts.append("ok")
            except sqlite3.OperationalError as error:
                attempts.append(str(error))
            return False

        progress = Progress(is_cancelled=write_meanwhile)
        report = merge_bundle(database, read_bundle(bundle), progress=progress)
        seen = [row[0] for row in other.execute("SELECT seen FROM meanwhile")]
        other.close()
    assert report.created == 1_500
    assert set(attempts) == {"ok"}
    # It wrote while the people were half written, not only before or after.
    assert any(0 < number < 1_500 for number in seen), seen


def test_a_cancel_after_some_batches_leaves_nothing(db_path: Path, tmp_path: Path) -> None:
    bundle = people_bundle(tmp_path, 1_500)
    with templates.open_empty(db_path) as database:

        def cancel_once_some_are_written() -> bool:
            return count(db_path, "candidates") > 0

        with pytest.raises(Cancelled):
            merge_bundle(
                database,
                read_bundle(bundle),
                progress=Progress(is_cancelled=cancel_once_some_are_written),
            )
    for table in ("candidates", "notes", "import_runs", "import_run_candidates"):
        assert count(db_path, table) == 0, table


def test_a_killed_merge_is_undone_by_the_next_open(db_path: Path, tmp_path: Path) -> None:
    people = 1_500
    bundle = people_bundle(tmp_path, people)
    templates.empty_file(db_path)
    killed_once_grown(db_path, bundle, "SELECT count(*) FROM candidates")
    assert 0 < count(db_path, "candidates") < people, "killed before it finished"
    with open_database(str(db_path)):
        pass
    for table in ("candidates", "notes", "import_runs", "import_run_candidates"):
        assert count(db_path, table) == 0, table
