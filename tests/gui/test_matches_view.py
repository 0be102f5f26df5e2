"""The matches view: every candidate ranked with the reasons, and "add to board" for
the selection in one action."""

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QItemSelectionModel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.matches_model import CandidateIdRole
from recruitdesk.gui.matches_view import MatchesView
from recruitdesk.gui.operations import Operations
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.analysis import Analysis, AnalysisSkill
from recruitdesk.storage.models.pipeline import Application, Candidate
from recruitdesk.storage.positions import create_position

WHEN = datetime(2026, 11, 20, tzinfo=UTC)


def person(database: Database, name: str, skills: list[str], analysed: list[str] | None) -> int:
    with database.write() as session:
        row = Candidate(
            full_name=name,
            region="eastern_europe",
            level="senior",
            skills=skills,
            ask_amount=80_000,
            ask_currency="USD",
            ask_period="year",
        )
        session.add(row)
        session.flush()
        if analysed is not None:
            analysis = Analysis(
                candidate_id=row.id,
                source="github",
                analyzed_at=WHEN,
                scores={"overall": 75},
                overall_score=75,
            )
            analysis.skills.extend(
                AnalysisSkill(
                    name=s,
                    confidence=0.9,
                    evidence=[{"repo": "shop", "path": "api/main.py", "why": f"uses {s}"}],
                )
                for s in analysed
            )
            session.add(analysis)
        return row.id


def build(database: Database) -> tuple[int, dict[str, int]]:
    position_id, _ = create_position(
        database,
        {
            "title": "Senior FastAPI Engineer",
            "level": "senior",
            "regions": ["eastern_europe"],
            "must_have": ["FastAPI", "PostgreSQL"],
            "min_scores": {"overall": 60},
            "budget_min": 60_000,
            "budget_max": 90_000,
        },
    )
    people = {
        "verified": person(database, "Vera Verified", [], ["FastAPI", "PostgreSQL"]),
        "claimed": person(database, "Carl Claims", ["FastAPI", "PostgreSQL"], None),
        "none": person(database, "Nina None", ["Excel"], None),
    }
    return position_id, people


def make_view(qtbot: QtBot, database: Database) -> MatchesView:
    operations = Operations(ChangesHub())
    view = MatchesView(database, operations)
    operations.setParent(view)
    operations.hub.setParent(view)
    qtbot.addWidget(view)
    view.resize(1300, 700)
    view.show()
    qtbot.waitUntil(lambda: view.reads.loading is None)
    return view


def show_position(qtbot: QtBot, view: MatchesView, position_id: int) -> None:
    """Choose the position and wait for its ranking, which runs in the background."""
    view.set_position(position_id)
    qtbot.waitUntil(lambda: view.reads.loading is None and view.position_id == position_id)


def test_ranked_with_reasons(qtbot: QtBot, database: Database, qtmodeltester: ModelTester) -> None:
    position_id, people = build(database)
    view = make_view(qtbot, database)
    assert view.objectName() == "matchesView"
    show_position(qtbot, view, position_id)
    order = [view.model.data(view.model.index(r, 0), CandidateIdRole) for r in range(3)]
    assert order == [people["verified"], people["claimed"], people["none"]]
    qtmodeltester.check(view.model)
    reasons = [view.reasons.item(i).text() for i in range(view.reasons.count())]
    assert any("FastAPI verified (shop/api/main.py: uses FastAPI)" in r for r in reasons)
    assert "Vera Verified" in view.reasons_title.text()
    view.table.selectRow(1)
    reasons = [view.reasons.item(i).text() for i in range(view.reasons.count())]
    assert any("FastAPI claimed, not verified" in r for r in reasons)
    assert any("Not analysed yet" in r for r in reasons)
    why = view.model.data(view.model.index(1, 6))
    assert why.startswith("FastAPI claimed, not verified")
    assert "3 ranked" in view.count.text()


def test_add_to_board_in_one_action(qtbot: QtBot, database: Database) -> None:
    position_id, people = build(database)
    view = make_view(qtbot, database)
    show_position(qtbot, view, position_id)
    selection = view.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    selection.clearSelection()
    selection.select(view.model.index(0, 0), flags)
    selection.select(view.model.index(1, 0), flags)
    assert view.add_button.isEnabled()
    assert view.add_button.text() == "Add 2 to board"
    with qtbot.waitSignal(view.changes_made) as signal:
        view.add_button.click()
    changes: Any = signal.args[0]
    assert isinstance(changes, Changes)
    assert changes.candidates == {people["verified"], people["claimed"]}
    with database.read() as session:
        on_board = set(
            session.scalars(
                select(Application.candidate_id).where(Application.position_id == position_id)
            )
        )
    assert on_board == {people["verified"], people["claimed"]}
    # Hidden once they are on the board (after the ranking that follows the add); shown
    # again, marked, when asked.
    qtbot.waitUntil(lambda: view.reads.loading is None)
    assert view.model.rowCount() == 1
    assert "2 on the board hidden" in view.count.text()
    view.hide_on_board.setChecked(False)
    assert view.model.rowCount() == 3
    assert view.model.data(view.model.index(0, 7)) == "on board"
    view.table.selectRow(0)
    assert not view.add_button.isEnabled()


def test_no_position_no_rows(qtbot: QtBot, database: Database) -> None:
    view = make_view(qtbot, database)
    assert view.position_id is None
    assert view.model.rowCount() == 0
    assert view.add_selected() == Changes()
    position_id, _ = create_position(database, {"title": "Later"})
    view.apply_changes(Changes(positions=frozenset({position_id})))
    assert view.position_id is None  # listed in the background, not in the slot
    qtbot.waitUntil(lambda: view.position_id == position_id)


def test_narrowing_by_search(qtbot: QtBot, database: Database) -> None:
    position_id, people = build(database)
    view = make_view(qtbot, database)
    show_position(qtbot, view, position_id)
    view.search.setText("FastAPI verified")
    view.search.returnPressed.emit()
    assert view.searches.loading is not None  # searched in the background
    qtbot.waitUntil(lambda: view.searches.loading is None)
    ids = [view.model.data(view.model.index(r, 0), CandidateIdRole) for r in range(3)]
    assert view.model.rowCount() == 1
    assert ids[0] == people["verified"]
    assert "1 found of 3" in view.count.text()
    # Words find claimed skills: Carl lists FastAPI, Vera's code shows it.
    view.search.setText("fastapi")
    qtbot.waitUntil(
        lambda: view.model.data(view.model.index(0, 0), CandidateIdRole) == people["claimed"]
    )
    assert view.model.rowCount() == 1
    view.search.setText("stage:limbo")
    view.search.returnPressed.emit()
    qtbot.waitUntil(lambda: view.searches.loading is None)
    assert "Unknown stage" in view.count.text()
    view.search.clear()
    view.search.returnPressed.emit()
    assert view.model.rowCount() == 3


def test_a_hidden_view_reranks_when_shown_not_on_every_change(
    qtbot: QtBot, database: Database
) -> None:
    """Board moves must not pay for a full ranking while the matches are out of sight."""
    position_id, _people = build(database)
    view = make_view(qtbot, database)
    show_position(qtbot, view, position_id)
    assert view.model.rowCount() == 3
    view.hide()
    extra = person(database, "Late Arrival", ["FastAPI"], None)
    view.apply_changes(Changes(candidates=frozenset({extra})))
    assert view.reads.stale
    assert view.model.rowCount() == 3
    view.show()
    assert not view.reads.stale
    qtbot.waitUntil(lambda: view.model.rowCount() == 4)


def test_the_position_picker_names_the_company(qtbot: QtBot, database: Database) -> None:
    for company in ("Northwind Analytics", "Helio Payments"):
        create_position(database, {"title": "Lead Python Engineer", "company": company})
    view = make_view(qtbot, database)
    texts = sorted(view.position.itemText(i) for i in range(view.position.count()))
    assert texts == [
        "Lead Python Engineer — Helio Payments",
        "Lead Python Engineer — Northwind Analytics",
    ]
