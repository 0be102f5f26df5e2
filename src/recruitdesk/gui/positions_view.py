"""Positions: the list, and the form to create or edit one with its requirements.

Every save goes through :mod:`recruitdesk.storage.positions`, which checks every field;
a refused field is named beside the form and nothing is written. Each save's
:class:`Changes` goes out on :attr:`PositionsView.changes_made`. The list is read in the
background (a board count per position: tens of milliseconds at 100,000 candidates); a
hidden view only notes that it is stale and reads when shown.
"""

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QResizeEvent
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
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.position_editor import PositionEditor
from recruitdesk.gui.positions_model import COLUMNS, PositionTableModel
from recruitdesk.gui.shown_reads import ShownReads
from recruitdesk.progress import Progress
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.positions import (
    PositionDetails,
    create_position,
    get_position,
    list_positions,
    update_position,
)
from recruitdesk.storage.versions import EditConflictError

#: The title column's least width, in average characters: enough to tell "Senior Data
#: Engineer" from "Senior Data Scientist" (the tooltip has the rest).
TITLE_CHARACTERS = 24
#: The share of the height the list takes when it sits above the form.
LIST_SHARE_STACKED = 0.35


class TitleFirstTable(QTableView):
    """The positions table: the title takes the room the other columns leave, and never
    less than :data:`TITLE_CHARACTERS` (the table scrolls sideways instead). A stretched
    column shrank to a word when the rows landed in a narrow view."""

    def __init__(self, others_width: Callable[[], int]) -> None:
        super().__init__()
        self._others_width = others_width

    def fit_title(self) -> None:
        least = self.fontMetrics().averageCharWidth() * TITLE_CHARACTERS
        self.setColumnWidth(0, max(least, self.viewport().width() - self._others_width()))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.fit_title()


class PositionsView(QWidget):
    """The positions and the requirements of the selected one."""

    changes_made = Signal(object)
    #: The position the form shows (0 while a new one is being written).
    position_selected = Signal(int)

    def __init__(
        self, database: Database, operations: Operations, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("positionsView")
        self.database = database
        self.operations = operations
        #: The list's reads: it is read when first shown, and again when shown after
        #: changes it missed while hidden.
        self.reads = ShownReads(self, operations, self.refresh)
        #: Whether the list was read once (the first read picks the first position).
        self._listed = False
        self.current_id: int | None = None
        #: The version of the position the form shows: a save over an older one is
        #: refused instead of overwriting what another window saved meanwhile.
        self.current_version: int | None = None
        self.model = PositionTableModel(self)
        self.table = TitleFirstTable(self._contents_width)
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
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        #: The columns but the title at their contents' width, measured once per reload.
        self._columns_width: int | None = None
        self.model.modelReset.connect(self._forget_columns_width)
        self.model.dataChanged.connect(self._forget_columns_width)

        self.editor = PositionEditor()
        self.editor.new_button.clicked.connect(self.new_position)
        self.editor.save_button.clicked.connect(self.save)
        self.editor.revert_button.clicked.connect(self._revert)
        self.form_area = QScrollArea()
        self.form_area.setWidgetResizable(True)
        self.form_area.setFrameShape(QFrame.Shape.NoFrame)
        self.form_area.setWidget(self.editor)
        # The form scrolls up and down, never sideways: a squeezed form hid its fields'
        # right ends and the Remove buttons.
        self.form_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_area.setMinimumWidth(
            self.editor.minimumSizeHint().width()
            + self.form_area.verticalScrollBar().sizeHint().width()
        )

        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.form_area)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([620, 640])
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(12, 12, 12, 12)
        self.layout_.addWidget(self.splitter)

    # -- the layout -----------------------------------------------------------------------

    def side_by_side_width(self) -> int:
        """The width the list and the form need side by side: every column but the
        title at its contents' width, the title at :data:`TITLE_CHARACTERS`, and the form
        at its least width."""
        title = self.table.fontMetrics().averageCharWidth() * TITLE_CHARACTERS
        table = title + self._contents_width() + 2 * self.table.frameWidth()
        return table + self.splitter.handleWidth() + self.form_area.minimumWidth()

    def _contents_width(self) -> int:
        """Measuring asks the model for every cell, a call into Python each, and each
        such call waits for the GIL while a background operation runs Python: measured
        on every resize and refresh, it stalled the window after an import. Once per
        reload is enough."""
        if self._columns_width is None:
            header = self.table.horizontalHeader()
            self._columns_width = sum(
                max(header.sectionSizeHint(column), self.table.sizeHintForColumn(column))
                for column in range(1, len(COLUMNS))
            )
        return self._columns_width

    def _forget_columns_width(self) -> None:
        self._columns_width = None

    def _list_height(self) -> int:
        """The height that shows every position (and room for two when there are fewer)."""
        rows = max(self.model.rowCount(), 2)
        return (
            self.table.horizontalHeader().sizeHint().height()
            + rows * self.table.verticalHeader().defaultSectionSize()
            + 2 * self.table.frameWidth()
            + self.table.horizontalScrollBar().sizeHint().height()
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_layout()

    def _fit_layout(self) -> None:
        """Side by side when both fit; else the list above the form, each the full width,
        so no title is cut to a word and no field off the edge."""
        margins = self.layout_.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        wanted = (
            Qt.Orientation.Horizontal
            if room >= self.side_by_side_width()
            else Qt.Orientation.Vertical
        )
        if wanted == self.splitter.orientation():
            return
        self.splitter.setOrientation(wanted)
        if wanted == Qt.Orientation.Vertical:
            height = self.height() - margins.top() - margins.bottom()
            listed = min(int(height * LIST_SHARE_STACKED), self._list_height())
            self.splitter.setSizes([listed, height - listed])
        else:
            self.splitter.setSizes(
                [room - self.form_area.minimumWidth(), self.form_area.minimumWidth()]
            )

    # -- the list -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the list again in the background; a newer read supersedes an older one."""
        database = self.database

        def read(_progress: Progress) -> list[PositionDetails]:
            return list_positions(database)

        self.reads.query(read, self._listed_rows)

    def _listed_rows(self, rows: list[PositionDetails]) -> None:
        first, self._listed = not self._listed, True
        keep = self.current_id
        self.table.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        self.table.selectionModel().blockSignals(False)
        self._fit_layout()
        self.table.fit_title()
        if keep is not None and self.model.row_of(keep) is not None:
            if self.editor.edited():
                # A change elsewhere never wipes what the user is typing: the form keeps
                # the edit and the version it started from, so a save over a newer edit
                # is refused with a reason instead of either edit being lost.
                self._highlight(keep)
            else:
                self.select(keep)
        elif first and rows:
            self.select(rows[0].id)
        elif first:
            self.new_position()

    def apply_changes(self, changes: Changes) -> None:
        """Reload when positions or boards changed (for the app-wide change signal)."""
        if changes.everything or changes.positions or changes.applications:
            self.reads.changed()

    def _highlight(self, position_id: int) -> None:
        row = self.model.row_of(position_id)
        if row is not None:
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(row)
            self.table.selectionModel().blockSignals(False)

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
        self.current_version = position.version
        self.editor.fill(position)
        self.position_selected.emit(position.id)

    def new_position(self) -> None:
        self.table.clearSelection()
        self._show(PositionDetails(id=0, title=""))
        self.current_id = None
        self.editor.heading.setText("New position")
        self.editor.title.setFocus()

    def _revert(self) -> None:
        """Back to what is stored now, read again: another window may have saved it."""
        if self.current_id is None:
            self.new_position()
        else:
            self._show(get_position(self.database, self.current_id))
            self.refresh()

    def save(self) -> bool:
        """Create or update the position from the form; False (and the reason shown)
        when a field is refused."""
        values = self.editor.values()
        try:
            if self.current_id is None:
                position_id, changes = create_position(self.database, values)
            else:
                position_id = self.current_id
                changes = update_position(
                    self.database, position_id, values, version=self.current_version
                )
        except (ValidationError, EditConflictError) as error:
            # A conflict keeps the form as typed: Revert shows what was saved elsewhere.
            self.editor.show_error(error)
            return False
        # The saved position (one row) shows at once, with the version the next save
        # must match; the list follows in the background.
        self._show(get_position(self.database, position_id))
        self.refresh()
        if changes:
            self.changes_made.emit(changes)
        return True
