"""A row of widgets that wraps onto more rows when the width does not hold it: the
salary view's inputs at 1024 pixels with the candidate pane open squeezed every combo to
its first letters and pushed the chart off the page."""

from collections.abc import Sequence

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QLayout, QVBoxLayout, QWidget


def labelled(text: str, field: QWidget) -> QWidget:
    """``field`` under a muted label, as one cell."""
    cell = QWidget()
    label = QLabel(text)
    label.setProperty("class", "muted")
    layout = QVBoxLayout(cell)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    layout.addWidget(label)
    layout.addWidget(field)
    return cell


class WrappingRow(QWidget):
    """``cells`` side by side in as many columns as the width holds, every column at
    least its widest cell's preferred width; all on one row when they fit. ``stretch``
    names the cells that take the room left over."""

    def __init__(
        self,
        cells: Sequence[QWidget],
        *,
        spacing: int = 14,
        stretch: Sequence[QWidget] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.cells = list(cells)
        self.stretch = set(stretch)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(spacing)
        self.grid.setVerticalSpacing(8)
        # The row's width comes from its parent; its columns follow (resizeEvent).
        self.grid.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.columns = 0
        self._place(len(self.cells))

    def needed_width(self, columns: int) -> int:
        """The width ``columns`` columns take at their cells' preferred widths."""
        widths = [0] * columns
        for index, cell in enumerate(self.cells):
            widths[index % columns] = max(widths[index % columns], cell.sizeHint().width())
        return sum(widths) + self.grid.horizontalSpacing() * (columns - 1)

    def columns_for(self, width: int) -> int:
        """The most columns that fit ``width`` (one when nothing else does)."""
        for columns in range(len(self.cells), 1, -1):
            if self.needed_width(columns) <= width:
                return columns
        return 1

    def _place(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for cell in self.cells:
            self.grid.removeWidget(cell)
        for column in range(self.grid.columnCount()):
            self.grid.setColumnStretch(column, 0)
        for index, cell in enumerate(self.cells):
            row, column = divmod(index, columns)
            self.grid.addWidget(cell, row, column)
            if cell in self.stretch:
                self.grid.setColumnStretch(column, 1)
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._place(self.columns_for(event.size().width()))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(self.needed_width(self.columns), self.grid.sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        # As narrow as one column: the parent may squeeze the row, which then wraps.
        return QSize(self.needed_width(1), self.grid.minimumSize().height())
