"""Scrolling the board sideways while a card is dragged near its left or right edge, so
the columns off screen (Hired, Rejected, Withdrawn on a laptop) can take a drop.

The columns' list views scroll only themselves, up and down; the board's row of
columns scrolls in a :class:`QScrollArea`, which sees no drag events because the
columns take them. So the scroller watches the columns' drag events, and while the
pointer rests in an edge band it keeps scrolling on a timer: a drag sends no event
while the mouse holds still, yet the pointer stays at the same place of the board's
viewport, so the last place seen is still the pointer's.
"""

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer
from PySide6.QtGui import QDragMoveEvent
from PySide6.QtWidgets import QScrollArea, QWidget

#: How far from the viewport's edge a drag starts scrolling, in pixels.
EDGE = 56
#: The step at the very edge, in pixels per tick; it grows towards the edge.
MAX_STEP = 28
TICK_MS = 20


class DragAutoScroller(QObject):
    """Scrolls ``area`` sideways while a drag over a watched widget nears its edges."""

    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)
        self.area = area
        self._where = QPoint()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def watch(self, widget: QWidget) -> None:
        widget.installEventFilter(self)

    @property
    def scrolling(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragMoveEvent)
            assert isinstance(watched, QWidget)
            viewport = self.area.viewport()
            self._where = viewport.mapFromGlobal(watched.mapToGlobal(event.position().toPoint()))
            if self._step():
                self._timer.start()
            else:
                self._timer.stop()
        elif kind in (QEvent.Type.DragLeave, QEvent.Type.Drop):
            self._timer.stop()
        return False

    def _step(self) -> int:
        """Pixels to scroll now: negative to the left, 0 outside the edge bands."""
        width = self.area.viewport().width()
        x = self._where.x()
        if x < EDGE:
            return -max(2, MAX_STEP * (EDGE - max(x, 0)) // EDGE)
        if x > width - EDGE:
            return max(2, MAX_STEP * (x - (width - EDGE)) // EDGE)
        return 0

    def _tick(self) -> None:
        bar = self.area.horizontalScrollBar()
        before = bar.value()
        bar.setValue(before + self._step())
        if bar.value() == before:  # at the end, or out of the band
            self._timer.stop()
