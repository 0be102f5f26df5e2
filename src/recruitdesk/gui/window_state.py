"""Where the user left the main window: its geometry, the splitter, the page in view and
the board's position, kept in ``QSettings`` between runs."""

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

from recruitdesk.gui.pages import BOARD, PAGE_SPECS

if TYPE_CHECKING:
    from recruitdesk.gui.main_window import MainWindow


def restore_window_state(settings: QSettings, window: "MainWindow") -> None:
    geometry = settings.value("window/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    state = settings.value("window/splitter")
    if isinstance(state, QByteArray):
        window.splitter.restoreState(state)
    page = settings.value("window/page", BOARD)
    try:
        index = int(str(page))
    except ValueError:
        index = BOARD
    if 0 <= index < len(PAGE_SPECS):
        window.show_page(index)


def save_window_state(settings: QSettings, window: "MainWindow") -> None:
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/splitter", window.splitter.saveState())
    settings.setValue("window/page", window.current_page())
    if window.board.position_id is not None:
        settings.setValue("board/position", window.board.position_id)
    settings.sync()
