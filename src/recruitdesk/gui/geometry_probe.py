"""Where things are on screen, for tests that drive the real app with real input.

Only when ``RECRUITDESK_GEOMETRY_FILE`` names a file: every 100 ms the app writes there,
as JSON, the screen rectangles (``[x, y, width, height]``, global pixels) a test needs
to aim the pointer — the board's columns and their visible cards by application id, the
board's sideways scroll, the candidate pane's fields, and the buttons of an open modal
dialog. tests/xvfb reads it; nothing else does, and without the variable nothing runs.
The timer keeps firing inside a drag's or a dialog's own event loop, so the file follows
the screen while the mouse button is down.
"""

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRect, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

if TYPE_CHECKING:  # the window's module loads after the QApplication exists (gui/app.py)
    from recruitdesk.gui.main_window import MainWindow

ENVIRONMENT_VARIABLE = "RECRUITDESK_GEOMETRY_FILE"


def _global(widget: QWidget, rect: QRect | None = None) -> list[int]:
    area = rect if rect is not None else widget.rect()
    top_left = widget.mapToGlobal(area.topLeft())
    return [top_left.x(), top_left.y(), area.width(), area.height()]


def describe(window: "MainWindow") -> dict[str, Any]:
    """The rectangles of what a test aims at, in global pixels."""
    board = window.board
    columns: dict[str, Any] = {}
    for stage, view in board.views.items():
        viewport = view.viewport()
        shown = viewport.visibleRegion().boundingRect()
        cards = {}
        for row, card in enumerate(board.models[stage].cards):
            rect = view.visualRect(board.models[stage].index(row))
            if shown.intersects(rect):
                cards[str(card.application_id)] = _global(viewport, rect.intersected(shown))
        columns[stage.value] = {"visible": _global(viewport, shown), "cards": cards}
    bar = board.columns_area.horizontalScrollBar()
    pane = window.pane
    dialog = QApplication.activeModalWidget()
    return {
        "window": _global(window),
        "position_id": board.position_id,
        "board": _global(board.columns_area.viewport()),
        "scroll": {"value": bar.value(), "maximum": bar.maximum()},
        "columns": columns,
        "pane": {
            "visible": pane.isVisible(),
            "candidate_id": pane.candidate_id,
            # Its candidate is still being read (the form is disabled meanwhile).
            "loading": pane.reads.loading is not None or pane.loading_form,
            "fields": {name: _global(editor) for name, editor in pane.form.editors.items()},
            # Where the keys go, and whether the form holds an edit not saved.
            "focus": focus.objectName() if (focus := QApplication.focusWidget()) else None,
            "unsaved": pane.has_unsaved_edit(),
        },
        "dialog": None
        if dialog is None
        else {
            "title": dialog.windowTitle(),
            "buttons": {
                button.text().replace("&", ""): _global(button)
                for button in dialog.findChildren(QAbstractButton)
                if button.isVisible()
            },
        },
    }


class GeometryProbe(QObject):
    """Writes :func:`describe` to ``path`` every 100 ms (whole, by a rename)."""

    def __init__(self, window: "MainWindow", path: Path) -> None:
        super().__init__(window)
        self.window = window
        self.path = path
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.write)
        self._timer.start(100)

    def write(self) -> None:
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_text(json.dumps(describe(self.window)), encoding="utf-8")
        partial.replace(self.path)


def start_probe(window: "MainWindow") -> GeometryProbe | None:
    """A probe for ``window`` when the environment asks for one."""
    named = os.environ.get(ENVIRONMENT_VARIABLE)
    return GeometryProbe(window, Path(named)) if named else None
