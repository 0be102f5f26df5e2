"""Fixtures for the GUI tests: a board with known cards, built through storage calls."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_helpers import Sample, sample_in, settled, window_settled
from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from tests import templates

from recruitdesk.gui.board.kanban_board import KanbanBoard
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.main_window import MainWindow
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.style import force_scheme
from recruitdesk.storage.database import Database


@pytest.fixture(autouse=True)
def own_settings(isolated_folders: Path) -> None:
    """Qt reads the settings folder once per process: point it at this test's folder,
    so a window a test saved does not open the next test's window on another page."""
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.NativeFormat, scope, str(isolated_folders / "qt"))
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(isolated_folders / "qt"))


@pytest.fixture
def styled(qapp: QApplication) -> None:
    """The app's look (its palette and style sheet, in the system's scheme) for a test of
    sizes and places: paddings and fonts come from the style sheet. Other tests run in Qt's
    plain Fusion, which is cheaper (tests/conftest.py)."""
    force_scheme(qapp, None)


@pytest.fixture
def hub() -> Iterator[ChangesHub]:
    made = ChangesHub()
    yield made
    made.deleteLater()  # now, not when the cyclic collector frees it (tests/conftest.py)


@pytest.fixture
def operations(hub: ChangesHub) -> Iterator[Operations]:
    """The background operations of a window, drained at the end of the test."""
    ops = Operations(hub)
    yield ops
    ops.shutdown()
    ops.deleteLater()


@pytest.fixture
def sample(database: Database) -> Sample:
    return sample_in(
        database,
        {
            "sourced": ["Ana", "Bo", "Cy"],
            "screening": ["Dee", "Eli"],
            "offer": ["Fay"],
        },
    )


@pytest.fixture
def kanban(qtbot: QtBot, sample: Sample, hub: ChangesHub, operations: Operations) -> KanbanBoard:
    stack = QUndoStack()
    widget = KanbanBoard(sample.database, hub, stack, operations)  # keeps the stack alive
    qtbot.addWidget(widget)
    widget.resize(1800, 700)
    widget.set_position(sample.position_id)
    widget.show()
    settled(qtbot, widget)
    return widget


@pytest.fixture
def window(qtbot: QtBot, db_path: Path) -> Iterator[MainWindow]:
    """The whole window on a small sample board (Ana and Bo sourced, Cy in screening),
    settled, at 1024x700."""
    with templates.open_empty(db_path) as database:
        sample_in(database, {"sourced": ["Ana", "Bo"], "screening": ["Cy"]})
    window = MainWindow(str(db_path), start_jobs=False)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    window_settled(qtbot, window)
    yield window
    window.operations.shutdown()
