"""The Positions page's History tab, with real widgets on a real SQLite file: who
created and changed the chosen position, newest first; a save from the form shows up
through the change signal; choosing another position shows its own trail."""

from datetime import UTC, datetime

from pytestqt.qtbot import QtBot

from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.position_history import PositionHistoryModel
from recruitdesk.gui.positions_page import HISTORY_TAB, PositionsPage
from recruitdesk.storage.database import Database
from recruitdesk.storage.positions import create_position, update_position

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _rows(model: PositionHistoryModel) -> list[tuple[str, str]]:
    return [
        (model.index(row, 1).data(), model.index(row, 2).data()) for row in range(model.rowCount())
    ]


def test_the_history_tab_lists_who_changed_the_position_newest_first(
    qtbot: QtBot, database: Database, hub: ChangesHub, operations: Operations
) -> None:
    database.actor = "Ana"
    backend, _ = create_position(database, {"title": "Backend", "company": "Helio"}, now=MONDAY)
    data, _ = create_position(database, {"title": "Data"}, now=MONDAY)
    database.actor = "Bea"
    update_position(
        database, backend, {"title": "Senior Backend", "budget_min": 90_000, "budget_max": 120_000}
    )
    page = PositionsPage(database, hub, operations)
    qtbot.addWidget(page)
    page.resize(1024, 700)
    page.show()
    page.setCurrentIndex(HISTORY_TAB)
    assert page.tabText(HISTORY_TAB) == "History"
    history = page.history
    # The list reads in the background; a position is chosen once it is there.
    qtbot.waitUntil(lambda: page.positions.model.rowCount() == 2)
    page.positions.select(backend)
    qtbot.waitUntil(lambda: history.model.rowCount() == 2)
    assert _rows(history.model) == [
        ("Bea", "Changed title, lowest budget, highest budget, budget currency, budget period"),
        ("Ana", "Created the position"),
    ]
    assert history.model.index(1, 0).data() == "02 Mar 2026, " + MONDAY.astimezone().strftime(
        "%H:%M"
    )
    assert history.heading.text() == "Who changed Senior Backend, newest first"

    database.actor = "Cy"
    page.positions.editor.title.setText("Staff Backend")
    assert page.positions.save()
    qtbot.waitUntil(lambda: history.model.rowCount() == 3)
    assert _rows(history.model)[0] == ("Cy", "Changed title")

    page.positions.select(data)
    qtbot.waitUntil(lambda: history.heading.text() == "Who changed Data, newest first")
    assert _rows(history.model) == [("Ana", "Created the position")]
    page.positions.new_position()
    assert history.model.rowCount() == 0
    assert history.heading.text() == "Choose a position to see who changed it."
