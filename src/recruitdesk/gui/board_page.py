"""The Board page: the picker of positions, the filter, the card count, the offer of the
demo sample on an empty database, and the board of the chosen position."""

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.wording import count
from recruitdesk.gui.board.kanban_board import KanbanBoard
from recruitdesk.storage.positions import PositionDetails

#: How many candidates the demo offer on an empty database loads.
GUI_DEMO_CANDIDATES = 300

#: The least width of the position picker and of the filter, in average characters.
POSITION_CHARACTERS = 18
FILTER_CHARACTERS = 22


class BoardPage(QWidget):
    """The board of the chosen position, with the picker, the filter and the offer of
    the demo sample on an empty database."""

    #: (candidate id, application id): a card was opened.
    candidate_opened = Signal(int, int)
    #: One sentence for the status bar.
    message = Signal(str)
    #: Candidate ids to analyse on GitHub.
    analyse_requested = Signal(list)

    def __init__(self, board: KanbanBoard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.board = board
        board.candidate_opened.connect(self.candidate_opened)
        board.message.connect(self.message)
        board.analyse_requested.connect(self.analyse_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        bar = QHBoxLayout()
        self.positions = QComboBox()
        self.positions.setObjectName("positionPicker")
        # Narrow (the pane open on a small screen) the picker gives way first, down to
        # enough of a title to tell positions apart: the tooltip and the list have it all.
        self.positions.setMinimumContentsLength(POSITION_CHARACTERS)
        self.positions.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.filter = QLineEdit()
        self.filter.setObjectName("boardFilter")
        self.filter.setPlaceholderText("Filter by name, skill or tag  (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.filter.setToolTip(self.filter.placeholderText())
        self.filter.setMinimumWidth(
            self.filter.fontMetrics().averageCharWidth() * FILTER_CHARACTERS
        )
        self.count = QLabel()
        self.count.setProperty("class", "muted")
        position_label = QLabel("Position")
        position_label.setProperty("class", "muted")
        bar.addWidget(position_label)
        bar.addWidget(self.positions, 3)
        bar.addSpacing(12)
        bar.addWidget(self.filter, 2)
        bar.addWidget(self.count)
        layout.addLayout(bar)

        self.empty_state = QFrame()
        self.empty_state.setObjectName("emptyState")
        empty_layout = QHBoxLayout(self.empty_state)
        empty_layout.setContentsMargins(20, 16, 20, 16)
        empty_text = QLabel(
            "This database is empty. Load a realistic sample to look around: "
            f"{GUI_DEMO_CANDIDATES} candidates from every region, positions, and "
            "pipelines in every stage."
        )
        empty_text.setWordWrap(True)
        self.demo_button = QPushButton("Load demo sample")
        self.demo_button.setObjectName("primaryButton")
        empty_layout.addWidget(empty_text, 1)
        empty_layout.addWidget(self.demo_button)
        layout.addWidget(self.empty_state)
        layout.addWidget(board, 1)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(150)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(lambda _text: self._filter_timer.start())
        self._titles: dict[int, str] = {}
        self.positions.currentIndexChanged.connect(self._position_chosen)
        board.loaded.connect(self.update_count)

    def show_positions(self, positions: list[PositionDetails], remembered: Any = None) -> None:
        """List ``positions`` (read in the background), keeping the chosen one (else
        ``remembered``, the id saved in the settings, else the first)."""
        picker = self.positions
        current = picker.currentData()
        if current is None:
            current = remembered
        picker.blockSignals(True)
        picker.clear()
        self._titles = {}
        for position in positions:
            picker.addItem(position.label, position.id)
            self._titles[position.id] = position.title
        if picker.count() == 0:
            picker.addItem("No positions yet", None)
        try:
            index = picker.findData(int(current)) if current is not None else -1
        except (TypeError, ValueError):
            index = -1
        picker.setCurrentIndex(max(0, index))
        picker.blockSignals(False)
        self._position_chosen()

    def position_title(self) -> str:
        """The title of the board's position, as stored (not the picker's text)."""
        position_id = self.board.position_id
        return self._titles.get(position_id, "") if position_id is not None else ""

    def _position_chosen(self) -> None:
        self.positions.setToolTip(self.positions.currentText())
        position_id = self.positions.currentData()
        if position_id != self.board.position_id:
            self.board.set_position(position_id)
        self.update_count()

    def update_count(self) -> None:
        total = self.board.card_count()
        self.count.setText(count(total, "card"))

    def _apply_filter(self) -> None:
        self.board.set_filter(self.filter.text())

    def focus_filter(self) -> None:
        """Ctrl+F on this page."""
        self.filter.setFocus()
        self.filter.selectAll()
