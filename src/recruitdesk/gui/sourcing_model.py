"""The Sourcing view's preview table: each person a run found, before anything is
stored: who they are, where they are (the region guessed from their free-text location,
editable per row), how they were found, and what adding them would do: new, already on
file and where, or not to be contacted and why. A tick says who "Add to position" adds;
only people who may be added can be ticked."""

from collections.abc import Sized
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from recruitdesk.domain.sourced import Found
from recruitdesk.domain.taxonomy import Region
from recruitdesk.gui.style import colors
from recruitdesk.gui.tables import RowTableModel
from recruitdesk.storage.sourcing import Sourced, Status

COLUMNS = ("Add", "Person", "Location", "Region", "On file", "Found as")
ADD, PERSON, LOCATION, REGION, ON_FILE, FOUND = range(len(COLUMNS))
#: The region (a :class:`Region` value, or ``""`` for none) behind the Region column.
RegionRole = Qt.ItemDataRole.UserRole + 1
UNKNOWN_REGION = "Unknown"
_Index = QModelIndex | QPersistentModelIndex
#: A preview column grows to fit its texts up to a sixth of the table, and at least to
#: this many pixels; "On file" takes the rest.
MIN_COLUMN_CAP = 110
#: The rows a column's width is fitted to (the first ones, where the table opens).
ROWS_MEASURED = 25


@dataclass(slots=True)
class PreviewRow:
    person: Sourced
    region: Region | None
    ticked: bool

    @property
    def addable(self) -> bool:
        """New, or on file and free to contact (and not someone else's e-mail)."""
        status = self.person.status
        new = status is Status.SKIPPED and self.person.candidate_id is None
        return new or status is Status.ALREADY_KNOWN

    def on_file(self) -> str:
        status = self.person.status
        if status is Status.DO_NOT_CONTACT:
            return f"Do not contact: {self.person.reason}"
        if status is Status.SKIPPED and self.person.candidate_id is None:
            return "New"
        if status is Status.ADDED:
            return f"Added: {self.person.reason}"
        if status is Status.ALREADY_KNOWN:
            places = "; ".join(f"{p.position_title} ({p.stage})" for p in self.person.placements)
            return f"On file: {places or 'on no position'}"
        return self.person.reason


def region_text(region: Region | None) -> str:
    return region.label if region is not None else UNKNOWN_REGION


class SourcingModel(RowTableModel):
    """The preview's rows; ticks and regions are the user's until they add."""

    columns = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PreviewRow] = []

    def table_rows(self) -> Sized:
        return self.rows

    def set_people(self, people: tuple[Sourced, ...]) -> None:
        self.beginResetModel()
        self.rows = []
        for person in people:
            row = PreviewRow(person, person.region, ticked=False)
            # New people are ticked; someone already on file is added only on purpose.
            row.ticked = row.addable and person.status is Status.SKIPPED
            self.rows.append(row)
        self.endResetModel()

    def update_people(self, people: tuple[Sourced, ...]) -> None:
        """Show what adding did to the people it was given (the rest stay as they were)."""
        done = {person.found.profile.login.lower(): person for person in people}
        for number, row in enumerate(self.rows):
            person = done.get(row.person.found.profile.login.lower())
            if person is not None:
                row.person, row.ticked = person, False
                self.dataChanged.emit(self.index(number, 0), self.index(number, len(COLUMNS) - 1))

    def ticked(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.ticked and row.addable]

    def chosen(self) -> tuple[list[Found], dict[str, Region | None]]:
        """The ticked people and the region of each, by lower-case login."""
        rows = self.ticked()
        regions = {row.person.found.profile.login.lower(): row.region for row in rows}
        return [row.person.found for row in rows], regions

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if not index.isValid():
            return flags
        row = self.rows[index.row()]
        if index.column() == ADD and row.addable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == REGION and row.addable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == ADD:
            if not row.addable:
                return None
            return Qt.CheckState.Checked if row.ticked else Qt.CheckState.Unchecked
        if role == RegionRole and column == REGION:
            return row.region.value if row.region else ""
        if role == Qt.ItemDataRole.ForegroundRole and row.person.status is Status.DO_NOT_CONTACT:
            return QBrush(QColor(colors()["danger"]))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, column)
        return None

    def _text(self, row: PreviewRow, column: int) -> str:
        profile = row.person.found.profile
        texts = {
            ADD: "",
            PERSON: profile.login
            if profile.name in (None, profile.login)
            else f"{profile.name} ({profile.login})",
            LOCATION: profile.location or "",
            REGION: region_text(row.region),
            FOUND: row.person.found.source,
            ON_FILE: row.on_file(),
        }
        return texts[column]

    def _tooltip(self, row: PreviewRow, column: int) -> str | None:
        if column == REGION:
            guessed = row.person.region
            if row.region != guessed:
                return f"Chosen by you; guessed from the location: {region_text(guessed)}"
            return "Guessed from the location; double-click to change"
        if column == ON_FILE:
            return row.person.reason
        if column == FOUND:
            return self._text(row, column)
        bio = row.person.found.profile.bio
        return bio or None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or not self.rows[index.row()].addable:
            return False
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == ADD:
            row.ticked = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role == Qt.ItemDataRole.EditRole and index.column() == REGION:
            row.region = Region(value) if value else None
        else:
            return False
        self.dataChanged.emit(index, index, [role])
        return True


class RegionDelegate(QStyledItemDelegate):
    """Edits a row's region with the rate tables' regions (or none)."""

    def createEditor(  # noqa: N802
        self, parent: QWidget, _option: QStyleOptionViewItem, _index: _Index
    ) -> QWidget:
        editor = QComboBox(parent)
        editor.setObjectName("regionEditor")
        editor.addItem(UNKNOWN_REGION, "")
        for region in Region:
            editor.addItem(region.label, region.value)
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        found = editor.findData(index.data(RegionRole) or "")
        editor.setCurrentIndex(max(0, found))

    def setModelData(  # noqa: N802
        self, editor: QWidget, model: QAbstractItemModel, index: _Index
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def preview_table(model: SourcingModel) -> QTableView:
    """The table of a run's people: a row each, one line a row, "On file" widest."""
    table = QTableView()
    table.setObjectName("sourcingPreview")
    table.setModel(model)
    table.setItemDelegateForColumn(REGION, RegionDelegate(table))
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.SelectedClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
    )
    table.verticalHeader().hide()
    # One line a row: the full text of a long cell is its tooltip.
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # What adding would do matters most: it takes the room the others leave.
    header.setSectionResizeMode(ON_FILE, QHeaderView.ResizeMode.Stretch)
    # Fitting a column to all of 1,000 rows held the GUI thread for half a second.
    header.setResizeContentsPrecision(ROWS_MEASURED)
    return table


def fit_columns(table: QTableView) -> None:
    widest = max(MIN_COLUMN_CAP, table.width() // 6)
    for column in range(len(COLUMNS)):
        if column != ON_FILE:
            table.resizeColumnToContents(column)
            table.setColumnWidth(column, min(table.columnWidth(column), widest))
