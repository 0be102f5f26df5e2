"""The Kanban board: one list view per stage over a lazily filled card model, cards
painted by a delegate (never a widget per card), moves by drag and drop or keyboard,
saved before the board shows them, undoable.

Drag and drop follows DESIGN.md convention 8: the MIME type is the app's own and carries
application ids; ``dropMimeData`` calls the storage operation; drags end as a copy, so
the source view never removes rows itself; every column refreshes from the change
signal.
"""

import bisect
import json
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.pipeline import (
    BOARD_STAGES,
    REASON_REQUIRED,
    REJECTION_REASONS,
    TYPICAL_DURATIONS,
    WITHDRAWAL_REASONS,
    MoveRefusedError,
    Stage,
    StageHealth,
    next_stage,
    previous_stage,
    stage_health,
)
from recruitdesk.domain.taxonomy import Level, Track
from recruitdesk.errors import KnownError
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.style import colors
from recruitdesk.storage.board import (
    Card,
    MoveResult,
    column_counts,
    move_cards,
    read_cards,
    read_column,
    redo_move,
    undo_move,
)
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database

log = logging.getLogger(__name__)

#: The app's own MIME type: a JSON object ``{"position": id, "applications": [ids]}``.
CARD_MIME_TYPE = "application/x-recruitdesk-applications"
#: Cards read when a column opens: about what one screen shows.
FIRST_PAGE = 40
#: Cards read each time a column scrolls to its end.
NEXT_PAGE = 200

CardRole = Qt.ItemDataRole.UserRole + 1
ApplicationIdRole = Qt.ItemDataRole.UserRole + 2
CandidateIdRole = Qt.ItemDataRole.UserRole + 3

#: The colour of each column's top stripe.
STAGE_COLORS = {
    Stage.SOURCED: "#7a8699",
    Stage.CONTACTED: "#4f86c6",
    Stage.SCREENING: "#3f9fb5",
    Stage.TECHNICAL: "#7a6ad8",
    Stage.FINAL: "#c0609a",
    Stage.OFFER: "#d08a1c",
    Stage.HIRED: "#2e9d6a",
    Stage.REJECTED: "#c05050",
    Stage.WITHDRAWN: "#8a8a8a",
}
HEALTH_COLORS = {
    StageHealth.ON_TRACK: "#2e9d6a",
    StageHealth.LATE: "#c98512",
    StageHealth.OVERDUE: "#d04545",
    StageHealth.NOT_TIMED: "#7a8699",
}
_TRACK_SHORT = {
    Track.WEB_BACKEND.value: "Web / backend",
    Track.DATA_ML.value: "Data / ML",
    Track.DEVOPS_AUTOMATION.value: "DevOps",
}


def encode_ids(position_id: int, application_ids: Sequence[int]) -> QMimeData:
    data = QMimeData()
    payload = {"position": position_id, "applications": list(application_ids)}
    data.setData(CARD_MIME_TYPE, QByteArray(json.dumps(payload).encode()))
    return data


def decode_ids(data: QMimeData) -> tuple[int, list[int]] | None:
    """``(position id, application ids)`` from a drag of ours, or ``None``."""
    if not data.hasFormat(CARD_MIME_TYPE):
        return None
    try:
        payload = json.loads(bytes(data.data(CARD_MIME_TYPE).data()).decode())
        ids = [int(value) for value in payload["applications"]]
        return int(payload["position"]), ids
    except (ValueError, KeyError, TypeError):
        return None


def score_color(score: float) -> str:
    if score >= 75:
        return "#2e9d6a"
    if score >= 55:
        return "#c98512"
    return "#d04545"


class CardColumnModel(QAbstractListModel):
    """The cards of one stage of one position, read a page at a time in rank order."""

    #: The column's card count (matching the filter) changed.
    count_changed = Signal(int)

    def __init__(self, database: Database, stage: Stage, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.stage = stage
        self.position_id: int | None = None
        self.filter_text = ""
        self.cards: list[Card] = []
        self.total = 0
        self._exhausted = True
        #: Called by :meth:`dropMimeData`: (ids, stage, before id) -> whether it moved.
        self.mover: Callable[[list[int], Stage, int | None], bool] | None = None

    # -- reading ---------------------------------------------------------------------

    def load(self, position_id: int | None, total: int, filter_text: str = "") -> None:
        """Show the first page of the column for ``position_id`` (``total`` cards)."""
        self.beginResetModel()
        self.position_id = position_id
        self.filter_text = filter_text
        self.total = total
        self.cards = []
        self._exhausted = position_id is None or total == 0
        if not self._exhausted:
            self._read_more(FIRST_PAGE)
        self.endResetModel()
        self.count_changed.emit(self.total)

    def _read_more(self, limit: int) -> list[Card]:
        assert self.position_id is not None
        after = self.cards[-1].sort_key if self.cards else None
        page = read_column(
            self.database,
            self.position_id,
            self.stage.value,
            after=after,
            limit=limit,
            text=self.filter_text,
        )
        if len(page) < limit:
            self._exhausted = True
        self.cards.extend(page)
        return page

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or self._exhausted or self.position_id is None:
            return
        after = self.cards[-1].sort_key if self.cards else None
        page = read_column(
            self.database,
            self.position_id,
            self.stage.value,
            after=after,
            limit=NEXT_PAGE,
            text=self.filter_text,
        )
        if len(page) < NEXT_PAGE:
            self._exhausted = True
        if page:
            first = len(self.cards)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self.cards.extend(page)
            self.endInsertRows()

    def set_total(self, total: int) -> None:
        if total != self.total:
            self.total = total
            self.count_changed.emit(total)

    def row_of(self, application_id: int) -> int | None:
        for row, card in enumerate(self.cards):
            if card.application_id == application_id:
                return row
        return None

    def remove_ids(self, ids: set[int]) -> None:
        for row in range(len(self.cards) - 1, -1, -1):
            if self.cards[row].application_id in ids:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.cards[row]
                self.endRemoveRows()

    def _next_is_after(self, card: Card) -> bool:
        """Whether the first card not read yet comes after ``card`` (so ``card`` can
        join the end of what was read without the next page skipping anything)."""
        if self.position_id is None or not self.cards:
            return False
        following = read_column(
            self.database,
            self.position_id,
            self.stage.value,
            after=self.cards[-1].sort_key,
            limit=2,
            text=self.filter_text,
        )
        upcoming = [c for c in following if c.application_id != card.application_id]
        return not upcoming or upcoming[0].sort_key > card.sort_key

    def place(self, card: Card) -> int | None:
        """Insert a card (not in the model) at its rank; ``None`` if it lies beyond what
        has been read (it comes with a later page)."""
        keys = [c.sort_key for c in self.cards]
        row = bisect.bisect_left(keys, card.sort_key)
        if row == len(self.cards) and not self._exhausted and not self._next_is_after(card):
            return None
        self.beginInsertRows(QModelIndex(), row, row)
        self.cards.insert(row, card)
        self.endInsertRows()
        return row

    # -- the item model --------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.cards)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.cards):
            return None
        card = self.cards[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return card.full_name
        if role == CardRole:
            return card
        if role == ApplicationIdRole:
            return card.application_id
        if role == CandidateIdRole:
            return card.candidate_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(card)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{card.full_name}, {self.stage.label}"
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [CARD_MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        rows = sorted({index.row() for index in indexes if index.isValid()})
        ids = [self.cards[row].application_id for row in rows]
        return encode_ids(self.position_id or 0, ids)

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        # A copy: the source never removes rows; the change signal refreshes columns.
        return Qt.DropAction.CopyAction

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def canDropMimeData(  # noqa: N802
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        decoded = decode_ids(data)
        return decoded is not None and decoded[0] == self.position_id and column <= 0

    def dropMimeData(  # noqa: N802
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        """Move the dragged cards here, before the card at ``row`` (or onto ``parent``,
        or at the end): saved in one transaction before the board shows it."""
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        decoded = decode_ids(data)
        assert decoded is not None
        _position, ids = decoded
        if parent.isValid():
            row = parent.row()
        before_id: int | None = None
        if 0 <= row < len(self.cards):
            before_id = self.cards[row].application_id
        elif not self._exhausted and self.position_id is not None and self.cards:
            # Below the last card read: before the first one not read yet, so the card
            # lands where it was dropped rather than at the far end of the column.
            following = read_column(
                self.database,
                self.position_id,
                self.stage.value,
                after=self.cards[-1].sort_key,
                limit=1,
                text=self.filter_text,
            )
            before_id = following[0].application_id if following else None
        if self.mover is None:
            return False
        return self.mover(ids, self.stage, before_id)


def _level_label(level: str | None) -> str:
    if level in {member.value for member in Level}:
        return Level(str(level)).label
    return level or ""


def _tooltip(card: Card) -> str:
    days = card.days_in_stage()
    parts = [card.full_name, f"{Stage(card.stage).label} for {days:.0f} days"]
    typical = TYPICAL_DURATIONS.get(Stage(card.stage))
    if typical is not None:
        parts.append(f"Typical: {typical.min_days}-{typical.max_days} days ({typical.phase})")
    if card.overall_score is not None:
        parts.append(f"Overall code score: {card.overall_score:.0f}/100")
    return "\n".join(parts)


class CardDelegate(QStyledItemDelegate):
    """Paints a card: name, track and level, the score badge once analysed, and the
    days in stage coloured against the stage's typical duration."""

    PADDING = 10
    MARGIN_X = 6
    MARGIN_Y = 4

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.now = datetime.now(UTC)

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        small = QFont(option.font)
        size = small.pointSizeF()
        if size > 0:
            small.setPointSizeF(size * 0.9)
        return bold, small

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        bold, small = self._fonts(option)
        line1 = QFontMetrics(bold).height()
        line2 = QFontMetrics(small).height()
        height = 2 * self.MARGIN_Y + 2 * self.PADDING + line1 + 2 * line2 + 4 + 6 + 4
        width = option.rect.width() if option.rect.width() > 0 else 220
        return QSize(width, height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        card = index.data(CardRole)
        if not isinstance(card, Card):
            super().paint(painter, option, index)
            return
        scheme = colors()
        rect: QRect = option.rect.adjusted(
            self.MARGIN_X, self.MARGIN_Y, -self.MARGIN_X, -self.MARGIN_Y
        )
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        fill = QColor(scheme["base"])
        if selected:
            tint = QColor(scheme["accent"])
            tint.setAlpha(38)
            painter.fillPath(path, fill)
            fill = tint
        painter.fillPath(path, fill)
        border = QColor(scheme["accent"] if selected or focused else scheme["border"])
        painter.setPen(QPen(border, 2 if selected else 1))
        painter.drawPath(path)
        # Left stripe in the stage colour.
        stripe = QPainterPath()
        stripe.addRoundedRect(
            QRectF(rect.left() + 1, rect.top() + 8, 3, rect.height() - 16), 1.5, 1.5
        )
        painter.fillPath(stripe, QColor(STAGE_COLORS.get(Stage(card.stage), scheme["accent"])))

        bold, small = self._fonts(option)
        inner = rect.adjusted(self.PADDING + 2, self.PADDING, -self.PADDING, -self.PADDING)
        top = inner.top()
        right = inner.right()
        # Score badge, top right.
        badge_width = 0
        if card.overall_score is not None:
            painter.setFont(small)
            metrics = QFontMetrics(small)
            text = f"{card.overall_score:.0f}"
            badge_width = metrics.horizontalAdvance("100") + 12
            badge = QRectF(right - badge_width + 1, top, badge_width, metrics.height() + 2)
            badge_path = QPainterPath()
            badge_path.addRoundedRect(badge, badge.height() / 2, badge.height() / 2)
            painter.fillPath(badge_path, QColor(score_color(card.overall_score)))
            painter.setPen(QColor("#ffffff"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
            badge_width += 6
        # Name.
        painter.setFont(bold)
        name_metrics = QFontMetrics(bold)
        painter.setPen(QColor(scheme["text"]))
        name = name_metrics.elidedText(
            card.full_name, Qt.TextElideMode.ElideRight, inner.width() - badge_width
        )
        painter.drawText(
            QRect(inner.left(), top, inner.width() - badge_width, name_metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            name,
        )
        top += name_metrics.height() + 4
        # Track and level.
        painter.setFont(small)
        small_metrics = QFontMetrics(small)
        details = " · ".join(
            part
            for part in (
                _level_label(card.level),
                _TRACK_SHORT.get(card.track or "", card.track or ""),
            )
            if part
        )
        painter.setPen(QColor(scheme["muted"]))
        painter.drawText(
            QRect(inner.left(), top, inner.width(), small_metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            small_metrics.elidedText(details or "—", Qt.TextElideMode.ElideRight, inner.width()),
        )
        top += small_metrics.height() + 6
        # Days in stage, as a coloured dot and text.
        days = max(0.0, card.days_in_stage(self.now))
        health = stage_health(Stage(card.stage), days)
        label = f"{days:.0f} d in stage" if days < 1000 else "1000+ d in stage"
        if health is StageHealth.LATE:
            label += " · late"
        elif health is StageHealth.OVERDUE:
            label += " · overdue"
        dot = small_metrics.height() * 0.45
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(HEALTH_COLORS[health]))
        cy = top + small_metrics.height() / 2
        painter.drawEllipse(QRectF(inner.left(), cy - dot / 2, dot, dot))
        painter.setPen(
            QColor(HEALTH_COLORS[health])
            if health in (StageHealth.LATE, StageHealth.OVERDUE)
            else QColor(scheme["muted"])
        )
        text_left = inner.left() + int(dot) + 6
        painter.drawText(
            QRect(text_left, top, inner.right() - text_left, small_metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            small_metrics.elidedText(label, Qt.TextElideMode.ElideRight, inner.right() - text_left),
        )
        painter.restore()


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


class ReasonDialog(QDialog):
    """Why a candidate leaves the pipeline: one of the usual reasons, plus free text."""

    def __init__(self, stage: Stage, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reasonDialog")
        who = "this candidate" if count == 1 else f"these {count} candidates"
        verb = "rejected" if stage is Stage.REJECTED else "withdrawn"
        self.setWindowTitle(f"Mark as {verb}")
        layout = QVBoxLayout(self)
        intro = QLabel(f"Why is {who} {verb}? The reason goes into the stage history.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.reasons = QComboBox()
        self.reasons.setObjectName("reasonChoice")
        self.reasons.addItems(
            list(REJECTION_REASONS if stage is Stage.REJECTED else WITHDRAWAL_REASONS)
        )
        self.details = QLineEdit()
        self.details.setObjectName("reasonDetails")
        self.details.setPlaceholderText("Optional details")
        form.addRow("Reason", self.reasons)
        form.addRow("Details", self.details)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(f"Mark {verb}")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def reason(self) -> str:
        details = self.details.text().strip()
        chosen = self.reasons.currentText()
        return f"{chosen}: {details}" if details else chosen


class MoveCardsCommand(QUndoCommand):
    """A move already saved; undo and redo put the cards back exactly, in the database
    first, then on the board through the change signal."""

    def __init__(self, board: "KanbanBoard", result: MoveResult, text: str) -> None:
        super().__init__(text)
        self.board = board
        self.result = result
        self._done = True

    def redo(self) -> None:
        if self._done:
            return
        try:
            self.result = redo_move(self.board.database, self.result)
        except KnownError as error:
            self.board.show_error(str(error))
            self.setObsolete(True)
            return
        self._done = True
        self.board.hub.publish(self.result.changes)

    def undo(self) -> None:
        try:
            changes = undo_move(self.board.database, self.result)
        except KnownError as error:
            self.board.show_error(str(error))
            self.setObsolete(True)
            return
        self._done = False
        self.board.hub.publish(changes)


class KanbanBoard(QWidget):
    """The board of one position: a column per stage."""

    candidate_opened = Signal(int, int)
    message = Signal(str)
    #: "Analyse GitHub" on the selected cards: their candidates' ids.
    analyse_requested = Signal(list)
    #: The columns were read again (a position, a filter or a change): counts may differ.
    loaded = Signal()

    def __init__(
        self,
        database: Database,
        hub: ChangesHub,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kanbanBoard")
        self.database = database
        self.hub = hub
        self.undo_stack = undo_stack
        self.position_id: int | None = None
        self.filter_text = ""
        #: Asks why cards leave the pipeline; returns ``None`` when the user cancels.
        self.ask_reason: Callable[[Stage, int], str | None] = self._ask_reason
        self.models: dict[Stage, CardColumnModel] = {}
        self.views: dict[Stage, CardListView] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(6)
        self.banner = QLabel()
        self.banner.setObjectName("boardMessage")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self._banner_timer = QTimer(self)
        self._banner_timer.setSingleShot(True)
        self._banner_timer.timeout.connect(self.banner.hide)
        outer.addWidget(self.banner)

        scroll = QScrollArea()
        scroll.setObjectName("boardScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        row = QWidget()
        row.setObjectName("boardRow")
        columns = QHBoxLayout(row)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(10)
        for stage in BOARD_STAGES:
            model = CardColumnModel(database, stage, self)
            model.mover = self.move_to
            column = StageColumn(stage, model)
            view = column.view
            view.step_requested.connect(lambda step, s=stage: self.step_selected(s, step))
            view.open_requested.connect(self.candidate_opened)
            analyse = QAction("Analyse GitHub", view)
            analyse.setObjectName("analyseGithubCards")
            analyse.triggered.connect(lambda _checked=False, s=stage: self.analyse_selected(s))
            view.addAction(analyse)
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            self.models[stage] = model
            self.views[stage] = view
            columns.addWidget(column, 1)
        scroll.setWidget(row)
        outer.addWidget(scroll, 1)
        self.columns_area = scroll
        self.no_position = QLabel(
            "No position to show yet. A board belongs to a position: create one under "
            "Positions, or load the demo sample, and its pipeline appears here."
        )
        self.no_position.setObjectName("noPosition")
        self.no_position.setWordWrap(True)
        self.no_position.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.no_position, 1)
        self.columns_area.hide()
        hub.changed.connect(self.on_changes)

    # -- loading ---------------------------------------------------------------------

    def set_position(self, position_id: int | None) -> None:
        self.position_id = position_id
        self.reload()

    def set_filter(self, text: str) -> None:
        if text.strip() != self.filter_text:
            self.filter_text = text.strip()
            self.reload()

    def reload(self) -> None:
        self.columns_area.setVisible(self.position_id is not None)
        self.no_position.setVisible(self.position_id is None)
        delegate_now = datetime.now(UTC)
        counts = (
            column_counts(self.database, self.position_id, self.filter_text)
            if self.position_id is not None
            else {}
        )
        for stage, model in self.models.items():
            delegate = self.views[stage].itemDelegate()
            if isinstance(delegate, CardDelegate):
                delegate.now = delegate_now
            model.load(self.position_id, counts.get(stage.value, 0), self.filter_text)
        self.loaded.emit()

    def card_count(self) -> int:
        return sum(model.total for model in self.models.values())

    # -- moving ----------------------------------------------------------------------

    def _card_stage(self, application_id: int) -> Stage | None:
        for stage, model in self.models.items():
            if model.row_of(application_id) is not None:
                return stage
        return None

    def move_to(self, ids: list[int], target: Stage, before_id: int | None = None) -> bool:
        """Move cards (saved first); ``False`` and a visible message when refused."""
        if not ids or self.position_id is None:
            return False
        reason: str | None = None
        changing = [i for i in ids if self._card_stage(i) is not target]
        if target in REASON_REQUIRED and changing:
            reason = self.ask_reason(target, len(changing))
            if reason is None:
                self.show_error("Move cancelled: no reason given.")
                return False
        try:
            result = move_cards(
                self.database, ids, target.value, before_id=before_id, reason=reason
            )
        except MoveRefusedError as error:
            self.show_error(str(error))
            return False
        except KnownError as error:
            self.show_error(str(error))
            self.reload()
            return False
        moved = result.stage_changed
        if moved:
            who = "1 card" if len(moved) == 1 else f"{len(moved)} cards"
            text = f"Move {who} to {target.label}"
        else:
            text = f"Reorder {target.label}"
        self.undo_stack.push(MoveCardsCommand(self, result, text))
        self.hub.publish(result.changes)
        self.select_ids(target, ids)
        self.message.emit(text.replace("Move", "Moved", 1).replace("Reorder", "Reordered", 1))
        return True

    def step_selected(self, stage: Stage, step: int) -> None:
        ids = self.views[stage].selected_ids()
        if not ids:
            return
        target = next_stage(stage) if step > 0 else previous_stage(stage)
        if target is None:
            where = "right" if step > 0 else "left"
            self.show_error(f"There is no stage to the {where} of {stage.label} to move to.")
            return
        if self.move_to(ids, target):
            self.views[target].setFocus()

    def select_ids(self, stage: Stage, ids: Sequence[int]) -> None:
        view = self.views[stage]
        model = self.models[stage]
        selection = view.selectionModel()
        selection.clearSelection()
        first: QModelIndex | None = None
        for application_id in ids:
            row = model.row_of(application_id)
            if row is None:
                continue
            index = model.index(row)
            selection.select(index, selection.SelectionFlag.Select)
            if first is None:
                first = index
        if first is not None:
            selection.setCurrentIndex(first, selection.SelectionFlag.NoUpdate)
            view.scrollTo(first)

    def analyse_selected(self, stage: Stage) -> None:
        """Queue a GitHub analysis of the candidates on the selected cards."""
        ids = set(self.views[stage].selected_ids())
        candidates = [c.candidate_id for c in self.models[stage].cards if c.application_id in ids]
        if candidates:
            self.analyse_requested.emit(candidates)

    def _ask_reason(self, stage: Stage, count: int) -> str | None:
        dialog = ReasonDialog(stage, count, self)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.reason()
            return None
        finally:
            dialog.deleteLater()

    def show_error(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()
        self._banner_timer.start(8000)
        self.message.emit(text)

    # -- refreshing from the change signal -------------------------------------------

    def on_changes(self, changes: Changes) -> None:
        if self.position_id is None:
            return
        if changes.everything or self.position_id in changes.positions:
            self.reload()
            return
        ids = set(changes.applications)
        if changes.candidates:
            for model in self.models.values():
                ids.update(
                    c.application_id for c in model.cards if c.candidate_id in changes.candidates
                )
        if not ids:
            return
        fresh = read_cards(
            self.database, sorted(ids), self.filter_text, position_id=self.position_id
        )
        for model in self.models.values():
            model.remove_ids(ids)
        for card in fresh:
            self.models[Stage(card.stage)].place(card)
        counts = column_counts(self.database, self.position_id, self.filter_text)
        for stage, model in self.models.items():
            model.set_total(counts.get(stage.value, 0))
        self.loaded.emit()
