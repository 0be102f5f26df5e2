"""An edit in the candidate pane is never dropped silently: Esc, another candidate, a new
one and quitting ask Save / Discard / Cancel in a real message box; a banner speaks only
of the candidate it was shown for."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_helpers import Sample, pane_loaded, sample_in
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QToolButton
from pytestqt.qtbot import QtBot
from tests import templates

from recruitdesk.gui.candidate.pane import CandidatePane
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.main_window import MainWindow
from recruitdesk.storage.candidates import get_candidate, update_candidate
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.notes import list_notes

Button = QMessageBox.StandardButton


class BoxAnswers:
    """Answers the next message boxes with real clicks on their buttons, and keeps what
    each one said."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self._pending: list[Button] = []

    def will_press(self, button: Button) -> None:
        self._pending.append(button)
        QTimer.singleShot(0, self._press)

    def _press(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):  # not open yet: look again soon
            QTimer.singleShot(10, self._press)
            return
        self.asked.append(box.text())
        target = box.button(self._pending.pop(0))
        assert target is not None
        target.click()


@pytest.fixture
def answers() -> Iterator[BoxAnswers]:
    found = BoxAnswers()
    yield found
    assert not found._pending, "a message box the test expected never opened"


@pytest.fixture
def pane(qtbot: QtBot, sample: Sample) -> CandidatePane:
    widget = CandidatePane(sample.database, ChangesHub())
    widget.hub.setParent(widget)  # freed with it, not by the cyclic collector
    qtbot.addWidget(widget)
    widget.resize(520, 900)
    widget.show_candidate(sample.candidates["Ana"])
    pane_loaded(qtbot, widget)
    widget.show()
    return widget


def close_button(pane: CandidatePane) -> QToolButton:
    """✕, whose shortcut is Esc (pressed for real in tests/xvfb: offscreen, QTest's
    key events do not reach the window's shortcuts)."""
    found = pane.findChild(QToolButton, "closePane")
    assert isinstance(found, QToolButton)
    return found


def email(pane: CandidatePane) -> QLineEdit:
    found = pane.findChild(QLineEdit, "field:email")
    assert isinstance(found, QLineEdit)
    return found


def stored_email(sample: Sample, name: str) -> str | None:
    return get_candidate(sample.database, sample.candidates[name]).email


def test_closing_with_an_edit_asks_and_cancel_keeps_it(
    qtbot: QtBot, pane: CandidatePane, sample: Sample, answers: BoxAnswers
) -> None:
    email(pane).setText("ana.new@example.org")
    answers.will_press(Button.Cancel)
    qtbot.mouseClick(close_button(pane), Qt.MouseButton.LeftButton)
    assert answers.asked == ["Save your changes to Ana Example?"]
    assert pane.isVisible()
    assert email(pane).text() == "ana.new@example.org"
    assert stored_email(sample, "Ana") == "ana@example.com"


def test_closing_then_save_writes_the_edit_and_closes(
    qtbot: QtBot, pane: CandidatePane, sample: Sample, answers: BoxAnswers
) -> None:
    email(pane).setText("ana.new@example.org")
    answers.will_press(Button.Save)
    qtbot.mouseClick(close_button(pane), Qt.MouseButton.LeftButton)
    assert stored_email(sample, "Ana") == "ana.new@example.org"
    assert not pane.isVisible()


def test_a_refused_save_keeps_the_pane_open(
    qtbot: QtBot, pane: CandidatePane, sample: Sample, answers: BoxAnswers
) -> None:
    email(pane).setText("not an e-mail")
    answers.will_press(Button.Save)
    pane.close_pane()
    assert pane.isVisible()
    assert "to fix" in pane.message.text()
    assert stored_email(sample, "Ana") == "ana@example.com"


def test_switching_candidate_asks_and_discard_drops_the_edit(
    qtbot: QtBot, pane: CandidatePane, sample: Sample, answers: BoxAnswers
) -> None:
    email(pane).setText("ana.new@example.org")
    answers.will_press(Button.Discard)
    assert pane.show_candidate(sample.candidates["Bo"])
    pane_loaded(qtbot, pane)
    assert pane.header.name.text() == "Bo Example"
    assert stored_email(sample, "Ana") == "ana@example.com"
    # Nothing is pending any more: back to Ana, no question.
    assert pane.show_candidate(sample.candidates["Ana"])
    pane_loaded(qtbot, pane)
    assert email(pane).text() == "ana@example.com"
    assert answers.asked == ["Save your changes to Ana Example?"]


def test_switching_candidate_can_be_cancelled(
    qtbot: QtBot, pane: CandidatePane, sample: Sample, answers: BoxAnswers
) -> None:
    email(pane).setText("ana.new@example.org")
    answers.will_press(Button.Cancel)
    assert not pane.show_candidate(sample.candidates["Bo"])
    pane_loaded(qtbot, pane)
    assert pane.header.name.text() == "Ana Example"
    assert email(pane).text() == "ana.new@example.org"


def test_a_new_candidate_asks_too(pane: CandidatePane, answers: BoxAnswers) -> None:
    email(pane).setText("ana.new@example.org")
    answers.will_press(Button.Cancel)
    pane.new_candidate()
    assert pane.header.name.text() == "Ana Example"


def test_no_edit_no_question(qtbot: QtBot, pane: CandidatePane, sample: Sample) -> None:
    assert pane.show_candidate(sample.candidates["Bo"])
    pane_loaded(qtbot, pane)
    pane.close_pane()
    assert not pane.isVisible()


def test_the_saved_banner_stays_with_its_candidate(
    qtbot: QtBot, pane: CandidatePane, sample: Sample
) -> None:
    email(pane).setText("ana.new@example.org")
    assert pane.save()
    pane_loaded(qtbot, pane)
    assert pane.message.isVisibleTo(pane)
    assert pane.message.text() == "Saved."
    pane.show_candidate(sample.candidates["Bo"])
    pane_loaded(qtbot, pane)
    assert not pane.message.isVisibleTo(pane)


def test_quitting_with_an_edit_asks(qtbot: QtBot, db_path: Path, answers: BoxAnswers) -> None:
    database = templates.open_empty(db_path)
    sample = sample_in(database, {"sourced": ["Ana"]})
    database.dispose()
    window = MainWindow(str(db_path), start_jobs=False)
    qtbot.addWidget(window)
    window.show()
    window.open_candidate(sample.candidates["Ana"])
    pane_loaded(qtbot, window.pane)
    email(window.pane).setText("ana.new@example.org")
    answers.will_press(Button.Cancel)
    window.quit_action.trigger()
    assert window.isVisible()
    answers.will_press(Button.Save)
    window.quit_action.trigger()
    qtbot.waitUntil(lambda: not window.isVisible())
    check = open_database(str(db_path))
    try:
        assert get_candidate(check, sample.candidates["Ana"]).email == "ana.new@example.org"
    finally:
        check.dispose()


def notes_of(sample: Sample, name: str) -> list[str]:
    return [note.body for note in list_notes(sample.database, sample.candidates[name])]


def test_a_written_note_is_asked_about_too(
    qtbot: QtBot, pane: CandidatePane, sample: Sample, answers: BoxAnswers
) -> None:
    """Issue 18, item 3: a half-written note was dropped silently on switching."""
    before = notes_of(sample, "Ana")
    pane.notes.editor.setPlainText("Strong on async; ask about the migration story.")
    answers.will_press(Button.Cancel)
    assert not pane.show_candidate(sample.candidates["Bo"])
    pane_loaded(qtbot, pane)
    assert pane.notes.editor.toPlainText().startswith("Strong on async")
    answers.will_press(Button.Save)
    assert pane.show_candidate(sample.candidates["Bo"])
    pane_loaded(qtbot, pane)
    assert notes_of(sample, "Ana")[0] == "Strong on async; ask about the migration story."
    assert len(notes_of(sample, "Ana")) == len(before) + 1
    assert pane.notes.editor.toPlainText() == ""
    pane.notes.editor.setPlainText("Second thought")
    answers.will_press(Button.Discard)
    assert pane.show_candidate(sample.candidates["Ana"])
    pane_loaded(qtbot, pane)
    assert "Second thought" not in notes_of(sample, "Bo")


def test_another_windows_change_keeps_the_draft_note(pane: CandidatePane, sample: Sample) -> None:
    pane.notes.editor.setPlainText("A draft")
    update_candidate(sample.database, sample.candidates["Ana"], {"phone": "+1 555 0100"})
    pane.on_changes(Changes(candidates=frozenset({sample.candidates["Ana"]})))
    assert pane.notes.editor.toPlainText() == "A draft"
