"""The Pipeline tab of the candidate pane: the positions the candidate is on, putting them
on another board, and the history of their stage moves."""

from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QListView,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.pipeline import Stage
from recruitdesk.errors import KnownError
from recruitdesk.gui.candidate.widgets import PaneContext, format_moment, section_label
from recruitdesk.storage.board.new_cards import add_to_board
from recruitdesk.storage.candidate_applications import ApplicationView, TimelineEntry
from recruitdesk.storage.positions import PositionDetails


class PipelineSection(QWidget):
    """The candidate's cards, a way onto another board, and the stage history."""

    #: The candidate was put on a board: the id of the new card.
    card_added = Signal(int)

    def __init__(self, pane: PaneContext) -> None:
        super().__init__()
        self.pane = pane
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 8, 8, 8)
        layout.addWidget(section_label("Positions"))
        self.applications = QListWidget()
        self.applications.setObjectName("applicationsList")
        self.applications.setMaximumHeight(110)
        self.applications.setWordWrap(True)
        layout.addWidget(self.applications)
        add_row = QHBoxLayout()
        self.board_choice = QComboBox()
        self.board_choice.setObjectName("addToBoardPosition")
        self.board_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.board_choice.setMinimumContentsLength(16)
        self.add_button = QPushButton("Put on board")
        self.add_button.setObjectName("addToBoard")
        self.add_button.clicked.connect(self.put_on_board)
        add_row.addWidget(self.board_choice, 1)
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)
        layout.addWidget(section_label("Stage history"))
        self.timeline = QListWidget()
        self.timeline.setObjectName("timelineList")
        self.timeline.setWordWrap(True)
        for listing in (self.applications, self.timeline):
            listing.setResizeMode(QListView.ResizeMode.Adjust)
            listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.timeline, 1)

    def clear(self) -> None:
        self.applications.clear()
        self.timeline.clear()

    def show_cards(
        self,
        applications: list[ApplicationView],
        positions: list[PositionDetails],
        stages: list[TimelineEntry],
    ) -> None:
        """The candidate's cards, the positions they could be put on, their moves."""
        on_board = {app.position_id for app in applications}
        self.board_choice.clear()
        for position in positions:
            if position.id not in on_board:
                self.board_choice.addItem(position.label, position.id)
        self.board_choice.setEnabled(self.board_choice.count() > 0)
        self.add_button.setEnabled(self.board_choice.count() > 0)
        self.applications.clear()
        for app in applications:
            days = (datetime.now(UTC) - app.entered_stage_at).days
            where = f"{app.position_title} — {app.company}" if app.company else app.position_title
            text = f"{where}: {Stage(app.stage).label}, {days} d"
            if app.rejection_reason:
                text += f" ({app.rejection_reason})"
            self.applications.addItem(text)
        self.timeline.clear()
        for entry in reversed(stages):
            move = (
                f"{Stage(entry.from_stage).label} → {Stage(entry.to_stage).label}"
                if entry.from_stage
                else f"Added at {Stage(entry.to_stage).label}"
            )
            text = f"{format_moment(entry.changed_at)} · {entry.position_title}\n{move}"
            if entry.reason:
                text += f": {entry.reason}"
            self.timeline.addItem(text)

    def put_on_board(self) -> None:
        """Add the candidate to the chosen position's board, in the first column."""
        position_id = self.board_choice.currentData()
        candidate_id = self.pane.candidate_id
        if candidate_id is None or position_id is None:
            return
        try:
            application_id, changes = add_to_board(self.pane.database, candidate_id, position_id)
        except KnownError as error:
            self.pane.show_message(str(error), error=True)
            return
        self.pane.publish(changes)
        self.card_added.emit(application_id)
        self.pane.show_message("Put on the board, in Sourced.")
