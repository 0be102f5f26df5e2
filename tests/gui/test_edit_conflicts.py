"""Two windows on one SQLite file: a save in the candidate pane over the other window's
newer save shows both values in a real dialog, and per field the user keeps theirs or
takes the other; the pane's History tab says who did what, newest first."""

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from gui_helpers import Sample, pane_loaded
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLineEdit,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from recruitdesk.gui.candidate.audit import describe
from recruitdesk.gui.candidate.edit_questions import ConflictDialog
from recruitdesk.gui.candidate.pane import CandidatePane
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.settings_dialog import SettingsDialog, saved_user_name
from recruitdesk.storage.audit import AuditView
from recruitdesk.storage.candidates import get_candidate, update_candidate
from recruitdesk.storage.database import Database, account_name
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.notes import add_note, edit_note, list_notes

#: Where the tests leave their screenshots for a person to look at (optional).
SHOTS = os.environ.get("RECRUITDESK_TEST_SHOTS")


def shot(widget: QWidget, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture
def other_window(db_path: Path, sample: Sample) -> Iterator[Database]:
    """The second window: its own Database on the same file, under another name."""
    with open_database(str(db_path)) as other:
        other.actor = "Bea"
        yield other


@pytest.fixture
def pane(qtbot: QtBot, sample: Sample, operations: Operations) -> CandidatePane:
    sample.database.actor = "Ana"
    widget = CandidatePane(sample.database, operations.hub, operations=operations)
    qtbot.addWidget(widget)
    widget.resize(560, 900)
    widget.show_candidate(sample.candidates["Ana"])
    pane_loaded(qtbot, widget)
    widget.show()
    return widget


def editor(pane: CandidatePane, name: str) -> QLineEdit:
    found = pane.form.editors[name]
    assert isinstance(found, QLineEdit)
    return found


def test_a_stale_save_shows_both_values_and_saves_the_choice(
    qtbot: QtBot, pane: CandidatePane, other_window: Database, sample: Sample
) -> None:
    candidate_id = sample.candidates["Ana"]
    update_candidate(
        other_window, candidate_id, {"phone": "+44 2222 2222", "location": "Leeds", "source": "x"}
    )
    editor(pane, "phone").setText("+44 3333 3333")
    editor(pane, "source").setText("meetup")
    editor(pane, "notice_weeks").setText("4")  # theirs did not touch it: no question
    asked: list[list[str]] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ConflictDialog):  # not open yet: look again soon
            QTimer.singleShot(10, answer)
            return
        asked.append(sorted(dialog.groups))
        mine = dialog.findChild(QRadioButton, "keepMine_phone")
        theirs = dialog.findChild(QRadioButton, "takeTheirs_phone")
        assert isinstance(mine, QRadioButton)
        assert isinstance(theirs, QRadioButton)
        assert (mine.text(), theirs.text()) == ("+44 3333 3333", "+44 2222 2222")
        theirs.click()
        shot(dialog, "edit_conflict")
        buttons = dialog.findChild(QDialogButtonBox)
        assert isinstance(buttons, QDialogButtonBox)
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save is not None
        save.click()

    QTimer.singleShot(0, answer)
    assert pane.save()
    pane_loaded(qtbot, pane)
    assert asked == [["phone", "source"]]
    stored = get_candidate(other_window, candidate_id)
    assert (stored.phone, stored.source, stored.location, stored.notice_weeks) == (
        "+44 2222 2222",
        "meetup",
        "Leeds",
        4,
    )
    assert editor(pane, "location").text() == "Leeds"  # the pane shows what is stored
    assert not pane.has_unsaved_edit()


def test_cancelling_the_choice_keeps_the_edit_and_writes_nothing(
    qtbot: QtBot, pane: CandidatePane, other_window: Database, sample: Sample
) -> None:
    candidate_id = sample.candidates["Ana"]
    update_candidate(other_window, candidate_id, {"phone": "+44 2222 2222"})
    editor(pane, "phone").setText("+44 3333 3333")
    pane.ask_conflict = lambda _conflict, _base: None
    assert not pane.save()
    pane_loaded(qtbot, pane)
    assert get_candidate(other_window, candidate_id).phone == "+44 2222 2222"
    assert editor(pane, "phone").text() == "+44 3333 3333"
    assert "Not saved" in pane.message.text()


def test_an_edit_of_another_field_saves_without_a_question(
    qtbot: QtBot, pane: CandidatePane, other_window: Database, sample: Sample
) -> None:
    candidate_id = sample.candidates["Ana"]
    update_candidate(other_window, candidate_id, {"location": "Leeds"})
    editor(pane, "phone").setText("+44 3333 3333")
    pane.ask_conflict = lambda _conflict, _base: pytest.fail("nothing to choose")
    assert pane.save()
    pane_loaded(qtbot, pane)
    stored = get_candidate(other_window, candidate_id)
    assert (stored.phone, stored.location) == ("+44 3333 3333", "Leeds")


def test_the_history_tab_lists_who_did_what_newest_first(
    qtbot: QtBot, pane: CandidatePane, other_window: Database, sample: Sample
) -> None:
    candidate_id = sample.candidates["Ana"]
    update_candidate(other_window, candidate_id, {"location": "Leeds"})
    editor(pane, "phone").setText("+44 3333 3333")
    assert pane.save()
    pane_loaded(qtbot, pane)
    pane.tabs.setCurrentWidget(pane.audit)
    qtbot.waitUntil(lambda: len(pane.audit.rows()) >= 3)
    rows = pane.audit.rows()
    assert [(who, what) for _when, who, what in rows[:2]] == [
        ("Ana", "Edited Phone"),
        ("Bea", "Edited Location"),
    ]
    assert all(when for when, _who, _what in rows)
    shot(pane, "history_tab")


def test_the_user_name_is_set_in_the_settings(qtbot: QtBot) -> None:
    settings = QSettings()
    assert saved_user_name(settings) == account_name()
    dialog = SettingsDialog(user_name=saved_user_name(settings))
    qtbot.addWidget(dialog)
    name = dialog.findChild(QLineEdit, "userName")
    assert isinstance(name, QLineEdit)
    name.setText("  Ana Silva ")
    dialog.save(settings)
    assert saved_user_name(settings) == "Ana Silva"
    name.clear()
    dialog.save(settings)
    assert saved_user_name(settings) == account_name()


def test_a_note_saved_elsewhere_is_not_overwritten(
    qtbot: QtBot, pane: CandidatePane, other_window: Database, sample: Sample
) -> None:
    candidate_id = sample.candidates["Ana"]
    add_note(pane.database, candidate_id, "First call: keen")
    pane.reload()
    pane_loaded(qtbot, pane)
    pane.tabs.setCurrentWidget(pane.notes)
    pane.notes.list.setCurrentRow(0)
    pane.notes.edit_button.click()
    note = list_notes(other_window, candidate_id)[0]
    edit_note(other_window, note.id, body="First call: keen, wants remote", version=note.version)
    pane.notes.editor.setPlainText("First call: lukewarm")
    pane.notes.save_button.click()
    assert pane.message.text() == (
        "The note was saved elsewhere since you opened it; nothing was overwritten."
    )
    assert list_notes(other_window, candidate_id)[0].body == "First call: keen, wants remote"
    assert pane.notes.editor.toPlainText() == "First call: lukewarm"  # the edit is kept


def test_the_history_reads_each_kind_of_entry() -> None:
    at = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    said = [
        describe(AuditView(at, "Ana", action, detail))
        for action, detail in (
            ("create", None),
            ("edit", "email, ask_amount"),
            ("move", "Sourced → Screening"),
            ("undo", "Screening → Sourced"),
            ("note", "Added a note"),
        )
    ]
    assert said == [
        "Added the candidate",
        "Edited E-mail, Ask",
        "Moved Sourced → Screening",
        "Undid a move: Screening → Sourced",
        "Added a note",
    ]
