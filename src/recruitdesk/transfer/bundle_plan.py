"""The plan of a merge: what it will insert and update, decided whole, against the rows
stored, before anything is written; and the steps every kind of record shares. The plan
and the stored rows it is compared with are on disk, in the bundle's
:class:`~recruitdesk.transfer.bundle_stage.Stage`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from recruitdesk.storage.models.base import Base
from recruitdesk.transfer.bundle_fields import FieldMerge
from recruitdesk.transfer.bundle_format import exported_columns, table_of
from recruitdesk.transfer.bundle_read import Incoming
from recruitdesk.transfer.bundle_stage import BATCH, Stage, StagedList, StagedMap
from recruitdesk.transfer.import_staging import ProblemLog

#: The columns that describe a record's merge state rather than its data.
META_COLUMNS = frozenset({"uid", "field_times", "created_at", "updated_at"})
#: How many lines of "taken from where" a report keeps.
MAX_DETAILS = 500


@dataclass(slots=True)
class MergePlan:
    """What a merge will write, decided whole before anything is."""

    stage: Stage
    problems: ProblemLog
    inserts: dict[str, StagedList] = field(default_factory=dict)
    #: Rows to update (``{"id": ..., column: value}``) by kind.
    updates: dict[str, StagedList] = field(default_factory=dict)
    refreshes: dict[str, StagedList] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    #: ``(application uid, stage change)`` to add.
    history: StagedList | None = None
    #: Incoming uid -> the local id it merges into (``None``: inserted, id after insert).
    targets: dict[str, StagedMap] = field(default_factory=dict)
    details: list[str] = field(default_factory=list)
    touched: dict[str, set[int]] = field(default_factory=dict)
    #: The uid -> id of every row stored, by model, read once.
    _stored_ids: dict[str, StagedMap] = field(default_factory=dict)

    def count(self, kind: str) -> tuple[int, int, int]:
        return (
            len(self.inserts.get(kind, ())),
            len(self.updates.get(kind, ())),
            self.unchanged.get(kind, 0),
        )

    def _list(self, lists: dict[str, StagedList], kind: str) -> StagedList:
        if kind not in lists:
            lists[kind] = self.stage.list()
        return lists[kind]

    def insert(self, kind: str, item: Incoming) -> None:
        self._list(self.inserts, kind).append(item)

    def inserted(self, kind: str) -> StagedList:
        return self._list(self.inserts, kind)

    def target(self, kind: str) -> StagedMap:
        if kind not in self.targets:
            self.targets[kind] = self.stage.map()
        return self.targets[kind]

    def join_history(self, application_uid: str, change: dict[str, Any]) -> None:
        if self.history is None:
            self.history = self.stage.list()
        self.history.append((application_uid, change))

    def stored_ids(self, session: Session, model: Any) -> StagedMap:
        """uid -> id of every stored row of ``model`` (a read transaction sees no change)."""
        name = model.__tablename__
        if name not in self._stored_ids:
            found = self.stage.map()
            for rows in session.execute(
                select(model.uid, model.id).execution_options(yield_per=BATCH)
            ).partitions():
                found.update((uid, row_id) for uid, row_id in rows)
            self._stored_ids[name] = found
        return self._stored_ids[name]

    def add_update(
        self, kind: str, row_id: int, changes: dict[str, Any], *, quiet: bool = False
    ) -> None:
        """Write ``changes``; ``quiet``: only bookkeeping, the row counts as unchanged."""
        if quiet:
            self._list(self.refreshes, kind).append({"id": row_id, **changes})
            self.unchanged[kind] = self.unchanged.get(kind, 0) + 1
            return
        self._list(self.updates, kind).append({"id": row_id, **changes})
        self.touched.setdefault(kind, set()).add(row_id)

    def detail(self, line: str) -> None:
        if len(self.details) < MAX_DETAILS:
            self.details.append(line)


def stored_rows(
    session: Session,
    model: type[Base],
    stage: Stage,
    also: Callable[[dict[str, Any]], None] = lambda row: None,
) -> StagedMap:
    """uid -> every stored row of ``model``, as a dict; ``also`` sees each row too."""
    table = table_of(model)
    stored = stage.map()
    result = session.execute(select(table).execution_options(yield_per=BATCH))
    for rows in result.mappings().partitions():
        batch = [dict(row) for row in rows]
        for row in batch:
            also(row)
        stored.update((row["uid"], row) for row in batch)
    return stored


def _describe(label: str, merge: FieldMerge) -> str:
    parts = []
    if merge.taken:
        parts.append(f"took {', '.join(merge.taken)} from the bundle (newer there)")
    if merge.kept:
        parts.append(f"kept {', '.join(merge.kept)} of this database (newer here)")
    return f"{label}: {'; '.join(parts)}"


def apply_merge(plan: MergePlan, kind: str, row_id: int, merge: FieldMerge, label: str) -> None:
    if merge.changes:
        plan.add_update(kind, row_id, merge.writes)
    elif merge.bookkeeping:
        plan.add_update(kind, row_id, merge.bookkeeping, quiet=True)
    else:
        plan.unchanged[kind] = plan.unchanged.get(kind, 0) + 1
    if merge.taken or merge.kept:
        plan.detail(_describe(label, merge))


def edited_fields(table: Table, incoming: dict[str, Any]) -> list[str]:
    return [
        name for name in exported_columns(table) if name not in META_COLUMNS and name in incoming
    ]


def resolves(plan: MergePlan, kind: str, uid: str | None, stored: StagedMap) -> bool:
    """Whether ``uid`` names a row of ``kind`` in the bundle (accepted) or here."""
    return uid is not None and (uid in plan.target(kind) or uid in stored)


def local_id(plan: MergePlan, kind: str, uid: str, stored: StagedMap) -> int | None:
    target = plan.target(kind).get(uid)
    return target if target is not None else cast(int | None, stored.get(uid))
