"""A status bar button saying what is owed (notices, scorecards, follow-ups), hidden
while nothing is. What is owed falls due with time as well as with changes, so it is
read again in the background on each change that concerns it and every quarter hour."""

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
        self.hide()
        hub.changed.connect(self._on_changes)
        self.timer = QTimer(self)
        self.timer.setInterval(RECHECK_MS)
        self.timer.timeout.connect(self.recheck)
        self.timer.start()
        self.recheck()

    def _on_changes(self, changes: Changes) -> None:
        if self.concerns(changes):
            self.recheck()

    def recheck(self) -> None:
        read = self.read
        self.operations.query(self, lambda _p: read(), self.show_owed)

    def show_owed(self, owed: T) -> None:
        raise NotImplementedError
