"""Nothing in the candidate pane moves when a candidate finishes loading: the header
keeps the tag row's height while the candidate is read, and for one without tags, so
the tabs and the form stay where the user is about to click."""

from pathlib import Path

import pytest
from gui_helpers import pane_loaded, shoot, use_scheme
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from tests.gui.test_pane_reads import HeldReads

from recruitdesk.gui.main_window import MainWindow
from recruitdesk.storage.candidates import create_candidate


def _top(widget: QWidget, window: MainWindow) -> int:
    """Where ``widget`` is once the window's pending layouts are done."""
    QApplication.sendPostedEvents()
    QApplication.processEvents()
    return widget.mapTo(window, QPoint(0, 0)).y()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_form_stays_put_while_a_candidate_loads(
    qtbot: QtBot,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    scheme: str,
) -> None:
    use_scheme(scheme)
    untagged, _ = create_candidate(window.database, {"full_name": "Una Tagless"})
    model = window.board.models[next(iter(window.board.models))]
    tagged = model.cards[0].candidate_id
    pane = window.pane
    tops: dict[str, int] = {}
    for name, candidate_id in (("tagged", tagged), ("untagged", untagged)):
        held = HeldReads(monkeypatch)
        window.open_candidate(candidate_id)
        qtbot.waitUntil(lambda: pane.isVisible() and pane.header.details is None)
        tops[f"{name} loading"] = _top(pane.tabs, window)
        shoot(window, f"pane-{name}-loading-{scheme}", tmp_path)
        held.release()
        pane_loaded(qtbot, pane)
        qtbot.waitUntil(lambda: pane.header.details is not None)
        tops[f"{name} loaded"] = _top(pane.tabs, window)
        shoot(window, f"pane-{name}-loaded-{scheme}", tmp_path)
        monkeypatch.undo()
    assert len(set(tops.values())) == 1, tops
