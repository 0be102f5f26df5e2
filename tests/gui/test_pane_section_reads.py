"""A section of the candidate pane reads back its own write in the background: adding,
editing and deleting a note, saving a scorecard, logging a reply, a message sent,
do-not-contact, an exercise's review and grade, and an offer's draft read nothing on the
GUI thread, and the section shows what was written once the read lands
(docs/architecture.md, "The change signal"). The interview and offer dialogs open from
what the pane read."""

from collections.abc import Callable
from pathlib import Path

import pytest
from gui_helpers import GuiThreadReads, message_loaded, pane_loaded
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot
from tests.gui.test_outreach_dialog import use_server

from recruitdesk.gui.candidate.outreach_dialog import OutreachDialog
from recruitdesk.gui.candidate.pane import CandidatePane
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.operations import Operations
from recruitdesk.storage.board.new_cards import add_to_board
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.exercises import add_assignment
from recruitdesk.storage.positions import create_position

REVIEW = """1. Line 17: statuses=["paid", "shipped"] is a mutable default argument. It is
created once, so every later call includes refunds.
2. Lines 33-40 look like an N+1."""


@pytest.fixture
def pane(
    qtbot: QtBot, database: Database, operations: Operations, hub: ChangesHub
) -> CandidatePane:
    """Zoë on a position's board with an exercise sent, shown in a pane."""
    candidate_id, _ = create_candidate(
        database, {"full_name": "Zoë Nowak", "email": "zoe@example.com"}
    )
    position_id, _ = create_position(
        database, {"title": "Senior Python Engineer", "company": "Acme"}
    )
    add_to_board(database, candidate_id, position_id)
    add_assignment(database, candidate_id, "web_backend", message_id=None)
    use_server(None)
    widget = CandidatePane(database, hub, operations=operations)
    qtbot.addWidget(widget)
    widget.resize(700, 900)
    widget.show_candidate(candidate_id)
    pane_loaded(qtbot, widget)
    return widget


class Counted:
    """Runs an action and waits until the pane shows its outcome and every read has
    landed; the GUI thread's reads meanwhile are kept by the action's name."""

    def __init__(self, qtbot: QtBot, pane: CandidatePane, reads: GuiThreadReads) -> None:
        self.qtbot = qtbot
        self.pane = pane
        self.reads = reads
        self.counts: dict[str, int] = {}

    def __call__(self, name: str, action: Callable[[], object], shown: Callable[[], bool]) -> None:
        self.reads.count = 0
        action()
        self.qtbot.waitUntil(shown)
        operations = self.pane.operations
        self.qtbot.waitUntil(lambda: not operations.running and self.pane.reads.loading is None)
        self.counts[name] = self.reads.count


def test_a_section_reads_its_own_write_back_off_the_gui_thread(
    qtbot: QtBot,
    pane: CandidatePane,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    counted = Counted(qtbot, pane, GuiThreadReads(pane.database, monkeypatch))
    notes = pane.notes

    def write_note(text: str) -> None:
        notes.editor.setPlainText(text)
        notes.save_button.click()

    def edit_note() -> None:
        notes.list.setCurrentRow(0)
        notes.edit_button.click()
        write_note("Great take-home, weak on SQL")

    def delete_note() -> None:
        notes.list.setCurrentRow(0)
        notes.delete_button.click()

    counted("add a note", lambda: write_note("Great take-home"), lambda: notes.list.count() == 1)
    counted("edit a note", edit_note, lambda: "weak on SQL" in notes.list.item(0).text())
    counted("delete a note", delete_note, lambda: notes.list.count() == 0)

    interview = pane.interview
    rating = interview.findChildren(QToolButton)[0]

    def save_scorecard() -> None:
        rating.click()
        interview.interviewer.setText("Rita")
        assert interview.save()

    counted("save a scorecard", save_scorecard, lambda: "Last saved" in interview.status.text())

    outreach = pane.outreach
    outreach.ask_reply = lambda _name: ("Interested, free on Thursday", "")
    counted("log a reply", outreach.reply_button.click, lambda: outreach.messages.count() == 1)
    target = tmp_path / "zoe.eml"
    monkeypatch.setattr(OutreachDialog, "ask_eml_path", lambda _self: str(target))
    outreach.contact_button.click()
    dialog = message_loaded(qtbot, outreach.outreach_dialog)
    dialog.template_combo.setCurrentIndex(dialog.template_combo.findData("rejection"))
    dialog.reason_edit.setText("the role needs Go in production")
    counted("send a message", dialog.eml_button.click, lambda: outreach.messages.count() == 2)

    exercise = pane.exercise

    def save_review() -> None:
        exercise.review_edit.setPlainText(REVIEW)
        exercise.review_button.click()

    counted("save a review", save_review, lambda: "· reviewed" in exercise.sent_combo.currentText())
    counted(
        "save a grade",
        exercise.grade_button.click,
        lambda: "· graded" in exercise.sent_combo.currentText(),
    )

    outreach.reason.setText("replied 'no' on 3 Dec")
    counted(
        "do not contact", outreach.do_not_contact.click, lambda: not outreach.blocked.isHidden()
    )

    counted(
        "open the interview dialog",
        outreach.interview_button.click,
        lambda: outreach.interview_dialog is not None,
    )
    assert outreach.interview_dialog is not None
    outreach.interview_dialog.reject()
    counted(
        "open the offer dialog",
        outreach.offer_button.click,
        lambda: outreach.offer_dialog is not None and outreach.offer_dialog.list.count() == 1,
    )
    offer = outreach.offer_dialog
    assert offer is not None
    assert offer.save_button.isEnabled()
    offer.terms_fields.amount.setValue(90_000)
    counted("save an offer", offer.save_button.click, lambda: len(offer.offers) == 1)

    assert counted.counts == dict.fromkeys(counted.counts, 0)
    assert len(counted.counts) == 12
