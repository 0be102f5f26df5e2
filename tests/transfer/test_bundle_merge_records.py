"""A bundle's positions, cards, stage history, notes and scorecards are written a batch
per transaction inside the merge's import run, like its new people (issue 18, item 13):
another writer gets the lock between those batches too, and a merge that fails, is
cancelled or whose process is killed once some of them are written leaves the database
exactly as it was."""

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from tests import templates
from tests.transfer.edited_bundles import copy_database, edited_bundle
from tests.transfer.killed_runs import killed_once_grown
from tests.transfer.test_import_runs import count

from recruitdesk.progress import Cancelled, Progress
from recruitdesk.storage.erasure import erase_candidate
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.models.base import Base, new_uid, utcnow
from recruitdesk.storage.models.pipeline import Application, Scorecard
from recruitdesk.transfer import bundle_batches
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


#: People in the records bundle. Each kind of record the tests stop after is written in
#: one batch at this size (174 cards; 852 of 1,500 people's were one batch too) with
#: more steps to come, which is all a stop once they are written needs.
RECORDS_PEOPLE = 300


def _make_records(folder: Path) -> None:
    folder.mkdir()
    source = folder / "source.sqlite"
    with templates.open_demo(source, candidates=RECORDS_PEOPLE, seed=3) as database:
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
        export(database, folder / "records.zip", format="bundle", include_private=True)
    copy_database(source, folder / "forgot.sqlite")
    _forget_some(folder / "forgot.sqlite")


def records_bundle(db_path: Path) -> Path:
    """The demo sample of :data:`RECORDS_PEOPLE` (with a scorecard on every card)
    exported as a bundle; ``db_path`` is a copy of it that lost part of its records. The
    sample is beside the bundle, as ``source.sqlite``. Made once per test process: the
    tests only read the bundle and the sample."""
    folder = templates.made_once(f"records-{RECORDS_PEOPLE}", _make_records)
    copy_database(folder / "forgot.sqlite", db_path)
    return folder / "records.zip"


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
    db_path: Path, stop: str, after: str
) -> None:
    bundle = records_bundle(db_path)
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


def test_the_merge_adds_what_was_missing(db_path: Path) -> None:
    """The same bundle, merged whole, gives back every row the copy lost."""
    bundle = records_bundle(db_path)
    source = snapshot(bundle.parent / "source.sqlite")
    with open_database(str(db_path)) as database:
        merge_bundle(database, read_bundle(bundle))
    merged = snapshot(db_path)
    for table in ("positions", "applications", "stage_changes", "notes", "scorecards"):
        assert len(merged[table]) == len(source[table]), table
    for table in ("import_runs", "import_run_candidates", "import_run_rows"):
        assert count(db_path, table) == 0, table


def test_another_writer_gets_the_lock_once_cards_are_written(db_path: Path) -> None:
    """Between the batches, before the merge publishes its run: the cards are there."""
    bundle = records_bundle(db_path)
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


def test_a_merge_killed_once_cards_are_written_is_undone_by_the_next_open(db_path: Path) -> None:
    bundle = records_bundle(db_path)
    open_database(str(db_path)).dispose()
    before = snapshot(db_path)
    killed_once_grown(db_path, bundle, "SELECT count(*) FROM applications")
    assert _grew(db_path, before, "applications")
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


def _make_changed(folder: Path, people: int) -> None:
    folder.mkdir()
    templates.demo_file(folder / "sample.sqlite", candidates=people, seed=3)
    edited_bundle(folder / "sample.sqlite", folder)


#: People in the changed bundle, and how many the merge changes a transaction: three
#: batches, as the app's 1,000 a batch makes of 3,000 people, from a tenth the sample.
CHANGED_PEOPLE = 300
CHANGED_BATCH = 100


def changed_bundle(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``db_path`` holds the demo sample of :data:`CHANGED_PEOPLE`; the bundle is a copy
    of it in which every person, position, card and note was edited later (both made
    once per test process: the tests only read them). A merge in this process changes
    :data:`CHANGED_BATCH` records a transaction."""
    folder = templates.made_once(
        f"changed-{CHANGED_PEOPLE}", lambda made: _make_changed(made, CHANGED_PEOPLE)
    )
    copy_database(folder / "sample.sqlite", db_path)
    monkeypatch.setattr(bundle_batches, "BATCH", CHANGED_BATCH)
    return folder / "edited.zip"


_EDITED = "SELECT count(*) FROM candidates WHERE full_name LIKE '% Jr'"


def _edited(path: Path) -> int:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return int(connection.execute(_EDITED).fetchone()[0])
    finally:
        connection.close()


def test_a_merge_stopped_once_it_changed_people_puts_them_back(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone who edits a changed person meanwhile keeps their edit: it is newer."""
    bundle = changed_bundle(db_path, monkeypatch)
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
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = changed_bundle(db_path, monkeypatch)
    before = snapshot(db_path)
    killed_once_grown(db_path, bundle, _EDITED, merge_batch=CHANGED_BATCH)
    assert 0 < _edited(db_path) < CHANGED_PEOPLE, "killed before it finished"
    with open_database(str(db_path)):
        pass
    assert snapshot(db_path) == before
    for table in ("import_runs", "import_run_candidates", "import_run_rows"):
        assert count(db_path, table) == 0, table


def test_a_person_erased_while_a_merge_changes_them_leaves_no_copy_in_the_run(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = changed_bundle(db_path, monkeypatch)
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
