"""The main window: navigation, the board and the pane together, menus, settings."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from gui_helpers import build_sample, pane_loaded, sample_in, window_settled
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLineEdit, QListView, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from tests import templates

from recruitdesk.cli import main
from recruitdesk.domain.outreach import Channel, Direction, MessageKind
from recruitdesk.domain.pipeline import Stage
from recruitdesk.gui.board_page import GUI_DEMO_CANDIDATES
from recruitdesk.gui.main_window import MainWindow
from recruitdesk.gui.pages import BOARD, CANDIDATES, INTERVIEWS, PAGES, SALARY
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.models.analysis import Analysis
from recruitdesk.storage.outreach import log_message


def open_window(qtbot: QtBot, db_path: Path) -> MainWindow:
    window = MainWindow(str(db_path))
    qtbot.addWidget(window)
    window.show()
    window_settled(qtbot, window)
    return window


def test_an_empty_database_offers_the_demo_sample(qtbot: QtBot, db_path: Path) -> None:
    window = open_window(qtbot, db_path)
    assert window.empty_state.isVisible()
    assert window.board_page.positions.currentData() is None
    assert window.board.no_position.isVisible()
    qtbot.mouseClick(window.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.empty_state.isVisible(), timeout=20_000)
    window_settled(qtbot, window)
    assert window.board_page.positions.count() >= 4
    assert window.board.position_id is not None
    assert window.board.card_count() > 0
    assert not window.board.no_position.isVisible()
    assert f"{GUI_DEMO_CANDIDATES:,} candidates" in window.status.text()
    # Like the command line's demo, the app's has stored analyses to search and show.
    with window.database.read() as session:
        assert session.scalar(select(func.count()).select_from(Analysis))
    # Only the database: Qt appends the app's display name to every window's title.
    assert window.windowTitle() == str(db_path)


def test_navigation_reaches_every_page(qtbot: QtBot, db_path: Path) -> None:
    window = open_window(qtbot, templates.empty_file(db_path))
    items = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert items == list(PAGES)
    assert items == [
        "Board",
        "Candidates",
        "Positions",
        "Salary",
        "Jobs",
        "Interviews",
        "Clients",
        "Sourcing",
        "Duplicates",
    ]
    assert window.findChild(QWidget, "kanbanBoard") is window.board
    assert window.findChild(QLineEdit, "boardFilter") is window.board_page.filter
    assert window.findChild(QWidget, "salaryView") is None  # each page built when first shown
    for index, action in enumerate(window.page_actions):
        action.trigger()
        assert window.current_page() == index
        assert window.pages.currentWidget().isAncestorOf(window.page(index))
    for name in (
        "positionsView",
        "matchesView",
        "salaryView",
        "jobsView",
        "candidatesView",
        "clientsPage",
        "sourcingView",
        "duplicatesView",
    ):
        assert window.findChild(QWidget, name) is not None, name
    window.page_actions[SALARY].trigger()
    assert window.current_page() == SALARY
    assert window.pages.currentWidget().isAncestorOf(window.salary_page)


def test_menus_carry_the_shortcuts(qtbot: QtBot, db_path: Path) -> None:
    window = open_window(qtbot, templates.empty_file(db_path))
    assert window.new_action.shortcut() == QKeySequence("Ctrl+N")
    assert window.find_action.shortcut() == QKeySequence("Ctrl+F")
    assert window.quit_action.shortcut() == QKeySequence("Ctrl+Q")
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert QKeySequence("Ctrl+Y") in window.redo_action.shortcuts()
    window.show_page(CANDIDATES)
    window.find_action.trigger()
    assert window.current_page() == CANDIDATES
    window.new_action.trigger()
    assert window.pane.isVisible()
    assert window.pane.header.name.text() == "New candidate"


def test_enter_on_a_card_opens_the_pane_beside_the_board(qtbot: QtBot, db_path: Path) -> None:
    with templates.open_empty(db_path) as database:
        sample = sample_in(database, {"technical": ["Ana", "Bo"]})
    window = open_window(qtbot, db_path)
    assert window.board.position_id == sample.position_id
    view = window.findChild(QListView, "stageColumn:technical")
    assert isinstance(view, QListView)
    view.setFocus()
    view.setCurrentIndex(view.model().index(1, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.pane.isVisible()
    pane_loaded(qtbot, window.pane)
    assert window.pane.header.name.text() == "Bo Example"
    assert window.splitter.indexOf(window.pane) == 1


def test_a_move_is_undone_from_the_edit_menu(qtbot: QtBot, db_path: Path) -> None:
    with templates.open_empty(db_path) as database:
        sample_in(database, {"screening": ["Ana"]})
    window = open_window(qtbot, db_path)
    board = window.board
    board.views[Stage.SCREENING].selectAll()
    board.step_selected(Stage.SCREENING, 1)
    assert board.models[Stage.TECHNICAL].total == 1
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "&Undo Move 1 card to Technical"
    window.undo_action.trigger()
    assert board.models[Stage.SCREENING].total == 1
    assert board.models[Stage.TECHNICAL].total == 0
    window.redo_action.trigger()
    assert board.models[Stage.TECHNICAL].total == 1


def test_the_filter_box_narrows_the_board_as_you_type(qtbot: QtBot, db_path: Path) -> None:
    with templates.open_empty(db_path) as database:
        sample_in(database, {"sourced": ["Ana", "Bo", "Cy"]})
    window = open_window(qtbot, db_path)
    qtbot.keyClicks(window.board_page.filter, "cy-sk")
    qtbot.waitUntil(lambda: window.board.card_count() == 1, timeout=2000)
    assert window.board.models[Stage.SOURCED].cards[0].full_name == "Cy Example"
    assert window.board_page.count.text() == "1 card"


def test_geometry_page_and_position_come_back(qtbot: QtBot, db_path: Path) -> None:
    with templates.open_empty(db_path) as database:
        sample_in(database, {"sourced": ["Ana"]})
        second = build_sample(database, {"offer": ["Bo"]})
    window = open_window(qtbot, db_path)
    picker = window.board_page.positions
    picker.setCurrentIndex(picker.findData(second.position_id))
    assert window.board.position_id == second.position_id
    window.show_page(CANDIDATES)
    window.resize(777, 555)
    window.close()
    again = open_window(qtbot, db_path)
    assert again.current_page() == CANDIDATES
    assert again.board.position_id == second.position_id
    assert (again.width(), again.height()) == (777, 555)
    again.show_page(BOARD)


def test_the_screenshot_command_writes_every_view(
    qtbot: QtBot, db_path: Path, tmp_path: Path, capsys: object
) -> None:
    with templates.open_empty(db_path) as database:
        sample_in(database, {"sourced": ["Ana"], "final": ["Bo"]})
    out = tmp_path / "shots"
    assert main(["--db", str(db_path), "screenshot", "--out", str(out)]) == 0
    written = sorted(path.name for path in out.iterdir())
    assert written == sorted(
        [f"{page.lower()}.png" for page in PAGES]
        + ["matches.png", "candidate-pane.png", "candidate-interview.png"]
    )
    assert all((out / name).stat().st_size > 10_000 for name in written)


def test_the_reminders_notice_counts_what_is_owed_and_opens_the_interviews_page(
    qtbot: QtBot, db_path: Path
) -> None:
    window = open_window(qtbot, templates.empty_file(db_path))
    qtbot.waitUntil(lambda: window.reminders.agenda is not None)
    assert window.reminders.isHidden()
    candidate_id, changes = create_candidate(window.database, {"full_name": "Ana Lima"})
    log_message(
        window.database,
        candidate_id,
        direction=Direction.OUT,
        channel=Channel.SMTP,
        kind=MessageKind.FIRST_CONTACT,
        at=datetime.now(UTC) - timedelta(days=8),
    )
    window.hub.publish(changes)
    qtbot.waitUntil(lambda: window.reminders.text() == "1 follow-up due")
    window.reminders.click()
    assert window.current_page() == INTERVIEWS


def test_the_status_bar_counts_again_in_the_background(qtbot: QtBot, db_path: Path) -> None:
    with templates.open_empty(db_path) as database:
        sample_in(database, {"sourced": ["Ana"]})
    window = open_window(qtbot, db_path)
    assert window.status.text().startswith("1 candidate ·")
    _id, changes = create_candidate(window.database, {"full_name": "Zoe Example"})
    window.hub.publish(changes, initiator=object())
    assert window.reads.reading is not None  # not counted in the slot
    assert window.status.text().startswith("1 candidate ·")
    qtbot.waitUntil(lambda: window.status.text().startswith("2 candidates ·"))
