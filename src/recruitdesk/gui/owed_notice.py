"""A status bar button saying what is owed (notices, scorecards, follow-ups), hidden
while nothing is. What is owed falls due with time as well as with changes, so it is
read again in the background on each change that concerns it and every quarter hour:
one read at a time, and the changes that came while it ran give one more read."""

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton

from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.operations import Operations
from recruitdesk.storage.changes import Changes

#: How often it is read again without a change.
RECHECK_MS = 15 * 60 * 1000

T = TypeVar("T")


class OwedNotice(QPushButton, Generic[T]):
    """Reads with ``read`` off the GUI thread; a subclass shows the result in
    :meth:`show_owed`."""

    def __init__(
        self,
        name: str,
        tip: str,
        hub: ChangesHub,
        operations: Operations,
        concerns: Callable[[Changes], bool],
        read: Callable[[], T],
    ) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setFlat(True)
        self.setToolTip(tip)
        self.operations = operations
        self.concerns = concerns
        self.read = read
        #: The read running now (an operation id), if any; tests wait on it.
        self.loading: int | None = None
        #: Something changed while it ran: it is read once more when it lands.
        self.again = False
        self.hide()
        hub.changed.connect(self._on_changes)
        self.timer = QTimer(self)
        self.timer.setInterval(RECHECK_MS)
        self.timer.timeout.connect(self.recheck)
        self.timer.start()
        # Changes in a row (an import's, a batch's) are read once, on the next turn.
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(0)
        self.soon.timeout.connect(self.recheck)
        self.recheck()

    def _on_changes(self, changes: Changes) -> None:
        if self.concerns(changes):
            self.soon.start()

    def recheck(self) -> None:
        if self.operations.tasks.closed:
            return  # the window closed after a last change (a save on quitting)
        if self.loading is not None:
            self.again = True  # what it reads now may predate the change
            return
        read = self.read
        self.loading = self.operations.query(
            self, lambda _p: read(), self._landed, on_failure=self._failed
        )

    def _landed(self, owed: T) -> None:
        self.loading = None
        self.show_owed(owed)
        self._read_again()

    def _failed(self, error: BaseException) -> None:
        self.loading = None
        self.operations.report_failure("", error)
        self._read_again()

    def _read_again(self) -> None:
        if self.again:
            self.again = False
            self.recheck()

    def show_owed(self, owed: T) -> None:
        raise NotImplementedError
