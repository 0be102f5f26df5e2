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

Between batches other sessions see the rows written so far; an undone run removes
them again. A run records the people it added, and every other row it added whose
parent it did not add (a bundle's new positions, the cards, stage changes, notes,
scorecards and analyses of records already stored): a row whose parent the run added
goes with that parent, by the schema's ``ON DELETE CASCADE``. A run that changes
records already stored (a bundle merge) records what each held before, and undoing it
puts that back, unless the record changed again since.
"""

import logging
import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, Date, DateTime, delete, insert, select, update
from sqlalchemy.orm import Session

from recruitdesk.errors import KnownError
from recruitdesk.process_probe import died_here, this_host
from recruitdesk.storage.bulk_rows import RowWriter
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.analysis import Analysis
from recruitdesk.storage.models.base import Base, UTCDateTime
from recruitdesk.storage.models.imports import ImportRun, ImportRunCandidate, ImportRunRow
from recruitdesk.storage.models.pipeline import (
    Application,
    Candidate,
    Note,
    Position,
    Scorecard,
    StageChange,
)

log = logging.getLogger(__name__)

#: A run that has not written for this long is dead, wherever it ran.
STALE_AFTER = timedelta(minutes=10)
#: People (or other rows) removed per transaction while a run is undone. A person
#: takes their cards, history, notes and trail along: 2,000 of a demo bundle held the
#: write lock 0.9 s.
UNDO_BATCH = 1_000
#: The rows a run may record besides the people it added, children before their
#: parents: a parent removed first would take along, by cascade, rows the next steps
#: still count. A record already stored that the run changed is put back as it was.
ROW_KINDS: tuple[type[Base], ...] = (
    StageChange,
    Scorecard,
    Note,
    Analysis,
    Application,
    Position,
    Candidate,
)


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


def mark_rows(
    session: Session, run: str, model: type[Base], rows: Sequence[tuple[int, str]]
) -> None:
    """Inside a batch's transaction: these rows of ``model`` (id, uid) belong to
    ``run`` until it is published; the run is stamped alive (with no rows too)."""
    _still_running(session, run, alive_at=datetime.now(UTC))
    kind = _table_name(model)
    RowWriter(session, ImportRunRow, ("run_id", "kind", "row_id", "uid")).insert(
        (run, kind, row_id, uid) for row_id, uid in rows
    )


def mark_changed(
    session: Session,
    run: str,
    model: type[Base],
    before: Sequence[dict[str, Any]],
) -> None:
    """Inside a batch's transaction, once it changed these records of ``model`` (each
    ``before`` is a record's ``id``, ``uid``, ``version`` and the columns changed, as
    they were): undoing ``run`` puts them back, unless they changed again since."""
    _still_running(session, run, alive_at=datetime.now(UTC))
    table: Any = model.__table__
    ids = [row["id"] for row in before]
    versions = session.execute(select(table.c.id, table.c.version).where(table.c.id.in_(ids)))
    written: dict[int, int] = dict(versions.all())
    RowWriter(session, ImportRunRow, ("run_id", "kind", "row_id", "uid", "restore")).insert(
        (
            run,
            _table_name(model),
            row["id"],
            row["uid"],
            {"values": _as_json(row), "written": written[row["id"]]},
        )
        for row in before
    )


def forget_person(session: Session, candidate_id: int, applications: Iterable[int]) -> None:
    """Inside an erasure, before the person's rows go: the runs forget what they kept of
    them, so no copy of the person outlives it (undoing a run finds nothing to put
    back there)."""
    cards = list(applications)
    for kind, ids in (
        (Candidate, select(Candidate.id).where(Candidate.id == candidate_id)),
        (Note, select(Note.id).where(Note.candidate_id == candidate_id)),
        (Application, select(Application.id).where(Application.id.in_(cards))),
        (Scorecard, select(Scorecard.id).where(Scorecard.application_id.in_(cards))),
    ):
        session.execute(
            delete(ImportRunRow).where(
                ImportRunRow.kind == _table_name(kind), ImportRunRow.row_id.in_(ids)
            )
        )


def _as_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value.isoformat() if isinstance(value, datetime | date) else value
        for name, value in row.items()
        if name != "id"
    }


def _typed(table: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Values :func:`_as_json` wrote, read back by their columns' types."""
    typed = {}
    for name, value in values.items():
        kind = table.c[name].type
        if isinstance(value, str) and isinstance(kind, Date):
            typed[name] = date.fromisoformat(value)
        elif isinstance(value, str) and isinstance(kind, DateTime | UTCDateTime):
            typed[name] = datetime.fromisoformat(value)
        else:
            typed[name] = value
    return typed


def _table_name(model: type[Base]) -> str:
    return str(model.__tablename__)


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
    """Remove every row and person ``run`` added (the rows under them go with them),
    then the run."""
    _drain(database, run, delete_people=True)


def _drain(database: Database, run: str, *, delete_people: bool) -> None:
    for model in ROW_KINDS:
        _drain_rows(database, run, model, delete_rows=delete_people)
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


def _drain_rows(database: Database, run: str, model: type[Base], *, delete_rows: bool) -> None:
    kind = _table_name(model)
    table: Any = model.__table__
    while True:
        with database.write() as session:
            if not delete_rows:  # bookkeeping no view shows
                announce(session, Changes())
            rows = session.execute(
                select(ImportRunRow.row_id, ImportRunRow.uid, ImportRunRow.restore)
                .where(ImportRunRow.run_id == run, ImportRunRow.kind == kind)
                .limit(UNDO_BATCH)
            ).all()
            if not rows:
                return
            ids = [row_id for row_id, _uid, _restore in rows]
            if delete_rows:
                added = [(row_id, uid) for row_id, uid, restore in rows if restore is None]
                # By uid too: another program may have removed one meanwhile, and its
                # id gone to a row of theirs.
                session.execute(
                    delete(table).where(
                        table.c.id.in_([row_id for row_id, _uid in added]),
                        table.c.uid.in_([uid for _row_id, uid in added]),
                    )
                )
                for row_id, _uid, restore in rows:
                    if restore is not None:
                        _put_back(session, table, row_id, restore)
            session.execute(
                delete(ImportRunRow).where(
                    ImportRunRow.run_id == run,
                    ImportRunRow.kind == kind,
                    ImportRunRow.row_id.in_(ids),
                )
            )


def _put_back(session: Session, table: Any, row_id: int, restore: dict[str, Any]) -> None:
    """A record the run changed, as it was; left as it is if changed again since (by
    someone who saw the run's change: theirs is the newer edit)."""
    put = session.execute(
        update(table)
        .where(table.c.id == row_id, table.c.version == restore["written"])
        .values(_typed(table, restore["values"]))
    )
    if isinstance(put, CursorResult) and put.rowcount == 0:
        log.warning("%s %s changed again after the import changed it; kept", table.name, row_id)


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
