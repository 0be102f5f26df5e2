"""The app's one change signal carries the other workstations' writes
(docs/architecture.md, "Live updates"): eight writer processes and the window's own
writes on one database (an SQLite file, and PostgreSQL where a server is there) lose
nothing, hit no "database is locked", and every other process's change reaches the
signal while the window's own do not come back to it."""

from collections.abc import Iterator
from multiprocessing.pool import Pool

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from tests import team_processes
from tests.backends import backend, database, parametrize_backends

from recruitdesk.gui.changes import ELSEWHERE, ChangesHub
from recruitdesk.gui.operations import Operations
from recruitdesk.progress import Progress
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Note
from recruitdesk.storage.notes import add_note

__all__ = ["backend", "database"]

WRITERS = 8
#: Notes each writer process adds, a transaction each.
NOTES_EACH = 25
#: Notes the window adds meanwhile.
WINDOW_NOTES = 25


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_backends(metafunc)


@pytest.fixture
def pool() -> Iterator[Pool]:
    with team_processes.process_pool(WRITERS) as started:
        yield started


class Heard:
    """The changes the hub published that came from elsewhere."""

    def __init__(self, hub: ChangesHub) -> None:
        self.candidates: set[int] = set()
        self.everything = False
        hub.changed.connect(self.on_changes)

    def on_changes(self, changes: Changes) -> None:
        if changes.initiator is ELSEWHERE:
            self.candidates |= changes.candidates
            self.everything |= changes.everything


def test_eight_writer_processes_and_the_window_lose_nothing_and_are_heard(
    qtbot: QtBot, database: Database, hub: ChangesHub, operations: Operations, pool: Pool
) -> None:
    people = [create_candidate(database, {"full_name": f"Writer {n}"})[0] for n in range(9)]
    heard = Heard(hub)
    hub.watch(database)
    try:
        _write_and_hear(qtbot, database, operations, pool, heard, people)
    finally:
        hub.stop_watching()


def _write_and_hear(
    qtbot: QtBot,
    database: Database,
    operations: Operations,
    pool: Pool,
    heard: Heard,
    people: list[int],
) -> None:
    window_person, others = people[0], people[1:]
    hub = operations.hub
    if hub.listener is not None:
        assert hub.listener.wait_listening(10)
    url = database.url.render_as_string(hide_password=False)
    writing = pool.starmap_async(
        team_processes.write_notes, [(url, person, NOTES_EACH) for person in others]
    )
    written: list[int] = []
    window = QObject()  # the view that writes

    def one_note(_progress: Progress) -> Changes:
        return add_note(database, window_person, "written in the window")[1]

    def next_note(_changes: Changes) -> None:
        written.append(1)
        if len(written) < WINDOW_NOTES:
            operations.write(window, one_note, next_note)

    operations.write(window, one_note, next_note)
    qtbot.waitUntil(lambda: writing.ready() and len(written) == WINDOW_NOTES, timeout=180_000)
    assert writing.get() == [(NOTES_EACH, 0)] * WRITERS  # none refused as locked
    qtbot.waitUntil(lambda: heard.candidates >= set(others), timeout=10_000)
    assert window_person not in heard.candidates
    assert not heard.everything
    with database.read() as session:
        notes = session.scalar(select(func.count()).select_from(Note))
    assert notes == WRITERS * NOTES_EACH + WINDOW_NOTES
