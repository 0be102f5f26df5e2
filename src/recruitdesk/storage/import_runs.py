"""Imports that write in short batches and are still all or nothing.

A long import in one transaction held SQLite's write lock for its whole length (17 s
for 200,000 rows), so every other write, a board move in the app, waited and failed. An
import run instead writes a few thousand people per transaction and records each person
it added; publishing the run is one small transaction at the end. Until then:

- a run that fails or is cancelled is undone by the process that ran it
  (:func:`undo_run`), a batch at a time;
- a run whose process died (killed, a power cut) is undone by the next process that
  opens the database (:func:`recover_dead_runs`): a run is dead when its process is
  gone on this machine, or when it has not written for :data:`STALE_AFTER`.

Between batches other sessions see the people written so far; an undone run removes
them again, with their notes.
"""

import logging
import os
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import CursorResult, delete, insert, select, update
from sqlalchemy.orm import Session

from recruitdesk.errors import KnownError
from recruitdesk.storage.bulk_rows import RowWriter
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.imports import ImportRun, ImportRunCandidate
from recruitdesk.storage.models.pipeline import Candidate
from recruitdesk.storage.processes import died_here, this_host

log = logging.getLogger(__name__)

#: A run that has not written for this long is dead, wherever it ran.
STALE_AFTER = timedelta(minutes=10)
#: People removed per transaction while a run is undone.
UNDO_BATCH = 2_000


def start_run(database: Database) -> str:
    """Record a new run of this process; returns its id."""
    run = str(uuid.uuid4())
    with database.write() as session:
        session.execute(
            insert(ImportRun).values(
                id=run,
                host=this_host(),
                pid=os.getpid(),
                alive_at=datetime.now(UTC),
                published=False,
            )
        )
        announce(session, Changes())  # bookkeeping no view shows
    return run


def mark_added(session: Session, run: str, candidate_ids: Sequence[int]) -> None:
    """Inside a batch's transaction: these people belong to ``run`` until it is
    published; the run is stamped alive."""
    _still_running(session, run, alive_at=datetime.now(UTC))
    rows = [(run, candidate_id) for candidate_id in candidate_ids]
    RowWriter(session, ImportRunCandidate, ("run_id", "candidate_id")).insert(rows)


def publish(session: Session, run: str) -> None:
    """Inside the last transaction: the run's people are kept for good. One row changes;
    the run's records are dropped afterwards by :func:`forget_published`."""
    _still_running(session, run, published=True)


def _still_running(session: Session, run: str, **values: object) -> None:
    changed = session.execute(update(ImportRun).where(ImportRun.id == run).values(**values))
    if isinstance(changed, CursorResult) and changed.rowcount == 0:
        # Another process took it for dead (it stalled for longer than STALE_AFTER).
        raise KnownError(
            "The import stalled and another program undid it; nothing was imported, "
            "import the file again."
        )


def forget_published(database: Database, run: str) -> None:
    """Drop a published run's records, a batch at a time."""
    _drain(database, run, delete_people=False)


def undo_run(database: Database, run: str) -> None:
    """Remove every person ``run`` added (their notes go with them), then the run."""
    _drain(database, run, delete_people=True)


def _drain(database: Database, run: str, *, delete_people: bool) -> None:
    while True:
        with database.write() as session:
            if not delete_people:  # bookkeeping no view shows
                announce(session, Changes())
            ids = list(
                session.scalars(
                    select(ImportRunCandidate.candidate_id)
                    .where(ImportRunCandidate.run_id == run)
                    .limit(UNDO_BATCH)
                )
            )
            if not ids:
                session.execute(delete(ImportRun).where(ImportRun.id == run))
                return
            if delete_people:
                session.execute(delete(Candidate).where(Candidate.id.in_(ids)))
            session.execute(
                delete(ImportRunCandidate).where(
                    ImportRunCandidate.run_id == run, ImportRunCandidate.candidate_id.in_(ids)
                )
            )


@contextmanager
def running(database: Database) -> Iterator[str]:
    """A run around a block that writes in batches: undone whole if the block fails or
    is cancelled (the block publishes it in its last transaction), its records dropped
    once it is kept."""
    run = start_run(database)
    try:
        yield run
    except BaseException:
        try:
            undo_run(database, run)
        except Exception:  # the first failure is the one to report
            log.warning("import run %s is left to undo at the next start", run, exc_info=True)
        raise
    forget_published(database, run)


def _dead(run: ImportRun, now: datetime) -> bool:
    return now - run.alive_at > STALE_AFTER or died_here(run.host, run.pid)


def recover_dead_runs(database: Database) -> int:
    """Undo the unpublished runs whose process died, and drop the records of published
    ones; returns how many runs were undone."""
    now = datetime.now(UTC)
    with database.read() as session:
        runs = list(session.scalars(select(ImportRun)))
    undone = 0
    for run in runs:
        if run.published:
            forget_published(database, run.id)
        elif _dead(run, now):
            log.warning("undoing import run %s of process %s on %s", run.id, run.pid, run.host)
            undo_run(database, run.id)
            undone += 1
    return undone
