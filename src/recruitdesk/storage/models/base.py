"""What every table shares: the declarative base, its naming convention, aware UTC
times, and the mixins for rows that travel in bundles, merge field by field or carry a
version.

Enumerated fields are stored as their string values (the ``StrEnum``s of
:mod:`recruitdesk.domain`), so the database stays readable and a new value needs no
schema change. Timestamps are stored as naive UTC and read back as aware UTC.
Changing any model needs an Alembic revision and a fixture database of the old
schema (see ``tests/storage/test_migrations.py``).
"""

import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    Dialect,
    Integer,
    MetaData,
    String,
    TypeDecorator,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime, stored without a zone so SQLite and PostgreSQL agree."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[str]: JSON,
        list[dict[str, Any]]: JSON,
    }


def edit_stamp(now: datetime) -> str:
    """An edit time as ``field_times`` holds it: ISO 8601 in UTC."""
    return now.astimezone(UTC).isoformat()


def new_uid() -> str:
    return str(uuid.uuid4())


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SharedMixin:
    """A row that travels between databases in bundles.

    ``uid`` names the same row on every laptop (ids differ between databases).
    """

    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)


class VersionedMixin:
    """A record several people may edit at once: every update bumps ``version`` and
    only succeeds over the version it read (SQLAlchemy's ``version_id_col``), so a save
    over someone else's newer edit is noticed instead of overwriting it
    (``recruitdesk.storage.versions``)."""

    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 (a class attribute)
        return {"version_id_col": cls.version}


class EditedFieldsMixin(SharedMixin):
    """A record whose fields merge one by one: ``field_times`` maps a field's name to
    when it was last edited (ISO 8601, UTC), so on a merge the newer edit of each field
    wins. The storage operations that edit fields keep it up to date."""

    field_times: Mapped[dict[str, Any]] = mapped_column(default=dict)

    def apply_edits(self, values: Mapping[str, Any], now: datetime) -> list[str]:
        """Set the fields whose value differs, stamp them and ``updated_at``; returns the
        names that changed (none: nothing is touched)."""
        changed = [name for name, value in values.items() if getattr(self, name) != value]
        for name in changed:
            setattr(self, name, values[name])
        if changed:
            self.stamp(changed, now)
            self.updated_at = now
        return changed

    def stamp(self, names: Iterable[str], now: datetime) -> None:
        """Record that the fields ``names`` were edited at ``now``. The dict is replaced,
        not changed in place, so the JSON column sees the change."""
        self.field_times = {**(self.field_times or {}), **dict.fromkeys(names, edit_stamp(now))}
