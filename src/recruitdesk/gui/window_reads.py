"""What the main window reads for its status bar and the board's position picker: the
counts, the candidates whose consent lapsed and, after a change to positions, the
positions. Read in the background (docs/architecture.md, "Background operations"):
counting 100,000 candidates holds the GIL for tens of milliseconds."""

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from recruitdesk.gui.operations import Operations
from recruitdesk.progress import Progress
from recruitdesk.storage.database import Database
from recruitdesk.storage.erasure import lapsed_consent_count
from recruitdesk.storage.positions import PositionDetails, list_positions
from recruitdesk.storage.queries import Counts, counts


@dataclass(frozen=True, slots=True)
class WindowRead:
    counts: Counts
    lapsed: int
    #: ``None`` when the positions were not asked for.
    positions: list[PositionDetails] | None


class WindowReads(QObject):
    """Reads what the window shows; a newer read supersedes one still running (and reads
    the positions too when either asked for them)."""

    #: A :class:`WindowRead` landed (on the GUI thread).
    landed = Signal(object)

    def __init__(self, database: Database, operations: Operations, parent: QObject) -> None:
        super().__init__(parent)
        self.database = database
        self.operations = operations
        #: The read running now (an operation id), if any.
        self.reading: int | None = None
        self._with_positions = False

    def request(self, *, positions: bool) -> None:
        if self.reading is not None:
            positions = positions or self._with_positions
        self._with_positions = positions
        database = self.database

        def read(_progress: Progress) -> WindowRead:
            return WindowRead(
                counts(database),
                lapsed_consent_count(database),
                list_positions(database) if positions else None,
            )

        operation = self.operations.query(self, read, lambda found: self._landed(operation, found))
        self.reading = operation

    def _landed(self, operation: int, found: WindowRead) -> None:
        if operation == self.reading:
            self.reading = None
            self.landed.emit(found)
