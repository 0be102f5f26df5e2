"""Writing a bundle's new positions, cards, stage changes, notes, scorecards and
analyses a batch per transaction, inside the merge's import run
(:mod:`recruitdesk.storage.import_runs`), after its new people
(:func:`~recruitdesk.transfer.bundle_rows.write_new_people`).

Each batch records in the run the rows it added whose parent the run did not add (a
card of a person and a position already stored, a note of a person already stored):
the others go with their parent when a run is undone. Other sessions see the rows
between batches, as they see the new people: a new card may show on a board before the
merge ends, and goes again if the merge is undone. Nothing is announced until the
merge publishes its run, so views reload once, at the end.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from recruitdesk.errors import KnownError
from recruitdesk.progress import Progress
from recruitdesk.storage import import_runs
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.analysis import Analysis
from recruitdesk.storage.models.base import Base
from recruitdesk.storage.models.pipeline import (
    Application,
    Candidate,
    Note,
    Position,
    Scorecard,
    StageChange,
)
from recruitdesk.transfer.bundle_plan import MergePlan
from recruitdesk.transfer.bundle_read import Incoming
from recruitdesk.transfer.bundle_rows import NewPeople, full_rows, insert_analyses, insert_rows
from recruitdesk.transfer.bundle_stage import StagedList, StagedMap
from recruitdesk.transfer.import_staging import BATCH

#: The records a merge may change, by kind.
VERSIONED: dict[str, Any] = {
    "positions": Position,
    "candidates": Candidate,
    "applications": Application,
    "notes": Note,
    "scorecards": Scorecard,
}

#: Columns every changed record's "before" holds anyway.
_KEPT = frozenset({"id", "uid", "version", "updated_at"})

#: What an item gives to be written: its values (for the kind's insert), its uid, and
#: whether it goes with a parent this run added; ``None``: not written here.
Row = tuple[Any, str, bool] | None
Insert = Callable[[Session, list[Any]], dict[str, int]]


def changed_meanwhile(source: str) -> KnownError:
    return KnownError(
        f"{source}: records it merges into were changed by another program while it was "
        "merged; nothing was merged, merge it again."
    )


@dataclass(slots=True)
class _Local:
    """The local id of a record the bundle names by uid, found without the write lock
    (one deleted before its batch is written fails that batch's foreign key)."""

    database: Database
    plan: MergePlan
    source: str
    #: uid -> id of the rows this run added, by kind.
    added: dict[str, StagedMap]

    def id(self, kind: str, uid: str) -> tuple[int, bool]:
        """The id, and whether this run added the row."""
        target = self.plan.target(kind).get(uid)
        if target is not None:
            return int(target), False
        known = self.added.get(kind)
        inserted = None if known is None else known.get(uid)
        if inserted is not None:
            return int(inserted), True
        model = VERSIONED[kind]
        with self.database.read() as session:
            found = session.scalar(select(model.id).where(model.uid == uid))
        if found is None:
            raise KnownError(
                f"{self.source}: the {kind[:-1]} {uid} it merges into was deleted by another "
                "program while it was merged; nothing was merged, merge it again."
            )
        return int(found), False


def _write_kind(
    database: Database,
    run: str,
    model: type[Base],
    items: StagedList | None,
    row: Callable[[Any], Row],
    insert: Insert,
    progress: Progress,
    what: str,
) -> tuple[StagedMap | None, set[int]]:
    """Write ``items`` a batch per transaction; returns uid -> new id, and the new ids."""
    if items is None:
        return None, set()
    ids = items.stage.map()
    added: set[int] = set()
    for number, batch in enumerate(items.batches(BATCH)):
        progress.step(number * BATCH, len(items), f"writing the {what}")
        made = [found for found in map(row, batch) if found is not None]
        with database.write() as session:
            new = insert(session, [value for value, _uid, _new in made]) if made else {}
            own = [(new[uid], uid) for _value, uid, with_parent in made if not with_parent]
            import_runs.mark_rows(session, run, model, own)
            announce(session, Changes())  # the merge's publish announces it all
        ids.update(new.items())
        added.update(new.values())
    return ids, added


def _plain(model: type[Base]) -> Insert:
    return lambda session, rows: insert_rows(session, model, full_rows(model, rows))


def write_new_records(
    database: Database,
    run: str,
    plan: MergePlan,
    people: NewPeople,
    source: str,
    progress: Progress,
) -> dict[str, set[int]]:
    """Everything the plan adds but the new people (written before), in batches;
    returns the ids added, by kind."""
    local = _Local(database, plan, source, {"candidates": people.ids})
    inserts = plan.inserts
    step = partial(_write_kind, database, run, progress=progress)
    written = {"candidates": set(people.added), "analyses": set(people.analyses)}

    def position(item: Incoming) -> Row:
        return item.record, item.record["uid"], False

    positions, written["positions"] = step(
        Position, inserts.get("positions"), position, _plain(Position), what="positions"
    )
    local.added["positions"] = positions or plan.stage.map()

    def card(item: Incoming) -> Row:
        candidate, new_candidate = local.id("candidates", str(item.refs["candidate_uid"]))
        position, new_position = local.id("positions", str(item.refs["position_uid"]))
        values = item.record | {"candidate_id": candidate, "position_id": position}
        return values, item.record["uid"], new_candidate or new_position

    cards, written["applications"] = step(
        Application, inserts.get("applications"), card, _plain(Application), what="cards"
    )
    local.added["applications"] = cards or plan.stage.map()

    def change(joined: tuple[str, dict[str, Any]]) -> Row:
        application, new = local.id("applications", joined[0])
        return joined[1] | {"application_id": application}, joined[1]["uid"], new

    step(StageChange, plan.history, change, _plain(StageChange), what="stage history")

    def note(item: Incoming) -> Row:
        if item.record["uid"] in people.written:
            return None
        candidate, new = local.id("candidates", str(item.refs["candidate_uid"]))
        return item.record | {"candidate_id": candidate}, item.record["uid"], new

    step(Note, inserts.get("notes"), note, _plain(Note), what="notes")

    def scorecard(item: Incoming) -> Row:
        application, new = local.id("applications", str(item.refs["application_uid"]))
        return item.record | {"application_id": application}, item.record["uid"], new

    step(Scorecard, inserts.get("scorecards"), scorecard, _plain(Scorecard), what="scorecards")

    def analysis(item: Incoming) -> Row:
        if item.record["uid"] in people.written:
            return None
        owner = item.refs["candidate_uid"]
        found, new = (None, False) if owner is None else local.id("candidates", owner)
        return (item, found), item.record["uid"], new

    def insert_owned(session: Session, values: list[tuple[Incoming, int | None]]) -> dict[str, int]:
        owners = {
            str(item.refs["candidate_uid"]): found for item, found in values if found is not None
        }
        return insert_analyses(session, [item for item, _found in values], owners.__getitem__)

    _ids, analyses = step(
        Analysis, inserts.get("analyses"), analysis, insert_owned, what="analyses"
    )
    written["analyses"] |= analyses
    return written


def write_changes(
    database: Database,
    run: str,
    plan: MergePlan,
    seen: dict[str, dict[int, int]],
    source: str,
    progress: Progress,
) -> None:
    """The plan's changes to records already stored, a batch per transaction, each
    batch refused if one of its records is no longer the version the plan saw
    (``seen``); the run keeps what each record held before, to put it back if undone."""
    for updates in (plan.updates, plan.refreshes):
        for kind, rows in updates.items():
            model = VERSIONED[kind]
            table = model.__table__
            versions = seen.get(kind, {})
            for number, batch in enumerate(rows.batches(BATCH)):
                progress.step(number * BATCH, len(rows), f"updating the {kind}")
                changed = {name for row in batch for name in row}
                names = ["id", "uid", "version", "updated_at", *sorted(changed - _KEPT)]
                with database.write() as session:
                    ids = [row["id"] for row in batch]
                    before = [
                        dict(found)
                        for found in session.execute(
                            select(*(table.c[name] for name in names)).where(table.c.id.in_(ids))
                        ).mappings()
                    ]
                    if {row["id"]: row["version"] for row in before} != {
                        row_id: versions.get(row_id) for row_id in ids
                    }:
                        raise changed_meanwhile(source)
                    session.execute(
                        update(model), [row | {"version": versions[row["id"]]} for row in batch]
                    )
                    import_runs.mark_changed(session, run, model, before)
                    announce(session, Changes())  # the merge's publish announces it all
