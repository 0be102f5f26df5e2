"""The Positions page: the requirements of each position, every candidate ranked
against the chosen one, and who changed it (three tabs sharing the chosen position)."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.matches_view import MatchesView
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.position_history import PositionHistory
from recruitdesk.gui.positions_view import PositionsView
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database

REQUIREMENTS_TAB, MATCHES_TAB, HISTORY_TAB = 0, 1, 2


class PositionsPage(QTabWidget):
    """Requirements and ranked matches; changes go through the app-wide hub."""

    #: "Shortlist PDF" in the matches tab.
    shortlist_requested = Signal()

    def __init__(
        self,
        database: Database,
        hub: ChangesHub,
        operations: Operations,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("positionsPage")
        self.setDocumentMode(True)
        self.positions = PositionsView(database, operations)
        self.matches = MatchesView(database, operations)
        self.matches.shortlist_requested.connect(self.shortlist_requested)
        self.addTab(self.positions, "Requirements")
        self.addTab(self.matches, "Ranked matches")
        self.positions.changes_made.connect(hub.publish)
        self.matches.changes_made.connect(hub.publish)
        self.positions.position_selected.connect(self.matches.set_position)
        self.history = PositionHistory(database, hub, operations)
        self.addTab(self.history, "History")
        self.positions.position_selected.connect(self.history.set_position)
        self.history.set_position(self.positions.current_id or 0)
        hub.changed.connect(self._on_changes)

    def _on_changes(self, changes: Changes) -> None:
        self.positions.apply_changes(changes)
        self.matches.apply_changes(changes)

    def chosen_position(self) -> int | None:
        """The position the page shows matches for."""
        return self.matches.position_id

    def chosen_title(self) -> str:
        """The title of that position, as stored."""
        return self.matches.position_title()

    def show_matches(self, position_id: int | None = None) -> None:
        if position_id is not None:
            self.matches.set_position(position_id)
        self.setCurrentIndex(MATCHES_TAB)
