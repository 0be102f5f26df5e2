"""A bundle's positions, cards, stage history, notes and scorecards are written a batch
per transaction inside the merge's import run, like its new people (issue 18, item 13):
another writer gets the lock between those batches too, and a merge that fails, is
cancelled or whose process is killed once some of them are written leaves the database
exactly as it was."""

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from tests import templates
from tests.transfer.edited_bundles import copy_database, edited_bundle
from tests.transfer.test_import_runs import count
from tests.waiting import wait_until

from recruitdesk.progress import Cancelled, Progress
from recruitdesk.storage.erasure import erase_candidate
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.models.base import Base, new_uid, utcnow
from recruitdesk.storage.models.pipeline import Application, Scorecard
from recruitdesk.transfer.bundle_merge import merge_bundle
from recruitdesk.transfer.bundle_read import read_bundle
from recruitdesk.transfer.formats import export

#: Tables a merge writes nothing lasting to but bookkeeping no view reads back.
_BOOKKEEPING = {"change_feed"}


def _forget_some(path: Path) -> None:
    """Take from a copy of the source part of what it holds, so that merging the
    source's bundle back adds positions, people, cards of people and positions still
    here, their stage changes, notes of people still here and scorecards."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("BEGIN")
        for statement in (
            "DELETE FROM positions WHERE id % 3 = 0",
            "DELETE FROM candidates WHERE id % 7 = 0",
            "DELETE FROM applications WHERE id % 2 = 0",
            "DELETE FROM stage_changes WHERE id % 2 = 0",
            "DELETE FROM notes WHERE id % 2 = 0",
            "DELETE FROM scorecards WHERE id % 2 = 0",
        ):
            connection.execute(statement)
        connection.execute("COMMIT")
    finally:
        connection.close()


def records_bundle(tmp_path: Path, people: int, db_path: Path) -> Path:
    """The demo sample of ``people`` (with a scorecard on every card) exported as a
    bundle; ``db_path`` is a copy of it that lost part of its records."""
    source = tmp_path / "source.sqlite"
    with templates.open_demo(source, candidates=people, seed=3) as database:
        with database.write() as session:
            cards = list(session.scalars(select(Application.id)))
            now = utcnow()
            session.execute(
                insert(Scorecard),
                [
                    {
                        "uid": new_uid(),
                        "application_id": card,
                        "kind": "interview_kit",
                        "ratings": {},
                        "interviewer": "Ada",
                        "created_at": now,
                        "updated_at": now,
                    }
                    for card in cards
                ],
            )
        bundle = tmp_path / "records.zip"
        export(database, bundle, format="bundle", include_private=True)
    copy_database(source, db_path)
    _forget_some(db_path)
    return bundle


def snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of the schema but the change feed's."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return {
            table.name: sorted(
                connection.execute(f"SELECT * FROM {table.name}").fetchall(),
                key=repr,
            )
            for table in Base.metadata.sorted_tables
            if table.name not in _BOOKKEEPING
        }
    finally:
        connection.close()


def _grew(path: Path, before: dict[str, list[tuple[object, ...]]], table: str) -> bool:
    return count(path, table) > len(before[table])


@pytest.mark.parametrize(
    ("stop", "after"),
    [("cancel", "applications"), ("cancel", "scorecards"), ("bug", "notes")],
)
def test_a_merge_stopped_once_records_are_written_leaves_the_database_as_it_was(
    db_path: Path, tmp_path: Path, stop: str, after: str
) -> None:
    bundle = records_bundle(tmp_path, 1_500, db_path)
    before = snapshot(db_path)
    stopped: list[int] = []

    def stop_once_written() -> bool:
        if not stopped and _grew(db_path, before, after):
            stopped.append(count(db_path, after))
            if stop == "bug":
                raise RuntimeError("a bug in the middle of the merge")
            return True
        return False

    expected: type[BaseException] = Cancelled if stop == "cancel" else RuntimeError
    with open_database(str(db_path)) as database, pytest.raises(expected):
        merge_bundle(
            database, read_bundle(bundle), progress=Progress(is_cancelled=stop_once_written)
        )
    assert stopped, f"the {after} were written only when the merge ended"
    assert snapshot(db_path) == before
    for table in ("import_runs", "import_run_candidates", "import_run_rows"):
        assert count(db_path, table) == 0, table


def test_the_merge_adds_what_was_missing(db_path: Path, tmp_path: Path) -> None:
    """The same bundle, merged whole, gives back every row the copy lost."""
    bundle = records_bundle(tmp_path, 300, db_path)
    source = snapshot(tmp_path / "source.sqlite")
    with open_database(str(db_path)) as database:
        merge_bundle(database, read_bundle(bundle))
    merged = snapshot(db_path)
    for table in ("positions", "applications", "stage_changes", "notes", "scorecards"):
        assert len(merged[table]) == len(source[table]), table
    for table in ("import_runs", "import_run_candidates", "import_run_rows"):
        assert count(db_path, table) == 0, table


def test_another_writer_gets_the_lock_once_cards_are_written(db_path: Path, tmp_path: Path) -> None:
    """Between the batches, before the merge publishes its run: the cards are there."""
    bundle = records_bundle(tmp_path, 1_500, db_path)
    before = count(db_path, "applications")
    seen: list[tuple[int, int]] = []
    with open_database(str(db_path)) as database:
        other = sqlite3.connect(db_path, timeout=0, isolation_level=None)

        def write_meanwhile() -> bool:
            other.execute("BEGIN IMMEDIATE")
            cards = other.execute("SELECT count(*) FROM applications").fetchone()[0]
            runs = other.execute("SELECT count(*) FROM import_runs WHERE NOT published")
            seen.append((cards, runs.fetchone()[0]))
            other.execute("COMMIT")
            return False

        merge_bundle(database, read_bundle(bundle), progress=Progress(is_cancelled=write_meanwhile))
        other.close()
    after = count(db_path, "applications")
    assert after > before
    assert (after, 1) in seen, (before, after, seen)


def _killed_merge(db_path: Path, bundle: Path, written: Callable[[], bool]) -> None:
    command = [sys.executable, "-m", "recruitdesk", "--db", str(db_path), "import", str(bundle)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(written)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL


def test_a_merge_killed_once_cards_are_written_is_undone_by_the_next_open(
    db_path: Path, tmp_path: Path
) -> None:
    bundle = records_bundle(tmp_path, 3_000, db_path)
    open_database(str(db_path)).dispose()
    before = snapshot(db_path)
    _killed_merge(db_path, bundle, lambda: _grew(db_path, before, "applications"))
    connection = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    runs = connection.execute("SELECT published FROM import_runs").fetchall()
    connection.close()
    assert runs == [(0,)], "killed before it published"
    assert count(db_path, "import_run_rows") > 0
    with open_database(str(db_path)):
        pass
    assert snapshot(db_path) == before
    for table in ("import_runs", "import_run_candidates", "import_run_rows"):
        assert count(db_path, table) == 0, table


def changed_bundle(tmp_path: Path, people: int, db_path: Path) -> Path:
    """``db_path`` holds the demo sample of ``people``; the bundle is a copy of it in
    which every person, position, card and note was edited later."""
    templates.demo_file(db_path, candidates=people, seed=3)
    return edited_bundle(db_path, tmp_path)


def _edited(path: Path) -> int:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        query = "SELECT count(*) FROM candidates WHERE full_name LIKE '% Jr'"
        return int(connection.execute(query).fetchone()[0])
    finally:
        connection.close()


def test_a_merge_stopped_once_it_changed_people_puts_them_back(
    db_path: Path, tmp_path: Path
) -> None:
    """Someone who edits a changed person meanwhile keeps their edit: it is newer."""
    bundle = changed_bundle(tmp_path, 1_500, db_path)
    before = snapshot(db_path)
    theirs: list[int] = []

    def stop_once_changed() -> bool:
        if theirs or not _edited(db_path):
            return False
        other = sqlite3.connect(db_path, isolation_level=None)
        (person,) = other.execute(
            "SELECT id FROM candidates WHERE full_name LIKE '% Jr' ORDER BY id LIMIT 1"
        ).fetchone()
        other.execute(
            "UPDATE candidates SET full_name = 'Their Edit', version = version + 1 WHERE id = ?",
            (person,),
        )
        other.close()
        theirs.append(person)
        return True

    with open_database(str(db_path)) as database, pytest.raises(Cancelled):
        merge_bundle(
            database, read_bundle(bundle), progress=Progress(is_cancelled=stop_once_changed)
        )
    assert theirs, "the people were changed only when the merge ended"
    after = snapshot(db_path)
    kept = [row for row in after["candidates"] if row[0] == theirs[0]]
    assert "Their Edit" in kept[0]
    assert [row for row in after["candidates"] if row[0] != theirs[0]] == [
        row for row in before["candidates"] if row[0] != theirs[0]
    ]
    del after["candidates"], before["candidates"]
    assert after == before
    for table in ("import_runs", "import_run_candidates", "import_run_rows"):
        assert count(db_path, table) == 0, table


def test_a_merge_killed_once_it_changed_people_is_undone_by_the_next_open(
    db_path: Path, tmp_path: Path
) -> None:
    bundle = changed_bundle(tmp_path, 3_000, db_path)
    before = snapshot(db_path)
    _killed_merge(db_path, bundle, lambda: _edited(db_path) > 0)
    assert 0 < _edited(db_path) < 3_000, "killed before it finished"
    with open_database(str(db_path)):
        pass
    assert snapshot(db_path) == before
    for table in ("import_runs", "import_run_candidates", "import_run_rows"):
        assert count(db_path, table) == 0, table


def test_a_person_erased_while_a_merge_changes_them_leaves_no_copy_in_the_run(
    db_path: Path, tmp_path: Path
) -> None:
    bundle = changed_bundle(tmp_path, 1_500, db_path)
    erased: list[tuple[str, int]] = []
    with open_database(str(db_path)) as database:

        def erase_once_changed() -> bool:
            if erased or not _edited(db_path):
                return False
            connection = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
            person, uid = connection.execute(
                "SELECT id, uid FROM candidates WHERE full_name LIKE '% Jr' LIMIT 1"
            ).fetchone()
            erase_candidate(database, person)
            kept = connection.execute(
                "SELECT count(*) FROM import_run_rows WHERE uid = ? OR restore LIKE ?",
                (uid, f"%{uid}%"),
            ).fetchone()[0]
            connection.close()
            erased.append((uid, kept))
            return True

        with pytest.raises(Cancelled):
            merge_bundle(
                database, read_bundle(bundle), progress=Progress(is_cancelled=erase_once_changed)
            )
    ((uid, kept),) = erased
    assert kept == 0, "the run kept a copy of the person erased"
    assert uid.encode() not in db_path.read_bytes()
    assert count(db_path, "import_run_rows") == 0
