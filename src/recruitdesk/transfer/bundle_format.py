"""The bundle format: a zip of JSON arrays, one per kind of record, with a manifest naming
the format and its version. Rows are named by uid, never by their local ids; times are
ISO 8601 in UTC. The writer (:mod:`.export_bundle`) and the reader (:mod:`.bundle_read`)
both follow this module.
"""

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table

from recruitdesk.storage.models.base import Base

FORMAT_NAME = "recruitdesk-bundle"
#: The bundle format this version writes and the newest it reads.
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
#: The members of a bundle, in the order they are written and read.
MEMBERS = (
    "positions.json",
    "candidates.json",
    "applications.json",
    "notes.json",
    "scorecards.json",
    "analyses.json",
)
#: Columns that never leave the database: row ids (bundles name rows by uid) and caches.
# A record's version counts the saves made to it in this database only.
_LOCAL_COLUMNS = frozenset(
    {"id", "candidate_id", "position_id", "application_id", "analysis_id", "client_id", "version"}
)
_CACHE_COLUMNS = {
    "analyses": frozenset({"listing_etag"}),
    "analysis_repositories": frozenset({"etag"}),
}


def jsonable(value: Any) -> Any:
    """A column's value as JSON: dates and times in ISO 8601 (times in UTC)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def exported_columns(table: Table) -> list[str]:
    skip = _LOCAL_COLUMNS | _CACHE_COLUMNS.get(table.name, frozenset())
    return [column.name for column in table.columns if column.name not in skip]


def parse_time(text: str) -> datetime:
    """An ISO 8601 time as aware UTC (a time without a zone is UTC); :class:`ValueError`
    for a time UTC cannot hold (``9999-12-31T23:59:59-14:00`` is in the year 10000)."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{text!r} is outside the years 1 to 9999 in UTC") from None


def table_of(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table
