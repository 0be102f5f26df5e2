"""Writing the people a file gave, all or nothing.

Inside the write transaction, rows are matched to the people already stored (by e-mail
or GitHub login, case-insensitively) and conflicts become problems; only when there is
no problem, or the caller chose ``skip_invalid``, are the rows written, in that same
transaction. Anything else raises :class:`InvalidImportError` and nothing is written.

Importing the same file twice changes nothing: a person already stored only gets the
fields that were empty filled in (and links, skills and tags added), never overwritten.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from recruitdesk.domain.candidate_fields import FIELDS
from recruitdesk.domain.validation import merge_items
from recruitdesk.progress import NO_PROGRESS, Progress
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models import Candidate, Note, new_uid
from recruitdesk.transfer.bundle_format import table_of
from recruitdesk.transfer.person_rows import PersonRow
from recruitdesk.transfer.results import ImportReport, InvalidImportError, Problem

#: Names the notes made from a JSON Resume's work history, so a second import finds them.
_NOTE_NAMESPACE = uuid.UUID("5f0d3c8e-2b7a-4c61-9d0e-7a1f3e2b9c44")

#: The fields an import fills in when they are empty, and the lists it adds items to.
_FILLED_FIELDS = tuple(spec.name for spec in FIELDS if not spec.is_list and not spec.required)
_LIST_FIELDS = tuple(spec.name for spec in FIELDS if spec.is_list)
_NEW_FIELDS = ("full_name", *_FILLED_FIELDS)
#: Written through Core: the ORM's bulk path costs a third more for tens of thousands.
_CANDIDATES = table_of(Candidate)


def _note_uid(candidate_uid: str, body: str) -> str:
    return str(uuid.uuid5(_NOTE_NAMESPACE, f"{candidate_uid}\n{body}"))


@dataclass(slots=True)
class _StoredPeople:
    """The people already stored, by id, and the ids an imported row can match by."""

    records: dict[int, dict[str, Any]] = field(default_factory=dict)
    by_email: dict[str, int] = field(default_factory=dict)
    by_login: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class _WritePlan:
    """The rows to insert and update, and the ``(person uid, body)`` of each note."""

    new_rows: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)


def _stored_people(session: Session) -> _StoredPeople:
    names = ("id", "uid", "full_name", "field_times", *_FILLED_FIELDS, *_LIST_FIELDS)
    people = _StoredPeople()
    for row in session.execute(select(*(_CANDIDATES.c[name] for name in names))):
        record = dict(zip(names, row, strict=True))
        people.records[record["id"]] = record
        if record["email"]:
            people.by_email[record["email"].casefold()] = record["id"]
        if record["github_login"]:
            people.by_login[record["github_login"].casefold()] = record["id"]
    return people


def _match_row(
    row: PersonRow, people: _StoredPeople, claimed: dict[int, int]
) -> tuple[int | None, str | None]:
    """``(id of the stored person the row is or None, problem or None)``; ``claimed``
    maps each person an earlier row matched to that row's line."""
    email, login = row.values.get("email"), row.values.get("github_login")
    by_mail = people.by_email.get(email.casefold()) if email else None
    by_gh = people.by_login.get(login.casefold()) if login else None
    if by_mail and by_gh and by_mail != by_gh:
        mail_name = people.records[by_mail]["full_name"]
        gh_name = people.records[by_gh]["full_name"]
        return None, (
            f"its e-mail is {mail_name}'s (id {by_mail}) but its "
            f"GitHub login is {gh_name}'s (id {by_gh})"
        )
    found = by_mail or by_gh
    if found is not None and found in claimed:
        return None, (
            f"it is {people.records[found]['full_name']} (id {found}) again, as on line "
            f"{claimed[found]}"
        )
    return found, None


def _match_rows(
    rows: Sequence[PersonRow], people: _StoredPeople, problems: list[Problem]
) -> list[tuple[PersonRow, int | None]]:
    """Each row with the id of the stored person it is (``None`` for someone new); a row
    that cannot be matched goes to ``problems`` instead."""
    matched: list[tuple[PersonRow, int | None]] = []
    claimed: dict[int, int] = {}
    for row in rows:
        found, problem = _match_row(row, people, claimed)
        if problem is not None:
            problems.append(Problem(row.line, problem))
            continue
        if found is not None:
            claimed[found] = row.line
        matched.append((row, found))
    return matched


def _new_person(row: PersonRow, now: datetime) -> dict[str, Any]:
    values = {name: row.values.get(name) for name in _NEW_FIELDS}
    for name in _LIST_FIELDS:
        values[name] = row.values.get(name, [])
    values.update(uid=new_uid(), field_times={}, created_at=now, updated_at=now)
    return values


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
    return changed


def _plan_writes(
    matched: list[tuple[PersonRow, int | None]], people: _StoredPeople, now: datetime
) -> _WritePlan:
    plan = _WritePlan()
    stamp = now.isoformat()
    for row, found in matched:
        if found is None:
            values = _new_person(row, now)
            plan.new_rows.append(values)
            plan.notes.extend((values["uid"], body) for body in row.notes)
            continue
        current = people.records[found]
        changed = _filled_in(current, row)
        plan.notes.extend((current["uid"], body) for body in row.notes)
        if changed:
            times = dict(current["field_times"] or {}) | dict.fromkeys(changed, stamp)
            plan.updates.append({"id": found, **changed, "field_times": times, "updated_at": now})
    return plan


def _insert_people(session: Session, new_rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert ``new_rows``; returns each new person's id by uid."""
    if not new_rows:
        return {}
    inserted = session.execute(
        insert(_CANDIDATES).returning(_CANDIDATES.c.id, _CANDIDATES.c.uid), new_rows
    ).all()
    return {uid: row_id for row_id, uid in inserted}


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
    known = set(session.scalars(select(Note.uid)))
    note_rows = []
    noted: set[int] = set()
    for key, body in notes:
        uid = _note_uid(key, body)
        if uid in known:
            continue
        known.add(uid)
        noted.add(ids_by_uid[key])
        note_rows.append(
            {
                "uid": uid,
                "candidate_id": ids_by_uid[key],
                "body": body,
                "private": False,
                "author": f"import of {source}",
                "created_at": now,
                "updated_at": now,
            }
        )
    if note_rows:
        session.execute(insert(Note), note_rows)
    return noted


def write_people(
    session: Session,
    rows: Sequence[PersonRow],
    problems: list[Problem],
    *,
    skip_invalid: bool,
    source: str,
    kind: str,
    progress: Progress = NO_PROGRESS,
) -> ImportReport:
    """Match ``rows`` to the people stored and write them, or raise before writing (a
    cancel through ``progress`` raises inside the caller's transaction)."""
    progress.step(0, 4, "reading who is stored")
    people = _stored_people(session)
    progress.step(1, 4, "matching the rows to them")
    matched = _match_rows(rows, people, problems)
    problems.sort(key=lambda problem: problem.line)
    if problems and not skip_invalid:
        raise InvalidImportError(source, problems, len(matched))
    now = datetime.now(UTC)
    plan = _plan_writes(matched, people, now)
    progress.step(2, 4, "writing the people")
    inserted = _insert_people(session, plan.new_rows)
    if plan.updates:
        session.execute(update(Candidate), plan.updates)
    ids_by_uid = {record["uid"]: row_id for row_id, record in people.records.items()}
    progress.step(3, 4, "writing the notes")
    noted = _write_notes(session, plan.notes, ids_by_uid | inserted, source, now)
    created = set(inserted.values())
    # Someone just created counts as created only, even when they also got a note.
    touched = ({row["id"] for row in plan.updates} | noted) - created
    report = ImportReport(
        source=source,
        kind=kind,
        created=len(created),
        updated=len(touched),
        unchanged=len(matched) - len(created) - len(touched),
        skipped=list(problems),
    )
    if created or touched:
        report.changes = Changes(candidates=frozenset(created | touched), everything=True)
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
    problems = list(problems)
    if problems and not skip_invalid:
        raise InvalidImportError(source, problems, len(rows))
    with database.write() as session:
        return write_people(
            session,
            rows,
            problems,
            skip_invalid=skip_invalid,
            source=source,
            kind=kind,
            progress=progress,
        )
