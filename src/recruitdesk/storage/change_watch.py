"""Hearing the other workstations' writes (docs/architecture.md, "Live updates").

- :class:`SqliteWatch`: on one SQLite file, ``PRAGMA data_version`` on a connection held
  open for the app's life moves when another connection commits; only then are the new
  ``change_feed`` rows read. :meth:`SqliteWatch.poll` is cheap enough for a GUI timer.
- :class:`PgListener`: on PostgreSQL, a thread ``LISTEN``\\ s on its own psycopg
  connection and hands each notification to ``deliver``.

Both skip the changes this :class:`Database` made itself (its ``workstation``).
"""

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from recruitdesk.storage.change_feed import CHANNEL, decode
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database

log = logging.getLogger(__name__)
#: How long the listener waits for a notification before it checks for a stop (s).
LISTEN_TIMEOUT = 0.25
#: How long the listener waits before connecting again after it lost the server (s).
RECONNECT_DELAY = 2.0


def others(payloads: Iterable[str], own: str) -> Changes:
    """The changes in ``payloads`` that another workstation made."""
    changes = Changes()
    for payload in payloads:
        writer, changed = decode(payload)
        if writer != own:
            changes = changes | changed
    return changes


class SqliteWatch:
    """Another process's commits on the same SQLite file, read when they happen."""

    def __init__(self, database: Database) -> None:
        self._own = database.workstation
        # A connection of SQLite's own, held open: data_version is per connection, and
        # a file opened and closed beside SQLite would drop its locks.
        self._connection: Any = database.engine.raw_connection()
        self._version = self._data_version()
        self._last = self._scalar("SELECT coalesce(max(id), 0) FROM change_feed")

    def _scalar(self, sql: str) -> int:
        cursor = self._connection.cursor()
        try:
            return int(cursor.execute(sql).fetchone()[0])
        finally:
            cursor.close()

    def _data_version(self) -> int:
        return self._scalar("PRAGMA data_version")

    def poll(self) -> Changes:
        """What others committed since the last poll (empty when nothing moved)."""
        version = self._data_version()
        if version == self._version:
            return Changes()
        self._version = version
        cursor = self._connection.cursor()
        try:
            rows = cursor.execute(
                "SELECT id, payload FROM change_feed WHERE id > ? ORDER BY id",
                (self._last,),
            ).fetchall()
        finally:
            cursor.close()
        if not rows:
            return Changes()
        # Rows are numbered without gaps; a gap means they were pruned before we read.
        missed = rows[0][0] > self._last + 1
        self._last = rows[-1][0]
        if missed:
            return Changes(everything=True)
        return others((payload for _id, payload in rows), self._own)

    def close(self) -> None:
        self._connection.close()


class PgListener:
    """A thread listening on its own connection; ``deliver`` runs on that thread."""

    def __init__(self, database: Database, deliver: Callable[[Changes], None]) -> None:
        self._own = database.workstation
        self._conninfo = database.url.set(drivername="postgresql").render_as_string(
            hide_password=False
        )
        self._deliver = deliver
        self._stop = threading.Event()
        self._listening = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pg-listener", daemon=True)
        self._thread.start()

    def wait_listening(self, timeout: float) -> bool:
        """Whether the listener is subscribed (a test waits for it before writing)."""
        return self._listening.wait(timeout)

    def _run(self) -> None:
        # The driver is an extra of the app ("postgres"): imported only on PostgreSQL.
        import psycopg

        first = True
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self._listening.set()
                    if not first:  # what was sent while we were away is unknown
                        self._deliver(Changes(everything=True))
                    first = False
                    self._listen(connection)
            except psycopg.OperationalError as error:
                self._listening.clear()
                log.warning("listening for other workstations' changes failed: %s", error)
                self._stop.wait(RECONNECT_DELAY)

    def _listen(self, connection: Any) -> None:
        while not self._stop.is_set():
            # Back at the first notification (and any that came with it), so a change
            # is not held until the timeout.
            notes = connection.notifies(timeout=LISTEN_TIMEOUT, stop_after=1)
            changes = others((note.payload for note in notes), self._own)
            if changes:
                self._deliver(changes)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
