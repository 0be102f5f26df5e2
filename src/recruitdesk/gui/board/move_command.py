"""A move on the undo stack: undo and redo put the cards back exactly, in the database
first, then on the board."""

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from recruitdesk.errors import KnownError
from recruitdesk.storage.board.moves import CardState, MoveResult, redo_move, undo_move
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database


class MoveHost(Protocol):
    """What a move command needs of the board that made the move."""

    database: Database

    def show_error(self, text: str) -> None: ...

    def show_move(
        self, old: Sequence[CardState], new: Sequence[CardState], changes: Changes
    ) -> None: ...


class MoveCardsCommand(QUndoCommand):
    """A move already saved (pushing it does not move again)."""

    def __init__(self, host: MoveHost, result: MoveResult, text: str) -> None:
        super().__init__(text)
        self.host = host
        self.result = result
        self._done = True

    def redo(self) -> None:
        if self._done:
            return
        try:
            self.result = redo_move(self.host.database, self.result)
        except KnownError as error:
            self.host.show_error(str(error))
            self.setObsolete(True)
            return
        self._done = True
        self.host.show_move(self.result.before, self.result.after, self.result.changes)

    def undo(self) -> None:
        try:
            changes = undo_move(self.host.database, self.result)
        except KnownError as error:
            self.host.show_error(str(error))
            self.setObsolete(True)
            return
        self._done = False
        self.host.show_move(self.result.after, self.result.before, changes)
