"""The Positions page's History tab: who created or changed the chosen position, what
they changed and when, newest first (the position's own audit trail,
:func:`recruitdesk.storage.audit.list_position_audit`).

A table model over plain values, read in the background (:class:`ShownReads`) when
another position is chosen and again whenever the change signal names this one, each
while the tab is in sight (else when it is shown)."""

from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.errors import KnownError
from recruitdesk.gui.candidate.widgets import format_moment
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.shown_reads import ShownReads
from recruitdesk.gui.tables import RowTableModel
from recruitdesk.progress import Progress
from recruitdesk.storage.audit import AuditView, list_position_audit
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.positions import get_position

#: The fields whose stored names read badly as words.
_FIELD_WORDS = {
    "budget_min": "lowest budget",
    "budget_max": "highest budget",
    "min_scores": "minimum scores",
}


def describe(entry: AuditView) -> str:
    """What was done to the position, in a sentence's words."""
    if entry.action == "create":
        return "Created the position"
    if entry.action == "edit" and entry.detail:
        names = entry.detail.split(", ")
        return "Changed " + ", ".join(_FIELD_WORDS.get(n, n.replace("_", " ")) for n in names)
    return entry.detail or entry.action


@dataclass(frozen=True, slots=True)
class PositionTrail:
    position_id: int
    title: str | None
    entries: list[AuditView]


def read_trail(database: Database, position_id: int, _progress: Progress) -> PositionTrail:
    try:
        title: str | None = get_position(database, position_id).title
    except KnownError:
        title = None  # deleted meanwhile
    return PositionTrail(position_id, title, list_position_audit(database, position_id))


class PositionHistoryModel(RowTableModel):
    columns = ("When", "Who", "What")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entries: list[AuditView] = []

    def table_rows(self) -> list[AuditView]:
        return self.entries

    def set_entries(self, entries: list[AuditView]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entries):
            return None
        entry = self.entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (format_moment(entry.at), entry.actor, describe(entry))[index.column()]
        return None


class PositionHistory(QWidget):
    def __init__(self, database: Database, hub: ChangesHub, operations: Operations) -> None:
        super().__init__()
        self.setObjectName("positionHistory")
        self.database = database
        self.operations = operations
        self.position_id: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        self.heading = QLabel()
        self.heading.setObjectName("paneTitle")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.model = PositionHistoryModel(self)
        self.table = QTableView()
        self.table.setObjectName("positionTrail")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.empty = QLabel("No change of this position is recorded.")
        self.empty.setObjectName("emptyHistory")
        self.empty.hide()
        layout.addWidget(self.empty)
        #: The trail is read while in sight: a position chosen or changed while hidden
        #: is read when shown.
        self.reads = ShownReads(self, operations, self._read, stale=False)
        self._say_none()
        hub.changed.connect(self._on_changes)

    def _say_none(self) -> None:
        self.heading.setText("Choose a position to see who changed it.")
        self.model.set_entries([])
        self.empty.hide()

    def set_position(self, position_id: int) -> None:
        """Show this position's trail (0: a new position, not saved yet)."""
        self.position_id = position_id or None
        if self.position_id is None:
            self.reads.drop()
            self._say_none()
            return
        self.reads.changed()

    def _read(self) -> None:
        if self.position_id is not None:
            self.reads.query(partial(read_trail, self.database, self.position_id), self._show)

    def _show(self, trail: PositionTrail) -> None:
        if trail.position_id != self.position_id:
            return  # another position was chosen while this one was read
        if trail.title is None:
            self._say_none()
            return
        self.heading.setText(f"Who changed {trail.title}, newest first")
        self.model.set_entries(trail.entries)
        self.empty.setVisible(not trail.entries)

    def _on_changes(self, changes: Changes) -> None:
        if self.position_id is not None and (
            changes.everything or self.position_id in changes.positions
        ):
            self.reads.changed()
