"""Writing the people a file gave, all or nothing, without locking others out.

The rows are checked and matched first, on disk
(:mod:`recruitdesk.transfer.import_staging`): conflicts with the people already stored
become problems, and unless the caller chose ``skip_invalid`` any problem refuses the
file before anything is written (:class:`InvalidImportError`). Then the new people are
written a batch per transaction, as an import run (:mod:`recruitdesk.storage.import_runs`):
no transaction keeps the write lock for long, and a run that fails, is cancelled or dies
is undone whole. The changes to people already stored, planned without the lock, are
written by the last transaction, the one that publishes the run.

Importing the same file twice changes nothing: a person already stored only gets the
fields that were empty filled in (and links, skills and tags added), never overwritten;
a do-not-contact mark in the file is set, never lifted.
"""

import itertools
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from recruitdesk.domain.candidate_fields import FIELDS
from recruitdesk.domain.csv_columns import DO_NOT_CONTACT, DO_NOT_CONTACT_REASON
from recruitdesk.domain.validation import merge_items
from recruitdesk.errors import KnownError
from recruitdesk.progress import NO_PROGRESS, Progress
from recruitdesk.storage import import_runs
from recruitdesk.storage.audit import record
from recruitdesk.storage.bulk_rows import RowWriter
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.base import new_uid
from recruitdesk.storage.models.pipeline import Candidate, Note
from recruitdesk.storage.versions import at_stored_versions
from recruitdesk.transfer.bundle_format import table_of
from recruitdesk.transfer.import_staging import Staging
from recruitdesk.transfer.person_rows import PersonRow
from recruitdesk.transfer.results import ImportReport, InvalidImportError, Problem

#: Names the notes made from a JSON Resume's work history, so a second import finds them.
_NOTE_NAMESPACE = uuid.UUID("5f0d3c8e-2b7a-4c61-9d0e-7a1f3e2b9c44")

#: The fields an import fills in when they are empty, and the lists it adds items to.
_FILLED_FIELDS = tuple(spec.name for spec in FIELDS if not spec.is_list and not spec.required)
_LIST_FIELDS = tuple(spec.name for spec in FIELDS if spec.is_list)
_NEW_FIELDS = ("full_name", *_FILLED_FIELDS)
_CONSENT = (DO_NOT_CONTACT, DO_NOT_CONTACT_REASON)
_STORED_FIELDS = (
    "id",
    "uid",
    "updated_at",
    "field_times",
    *_FILLED_FIELDS,
    *_LIST_FIELDS,
    *_CONSENT,
)
#: The columns of a new person, in the order :func:`_new_person` gives them.
_INSERTED = (
    *_NEW_FIELDS,
    *_LIST_FIELDS,
    *_CONSENT,
    "uid",
    "field_times",
    "created_at",
    "updated_at",
)
_NOTE_COLUMNS = ("uid", "candidate_id", "body", "private", "author", "created_at", "updated_at")
_CANDIDATES = table_of(Candidate)
#: Above this many, a report's change names no ids: every view reloads anyway.
_NAMED_CHANGES = 10_000


def _note_uid(candidate_uid: str, body: str) -> str:
    return str(uuid.uuid5(_NOTE_NAMESPACE, f"{candidate_uid}\n{body}"))


def _new_person(row: PersonRow, now: datetime) -> tuple[Any, ...]:
    """A new person's values in the order of :data:`_INSERTED`."""
    values = row.values
    return (
        *[values.get(name) for name in _NEW_FIELDS],
        *[values.get(name) or [] for name in _LIST_FIELDS],
        bool(values.get(DO_NOT_CONTACT)),
        values.get(DO_NOT_CONTACT_REASON),
        new_uid(),
        {},
        now,
        now,
    )


def _filled_in(current: dict[str, Any], row: PersonRow) -> dict[str, Any]:
    """What ``row`` adds to a stored person: the fields that were empty, and the list
    items that were missing; nothing stored is overwritten."""
    changed: dict[str, Any] = {}
    for name in _FILLED_FIELDS:
        value = row.values.get(name)
        if value not in (None, "") and current[name] in (None, ""):
            changed[name] = value
    for name in _LIST_FIELDS:
        items = row.values.get(name)
        stored = current[name] or []
        if not items or items == stored:
            continue
        merged = merge_items(stored, items)
        if merged != stored:
            changed[name] = merged
    # A file can mark a person not to be contacted, never lift the mark.
    if row.values.get(DO_NOT_CONTACT) and not current[DO_NOT_CONTACT]:
        changed[DO_NOT_CONTACT] = True
        changed[DO_NOT_CONTACT_REASON] = row.values.get(DO_NOT_CONTACT_REASON)
    return changed


def _changed_values(current: dict[str, Any], row: PersonRow, now: datetime) -> dict[str, Any]:
    """The update of a stored person ``row`` makes, or ``{}``."""
    changed = _filled_in(current, row)
    if not changed:
        return {}
    times = dict(current["field_times"] or {}) | dict.fromkeys(changed, now.isoformat())
    return {"id": current["id"], **changed, "field_times": times, "updated_at": now}


def _insert_people(session: Session, new_rows: list[tuple[Any, ...]]) -> dict[str, int]:
    """Insert ``new_rows`` (as :func:`_new_person` gives them); returns each new
    person's id by uid."""
    if not new_rows:
        return {}
    writer = RowWriter(session, Candidate, _INSERTED, returning=("id", "uid"))
    return {uid: row_id for row_id, uid in writer.insert(new_rows)}


def _write_notes(
    session: Session,
    notes: list[tuple[str, str]],
    ids_by_uid: dict[str, int],
    source: str,
    now: datetime,
) -> set[int]:
    """Insert the notes not stored yet; returns the ids of the people who got one.

    A note's uid comes from its person and its text, so importing a file again finds
    the notes it made the first time."""
    if not notes:
        return set()
    wanted = {_note_uid(key, body): (key, body) for key, body in notes}
    known = set(session.scalars(select(Note.uid).where(Note.uid.in_(list(wanted)))))
    author = f"import of {source}"
    note_rows = [
        (uid, ids_by_uid[key], body, False, author, now, now)
        for uid, (key, body) in wanted.items()
        if uid not in known
    ]
    RowWriter(session, Note, _NOTE_COLUMNS).insert(note_rows)
    return {row[1] for row in note_rows}


@dataclass(slots=True)
class _Tally:
    """What the run did, in counts (and the ids, while they are few)."""

    created: int = 0
    touched: int = 0
    unchanged: int = 0
    ids: set[int] = field(default_factory=set)

    def add_ids(self, ids: Iterable[int]) -> None:
        if len(self.ids) <= _NAMED_CHANGES:
            self.ids.update(ids)

    def changes(self) -> Changes:
        if not (self.created or self.touched):
            return Changes()
        named = frozenset(self.ids) if len(self.ids) <= _NAMED_CHANGES else frozenset()
        return Changes(candidates=named, everything=True)


@dataclass(slots=True)
class _Update:
    """What a row changes in a person already stored, planned without the write lock."""

    row: PersonRow
    id: int
    uid: str
    seen_at: datetime
    values: dict[str, Any]


def _stored(session: Session, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    columns = [_CANDIDATES.c[name] for name in _STORED_FIELDS]
    found = session.execute(select(*columns).where(_CANDIDATES.c.id.in_(ids)))
    return {row.id: dict(zip(_STORED_FIELDS, row, strict=True)) for row in found}


def _gone(row: PersonRow, found: int) -> KnownError:
    return KnownError(
        f"The person line {row.line} matched (id {found}) was deleted while the file was "
        "imported; nothing was imported, import it again."
    )


def _write_new(
    database: Database, run: str, rows: list[PersonRow], source: str, now: datetime
) -> list[int]:
    """One batch of new people and their notes, in one short transaction."""
    new_rows = [_new_person(row, now) for row in rows]
    uid_at = _INSERTED.index("uid")
    notes = [
        (values[uid_at], body)
        for values, row in zip(new_rows, rows, strict=True)
        for body in row.notes
    ]
    try:
        with database.write() as session:
            ids_by_uid = _insert_people(session, new_rows)
            _write_notes(session, notes, ids_by_uid, source, now)
            import_runs.mark_added(session, run, list(ids_by_uid.values()))
            record(
                session, database.actor, ids_by_uid.values(), "import", f"Added from {source}", now
            )
            # Until the run is published the others need not reload; publishing says so.
            announce(session, Changes())
    except IntegrityError:
        # Matched before the lock was taken: another import or the app added one of
        # these people (the same e-mail or login) meanwhile.
        raise KnownError(
            f"{source}: someone on lines {rows[0].line}-{rows[-1].line} was added by another "
            "program while the file was imported; nothing was imported, import it again."
        ) from None
    return list(ids_by_uid.values())


def _plan_updates(
    database: Database, matched: list[tuple[PersonRow, int]], now: datetime, tally: _Tally
) -> list[_Update]:
    """What the matched rows change; a row that changes nothing counts as unchanged."""
    with database.read() as session:
        stored = _stored(session, [found for _row, found in matched])
    planned = []
    for row, found in matched:
        current = stored.get(found)
        if current is None:
            raise _gone(row, found)
        values = _changed_values(current, row, now)
        if values or row.notes:
            planned.append(_Update(row, found, current["uid"], current["updated_at"], values))
        else:
            tally.unchanged += 1
    return planned


def _apply_updates(
    session: Session,
    updates: list[_Update],
    source: str,
    now: datetime,
    tally: _Tally,
    actor: str,
) -> None:
    """Write planned changes to people already stored (planned again for a person
    edited meanwhile), and their notes."""
    stored = _stored(session, [planned.id for planned in updates])
    rows: list[dict[str, Any]] = []
    for planned in updates:
        current = stored.get(planned.id)
        if current is None:
            raise _gone(planned.row, planned.id)
        values = planned.values
        if current["updated_at"] != planned.seen_at:
            values = _changed_values(current, planned.row, now)
        if values:
            rows.append(values)
    if rows:
        session.execute(update(Candidate), at_stored_versions(session, Candidate, rows))
    notes = [(planned.uid, body) for planned in updates for body in planned.row.notes]
    ids_by_uid = {planned.uid: planned.id for planned in updates}
    noted = _write_notes(session, notes, ids_by_uid, source, now)
    touched = {row["id"] for row in rows} | noted
    record(session, actor, sorted(touched), "import", f"Updated from {source}", now)
    tally.touched += len(touched)
    tally.unchanged += len(updates) - len(touched)
    tally.add_ids(touched)


def _publish(
    database: Database, run: str, staging: Staging, source: str, now: datetime, tally: _Tally
) -> None:
    """The last transaction: the changes to people already stored, then the run is
    kept for good. Its length grows with the people the file changes, not with the
    people it adds."""
    with database.write() as session:
        for updates in staging.planned():
            _apply_updates(session, updates, source, now, tally, database.actor)
        import_runs.publish(session, run)
        announce(session, Changes(everything=True))


def _write(
    database: Database, staging: Staging, source: str, progress: Progress, tally: _Tally
) -> None:
    now = datetime.now(UTC)
    total = staging.valid
    done = 0
    with import_runs.running(database) as run:
        for batch in staging.batches():
            progress.step(done, total, "writing the people")
            new = [row for row, found in batch if found is None]
            matched = [(row, found) for row, found in batch if found is not None]
            if new:
                created = _write_new(database, run, new, source, now)
                tally.created += len(created)
                tally.add_ids(created)
            if matched:
                staging.keep_planned(_plan_updates(database, matched, now, tally))
            done += len(batch)
        progress.step(done, total, "publishing the import")
        _publish(database, run, staging, source, now, tally)


def import_items(
    database: Database,
    items: Iterable[PersonRow | Problem],
    *,
    source: str,
    kind: str,
    skip_invalid: bool = False,
    progress: Progress = NO_PROGRESS,
) -> ImportReport:
    """Import checked rows and the problems of the rest, as a reader yields them, all
    or nothing; memory stays bounded whatever their number."""
    with Staging() as staging:
        staging.add(items, progress)
        progress.step(0, None, "matching the rows to the people stored")
        staging.flag_duplicates()
        staging.load_stored(database)
        staging.match()
        problems = staging.problems
        if problems.count and not skip_invalid:
            raise InvalidImportError(source, problems.first(), staging.valid, total=problems.count)
        tally = _Tally()
        _write(database, staging, source, progress, tally)
    report = ImportReport(
        source=source,
        kind=kind,
        created=tally.created,
        updated=tally.touched,
        unchanged=tally.unchanged,
        skipped=problems.first(),
        more_skipped=problems.count - len(problems.first()),
    )
    report.changes = tally.changes()
    return report


def import_people(
    database: Database,
    rows: Sequence[PersonRow],
    problems: Sequence[Problem],
    *,
    source: str,
    kind: str,
    skip_invalid: bool = False,
    progress: Progress = NO_PROGRESS,
) -> ImportReport:
    """Write rows already read (the GUI's preview does this), all or nothing."""
    return import_items(
        database,
        itertools.chain(problems, rows),
        source=source,
        kind=kind,
        skip_invalid=skip_invalid,
        progress=progress,
    )
