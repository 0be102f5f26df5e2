"""What editing a client's records (a submission, a placement) shares.

Each edit is made over the record as the user saw it: the whole row as a frozen
dataclass. A row changed or deleted meanwhile is refused in one sentence, never
overwritten; that is also what makes undo and redo safe, since each is made over the
record the other left. Each edit names its actor in the candidate's trail, and a
deleted row can be put back whole, with its id and uid."""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from recruitdesk.errors import KnownError, RefusedError
from recruitdesk.storage.audit import record
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.base import Base
from recruitdesk.storage.models.clients import Client
from recruitdesk.storage.models.pipeline import Candidate


class ClientRecord(Protocol):
    """A frozen record of one row of a client's table."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    @property
    def id(self) -> int: ...

    @property
    def candidate_id(self) -> int: ...

    @property
    def client_id(self) -> int: ...


M = TypeVar("M", bound=Base)
R = TypeVar("R", bound=ClientRecord)


@dataclass(frozen=True, slots=True)
class RecordKind(Generic[M, R]):
    """One table of client records and how its edits are worded."""

    model: type[M]
    record_of: Callable[[M], R]
    #: "submission": the record in a sentence, and the trail's action.
    noun: str
    #: How the trail joins the record to its client: "to" Helio, "with" Helio.
    preposition: str
    #: Links a put-back row drops when what they point at was deleted meanwhile, as
    #: their foreign keys' ``SET NULL`` would have done.
    optional_links: tuple[tuple[str, type[Base]], ...] = ()


def read_record(database: Database, kind: RecordKind[M, R], record_id: int) -> R:
    with database.read() as session:
        row = session.get(kind.model, record_id)
        if row is None:
            raise KnownError(f"That {kind.noun} was removed meanwhile.")
        return kind.record_of(row)


def lock_as_seen(session: Session, kind: RecordKind[M, R], seen: R) -> M:
    """The row, locked, as long as it is still what the user saw."""
    row = session.get(kind.model, seen.id, with_for_update=True)
    if row is None:
        raise RefusedError(f"That {kind.noun} was removed meanwhile; nothing was changed.")
    if kind.record_of(row) != seen:
        raise RefusedError(
            f"That {kind.noun} was changed elsewhere meanwhile; look at it again and retry."
        )
    return row


def log_edit(
    session: Session,
    database: Database,
    kind: RecordKind[M, R],
    seen: R,
    verb: str,
    now: datetime,
    what: str = "",
) -> Changes:
    """Name the edit in the candidate's trail ("Corrected the submission to Helio: date"
    from ``verb`` "Corrected" and ``what`` "date") and announce it."""
    client = session.scalar(select(Client.name).where(Client.id == seen.client_id))
    detail = f"{verb} the {kind.noun} {kind.preposition} {client or 'a client'}"
    record(
        session,
        database.actor,
        [seen.candidate_id],
        kind.noun,
        f"{detail}: {what}" if what else detail,
        now,
    )
    changes = Changes(
        candidates=frozenset({seen.candidate_id}), clients=frozenset({seen.client_id})
    )
    return announce(session, changes)


def delete_as_seen(
    database: Database, kind: RecordKind[M, R], seen: R, verb: str, now: datetime
) -> Changes:
    """Delete the row ``seen`` (refused when it changed meanwhile), in the trail as
    ``verb`` ("Removed")."""
    with database.write() as session:
        session.delete(lock_as_seen(session, kind, seen))
        return log_edit(session, database, kind, seen, verb, now)


def put_back(database: Database, kind: RecordKind[M, R], deleted: R, now: datetime) -> Changes:
    """Insert a deleted row again as it was, with its id and uid."""
    with database.write() as session:
        if session.get(kind.model, deleted.id) is not None:
            raise RefusedError(f"That {kind.noun} is there already; nothing was changed.")
        if session.get(Candidate, deleted.candidate_id) is None:
            raise RefusedError(f"The candidate of that {kind.noun} was erased meanwhile.")
        if session.get(Client, deleted.client_id) is None:
            raise RefusedError(f"The client of that {kind.noun} was deleted meanwhile.")
        values = asdict(deleted)
        for link, model in kind.optional_links:
            if values[link] is not None and session.get(model, values[link]) is None:
                values[link] = None
        session.execute(insert(kind.model).values(**values))
        return log_edit(session, database, kind, deleted, "Put back", now)
