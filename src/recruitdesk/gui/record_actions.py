"""Editing and deleting a client's record (a submission, a placement) from a tab, and
putting either on the window's undo stack, beside the board's moves: Ctrl+Z and the
Edit menu reach it.

An edit is saved in its dialog before it is pushed, so pushing does nothing; undo and
redo are writes of their own through :class:`~recruitdesk.gui.operations.Operations`
(published with the tab as the initiator, a refusal said in one sentence). Each is
made over the record as the other left it, so a record changed elsewhere meanwhile is
refused, never overwritten (``storage/client_records.py``)."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from recruitdesk.gui.client_record_dialogs import RecordDialog, SavedEdit
from recruitdesk.gui.operations import Operations
from recruitdesk.progress import Progress
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.client_records import ClientRecord
from recruitdesk.storage.database import Database

R = TypeVar("R", bound=ClientRecord)
#: A write on a pool thread: what it changed.
Write = Callable[[Progress], Changes]


def _shown(_changes: Changes) -> None:
    """Nothing more to do: the change signal reloads what shows the record."""


class SavedEditCommand(QUndoCommand):
    def __init__(
        self, text: str, operations: Operations, owner: QWidget, undo: Write, redo: Write
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


@dataclass(frozen=True, slots=True)
class RecordStore(Generic[R]):
    """The storage calls of one kind of record."""

    read: Callable[[Database, int], R]
    #: Change ``seen`` into ``wanted``'s values (an edit, its undo or its redo).
    change: Callable[[Database, R, R], Changes]
    delete: Callable[[Database, R], Changes]
    put_back: Callable[[Database, R], Changes]


@dataclass(frozen=True, slots=True)
class RecordWords:
    """How the undo stack and the status bar name the two actions."""

    edit: str
    delete: str
    edited: str
    deleted: str


class RecordActions(Generic[R]):
    """A tab's edit and delete of its records, each undoable."""

    def __init__(
        self,
        tab: QWidget,
        database: Database,
        operations: Operations,
        undo_stack: QUndoStack | None,
        store: RecordStore[R],
        dialog: Callable[[Database, Operations, R, str, QWidget], RecordDialog],
        words: RecordWords,
    ) -> None:
        self.tab = tab
        self.database = database
        self.operations = operations
        self.undo_stack = undo_stack
        self.store = store
        self.make_dialog = dialog
        self.words = words
        #: The edit dialog open now, if any.
        self.dialog: RecordDialog | None = None

    def edit(self, record_id: int, heading: str) -> None:
        """Read the record, then open its dialog."""
        read, database = self.store.read, self.database
        self.operations.query(
            self.tab, lambda _p: read(database, record_id), partial(self._open, heading)
        )

    def _open(self, heading: str, record: R) -> None:
        self.dialog = self.make_dialog(self.database, self.operations, record, heading, self.tab)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.saved.connect(self._edited)
        self.dialog.open()

    def _change(self, seen: R, wanted: R, _progress: Progress) -> Changes:
        return self.store.change(self.database, seen, wanted)

    def _edited(self, edit: SavedEdit[R]) -> None:
        before, after = edit.before, edit.after
        assert after is not None
        self.operations.message.emit(self.words.edited)
        self._push(
            self.words.edit,
            partial(self._change, after, before),
            partial(self._change, before, after),
        )

    def delete(self, record_id: int) -> None:
        store, database = self.store, self.database

        def work(_progress: Progress) -> SavedEdit[R]:
            seen = store.read(database, record_id)
            return SavedEdit(seen, None, store.delete(database, seen))

        self.operations.write(self.tab, work, self._deleted)

    def _deleted(self, edit: SavedEdit[R]) -> None:
        seen = edit.before
        store, database = self.store, self.database
        self.operations.message.emit(self.words.deleted)
        self._push(
            self.words.delete,
            lambda _p: store.put_back(database, seen),
            lambda _p: store.delete(database, seen),
        )

    def _push(self, text: str, undo: Write, redo: Write) -> None:
        if self.undo_stack is not None:
            self.undo_stack.push(SavedEditCommand(text, self.operations, self.tab, undo, redo))
