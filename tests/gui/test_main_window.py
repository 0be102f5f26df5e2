"""The first window: a frame that shows what the database holds."""

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from recruitdesk.gui.main_window import GUI_DEMO_CANDIDATES, MainWindow
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.migrate import open_database


def test_an_empty_database_offers_the_demo_sample(qtbot: QtBot, db_path: Path) -> None:
    window = MainWindow(str(db_path))
    qtbot.addWidget(window)
    window.show()
    assert window.empty_state.isVisible()
    assert window.candidates_tile.value.text() == "0"
    qtbot.mouseClick(window.demo_button, Qt.MouseButton.LeftButton)
    assert window.candidates_tile.value.text() == f"{GUI_DEMO_CANDIDATES:,}"
    assert int(window.positions_tile.value.text()) > 0
    assert not window.empty_state.isVisible()
    assert str(db_path) in window.windowTitle()


def test_a_filled_database_shows_its_counts(qtbot: QtBot, db_path: Path) -> None:
    with open_database(str(db_path)) as database:
        summary = load_demo(database, candidates=1234, seed=1)
    window = MainWindow(f"sqlite:///{db_path}")
    qtbot.addWidget(window)
    window.show()
    assert window.candidates_tile.value.text() == "1,234"
    assert window.applications_tile.value.text() == f"{summary.applications:,}"
    assert not window.empty_state.isVisible()
