"""The candidate pane reads in the background: opening a candidate, saving it and
switching to another read nothing on the GUI thread, and while a read is on its way
the pane shows nothing of the candidate it showed before (docs/architecture.md, "The
change signal")."""

import threading
from pathlib import Path

import pytest
from gui_helpers import GuiThreadReads, pane_loaded, shoot, use_scheme, window_settled
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from recruitdesk.gui.candidate import pane as pane_module
from recruitdesk.gui.candidate.pane import CandidatePane
from recruitdesk.gui.candidate.shown_candidate import read_candidate
from recruitdesk.gui.main_window import MainWindow
from recruitdesk.progress import Progress
from recruitdesk.storage.candidates import get_candidate
from recruitdesk.storage.database import Database


def _editor(pane: CandidatePane, name: str) -> QLineEdit:
    found = pane.findChild(QLineEdit, f"field:{name}")
    assert isinstance(found, QLineEdit)
    return found


def _card_ids(window: MainWindow) -> list[int]:
    model = window.board.models[next(iter(window.board.models))]
    return [card.candidate_id for card in model.cards]


def test_open_save_and_switch_read_nothing_on_the_gui_thread(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = GuiThreadReads(window.database, monkeypatch)
    first, second = _card_ids(window)[:2]
    counted: dict[str, int] = {}

    def step(name: str) -> None:
        pane_loaded(qtbot, window.pane)
        window_settled(qtbot, window)
        counted[name] = reads.count
        reads.count = 0

    window.open_candidate(first)
    step("open")
    _editor(window.pane, "location").setText("Porto")
    assert window.pane.save()
    step("save")
    window.open_candidate(second)
    step("switch")
    assert counted == {"open": 0, "save": 0, "switch": 0}
    assert get_candidate(window.database, first).location == "Porto"
    assert window.pane.header.name.text() == get_candidate(window.database, second).full_name


class HeldReads:
    """The pane's reads wait until :meth:`release`: the state while one is on its way."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.go = threading.Event()

        def held(database: Database, candidate_id: int, progress: Progress) -> object:
            self.go.wait(10)
            return read_candidate(database, candidate_id, progress)

        monkeypatch.setattr(pane_module, "read_candidate", held)

    def release(self) -> None:
        self.go.set()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_candidate_being_read_shows_nothing_of_the_last_one(
    qtbot: QtBot,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    scheme: str,
) -> None:
    use_scheme(scheme)
    first, second = _card_ids(window)[:2]
    window.open_candidate(first)
    pane_loaded(qtbot, window.pane)
    _editor(window.pane, "location").setText("Porto")  # an edit, saved on leaving
    window.pane.ask_unsaved = lambda: pytest.fail("an edit is never asked about twice")
    assert window.pane.save()
    held = HeldReads(monkeypatch)
    window.open_candidate(second)
    pane = window.pane
    shoot(window, f"pane-reading-{scheme}", tmp_path)
    first_name = get_candidate(window.database, first).full_name
    assert pane.header.name.text() == "Loading…"
    assert first_name not in [editor.text() for editor in pane.findChildren(QLineEdit)]
    assert not pane.tabs.isEnabled()
    assert not pane.has_unsaved_edit()
    held.release()
    pane_loaded(qtbot, pane)
    shoot(window, f"pane-read-{scheme}", tmp_path)
    assert pane.tabs.isEnabled()
    assert pane.header.name.text() == get_candidate(window.database, second).full_name
    assert _editor(pane, "full_name").text() == pane.header.name.text()
