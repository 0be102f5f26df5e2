"""The positions view: create and edit a position with its requirements; bad budgets are
refused at entry with the reason beside the form."""

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from recruitdesk.gui.operations import Operations
from recruitdesk.gui.position_editor import known_skills
from recruitdesk.gui.positions_view import PositionsView
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.models.pipeline import Position
from recruitdesk.storage.positions import create_position, get_position, update_position


def make_view(qtbot: QtBot, database: Database, operations: Operations) -> PositionsView:
    view = PositionsView(database, operations)
    qtbot.addWidget(view)
    view.resize(1280, 820)
    view.show()
    listed(qtbot, view)
    return view


def listed(qtbot: QtBot, view: PositionsView) -> None:
    """Wait for the list read in the background to land."""
    qtbot.waitUntil(lambda: view.reads.loading is None and not view.reads.stale)


def check_region(view: PositionsView, key: str) -> None:
    for index in range(view.editor.regions.count()):
        item = view.editor.regions.item(index)
        if item.data(Qt.ItemDataRole.UserRole) == key:
            item.setCheckState(Qt.CheckState.Checked)


def test_a_new_position_with_requirements(
    qtbot: QtBot, database: Database, operations: Operations, qtmodeltester: ModelTester
) -> None:
    view = make_view(qtbot, database, operations)
    assert view.objectName() == "positionsView"
    assert view.current_id is None
    view.editor.title.setText("Senior Backend Engineer")
    view.editor.level.setCurrentIndex(view.editor.level.findData("senior"))
    check_region(view, "eastern_europe")
    assert view.editor.must_have.add("FastAPI")
    assert view.editor.must_have.add("PostgreSQL")
    assert not view.editor.must_have.add("fastapi")  # already there, by its key
    view.editor.nice_to_have.add("Docker")
    view.editor.min_scores["testing"].setValue(50)
    view.editor.budget_min.setText("60,000")
    view.editor.budget_max.setText("90000")
    with qtbot.waitSignal(view.changes_made) as signal:
        assert view.save()
    changes: Any = signal.args[0]
    assert isinstance(changes, Changes)
    (position_id,) = changes.positions
    saved = get_position(database, position_id)
    assert saved.must_have == ("FastAPI", "PostgreSQL")
    assert saved.nice_to_have == ("Docker",)
    assert saved.regions == ("eastern_europe",)
    assert saved.min_scores == {"testing": 50}
    assert (saved.budget_min, saved.budget_max, saved.budget_currency) == (60_000, 90_000, "USD")
    listed(qtbot, view)
    assert view.model.rowCount() == 1
    assert view.model.data(view.model.index(0, 3)) == "$60,000\u201390,000/yr"
    qtmodeltester.check(view.model)


def test_a_negative_budget_is_refused_at_entry(
    qtbot: QtBot, database: Database, operations: Operations
) -> None:
    view = make_view(qtbot, database, operations)
    view.editor.title.setText("Data Engineer")
    view.editor.budget_min.setText("-5")
    assert not view.save()
    assert view.editor.error.isVisibleTo(view)
    assert "more than 0" in view.editor.error.text()
    view.editor.budget_min.setText("50")
    view.editor.budget_max.setText("5000")
    view.editor.budget_period.setCurrentIndex(view.editor.budget_period.findData("hour"))
    assert not view.save()
    assert "an hour is not plausible" in view.editor.error.text()
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Position)) == 0


def test_editing_an_existing_position(
    qtbot: QtBot, database: Database, operations: Operations
) -> None:
    first, _ = create_position(database, {"title": "Alpha", "must_have": ["Django"]})
    second, _ = create_position(
        database, {"title": "Beta", "budget_min": 70_000, "budget_max": 80_000}
    )
    view = make_view(qtbot, database, operations)
    assert view.model.rowCount() == 2
    view.select(second)
    assert view.editor.title.text() == "Beta"
    assert view.editor.budget_max.text() == "80000"
    view.editor.budget_max.setText("85000")
    view.editor.must_have.add("Celery")
    assert view.save()
    saved = get_position(database, second)
    assert saved.budget_max == 85_000
    assert saved.must_have == ("Celery",)
    view.select(first)
    assert view.editor.must_have.skills() == ["Django"]
    view.editor.must_have.list.item(0).setSelected(True)
    view.editor.must_have.remove_selected()
    assert view.save()
    assert get_position(database, first).must_have == ()


def test_a_save_over_a_position_saved_elsewhere_overwrites_nothing(
    qtbot: QtBot, database: Database, operations: Operations, db_path: Path
) -> None:
    """Two windows on one file: the other one renames the position while this form
    shows it; saving this form's budget is refused in one sentence, the other window's
    title stays, and after Revert the save goes through."""
    position_id, _ = create_position(database, {"title": "Beta", "budget_max": 80_000})
    view = make_view(qtbot, database, operations)
    view.select(position_id)
    with open_database(str(db_path)) as elsewhere:
        update_position(elsewhere, position_id, {"title": "Beta (renamed)"}, version=1)
    view.editor.budget_max.setText("95000")
    assert not view.save()
    assert "saved elsewhere" in view.editor.error.text()
    stored = get_position(database, position_id)
    assert (stored.title, stored.budget_max) == ("Beta (renamed)", 80_000)
    view.editor.revert_button.click()
    assert view.editor.title.text() == "Beta (renamed)"
    view.editor.budget_max.setText("95000")
    assert view.save()
    stored = get_position(database, position_id)
    assert (stored.title, stored.budget_max) == ("Beta (renamed)", 95_000)


def test_the_skill_list_comes_from_the_sample_and_the_catalogue() -> None:
    skills = known_skills()
    assert "FastAPI" in skills
    assert "Python 3.11+" in skills
    assert len(skills) == len({s.casefold() for s in skills})


def test_revert_and_new_position_use_the_buttons(
    qtbot: QtBot, database: Database, operations: Operations
) -> None:
    position_id, _ = create_position(database, {"title": "Gamma", "must_have": ["Flask"]})
    view = make_view(qtbot, database, operations)
    editor = view.editor
    assert (view.current_id, editor.heading.text()) == (position_id, "Gamma")
    editor.title.setText("Gamma (edited, not saved)")
    editor.must_have.add("Redis")
    editor.revert_button.click()
    assert editor.title.text() == "Gamma"
    assert editor.must_have.skills() == ["Flask"]
    with qtbot.waitSignal(view.position_selected) as selected:
        editor.new_button.click()
    assert selected.args == [0]
    assert view.current_id is None
    assert (editor.heading.text(), editor.title.text()) == ("New position", "")
    assert editor.values()["must_have"] == []
    editor.title.setText("Delta")
    editor.save_button.click()
    listed(qtbot, view)
    assert view.model.rowCount() == 2
    assert get_position(database, view.current_id or 0).title == "Delta"


def test_positions_with_one_title_are_told_apart_by_company(
    qtbot: QtBot, database: Database, operations: Operations
) -> None:
    for company in ("Northwind Analytics", "Helio Payments", None):
        create_position(database, {"title": "Lead Python Engineer", "company": company})
    view = make_view(qtbot, database, operations)
    model = view.model
    rows = {
        (model.data(model.index(row, 0)), model.data(model.index(row, 1)))
        for row in range(model.rowCount())
    }
    assert rows == {
        ("Lead Python Engineer", "Northwind Analytics"),
        ("Lead Python Engineer", "Helio Payments"),
        ("Lead Python Engineer", ""),
    }
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Company"


def test_a_change_is_listed_in_the_background_and_a_hidden_view_waits(
    qtbot: QtBot, database: Database, operations: Operations
) -> None:
    create_position(database, {"title": "Alpha"})
    view = make_view(qtbot, database, operations)
    _id, changes = create_position(database, {"title": "Beta"})
    view.apply_changes(changes)
    assert view.model.rowCount() == 1  # not read in the slot
    assert view.reads.loading is not None
    listed(qtbot, view)
    assert view.model.rowCount() == 2
    view.hide()
    _id, changes = create_position(database, {"title": "Gamma"})
    view.apply_changes(changes)
    assert view.reads.stale
    assert view.reads.loading is None
    view.show()
    listed(qtbot, view)
    assert [row.title for row in view.model.rows] == ["Alpha", "Beta", "Gamma"]


def test_a_change_elsewhere_keeps_what_is_being_typed(
    qtbot: QtBot, database: Database, operations: Operations
) -> None:
    alpha, _ = create_position(database, {"title": "Alpha", "company": "Helio"})
    view = make_view(qtbot, database, operations)
    view.select(alpha)
    view.editor.company.setText("Helio Payments GmbH")  # typing, not saved
    # A colleague's edit of another position (or any board move) reloads the list.
    _id, changes = create_position(database, {"title": "Beta"})
    view.apply_changes(changes)
    listed(qtbot, view)
    assert view.model.rowCount() == 2
    assert view.editor.company.text() == "Helio Payments GmbH"
    assert view.current_id == alpha
    assert view.save()
    assert get_position(database, alpha).company == "Helio Payments GmbH"
    # With nothing typed, the form follows what is stored.
    update_position(database, alpha, {"company": "Helio AG"})
    view.apply_changes(Changes(positions=frozenset({alpha})))
    listed(qtbot, view)
    assert view.editor.company.text() == "Helio AG"
