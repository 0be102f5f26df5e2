"""The Clients page and "Submit to client…" with real widgets on a real SQLite file:
the analytics of a client and of one position, contacts, a PDF submitted through the
report path and logged with its claim window, and a bad placement refused in one
sentence with nothing written."""

from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from tests.storage.pipeline_histories import generate

from recruitdesk.gui.candidate.submit_dialog import SubmitDialog
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.clients_page import ClientsPage
from recruitdesk.gui.operations import Operations
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.clients import Placement
from recruitdesk.storage.submissions import list_submissions


def open_page(qtbot: QtBot, database: Database, hub: ChangesHub, ops: Operations) -> ClientsPage:
    page = ClientsPage(database, hub, ops)
    qtbot.addWidget(page)
    page.resize(1024, 700)
    page.show()
    qtbot.waitUntil(lambda: page.analytics.chart.analytics is not None)
    return page


def test_the_page_shows_a_clients_pipeline_and_one_positions(
    qtbot: QtBot, database: Database, hub: ChangesHub, operations: Operations
) -> None:
    expected = generate(database, 300, clients=2, positions=4, seed=2)
    page = open_page(qtbot, database, hub, operations)
    assert page.clients.count() == 2
    chart = page.analytics.chart
    assert chart.analytics is not None
    assert chart.analytics.scope == "Client 1"
    assert chart.analytics.applications == expected[1].applications
    assert "in the pipeline" in page.analytics.summary.text()
    assert page.positions.topLevelItemCount() == 2
    page.scope.setCurrentIndex(1)
    page.load_analytics()
    qtbot.waitUntil(
        lambda: chart.analytics is not None and chart.analytics.scope.startswith("Engineer 1")
    )
    assert chart.analytics.applications < expected[1].applications
    assert not chart.grab().isNull()


def test_contacts_and_a_new_client(
    qtbot: QtBot, database: Database, hub: ChangesHub, operations: Operations
) -> None:
    generate(database, 20, clients=1, positions=1, seed=2)
    page = open_page(qtbot, database, hub, operations)
    name, role, email, _phone = page.contacts_tab.fields
    name.setText("Mia Lund")
    role.setText("Head of Engineering")
    email.setText("mia@client.example")
    page.contacts_tab.add_contact()
    qtbot.waitUntil(lambda: page.contacts_tab.contacts.topLevelItemCount() == 1)
    assert page.contacts_tab.contacts.topLevelItem(0).text(1) == "Head of Engineering"
    page.new_name.setText("Northwind")
    page.add_client()
    qtbot.waitUntil(lambda: page.clients.count() == 2)
    qtbot.waitUntil(lambda: page.heading.text() == "Northwind")


def test_a_pdf_submitted_from_the_candidate_is_logged_and_a_bad_fee_refused(
    qtbot: QtBot, database: Database, hub: ChangesHub, operations: Operations, tmp_path: Path
) -> None:
    generate(database, 20, clients=1, positions=1, seed=2)
    page = open_page(qtbot, database, hub, operations)
    holder = QWidget()
    qtbot.addWidget(holder)
    dialog = SubmitDialog(database, operations, 3, "Person 3", holder)
    target = tmp_path / "Person 3 - report.pdf"
    dialog.choose_save_path = lambda *_args: str(target)
    said: list[str] = []
    dialog.submitted.connect(said.append)
    qtbot.waitUntil(lambda: dialog.position.count() == 2)
    dialog.position.setCurrentIndex(1)
    dialog.submit()
    qtbot.waitUntil(lambda: bool(said))
    assert said[0].startswith(f"{target.name} (")
    assert said[0].endswith(" submitted to Client 1; logged.")
    assert target.read_bytes().startswith(b"%PDF")
    [entry] = list_submissions(database, candidate_id=3)
    assert (entry.kind, entry.file_name, entry.position) == ("pdf", target.name, "Engineer 1")
    qtbot.waitUntil(lambda: page.submissions_tab.tree.topLevelItemCount() == 1)
    assert "days left" in page.submissions_tab.tree.topLevelItem(0).text(5)

    messages: list[str] = []
    operations.message.connect(messages.append)
    assert page.placements_tab.candidate.currentText() == "Person 3"
    page.placements_tab.fee.setText("-5000")
    page.placements_tab.record_placement()
    qtbot.waitUntil(lambda: bool(messages))
    assert "The fee cannot be negative (got -5,000)." in messages[0]
    page.placements_tab.fee.setText("18000")
    page.placements_tab.guarantee.setValue(4000)
    page.placements_tab.record_placement()
    qtbot.waitUntil(lambda: len(messages) == 2)
    assert "A guarantee runs from 0 to 365 days (got 4,000)." in messages[1]
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Placement)) == 0
    page.placements_tab.guarantee.setValue(90)
    page.placements_tab.record_placement()
    qtbot.waitUntil(lambda: page.placements_tab.placements.topLevelItemCount() == 1)
    assert page.placements_tab.placements.topLevelItem(0).text(3) == "18,000 USD"
