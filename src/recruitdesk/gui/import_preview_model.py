"""The import preview's table: every row of the file with its line, whether it can be
imported, who it is, and the problem of a refused row beside what it holds."""

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from recruitdesk.gui.style import colors
from recruitdesk.transfer.person_rows import PersonRow
from recruitdesk.transfer.preview import CheckedRows

_ParentIndex = QModelIndex | QPersistentModelIndex


class PreviewModel(QAbstractTableModel):
    """Every row of the file: line, status, who, and the problem if any."""

    HEADERS = ("Line", "Status", "Name", "E-mail", "GitHub", "Problem")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, PersonRow | None, str]] = []
        self._raw: dict[int, dict[str, str]] = {}

    def set_rows(self, checked: CheckedRows) -> None:
        """Show the checked rows (their order was made with them, off the GUI thread)."""
        self.beginResetModel()
        self._raw = checked.raw
        self._rows = checked.entries
        self.endResetModel()

    def rowCount(self, parent: _ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def data(self, index: _ParentIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        where, row, reason = self._rows[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole and row is None:
            return QBrush(QColor(colors()["dangersoft"]))
        if role == Qt.ItemDataRole.ToolTipRole and row is None:
            return reason
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values: dict[str, Any] = row.values if row is not None else self._raw_values(where)
        column = index.column()
        if column == 0:
            return where
        if column == 1:
            return "ok" if row is not None else "invalid"
        if column == 5:
            return reason
        key = ("full_name", "email", "github_login")[column - 2]
        return str(values.get(key) or "")

    def _raw_values(self, where: str) -> dict[str, Any]:
        given = self._raw.get(int(where)) if where.isdigit() else None
        if not given:
            return {}
        parts = (given.get("first_name", ""), given.get("last_name", ""))
        name = given.get("full_name") or " ".join(part for part in parts if part)
        login = given.get("github") or given.get("url", "")
        return {"full_name": name, "email": given.get("email", ""), "github_login": login}

    @property
    def invalid(self) -> int:
        return sum(1 for _line, row, _reason in self._rows if row is None)
