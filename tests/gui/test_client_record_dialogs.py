"""Correcting and removing submissions, editing and removing placements on the Clients
page, with real widgets on a real SQLite file: a bad value is one sentence in the
dialog with nothing written, each edit is in the candidate's trail with its actor, goes
out on the change signal with its initiator, and the window's undo (Ctrl+Z) takes it
back and redoes it."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from shiboken6 import isValid
from tests import templates

from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.client_record_dialogs import SubmissionDialog, typed_fee
from recruitdesk.gui.clients_page import ClientsPage
from recruitdesk.gui.main_window import MainWindow
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.pages import PAGES
from recruitdesk.storage.audit import list_audit
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.clients import add_contact, list_clients
from recruitdesk.storage.database import Database
from recruitdesk.storage.placements import list_placements, record_placement
from recruitdesk.storage.positions import create_position
from recruitdesk.storage.submissions import list_submissions, record_submission

SENT = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)


def _fill(database: Database) -> tuple[int, int]:
    """Ana submitted to Helio and placed there: (candidate id, client id)."""
    candidate_id, _ = create_candidate(database, {"full_name": "Ana Novak"})
    position_id, _ = create_position(database, {"title": "Backend", "company": "Helio"})
    [client] = list_clients(database)
    client_id = client.id
    record_submission(database, candidate_id, client_id, position_id=position_id, now=SENT)
    record_placement(
        database,
        client_id,
        candidate_id,
        position_id=position_id,
        start_date=date(2026, 5, 4),
        fee_amount=24_000,
        fee_currency="EUR",
        guarantee_days=90,
    )
    return candidate_id, client_id


def _page(
    qtbot: QtBot, database: Database, hub: ChangesHub, ops: Operations, stack: QUndoStack
) -> ClientsPage:
    page = ClientsPage(database, hub, ops, stack)
    qtbot.addWidget(page)
    page.resize(1024, 700)
    page.show()
    qtbot.waitUntil(lambda: page.submissions_tab.tree.topLevelItemCount() == 1)
    qtbot.waitUntil(lambda: page.placements_tab.placements.topLevelItemCount() == 1)
    return page


def test_a_submission_is_corrected_refused_undone_and_redone(
    qtbot: QtBot, database: Database, hub: ChangesHub, operations: Operations
) -> None:
    database.actor = "Bea"
    candidate_id, client_id = _fill(database)
    stack = QUndoStack()
    page = _page(qtbot, database, hub, operations, stack)
    published: list[Changes] = []
    hub.changed.connect(published.append)
    tab = page.submissions_tab
    assert not tab.correct_button.isEnabled()
    tab.tree.setCurrentItem(tab.tree.topLevelItem(0))
    tab.correct_button.click()
    qtbot.waitUntil(lambda: tab.records.dialog is not None and tab.records.dialog.isVisible())
    dialog = tab.records.dialog
    assert dialog is not None
    assert dialog.day.date() == QDate(2026, 3, 2)
    assert not dialog.file_name.isEnabled()
    dialog.day.setDate(QDate.currentDate().addDays(3))
    dialog.save()
    qtbot.waitUntil(lambda: dialog.problem.isVisible())
    assert dialog.problem.text().startswith("A submission cannot be dated after today (got ")
    assert dialog.isVisible()
    assert list_submissions(database, client_id=client_id)[0].submitted_at == SENT

    dialog.day.setDate(QDate(2026, 2, 27))
    dialog.kind.setCurrentIndex(dialog.kind.findData("pdf"))
    assert dialog.file_name.isEnabled()
    dialog.file_name.setText("Ana Novak - profile.pdf")
    dialog.save()
    qtbot.waitUntil(lambda: not isValid(dialog))  # closed and deleted: nothing kept
    qtbot.waitUntil(lambda: tab.tree.topLevelItem(0).text(4) == "Ana Novak - profile.pdf")
    [entry] = list_submissions(database, client_id=client_id)
    assert entry.submitted_at == SENT - timedelta(days=3)
    assert tab.tree.topLevelItem(0).text(3) == "Bea"  # who sent it, unchanged
    [audit] = [a for a in list_audit(database, candidate_id) if a.action == "submission"]
    assert (audit.actor, audit.detail) == (
        "Bea",
        "Corrected the submission to Helio: date, what was sent",
    )
    mine = [c for c in published if c.initiator is dialog]
    assert [(c.candidates, c.clients) for c in mine] == [({candidate_id}, {client_id})]

    assert stack.undoText() == "Correct a submission"
    stack.undo()
    qtbot.waitUntil(lambda: tab.tree.topLevelItem(0).text(4) == "profile")
    assert list_submissions(database, client_id=client_id)[0].submitted_at == SENT
    stack.redo()
    qtbot.waitUntil(lambda: tab.tree.topLevelItem(0).text(4) == "Ana Novak - profile.pdf")


def test_a_submission_is_moved_to_another_position_and_contact_of_the_client(
    qtbot: QtBot, database: Database, hub: ChangesHub, operations: Operations
) -> None:
    _candidate_id, client_id = _fill(database)
    create_position(database, {"title": "Data", "company": "Helio"})
    create_position(database, {"title": "Ops", "company": "Kestrel"})
    add_contact(database, client_id, "Mia Berg", role="CTO")
    stack = QUndoStack()
    page = _page(qtbot, database, hub, operations, stack)
    tab = page.submissions_tab
    tab.tree.setCurrentItem(tab.tree.topLevelItem(0))
    tab.correct_button.click()
    qtbot.waitUntil(lambda: tab.records.dialog is not None and tab.records.dialog.isVisible())
    dialog = tab.records.dialog
    assert isinstance(dialog, SubmissionDialog)
    # Only the client's own positions and contacts are offered.
    offered = [dialog.position.itemText(i) for i in range(dialog.position.count())]
    assert offered[0] == "No position"
    assert "Ops" not in " ".join(offered)
    assert dialog.position.currentText().startswith("Backend")
    assert dialog.contact.currentText() == "Nobody named"
    dialog.position.setCurrentIndex(next(i for i, t in enumerate(offered) if t.startswith("Data")))
    dialog.contact.setCurrentIndex(dialog.contact.findText("Mia Berg (CTO)"))
    dialog.save()
    qtbot.waitUntil(lambda: not isValid(dialog))
    qtbot.waitUntil(lambda: tab.tree.topLevelItem(0).text(4) == "profile to Mia Berg")
    assert tab.tree.topLevelItem(0).text(2) == "Data"
    [entry] = list_submissions(database, client_id=client_id)
    assert (entry.position, entry.contact) == ("Data", "Mia Berg")
    stack.undo()
    qtbot.waitUntil(lambda: tab.tree.topLevelItem(0).text(4) == "profile")
    assert list_submissions(database, client_id=client_id)[0].position == "Backend"


def test_a_removed_submission_comes_back_with_undo(
    qtbot: QtBot, database: Database, hub: ChangesHub, operations: Operations
) -> None:
    candidate_id, client_id = _fill(database)
    stack = QUndoStack()
    page = _page(qtbot, database, hub, operations, stack)
    said: list[str] = []
    operations.message.connect(said.append)
    tab = page.submissions_tab
    tab.tree.setCurrentItem(tab.tree.topLevelItem(0))
    tab.remove_button.click()
    qtbot.waitUntil(lambda: tab.tree.topLevelItemCount() == 0)
    assert said == ["The submission was removed from the log; Ctrl+Z puts it back."]
    assert list_submissions(database, client_id=client_id) == []
    stack.undo()
    qtbot.waitUntil(lambda: tab.tree.topLevelItemCount() == 1)
    assert list_submissions(database, client_id=client_id)[0].submitted_at == SENT
    details = [a.detail for a in list_audit(database, candidate_id) if a.action == "submission"]
    assert details == ["Put back the submission to Helio", "Removed the submission to Helio"]


def test_a_placement_is_edited_refused_removed_and_put_back(
    qtbot: QtBot, database: Database, hub: ChangesHub, operations: Operations
) -> None:
    database.actor = "Cy"
    candidate_id, client_id = _fill(database)
    stack = QUndoStack()
    page = _page(qtbot, database, hub, operations, stack)
    tab = page.placements_tab
    tab.placements.setCurrentItem(tab.placements.topLevelItem(0))
    tab.edit_button.click()
    qtbot.waitUntil(lambda: tab.records.dialog is not None and tab.records.dialog.isVisible())
    dialog = tab.records.dialog
    assert dialog is not None
    assert dialog.fee.text() == "24,000"
    dialog.fee.setText("a lot")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.problem.isVisible())
    assert dialog.problem.text() == "The fee is a whole amount of money."
    dialog.fee.setText("26,500")
    dialog.guarantee.setValue(400)
    dialog.save()
    qtbot.waitUntil(lambda: "(got 400)" in dialog.problem.text())
    assert dialog.problem.text() == "A guarantee runs from 0 to 365 days (got 400)."
    dialog.guarantee.setValue(120)
    dialog.start.setDate(QDate(2026, 5, 11))
    dialog.save()
    qtbot.waitUntil(lambda: tab.placements.topLevelItem(0).text(3) == "26,500 EUR")
    assert tab.placements.topLevelItem(0).text(4) == "08 Sep 2026"
    [audit] = [a for a in list_audit(database, candidate_id) if a.action == "placement"]
    assert (audit.actor, audit.detail) == (
        "Cy",
        "Edited the placement with Helio: start, fee, guarantee",
    )
    stack.undo()
    qtbot.waitUntil(lambda: tab.placements.topLevelItem(0).text(3) == "24,000 EUR")
    [placed] = list_placements(database, client_id)
    assert (placed.start_date, placed.guarantee_days) == (date(2026, 5, 4), 90)

    tab.placements.setCurrentItem(tab.placements.topLevelItem(0))
    tab.remove_button.click()
    qtbot.waitUntil(lambda: tab.placements.topLevelItemCount() == 0)
    assert stack.undoText() == "Remove a placement"
    stack.undo()
    qtbot.waitUntil(lambda: tab.placements.topLevelItemCount() == 1)
    assert list_placements(database, client_id)[0].fee_amount == 24_000


def test_the_windows_ctrl_z_undoes_a_removal(qtbot: QtBot, db_path: Path) -> None:
    with templates.open_empty(db_path) as database:
        _fill(database)
    window = MainWindow(str(db_path))
    qtbot.addWidget(window)
    window.show()
    # A page is built, and reads, when it is shown.
    window.show_page(PAGES.index("Clients"))
    page = window.page(PAGES.index("Clients"))
    assert isinstance(page, ClientsPage)
    tab = page.submissions_tab
    qtbot.waitUntil(lambda: tab.tree.topLevelItemCount() == 1)
    tab.tree.setCurrentItem(tab.tree.topLevelItem(0))
    tab.remove_button.click()
    qtbot.waitUntil(lambda: tab.tree.topLevelItemCount() == 0)
    assert window.undo_action.text() == "&Undo Remove a submission"
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(tab.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.tree.topLevelItemCount() == 1)
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: tab.tree.topLevelItemCount() == 0)


def test_a_submission_moved_to_today_is_never_dated_ahead(
    qtbot: QtBot, database: Database, hub: ChangesHub, operations: Operations
) -> None:
    candidate_id, client_id = _fill(database)
    # Logged late in the day: moved to today, its time of day may still lie ahead.
    record_submission(database, candidate_id, client_id, now=SENT.replace(hour=23, minute=59))
    page = ClientsPage(database, hub, operations, QUndoStack())
    qtbot.addWidget(page)
    page.show()
    tab = page.submissions_tab
    qtbot.waitUntil(lambda: tab.tree.topLevelItemCount() == 2)
    tab.tree.setCurrentItem(tab.tree.topLevelItem(0))
    tab.correct()
    qtbot.waitUntil(lambda: tab.records.dialog is not None and tab.records.dialog.isVisible())
    dialog = tab.records.dialog
    assert isinstance(dialog, SubmissionDialog)
    dialog.day.setDate(QDate.currentDate())
    dialog.save()
    qtbot.waitUntil(lambda: not isValid(dialog))  # closed and deleted: nothing kept
    newest = list_submissions(database, client_id=client_id)[0]
    assert newest.submitted_at <= datetime.now(UTC)
    assert newest.submitted_at.astimezone().date() == date.today()


def test_a_typed_fee_is_a_number_or_left_for_storage_to_refuse() -> None:
    assert typed_fee(" 26,500 ") == 26_500
    assert typed_fee("-5") == -5
    # str.isdigit() takes a superscript that int() does not: no error on the GUI thread.
    assert typed_fee("1²") == "1²"
    assert typed_fee("a lot") == "a lot"
