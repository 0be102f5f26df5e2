"""No silent overwrite: a save names the version of the record it was made over, and a
save over a newer version is refused with both values, for the user to choose.

Every editable record carries ``version`` (``models.VersionedMixin``): each update bumps
it, and SQLAlchemy's ``version_id_col`` makes the UPDATE itself match only the version
it read. A save reads the record ``FOR UPDATE`` (PostgreSQL; SQLite's ``BEGIN
IMMEDIATE`` already serialises writers), so of two saves made over one version at the
same moment the second waits, sees the first's version, and is refused with both values.
"""

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from recruitdesk.errors import KnownError
from recruitdesk.storage.models.base import VersionedMixin


class EditConflictError(KnownError):
    """Someone saved the record since it was read. ``mine`` and ``theirs`` map each
    field of the refused save to its value in it and its value stored now; ``version``
    is the stored version, to save over once the user has chosen."""

    def __init__(
        self,
        what: str,
        mine: Mapping[str, Any],
        theirs: Mapping[str, Any],
        version: int,
    ) -> None:
        self.what = what
        self.mine = dict(mine)
        self.theirs = dict(theirs)
        self.version = version
        super().__init__(
            f"{what} was saved elsewhere since you opened it; nothing was overwritten."
        )

    @property
    def differing(self) -> list[str]:
        """The fields whose two values differ: what the user has to choose between."""
        return [name for name, value in self.mine.items() if self.theirs.get(name) != value]


def check_version(
    record: VersionedMixin, expected: int | None, what: str, mine: Mapping[str, Any]
) -> None:
    """Refuse a save of ``mine`` made over version ``expected`` of ``record`` when the
    record has moved on (``None``: a save that does not care, such as a merge)."""
    if expected is None or record.version == expected:
        return
    theirs = {name: getattr(record, name) for name in mine}
    raise EditConflictError(what, mine, theirs, record.version)


def at_stored_versions(
    session: Session, model: type[VersionedMixin], rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """``rows`` of an ORM bulk UPDATE by primary key (an import, a merge), each naming the
    version stored now: the UPDATE bumps it, so a pane that read the record before the
    merge sees that it has moved on."""
    key = cast(Any, model)
    stored: dict[int, int] = {
        found.id: found.version
        for found in session.execute(
            select(key.id, key.version).where(key.id.in_([row["id"] for row in rows]))
        )
    }
    return [{**row, "version": stored[row["id"]]} for row in rows]


@contextmanager
def one_save_wins(what: str) -> Iterator[None]:
    """Around a write transaction: when another workstation saved the same record between
    this transaction's read and its UPDATE (PostgreSQL), the UPDATE matches no row and
    the whole transaction rolls back; say so in one sentence."""
    try:
        yield
    except StaleDataError:
        raise KnownError(
            f"{what} was changed elsewhere at the same moment; reload it and save again."
        ) from None
