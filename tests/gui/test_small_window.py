"""A 1024 x 700 window with the candidate pane open (issue 18, small windows): nothing
cut to a word, squeezed to a letter or pushed off the page; the status bar's message
stops short of the counts."""

from pathlib import Path

import pytest
from gui_helpers import pane_loaded, window_settled
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from tests import templates

from recruitdesk.gui.board_page import FILTER_CHARACTERS
from recruitdesk.gui.main_window import MainWindow
from recruitdesk.gui.pages import PAGES
from recruitdesk.gui.positions_view import TITLE_CHARACTERS
from recruitdesk.gui.status_widgets import MessageBar

#: Widths and places depend on the style sheet's paddings and fonts.
pytestmark = pytest.mark.usefixtures("styled")


@pytest.fixture
def window(qtbot: QtBot, db_path: Path) -> MainWindow:
    window = MainWindow(str(templates.demo_file(db_path, candidates=60, seed=5)))
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    window_settled(qtbot, window)
    model = next(model for model in window.board.models.values() if model.cards)
    window.open_candidate(model.cards[0].candidate_id, model.cards[0].application_id)
    pane_loaded(qtbot, window.pane)
    qtbot.waitUntil(window.pane.isVisible)
    return window


def right_edge(widget: QWidget, window: MainWindow) -> int:
    return widget.mapTo(window, QPoint(widget.width(), 0)).x()


def characters(widget: QWidget, count: int) -> int:
    return widget.fontMetrics().averageCharWidth() * count


def test_the_board_filter_keeps_its_width_beside_the_pane(qtbot: QtBot, window: MainWindow) -> None:
    page = window.board_page
    qtbot.waitUntil(lambda: page.filter.width() > 0)
    assert page.filter.width() >= characters(page.filter, FILTER_CHARACTERS)
    assert right_edge(page.count, window) <= window.pane.mapTo(window, QPoint(0, 0)).x()
    assert page.positions.toolTip() == page.positions.currentText()


def test_the_salary_chart_fits_beside_the_pane(qtbot: QtBot, window: MainWindow) -> None:
    window.show_page(PAGES.index("Salary"))
    view = window.salary_page
    qtbot.waitUntil(lambda: view.chart.width() > 0)
    pane_left = window.pane.mapTo(window, QPoint(0, 0)).x()
    for widget in (view.chart, view.region, view.eur_usd, view.ask_period):
        assert right_edge(widget, window) <= pane_left, widget
    # The region names fit under their bars, in a font not shrunk past legibility.
    assert view.chart.region_font.pointSizeF() >= 0.7 * view.chart.font().pointSizeF()


def test_positions_show_their_titles_and_the_whole_form(qtbot: QtBot, window: MainWindow) -> None:
    window.show_page(PAGES.index("Positions"))
    view = window.positions_page.positions
    qtbot.waitUntil(
        lambda: view.table.width() > 0 and view.reads.loading is None and not view.reads.stale
    )
    assert view.table.columnWidth(0) >= characters(view.table, TITLE_CHARACTERS)
    assert view.editor.width() <= view.form_area.viewport().width()
    assert right_edge(view.form_area, window) <= window.pane.mapTo(window, QPoint(0, 0)).x()


def test_the_status_message_stops_short_of_the_counts(window: MainWindow) -> None:
    text = f"Opened {'/a/very/long/folder' * 8}/recruitdesk.sqlite"
    window.show_status(text)
    bar = window.statusBar()
    assert isinstance(bar, MessageBar)
    assert bar.currentMessage() == text  # whole, for the tooltip and the tests
    assert bar.toolTip() == text
    shown = bar.shown_message()
    assert shown.endswith("\u2026")
    rect = bar.message_rect()
    assert bar.fontMetrics().horizontalAdvance(shown) <= rect.width()
    assert rect.right() + bar.fontMetrics().horizontalAdvance("M") < window.status.x()
