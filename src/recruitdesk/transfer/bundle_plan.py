"""The plan of a merge: what it will insert and update, decided whole, against the rows
stored, before anything is written; and the steps every kind of record shares."""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from recruitdesk.storage.models.base import Base
from recruitdesk.transfer.bundle_fields import FieldMerge
from recruitdesk.transfer.bundle_format import exported_columns, table_of
from recruitdesk.transfer.bundle_read import Incoming
from recruitdesk.transfer.results import Problem

#: The columns that describe a record's merge state rather than its data.
META_COLUMNS = frozenset({"uid", "field_times", "created_at", "updated_at"})
#: How many lines of "taken from where" a report keeps.
MAX_DETAILS = 500


@dataclass(slots=True)
class MergePlan:
    """What a merge will write, decided whole before anything is."""

    inserts: dict[str, list[Incoming]] = field(default_factory=dict)
    updates: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    refreshes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    history: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    #: Incoming uid -> the local id it merges into (``None``: inserted, id after insert).
    targets: dict[str, dict[str, int | None]] = field(default_factory=dict)
    details: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    touched: dict[str, set[int]] = field(default_factory=dict)

    def count(self, kind: str) -> tuple[int, int, int]:
        return (
            len(self.inserts.get(kind, [])),
            len(self.updates.get(kind, [])),
            self.unchanged.get(kind, 0),
        )

    def add_update(
        self, kind: str, row_id: int, changes: dict[str, Any], *, quiet: bool = False
    ) -> None:
        """Write ``changes``; ``quiet``: only bookkeeping, the row counts as unchanged."""
        if quiet:
            self.refreshes.setdefault(kind, []).append({"id": row_id, **changes})
            self.unchanged[kind] = self.unchanged.get(kind, 0) + 1
            return
        self.updates.setdefault(kind, []).append({"id": row_id, **changes})
        self.touched.setdefault(kind, set()).add(row_id)

    def detail(self, line: str) -> None:
        if len(self.details) < MAX_DETAILS:
            self.details.append(line)


def stored_rows(session: Session, model: type[Base]) -> dict[str, dict[str, Any]]:
    table = table_of(model)
    return {row["uid"]: dict(row) for row in session.execute(select(table)).mappings()}


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


def resolves(plan: MergePlan, kind: str, uid: str | None, stored: dict[str, int]) -> bool:
    """Whether ``uid`` names a row of ``kind`` in the bundle (accepted) or here."""
    return uid is not None and (uid in plan.targets.get(kind, {}) or uid in stored)


def local_id(plan: MergePlan, kind: str, uid: str, stored: dict[str, int]) -> int | None:
    target = plan.targets.get(kind, {}).get(uid)
    return target if target is not None else stored.get(uid)
