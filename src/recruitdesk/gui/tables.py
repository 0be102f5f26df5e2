"""What the app's tables share: a model's list of rows under a fixed set of titled
columns, and the flat single-selection lists built as tree widgets."""

from collections.abc import Sized
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget


class RowTableModel(QAbstractTableModel):
    """A flat table: ``len(self.table_rows())`` rows, one column per title in
    ``columns``. Subclasses hold the rows and answer ``data``."""

    columns: ClassVar[tuple[str, ...]] = ()

    def table_rows(self) -> Sized:
        """The rows shown, in order."""
        raise NotImplementedError

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.table_rows())

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section]
        return None


def make_tree(name: str, columns: tuple[str, ...]) -> QTreeWidget:
    """A flat list of rows, one selectable at a time, striped."""
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setHeaderLabels(list(columns))
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return tree
