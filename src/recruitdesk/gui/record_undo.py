"""A saved edit of a client's record (a submission, a placement) on the window's undo
stack, beside the board's moves: Ctrl+Z and the Edit menu reach it.

The edit is saved before it is pushed, so pushing does nothing; undo and redo are
writes of their own through :class:`~recruitdesk.gui.operations.Operations` (published
with their owner as the initiator, a refusal said in one sentence). Each is made over
the record as the other left it, so a record changed elsewhere meanwhile is refused,
never overwritten."""

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from recruitdesk.gui.operations import Operations
from recruitdesk.progress import Progress
from recruitdesk.storage.changes import Changes

#: A write on a pool thread: what it changed.
Write = Callable[[Progress], Changes]


def _shown(_changes: Changes) -> None:
    """Nothing more to do: the change signal reloads what shows the record."""


class SavedEditCommand(QUndoCommand):
    def __init__(
        self, text: str, operations: Operations, owner: QObject, undo: Write, redo: Write
    ) -> None:
        super().__init__(text)
        self.operations = operations
        self.owner = owner
        self._undo = undo
        self._redo = redo
        self._saved = True

    def redo(self) -> None:
        if self._saved:
            self._saved = False  # the next redo comes after an undo
            return
        self.operations.write(self.owner, self._redo, _shown, title=f"Redo {self.text()}")

    def undo(self) -> None:
        self.operations.write(self.owner, self._undo, _shown, title=f"Undo {self.text()}")


def push_saved(
    stack: QUndoStack | None,
    text: str,
    operations: Operations,
    owner: QObject,
    *,
    undo: Write,
    redo: Write,
) -> None:
    """Put an edit that was just saved on ``stack`` (when the page has one)."""
    if stack is not None:
        stack.push(SavedEditCommand(text, operations, owner, undo, redo))
