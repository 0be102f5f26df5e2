"""Dragging a card near the board's left or right edge scrolls the columns sideways, so
the columns off screen can take a drop (the real drag is in tests/xvfb)."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from recruitdesk.domain.pipeline import Stage
from recruitdesk.gui.board.kanban_board import KanbanBoard


def drag_over(kanban: KanbanBoard, stage: Stage, x_in_board: int) -> QWidget:
    """A drag of Ana's card entering and moving over ``stage``'s column at ``x_in_board``
    pixels from the left of the board's visible area."""
    model = kanban.models[Stage.SOURCED]
    data = model.mimeData([model.index(0)])
    viewport = kanban.views[stage].viewport()
    area = kanban.columns_area.viewport()
    point = viewport.mapFromGlobal(area.mapToGlobal(QPoint(x_in_board, 40)))
    args = (Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0))
    QApplication.sendEvent(viewport, QDragEnterEvent(point, *args))
    QApplication.sendEvent(viewport, QDragMoveEvent(point, *args))
    return viewport


def visible_stage(kanban: KanbanBoard, x_in_board: int) -> Stage:
    area = kanban.columns_area.viewport()
    for stage, view in kanban.views.items():
        inside = view.viewport().mapFromGlobal(area.mapToGlobal(QPoint(x_in_board, 40)))
        if view.viewport().rect().contains(inside):
            return stage
    raise AssertionError(f"no column at x={x_in_board}")


def test_a_drag_at_the_right_edge_scrolls_to_the_last_column(
    qtbot: QtBot, kanban: KanbanBoard
) -> None:
    kanban.resize(900, 600)
    bar = kanban.columns_area.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    edge = kanban.columns_area.viewport().width() - 8
    drag_over(kanban, visible_stage(kanban, edge), edge)
    # Holding still at the edge keeps scrolling, up to the end.
    qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=10_000)
    qtbot.waitUntil(lambda: not kanban.autoscroll.scrolling)  # and stops there
    assert visible_stage(kanban, edge) == Stage.WITHDRAWN


def test_the_left_edge_scrolls_back_and_the_middle_stops(qtbot: QtBot, kanban: KanbanBoard) -> None:
    kanban.resize(900, 600)
    bar = kanban.columns_area.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    viewport = drag_over(kanban, visible_stage(kanban, 6), 6)
    qtbot.waitUntil(lambda: bar.value() < bar.maximum() - 100)
    middle = kanban.columns_area.viewport().width() // 2
    drag_over(kanban, visible_stage(kanban, middle), middle)
    assert not kanban.autoscroll.scrolling
    drag_over(kanban, visible_stage(kanban, 6), 6)
    assert kanban.autoscroll.scrolling
    QApplication.sendEvent(viewport, QDragLeaveEvent())  # the drag left or was cancelled
    assert not kanban.autoscroll.scrolling
