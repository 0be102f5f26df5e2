"""The rule that merges one record of a bundle into the same record here: the newer edit
of each field (or group of fields) wins, by ``field_times``.

A field without an entry counts as edited when the record was created, or at its
``updated_at`` where the record has no stamps at all; a field that is empty and was
never stamped was never set, so any value set elsewhere wins. Equal times are settled
by comparing the values, the same way on every laptop, so after exchanging bundles both
ways the two databases hold the same data.
"""

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from recruitdesk.transfer.bundle_format import jsonable, parse_time

#: Values that count as "not set" when no edit time says they were cleared on purpose.
_EMPTY: tuple[Any, ...] = (None, "", [], {})
NEVER = datetime.min.replace(tzinfo=UTC)


def canonical_tuple(values: Sequence[Any]) -> str:
    return json.dumps([jsonable(value) for value in values], sort_keys=True, default=str)


def _time_of(record: dict[str, Any], name: str) -> datetime:
    """When ``name`` was last edited: its field time, else the record's ``updated_at``
    (never, for an empty value without a field time: it was never set)."""
    text = (record.get("field_times") or {}).get(name)
    if isinstance(text, str):
        try:
            return parse_time(text)
        except ValueError:
            pass
    if record.get(name) in _EMPTY:
        # Empty and never stamped: never set, so any value set elsewhere wins.
        return NEVER
    # The editing operations stamp the fields they change; once a record has stamps,
    # a field without one has not changed since the record was made. A record with no
    # stamps at all (made before schema 0002) only says when something last changed.
    moment: datetime = record["updated_at"]
    if record.get("field_times") and isinstance(record.get("created_at"), datetime):
        moment = record["created_at"]
    return moment


@dataclass(slots=True)
class FieldMerge:
    """The outcome of merging one edited record."""

    #: Values taken from the bundle.
    changes: dict[str, Any]
    taken: list[str]
    kept: list[str]
    #: Edit times and ``created_at``/``updated_at`` to bring level with the bundle's,
    #: written even when no value changes, so both sides end with the same record.
    bookkeeping: dict[str, Any] = field(default_factory=dict)

    @property
    def writes(self) -> dict[str, Any]:
        return self.changes | self.bookkeeping


def merge_fields(
    local: dict[str, Any],
    incoming: dict[str, Any],
    fields: Iterable[str],
    groups: Mapping[str, tuple[str, ...]] | None = None,
) -> FieldMerge:
    """The newer edit of each field (or group of fields) wins; see the module doc."""
    groups = groups or {}
    grouped = {name for members in groups.values() for name in members}
    units: list[tuple[str, tuple[str, ...]]] = [
        (name, members) for name, members in groups.items() if members[0] in incoming
    ]
    units += [(name, (name,)) for name in fields if name not in grouped and name in incoming]
    result = FieldMerge(changes={}, taken=[], kept=[])
    times: dict[str, str] = {}
    stale = False
    for label, members in units:
        present = [name for name in members if name in incoming]
        local_time = max(_time_of(local, name) for name in present)
        incoming_time = max(_time_of(incoming, name) for name in present)
        newest = max(local_time, incoming_time)
        if newest != NEVER:
            times.update(dict.fromkeys(present, newest.isoformat()))
        stale = stale or local_time < newest
        mine = [local[name] for name in present]
        theirs = [incoming[name] for name in present]
        if mine == theirs:
            continue
        if incoming_time > local_time or (
            incoming_time == local_time and canonical_tuple(theirs) > canonical_tuple(mine)
        ):
            result.changes.update(zip(present, theirs, strict=True))
            result.taken.append(label)
        else:
            result.kept.append(label)
    if result.changes or stale or incoming["updated_at"] > local["updated_at"]:
        result.bookkeeping["field_times"] = dict(local.get("field_times") or {}) | times
        result.bookkeeping["updated_at"] = max(local["updated_at"], incoming["updated_at"])
    if "created_at" in incoming and incoming["created_at"] < local["created_at"]:
        result.bookkeeping["created_at"] = incoming["created_at"]
    return result
