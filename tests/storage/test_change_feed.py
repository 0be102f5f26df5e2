"""Another workstation's writes are heard (docs/architecture.md, "Live updates"): on an
SQLite file through ``PRAGMA data_version`` and the change feed, on PostgreSQL through
``LISTEN``/``NOTIFY``; a workstation's own writes are not handed back to it."""

import multiprocessing
import queue
from collections.abc import Iterator
from multiprocessing.pool import Pool

import pytest
from sqlalchemy import update
from tests import team_processes

from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.change_feed import MAX_PAYLOAD, decode, encode
from recruitdesk.storage.change_watch import PgListener, SqliteWatch
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Candidate
from recruitdesk.storage.notes import add_note

#: How long a notification may take before the test fails (s); it is waited on, not slept.
PATIENCE = 10.0


class Ear:
    """What ``database``'s workstation hears of the others, on either backend."""

    def __init__(self, database: Database) -> None:
        self._watch = SqliteWatch(database) if database.is_sqlite else None
        self._heard: queue.Queue[Changes] = queue.Queue()
        self._listener = None if database.is_sqlite else PgListener(database, self._heard.put)
        if self._listener is not None:
            assert self._listener.wait_listening(PATIENCE)

    def next(self) -> Changes:
        """The next changes heard (on SQLite: all committed since the last call)."""
        if self._watch is not None:
            return self._watch.poll()
        return self._heard.get(timeout=PATIENCE)

    def close(self) -> None:
        if self._watch is not None:
            self._watch.close()
        if self._listener is not None:
            self._listener.close()


@pytest.fixture
def ear(database: Database) -> Iterator[Ear]:
    listening = Ear(database)
    yield listening
    listening.close()


@pytest.fixture(scope="module")
def pool() -> Iterator[Pool]:
    with multiprocessing.get_context("spawn").Pool(2) as started:
        yield started


def _url(database: Database) -> str:
    return database.url.render_as_string(hide_password=False)


def test_another_process_write_is_heard_and_its_own_is_not(
    database: Database, ear: Ear, pool: Pool
) -> None:
    mine, theirs = (create_candidate(database, {"full_name": name})[0] for name in ("Al", "Bo"))
    if database.is_sqlite:
        assert ear.next() == Changes()  # the creations above were this workstation's
    add_note(database, mine, "written here")
    assert pool.apply(team_processes.write_notes, (_url(database), theirs, 2)) == (2, 0)
    heard = ear.next()
    assert heard == Changes(candidates=frozenset({theirs}))
    if database.is_sqlite:
        assert ear.next() == Changes()  # nothing new since


def test_a_write_that_announced_nothing_reloads_everything(database: Database, ear: Ear) -> None:
    candidate_id = create_candidate(database, {"full_name": "Cy"})[0]
    with Database(database.url) as colleague:
        if database.is_sqlite:
            ear.next()
        with colleague.write() as session:
            session.execute(
                update(Candidate).where(Candidate.id == candidate_id).values(location="Rome")
            )
    assert ear.next() == Changes(everything=True)


def test_the_payload_names_the_writer_and_falls_back_to_everything_when_long() -> None:
    changes = Changes(candidates=frozenset({1, 2}), jobs=frozenset({7}))
    assert decode(encode(changes, "w1")) == ("w1", changes)
    huge = Changes(candidates=frozenset(range(MAX_PAYLOAD)))
    assert decode(encode(huge, "w1")) == ("w1", Changes(everything=True))
