"""What the main window's status bar shows besides messages: the progress of long work,
the counts of the database, whose consent has lapsed, and the analysis queue."""

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSizeGrip,
    QStatusBar,
    QStyle,
    QStyleOption,
    QWidget,
)

from recruitdesk.gui.operations import Operations
from recruitdesk.gui.progress_panel import ProgressPanel
from recruitdesk.jobs.manager import JobManager


class MessageBar(QStatusBar):
    """A status bar whose message stops a gap short of the permanent widgets, cut with
    an ellipsis and whole in the tooltip. QStatusBar draws it unelided up to 2 pixels
    from the first one, so a long message (a database's path) ran straight into "2,001
    candidates", its last letter sliced."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.messageChanged.connect(self.setToolTip)

    def gap(self) -> int:
        """The room between the message and the permanent widgets: two spaces' worth."""
        return 2 * self.fontMetrics().horizontalAdvance("M")

    def message_rect(self) -> QRect:
        """Where the message is drawn, as QStatusBar's own rule has it, less the gap."""
        left, right = 6, self.width() - 12
        right_to_left = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        for widget in self._shown_widgets():
            # While a message shows, only the permanent widgets are visible.
            if right_to_left:
                left = max(left, widget.x() + widget.width() + self.gap())
            else:
                right = min(right, widget.x() - self.gap())
        return QRect(left, 0, max(0, right - left), self.height())

    def shown_message(self) -> str:
        """The message as drawn: elided to :meth:`message_rect`."""
        return self.fontMetrics().elidedText(
            self.currentMessage(), Qt.TextElideMode.ElideRight, self.message_rect().width()
        )

    def _shown_widgets(self) -> list[QWidget]:
        return [
            child
            for child in self.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if child.isVisible() and not isinstance(child, QSizeGrip)
        ]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        if not self.currentMessage():
            super().paintEvent(event)
            return
        # QStatusBar.paintEvent, with the message elided inside its rectangle.
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        style = self.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter, self)
        item_frame = QStyle.PrimitiveElement.PE_FrameStatusBarItem
        for widget in self._shown_widgets():
            frame = QStyleOption()
            frame.rect = widget.geometry().adjusted(-2, -1, 2, 1)
            frame.palette = self.palette()
            frame.state = QStyle.StateFlag.State_None
            style.drawPrimitive(item_frame, frame, painter, widget)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(
            self.message_rect(),
            Qt.AlignmentFlag.AlignLeading
            | Qt.AlignmentFlag.AlignVCenter
            | Qt.TextFlag.TextSingleLine,
            self.shown_message(),
        )


class StatusWidgets:
    """The permanent widgets of one status bar, left to right."""

    def __init__(self, bar: QStatusBar, operations: Operations, jobs: JobManager) -> None:
        self.progress = ProgressPanel(operations)
        bar.addPermanentWidget(self.progress)
        self.counts = QLabel()
        self.counts.setProperty("class", "muted")
        bar.addPermanentWidget(self.counts)
        # Retention: whose consent to keep their data has lapsed, said at start.
        self.lapsed_notice = QPushButton()
        self.lapsed_notice.setObjectName("lapsedNotice")
        self.lapsed_notice.setFlat(True)
        self.lapsed_notice.setToolTip("Show them in Candidates: ask them again, or erase them.")
        bar.addPermanentWidget(self.lapsed_notice)
        self.jobs = QLabel()
        self.jobs.setObjectName("jobsStatus")
        self.jobs.setProperty("class", "muted")
        bar.addPermanentWidget(self.jobs)
        jobs.summary_changed.connect(self.jobs.setText)
        self.jobs.setText(jobs.summary())
