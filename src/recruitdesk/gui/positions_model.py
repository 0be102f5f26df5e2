"""The table of positions: one row per position (open first), with its budget and the
cards on its board."""

from collections.abc import Sized
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from recruitdesk.domain.money import Basis, format_range
from recruitdesk.domain.taxonomy import Level, PayPeriod, PositionStatus, Region
from recruitdesk.gui.tables import RowTableModel
from recruitdesk.storage.positions import PositionDetails

COLUMNS = ("Title", "Company", "Level", "Budget", "Status", "On board")
PositionIdRole = Qt.ItemDataRole.UserRole + 1
#: A status as the table and the form word it.
STATUS_LABELS = {
    PositionStatus.OPEN.value: "Open",
    PositionStatus.ON_HOLD.value: "On hold",
    PositionStatus.FILLED.value: "Filled",
    PositionStatus.CLOSED.value: "Closed",
}
_REGION_LABELS = {region.value: region.label for region in Region}


def budget_text(position: PositionDetails) -> str:
    if position.budget_min is None and position.budget_max is None:
        return ""
    basis = Basis.HOURLY if position.budget_period == PayPeriod.HOUR.value else Basis.ANNUAL
    low = position.budget_min if position.budget_min is not None else position.budget_max
    high = position.budget_max if position.budget_max is not None else position.budget_min
    assert low is not None
    assert high is not None
    return format_range(low, high, position.budget_currency or "USD", basis)


class PositionTableModel(RowTableModel):
    """Every position (open first), with its budget and the cards on its board."""

    columns = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PositionDetails] = []

    def set_rows(self, rows: list[PositionDetails]) -> None:
        """Show ``rows`` (read in the background by the view)."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_of(self, position_id: int) -> int | None:
        return next((i for i, p in enumerate(self.rows) if p.id == position_id), None)

    def table_rows(self) -> Sized:
        return self.rows

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        position = self.rows[index.row()]
        column = index.column()
        if role == PositionIdRole:
            return position.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                position.title,
                position.company or "",
                Level(position.level).label if position.level else "",
                budget_text(position),
                STATUS_LABELS.get(position.status, position.status),
                str(position.candidates),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            must = ", ".join(position.must_have) or "none"
            regions = ", ".join(_REGION_LABELS.get(r, r) for r in position.regions) or "any"
            company = f" at {position.company}" if position.company else ""
            return f"{position.title}{company}\nRegions: {regions}\nMust have: {must}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == len(COLUMNS) - 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
