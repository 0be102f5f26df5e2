"""Each write's changes, sent to the other workstations in the write's own transaction
(docs/architecture.md, "Live updates").

A storage function names what it changed with :func:`announce` inside its
``Database.write()`` block; the block sends the sum just before it commits, so the
others hear of a write exactly when it committed. On PostgreSQL that is a ``NOTIFY``
on :data:`CHANNEL`; on SQLite a row of ``change_feed`` that another process reads after
``PRAGMA data_version`` moved. A write that announced nothing but changed rows is sent
as ``everything``: a forgotten announcement costs a reload, never a stale view.
"""

import json
from typing import Any

from sqlalchemy import delete, event, func, insert, select
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from recruitdesk.storage.changes import Changes
from recruitdesk.storage.models.team import ChangeFeedEntry

CHANNEL = "recruitdesk_changes"
#: PostgreSQL refuses a NOTIFY payload of 8000 bytes; a larger change says "everything".
MAX_PAYLOAD = 7_000
#: Feed rows kept on SQLite: a reader that fell further behind reloads everything.
KEEP_ROWS = 5_000
_KINDS = ("candidates", "positions", "applications", "analyses", "jobs")
_ANNOUNCED = "recruitdesk_announced"
_WROTE = "recruitdesk_wrote"


def announce(session: Session, changes: Changes) -> Changes:
    """Record that this transaction makes ``changes``; returns them. An empty
    ``Changes`` says the write touched nothing a view shows."""
    session.info[_ANNOUNCED] = session.info.get(_ANNOUNCED, Changes()) | changes
    return changes


def encode(changes: Changes, workstation: str) -> str:
    """The payload: who wrote and the ids by kind (or ``everything``)."""
    body: dict[str, Any] = {"workstation": workstation}
    if changes.everything:
        body["everything"] = True
    else:
        body.update({kind: sorted(getattr(changes, kind)) for kind in _KINDS})
    text = json.dumps(body, separators=(",", ":"))
    if len(text) > MAX_PAYLOAD:
        return encode(Changes(everything=True), workstation)
    return text


def decode(payload: str) -> tuple[str, Changes]:
    """The writer's workstation and its changes."""
    body = json.loads(payload)
    if body.get("everything"):
        return body["workstation"], Changes(everything=True)
    ids = {kind: frozenset(int(value) for value in body.get(kind, ())) for kind in _KINDS}
    changes = Changes(
        candidates=ids["candidates"],
        positions=ids["positions"],
        applications=ids["applications"],
        analyses=ids["analyses"],
        jobs=ids["jobs"],
    )
    return body["workstation"], changes


def track_writes(factory: sessionmaker[Session]) -> None:
    """Note in each session of ``factory`` whether it changed rows, for the fallback."""

    @event.listens_for(factory, "after_flush")
    def _flushed(session: Session, _context: object) -> None:
        session.info[_WROTE] = True

    @event.listens_for(factory, "do_orm_execute")
    def _executed(state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            state.session.info[_WROTE] = True


def send(session: Session, workstation: str) -> None:
    """Send what the transaction announced (or ``everything`` when it announced
    nothing but wrote); called by ``Database.write()`` right before it commits."""
    changes: Changes | None = session.info.pop(_ANNOUNCED, None)
    wrote = session.info.pop(_WROTE, False)
    if changes is None:
        if not wrote:
            return
        changes = Changes(everything=True)
    if not changes:
        return
    payload = encode(changes, workstation)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_notify(CHANNEL, payload)))
        return
    row_id = session.execute(
        insert(ChangeFeedEntry)
        .values(workstation=workstation, payload=payload)
        .returning(ChangeFeedEntry.id)
    ).scalar_one()
    if row_id % 100 == 0:  # prune now and then, by key: a cheap range delete
        session.execute(delete(ChangeFeedEntry).where(ChangeFeedEntry.id <= row_id - KEEP_ROWS))
