"""Writing a bundle merge's rows: inserts that return each row's new id by its uid,
rows given the same keys for executemany, analyses with their child rows, and the new
people with their notes and analyses a batch per transaction as an import run
(:mod:`recruitdesk.transfer.bundle_merge` plans and decides; this module and
:mod:`recruitdesk.transfer.bundle_batches` only write)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from recruitdesk.progress import Progress
from recruitdesk.storage import import_runs
from recruitdesk.storage.audit import record
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.analysis import Analysis
from recruitdesk.storage.models.base import Base, utcnow
from recruitdesk.storage.models.pipeline import Candidate, Note
from recruitdesk.transfer.bundle_format import table_of
from recruitdesk.transfer.bundle_plan import MergePlan
from recruitdesk.transfer.bundle_read import CHILDREN, Incoming
from recruitdesk.transfer.bundle_stage import StagedGroups, StagedMap


def insert_rows(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert rows that carry their uid; return uid -> new id."""
    if not rows:
        return {}
    table = table_of(model)
    statement = insert(table).returning(table.c.uid, table.c.id)
    ids: dict[str, int] = {}
    for start in range(0, len(rows), 5_000):
        ids.update(session.execute(statement, rows[start : start + 5_000]).all())
    return ids


def full_rows(model: type[Base], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give every row the same keys (executemany needs that), filling column defaults."""
    table = table_of(model)
    names = {name for item in items for name in item}
    rows = []
    for item in items:
        row = dict(item)
        for name in names - row.keys():
            default = table.c[name].default
            argument = getattr(default, "arg", None)
            row[name] = argument(None) if callable(argument) else argument
        rows.append(row)
    return rows


def insert_analyses(
    session: Session, items: list[Incoming], local: Callable[[str], int]
) -> dict[str, int]:
    """Insert analyses and their children; returns uid -> new id."""
    analyses = [
        item.record
        | {
            "candidate_id": None
            if item.refs["candidate_uid"] is None
            else local(item.refs["candidate_uid"])
        }
        for item in items
    ]
    analysis_ids = insert_rows(session, Analysis, full_rows(Analysis, analyses))
    for key, model in CHILDREN["analyses.json"]:
        rows = [
            child | {"analysis_id": analysis_ids[item.record["uid"]]}
            for item in items
            for child in item.children[key]
        ]
        if rows:
            session.execute(insert(table_of(model)), full_rows(model, rows))
    return analysis_ids


def owned_by(plan: MergePlan, kind: str) -> StagedGroups:
    """The records of ``kind`` that belong to the new people, by person."""
    owned = plan.stage.groups()
    new = plan.target("candidates")
    for item in plan.inserted(kind):
        uid = item.refs.get("candidate_uid")
        if uid is not None and uid in new and new[uid] is None:
            owned.add(uid, item)
    return owned


#: New people per transaction. Each comes with their search index entries, notes,
#: analyses and a trail entry: a thousand held the write lock 0.4 s of a board move's
#: wait on an idle machine, more than twice that on a busy one.
PEOPLE_BATCH = 500


@dataclass(slots=True)
class NewPeople:
    """What the batches wrote: the new people's ids by uid, their analyses' ids."""

    ids: StagedMap
    #: uids of the notes and analyses written with their people.
    written: StagedMap
    added: set[int] = field(default_factory=set)
    analyses: set[int] = field(default_factory=set)


def write_new_people(
    database: Database, run: str, plan: MergePlan, source: str, progress: Progress
) -> NewPeople:
    """The new people with their notes and analyses, a batch per transaction."""
    now = utcnow()
    people = plan.inserted("candidates")
    notes, analyses = owned_by(plan, "notes"), owned_by(plan, "analyses")
    new = NewPeople(plan.stage.map(), plan.stage.map())
    for number, batch in enumerate(people.batches(PEOPLE_BATCH)):
        progress.step(number * PEOPLE_BATCH, len(people), "writing the people")
        # Read from the stage before the write lock is taken.
        rows = full_rows(Candidate, [item.record for item in batch])
        mine: list[str | int] = [str(item.record["uid"]) for item in batch]
        their_notes, their_analyses = notes.of(mine), analyses.of(mine)
        with database.write() as session:
            ids = insert_rows(session, Candidate, rows)
            insert_rows(
                session,
                Note,
                full_rows(
                    Note,
                    [
                        n.record | {"candidate_id": ids[str(n.refs["candidate_uid"])]}
                        for n in their_notes
                    ],
                ),
            )
            new.analyses.update(insert_analyses(session, their_analyses, ids.__getitem__).values())
            import_runs.mark_added(session, run, list(ids.values()))
            record(session, database.actor, ids.values(), "merge", f"Merged from {source}", now)
            announce(session, Changes())  # the merge's publish announces it all
        new.ids.update(ids.items())
        new.added.update(ids.values())
        new.written.update((str(item.record["uid"]), None) for item in their_notes + their_analyses)
    return new
