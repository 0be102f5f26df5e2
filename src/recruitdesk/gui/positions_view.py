"""Positions: the list, and the form to create or edit one with its requirements.

Every save goes through :mod:`recruitdesk.storage.positions`, which checks every field;
a refused field is named beside the form and nothing is written. Each save's
:class:`Changes` goes out on :attr:`PositionsView.changes_made`.
"""

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.errors import ValidationError
from recruitdesk.gui.position_editor import PositionEditor
from recruitdesk.gui.positions_model import COLUMNS, PositionTableModel
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.positions import PositionDetails, create_position, update_position


class PositionsView(QWidget):
    """The positions and the requirements of the selected one."""

    changes_made = Signal(object)
    #: The position the form shows (0 while a new one is being written).
    position_selected = Signal(int)

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("positionsView")
        self.database = database
        self.current_id: int | None = None
        self.model = PositionTableModel(database, self)
        self.table = QTableView()
        self.table.setObjectName("positionsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(48)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.editor = PositionEditor()
        self.editor.new_button.clicked.connect(self.new_position)
        self.editor.save_button.clicked.connect(self.save)
        self.editor.revert_button.clicked.connect(self._revert)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.editor)

        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([620, 640])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(splitter)
        if self.model.rows:
            self.select(self.model.rows[0].id)
        else:
            self.new_position()

    # -- the list -------------------------------------------------------------------------

    def refresh(self) -> None:
        keep = self.current_id
        self.table.selectionModel().blockSignals(True)
        self.model.reload()
        self.table.selectionModel().blockSignals(False)
        if keep is not None and self.model.row_of(keep) is not None:
            self.select(keep)

    def apply_changes(self, changes: Changes) -> None:
        """Reload when positions or boards changed (for the app-wide change signal)."""
        if changes.everything or changes.positions or changes.applications:
            self.refresh()

    def select(self, position_id: int) -> None:
        row = self.model.row_of(position_id)
        if row is None:
            return
        self.table.selectRow(row)
        self._show(self.model.rows[row])

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._show(self.model.rows[current.row()])

    # -- the form -------------------------------------------------------------------------

    def _show(self, position: PositionDetails) -> None:
        self.current_id = position.id
        self.editor.fill(position)
        self.position_selected.emit(position.id)

    def new_position(self) -> None:
        self.table.clearSelection()
        self._show(PositionDetails(id=0, title=""))
        self.current_id = None
        self.editor.heading.setText("New position")
        self.editor.title.setFocus()

    def _revert(self) -> None:
        if self.current_id is None:
            self.new_position()
        else:
            self.select(self.current_id)

    def save(self) -> bool:
        """Create or update the position from the form; False (and the reason shown)
        when a field is refused."""
        values = self.editor.values()
        try:
            if self.current_id is None:
                position_id, changes = create_position(self.database, values)
            else:
                position_id = self.current_id
                changes = update_position(self.database, position_id, values)
        except ValidationError as error:
            self.editor.show_error(error)
            return False
        self.current_id = position_id
        self.refresh()
        self.select(position_id)
        if changes:
            self.changes_made.emit(changes)
        return True
