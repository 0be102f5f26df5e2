"""A column of the board: its header (title, count, stage colour) over a list view of
its cards, with keys to open a card or step the selection to the next stage."""

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.pipeline import Stage
from recruitdesk.gui.board.card_delegate import STAGE_COLORS, CardDelegate
from recruitdesk.gui.board.card_model import ApplicationIdRole, CandidateIdRole, CardColumnModel
from recruitdesk.gui.style import colors


class ColumnHeader(QWidget):
    """A column's title, its card count and a stripe in the stage's colour."""

    def __init__(self, stage: Stage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("columnHeader")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 10, 10, 8)
        self.title = QLabel(stage.label)
        self.title.setObjectName("columnTitle")
        self.count = QLabel("0")
        self.count.setObjectName("columnCount")
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title)
        layout.addStretch(1)
        layout.addWidget(self.count)
        self.setStyleSheet(
            f"QWidget#columnHeader {{ border-top: 3px solid {STAGE_COLORS[stage]}; }}"
        )

    def set_count(self, count: int) -> None:
        self.count.setText(f"{count:,}")


class CardListView(QListView):
    """One column: a list view over its stage's model."""

    step_requested = Signal(int)
    open_requested = Signal(int, int)

    def __init__(self, stage: Stage, model: CardColumnModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.setObjectName(f"stageColumn:{stage.value}")
        self.setModel(model)
        self.setItemDelegate(CardDelegate(self))
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setDragDropOverwriteMode(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(f"{stage.label} column")
        self.doubleClicked.connect(self._open)

    def column_model(self) -> CardColumnModel:
        model = self.model()
        assert isinstance(model, CardColumnModel)
        return model

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if self.model().rowCount() or self.column_model().position_id is None:
            return
        # An empty column says so, and where a card can go.
        painter = QPainter(self.viewport())
        painter.setPen(QColor(colors()["muted"]))
        area = self.viewport().rect().adjusted(12, 24, -12, -12)
        text = "No cards match the filter" if self.column_model().filter_text else "Drop cards here"
        painter.drawText(
            area,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            text,
        )
        painter.end()

    def selected_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.selectionModel().selectedRows())
        model = self.column_model()
        return [model.cards[row].application_id for row in rows if row < len(model.cards)]

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(index.data(CandidateIdRole), index.data(ApplicationIdRole))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        control = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if control and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.step_requested.emit(1 if event.key() == Qt.Key.Key_Right else -1)
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._open(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


class StageColumn(QFrame):
    """A column's frame: the header with title and count above the card list."""

    def __init__(self, stage: Stage, model: CardColumnModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stageFrame")
        self.setMinimumWidth(205)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(0)
        self.header = ColumnHeader(stage)
        self.view = CardListView(stage, model)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)
        model.count_changed.connect(self.header.set_count)
        self.header.set_count(model.total)
