"""The main window's menus and their shortcuts; each action is kept on the window
(``window.import_action`` ...) so tests and the window can trigger and disable it."""

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from recruitdesk.gui.pages import PAGE_SPECS

if TYPE_CHECKING:
    from recruitdesk.gui.main_window import MainWindow


def _action(
    window: "MainWindow",
    text: str,
    shortcut: QKeySequence | QKeySequence.StandardKey | str,
    slot: object,
) -> QAction:
    action = QAction(text, window)
    action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    window.addAction(action)
    return action


class CommandKeysFirst(QObject):
    """The window's commands keep their keys while one of its text fields has the focus.

    On X11 Qt gives line and text edits Emacs keys (Ctrl+E moves to the end of the line,
    Ctrl+K deletes to it), and a widget that claims a key in its ShortcutOverride takes it
    from every shortcut, whatever the shortcut's context: Ctrl+E exported nothing while
    the filter or a pane field was being typed in. The menus' commands win; the field's
    own editing keys that no command uses (Ctrl+A, Ctrl+Z, ...) stay the field's, and
    a key whose command is disabled still reaches the field.

    Qt sends ShortcutOverride to the focus widget, so the filter sits on that widget
    alone and follows the focus. On the whole application it ran Python for every event
    of every widget, and each such call waits for the GIL while a background operation
    runs Python: a repaint then stalled the window for tens of milliseconds
    (docs/architecture.md, "Background operations")."""

    def __init__(self, window: QWidget, actions: list[QAction]) -> None:
        super().__init__(window)
        self.window = window
        self.keys = {
            key.toString() for action in actions for key in action.shortcuts() if not key.isEmpty()
        }

    def follow_focus(self, old: QWidget | None, new: QWidget | None) -> None:
        """For ``QApplication.focusChanged``: watch the widget that has the focus now."""
        if old is not None and shiboken6.isValid(old):
            old.removeEventFilter(self)
        if new is not None and new.window() is self.window:
            new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and isinstance(watched, QWidget)
            and watched.window() is self.window
            and QKeySequence(event.keyCombination()).toString() in self.keys
        ):
            event.ignore()  # not claimed: the shortcut map goes on to the window's action
            return True
        return False


def build_menus(window: "MainWindow") -> None:
    menus = window.menuBar()
    file_menu = menus.addMenu("&File")
    window.new_action = _action(
        window, "&New candidate", QKeySequence.StandardKey.New, window.new_candidate
    )
    window.demo_action = _action(window, "Load &demo sample", "", window.load_demo_sample)
    window.settings_action = _action(window, "&Settings…", "Ctrl+,", window.open_settings)
    for action in (window.new_action, window.demo_action, window.settings_action):
        file_menu.addAction(action)
    file_menu.addSeparator()
    window.import_action = _action(window, "&Import…", "Ctrl+I", window.import_file)
    window.export_action = _action(window, "&Export…", "Ctrl+E", window.export_file)
    window.report_action = _action(window, "Candidate &report…", "Ctrl+P", window.report_candidate)
    window.blind_action = _action(
        window,
        "&Blind candidate profile…",
        "Ctrl+Alt+P",
        lambda: window.report_candidate(blind=True),
    )
    window.shortlist_action = _action(
        window, "&Shortlist report…", "Ctrl+Shift+P", window.report_shortlist
    )
    for action in (
        window.import_action,
        window.export_action,
        window.report_action,
        window.blind_action,
        window.shortlist_action,
    ):
        file_menu.addAction(action)
    file_menu.addSeparator()
    window.quit_action = _action(window, "&Quit", "Ctrl+Q", window.close)
    file_menu.addAction(window.quit_action)

    edit_menu = menus.addMenu("&Edit")
    window.undo_action = window.undo_stack.createUndoAction(window, "&Undo")
    window.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    window.redo_action = window.undo_stack.createRedoAction(window, "&Redo")
    window.redo_action.setShortcuts(
        [QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")]
    )
    edit_menu.addAction(window.undo_action)
    edit_menu.addAction(window.redo_action)
    edit_menu.addSeparator()
    window.find_action = _action(
        window, "&Find", QKeySequence.StandardKey.Find, window.find_in_page
    )
    edit_menu.addAction(window.find_action)

    view_menu = menus.addMenu("&View")
    window.page_actions = []
    for number, spec in enumerate(PAGE_SPECS):
        action = _action(
            window,
            spec.title,
            f"Ctrl+{number + 1}",
            lambda _checked=False, n=number: window.show_page(n),
        )
        view_menu.addAction(action)
        window.page_actions.append(action)

    # The window's own actions; Undo and Redo are the Edit menu's only, so in a field
    # Ctrl+Z still undoes the typing.
    app = QApplication.instance()
    assert isinstance(app, QApplication)  # a window needs its application
    keys_first = CommandKeysFirst(window, window.actions())
    app.focusChanged.connect(keys_first.follow_focus)
    keys_first.follow_focus(None, app.focusWidget())
