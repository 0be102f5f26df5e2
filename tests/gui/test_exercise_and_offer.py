"""The Exercise tab and the Offer dialog with real widgets: an exercise sent to a real
SMTP server on 127.0.0.1 and logged, the review pasted, the suggestions confirmed and
saved; an offer drafted, sent, accepted and its letter written; the interview invitation
sent with its .ics; a due follow-up drafted. Each view is rendered light and dark."""

import os
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from gui_helpers import message_loaded, pane_loaded, use_scheme
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from tests.gui.test_outreach_dialog import use_server
from tests.smtp_server import Inbox, serve

from recruitdesk import APP_NAME
from recruitdesk.domain.exercise import Grade
from recruitdesk.domain.offer import OfferState
from recruitdesk.domain.outreach import Channel, Direction, MessageKind
from recruitdesk.gui.candidate.interview_dialog import InterviewDialog
from recruitdesk.gui.candidate.pane import CandidatePane
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.interviews_view import InterviewsView
from recruitdesk.gui.operations import Operations
from recruitdesk.outreach import smtp
from recruitdesk.storage.board.cards import read_cards
from recruitdesk.storage.board.new_cards import add_to_board
from recruitdesk.storage.candidate_applications import list_applications
from recruitdesk.storage.candidates import create_candidate, get_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.exercises import add_assignment, assignments, record_review
from recruitdesk.storage.offers import offers_of
from recruitdesk.storage.outreach import log_message, timeline
from recruitdesk.storage.positions import create_position

REVIEW = """1. Line 17: statuses=["paid", "shipped"] is a mutable default argument. It is
created once, so after one call with include_refunds every later call includes refunds.
2. Lines 33-40 look like an N+1.
3. I would rename `lines` to `rows`."""


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


@pytest.fixture
def server(inbox: Inbox) -> Iterator[smtp.SmtpSettings]:
    yield from serve(inbox)


@pytest.fixture
def card(database: Database) -> tuple[int, int]:
    """(candidate id, application id): a senior in Western Europe with an ask, on the
    board of a position with a budget."""
    candidate_id, _ = create_candidate(
        database,
        {
            "full_name": "Zoë Nowak",
            "email": "zoe@example.com",
            "region": "western_europe",
            "level": "senior",
            "ask_amount": 100_000,
            "ask_currency": "EUR",
            "ask_period": "year",
        },
    )
    position_id, _ = create_position(
        database,
        {
            "title": "Senior Python Engineer",
            "company": "Acme",
            "budget_min": 90_000,
            "budget_max": 120_000,
            "budget_currency": "EUR",
        },
    )
    application_id, _ = add_to_board(database, candidate_id, position_id)
    return candidate_id, application_id


def pane_for(
    qtbot: QtBot, database: Database, operations: Operations, hub: ChangesHub, candidate_id: int
) -> CandidatePane:
    pane = CandidatePane(database, hub, operations=operations)
    qtbot.addWidget(pane)
    pane.resize(700, 900)
    pane.show_candidate(candidate_id)
    pane_loaded(qtbot, pane)
    return pane


def shoot(widget: QWidget, name: str, scheme: str, tmp_path: Path) -> None:
    widget.resize(1024, 700)
    folder = Path(os.environ.get("RECRUITDESK_SHOTS", tmp_path))
    picture = widget.grab()
    assert picture.size().width() == 1024
    assert picture.save(str(folder / f"{name}-{scheme}.png"), "PNG")


def test_an_exercise_is_sent_reviewed_and_graded(
    qtbot: QtBot,
    database: Database,
    operations: Operations,
    hub: ChangesHub,
    card: tuple[int, int],
    server: smtp.SmtpSettings,
    inbox: Inbox,
) -> None:
    candidate_id, _ = card
    use_server(server)
    pane = pane_for(qtbot, database, operations, hub, candidate_id)
    section = pane.exercise
    section.send_button.click()
    dialog = message_loaded(qtbot, section.send_dialog)
    assert dialog.template().kind is MessageKind.REVIEW_EXERCISE
    assert "attached as order_summary.py" in dialog.body_edit.toPlainText()
    assert not dialog.mail_button.isEnabled()  # a link cannot carry the file
    dialog.send_button.click()
    qtbot.waitUntil(lambda: section.selected() is not None)
    (message,) = inbox.messages
    assert [a.get_filename() for a in message.iter_attachments()] == ["order_summary.py"]
    assert timeline(database, candidate_id)[0].kind is MessageKind.REVIEW_EXERCISE

    section.review_edit.setPlainText(REVIEW)
    # Suggestions follow the text before anything is saved.
    qtbot.waitUntil(lambda: "Suggested" in section.grading.readings["n_plus_one"].text())
    assert section.grading.found["mutable_default"].isChecked()
    assert section.grading.explained["mutable_default"].isChecked()
    assert section.grading.found["n_plus_one"].isChecked()
    assert not section.grading.explained["n_plus_one"].isChecked()
    assert not section.grading.found["error_handling"].isChecked()
    assert "Not mentioned" in section.grading.readings["no_tests"].text()
    section.review_button.click()
    qtbot.waitUntil(lambda: section.grade_button.isEnabled())
    section.grading.found["no_tests"].setChecked(True)  # the recruiter disagrees
    assert section.grading.score.text().startswith("4 of 8 points")
    section.grade_button.click()
    qtbot.waitUntil(lambda: bool(assignments(database, candidate_id)[0].grades))
    grades = assignments(database, candidate_id)[0].grades
    assert grades["mutable_default"] == Grade(True, True)
    assert grades["no_tests"] == Grade(True, False)
    assert grades["error_handling"] == Grade(False, False)


def test_an_offer_is_drafted_sent_accepted_and_its_letter_written(
    qtbot: QtBot,
    database: Database,
    operations: Operations,
    hub: ChangesHub,
    card: tuple[int, int],
    tmp_path: Path,
) -> None:
    candidate_id, application_id = card
    pane = pane_for(qtbot, database, operations, hub, candidate_id)
    pane.outreach.offer_button.click()
    dialog = pane.outreach.offer_dialog
    assert dialog is not None
    # A new offer starts from the candidate's ask.
    assert (dialog.terms_fields.amount.value(), dialog.terms_fields.currency.currentText()) == (
        100_000,
        "EUR",
    )
    dialog.terms_fields.amount.setValue(130_000)
    qtbot.waitUntil(lambda: "budget is €90,000" in dialog.placement.text())
    dialog.save_button.click()
    qtbot.waitUntil(dialog.message.isVisible)
    assert "above the position's budget" in dialog.message.text()
    assert offers_of(database, candidate_id) == []
    dialog.terms_fields.amount.setValue(110_000)
    qtbot.waitUntil(lambda: "10% above their ask of €100,000/yr." in dialog.placement.text())
    dialog.save_button.click()
    qtbot.waitUntil(lambda: len(dialog.offers) == 1)
    assert dialog.send_button.isEnabled()
    dialog.send_button.click()
    qtbot.waitUntil(lambda: dialog.offers[0].state is OfferState.SENT)
    assert read_cards(database, [application_id])[0].stage == "offer"
    letter = tmp_path / "offer.pdf"
    dialog.ask_letter_path = lambda _suggested: str(letter)
    QSettings(APP_NAME, APP_NAME).setValue("outreach/sender_name", "Rita Recruiter")
    dialog.letter_button.click()
    qtbot.waitUntil(letter.exists)
    dialog.accept_button.click()
    qtbot.waitUntil(lambda: dialog.offers[0].state is OfferState.ACCEPTED)
    assert read_cards(database, [application_id])[0].stage == "hired"
    assert not dialog.save_button.isEnabled()


def test_the_interview_invitation_is_sent_with_its_ics(
    qtbot: QtBot,
    database: Database,
    operations: Operations,
    hub: ChangesHub,
    card: tuple[int, int],
    server: smtp.SmtpSettings,
    inbox: Inbox,
) -> None:
    candidate_id, application_id = card
    use_server(server)
    dialog = InterviewDialog(
        database,
        operations,
        get_candidate(database, candidate_id),
        list_applications(database, candidate_id),
        application_id=application_id,
        settings=QSettings(APP_NAME, APP_NAME),
    )
    qtbot.addWidget(dialog)
    assert not dialog.invite_button.isEnabled()
    dialog.save()
    qtbot.waitUntil(dialog.invite_button.isEnabled)
    dialog.invite_button.click()
    qtbot.waitUntil(lambda: dialog.invite_dialog is not None)
    message_dialog = message_loaded(qtbot, dialog.invite_dialog)
    assert message_dialog.template().kind is MessageKind.INTERVIEW_INVITATION
    message_dialog.send_button.click()
    qtbot.waitUntil(lambda: len(inbox.messages) == 1)
    (attached,) = list(inbox.messages[0].iter_attachments())
    assert attached.get_filename() == "invitation.ics"
    assert b"BEGIN:VEVENT" in attached.get_payload(decode=True)


def test_a_due_follow_up_is_drafted_for_its_position(
    qtbot: QtBot,
    database: Database,
    operations: Operations,
    hub: ChangesHub,
    card: tuple[int, int],
) -> None:
    candidate_id, _ = card
    use_server(None)
    other, _ = create_position(database, {"title": "Data Engineer", "company": "Beta"})
    log_message(
        database,
        candidate_id,
        direction=Direction.OUT,
        channel=Channel.SMTP,
        kind=MessageKind.FIRST_CONTACT,
        position_id=other,
        subject="Data Engineer at Beta",
        at=datetime.now(UTC) - timedelta(days=10),
    )
    view = InterviewsView(database, hub, operations)
    qtbot.addWidget(view)
    view.show()  # a page reads when it is shown
    qtbot.waitUntil(lambda: view.owed.topLevelItemCount() == 1)
    assert not view.draft_button.isEnabled()
    view.owed.setCurrentItem(view.owed.topLevelItem(0))
    assert view.draft_button.isEnabled()
    view.draft_button.click()
    dialog = message_loaded(qtbot, view.draft_dialog)
    assert dialog.template().kind is MessageKind.FOLLOW_UP
    # Without verified evidence the recruiter names what caught their eye.
    assert "evidence" in dialog.message.text()
    dialog.evidence_combo.setCurrentText("your CSV loader")
    assert dialog.subject_edit.text() == "Re: Data Engineer at Beta"
    assert "Hello Zoë Nowak" in dialog.body_edit.toPlainText()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_exercise_tab_and_the_offer_dialog_render(
    qtbot: QtBot,
    database: Database,
    operations: Operations,
    hub: ChangesHub,
    card: tuple[int, int],
    tmp_path: Path,
    scheme: str,
) -> None:
    candidate_id, _ = card
    assignment_id, _ = add_assignment(database, candidate_id, "web_backend", message_id=None)
    record_review(database, assignment_id, REVIEW)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    use_scheme(scheme)
    pane = pane_for(qtbot, database, operations, hub, candidate_id)
    pane.tabs.setCurrentIndex(pane.tabs.count() - 2)
    shoot(pane, "exercise-grading", scheme, tmp_path)
    pane.outreach.offer_button.click()
    dialog = pane.outreach.offer_dialog
    assert dialog is not None
    dialog.terms_fields.amount.setValue(112_000)
    dialog.terms_fields.notes.setPlainText(
        "Hybrid, two days a week in Berlin; signing bonus €5,000"
    )
    shoot(dialog, "offer-dialog", scheme, tmp_path)


def test_a_take_home_archive_is_analysed_in_the_background_and_attached(
    qtbot: QtBot,
    database: Database,
    operations: Operations,
    hub: ChangesHub,
    card: tuple[int, int],
    tmp_path: Path,
) -> None:
    candidate_id, _ = card
    add_assignment(database, candidate_id, "data", message_id=None)
    archive = tmp_path / "take-home.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr(
            "take-home/revenue.py",
            "def revenue(rows: list[dict[str, str]]) -> float:\n"
            '    """The sum of the amounts."""\n'
            '    return sum(float(row["amount"]) for row in rows)\n',
        )
    pane = pane_for(qtbot, database, operations, hub, candidate_id)
    section = pane.exercise
    assert section.take_home.text() == "No take-home submission analysed."
    section.ask_archive = lambda: str(archive)
    section.take_home_button.click()
    qtbot.waitUntil(lambda: "take-home.zip analysed" in section.take_home.text(), timeout=30_000)
    submission = assignments(database, candidate_id)[0].submission
    assert submission is not None
    assert submission.scores["typing"] > 50
