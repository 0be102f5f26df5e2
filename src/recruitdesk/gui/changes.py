"""The app-wide change signal (docs/architecture.md, "The change signal"; after Anki's
``operation_did_execute``): every write's :class:`Changes` goes out on one signal of one
``QObject`` created in the GUI thread, and each view refreshes only what it shows.

:meth:`ChangesHub.watch` adds the other workstations' writes to the same signal
(docs/architecture.md, "Live updates"): on SQLite a timer polls ``PRAGMA data_version``
on a connection held open; on PostgreSQL a listener thread hands each ``NOTIFY`` over
through a queued signal."""

from PySide6.QtCore import QObject, QTimer, Signal

from recruitdesk.storage.change_watch import PgListener, SqliteWatch
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database

#: The initiator of the changes another process or workstation made.
ELSEWHERE = object()
#: How often the SQLite file is asked whether another process committed (ms): one
#: pragma on an open connection, microseconds.
POLL_INTERVAL_MS = 100


class ChangesHub(QObject):
    """Carries each write's :class:`Changes` to every view."""

    changed = Signal(object)
    #: Another workstation's changes, emitted from the listener's thread; Qt queues
    #: them to this object's (the GUI) thread.
    _arrived = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sqlite: SqliteWatch | None = None
        self._listener: PgListener | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._poll)
        self._arrived.connect(self._publish_remote)

    def publish(self, changes: Changes, initiator: object | None = None) -> None:
        """Send ``changes`` to every view; ``initiator`` (when given) marks who made them,
        so that view can skip reloading what it already shows."""
        if initiator is not None:
            changes = changes.made_by(initiator)
        if changes:
            self.changed.emit(changes)

    def watch(self, database: Database, interval_ms: int = POLL_INTERVAL_MS) -> None:
        """Publish what other processes and workstations write to ``database``."""
        self.stop_watching()
        if database.is_sqlite:
            self._sqlite = SqliteWatch(database)
            self._timer.start(interval_ms)
        else:
            self._listener = PgListener(database, self._arrived.emit)

    @property
    def listener(self) -> PgListener | None:
        return self._listener

    def _publish_remote(self, changes: Changes) -> None:
        self.publish(changes, initiator=ELSEWHERE)

    def _poll(self) -> None:
        if self._sqlite is not None:
            self._publish_remote(self._sqlite.poll())

    def stop_watching(self) -> None:
        self._timer.stop()
        if self._sqlite is not None:
            self._sqlite.close()
            self._sqlite = None
        if self._listener is not None:
            self._listener.close()
            self._listener = None
