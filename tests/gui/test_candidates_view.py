"""The Candidates view: a lazy model under a sort/filter proxy; add and delete."""

from datetime import date

import pytest
from gui_helpers import GuiThreadReads, Sample, fetch_all
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, insert, select

from recruitdesk.gui.candidate_list_model import PAGE
from recruitdesk.gui.candidates_view import CandidatesView
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.operations import Operations
from recruitdesk.storage.candidates import create_candidate, update_candidate
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.consent import Suppression
from recruitdesk.storage.models.pipeline import Application, Candidate, Note


def fill(database: Database, count: int) -> None:
    rows = [
        {"full_name": f"Person {n:04d}", "uid": f"u{n}", "years_experience": n % 20}
        for n in range(count)
    ]
    with database.write() as session:
        session.execute(insert(Candidate), rows)


def make_view(qtbot: QtBot, database: Database) -> CandidatesView:
    hub = ChangesHub()
    operations = Operations(hub)
    view = CandidatesView(database, hub, operations)
    operations.setParent(view)
    hub.setParent(view)
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    settle(qtbot, view)
    return view


def settle(qtbot: QtBot, view: CandidatesView) -> None:
    """Wait for the list's reads, which run in the background."""
    qtbot.waitUntil(lambda: view.reads.loading is None and not view.reads.stale)


def test_the_models_pass_the_model_tester(
    qtbot: QtBot, sample: Sample, qtmodeltester: ModelTester
) -> None:
    view = make_view(qtbot, sample.database)
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == 6
    assert view.model.data(view.model.index(0, 0)) == "Ana Example"


def test_rows_are_read_a_page_at_a_time_off_the_gui_thread(
    qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(database, PAGE * 2 + 50)
    view = make_view(qtbot, database)
    model = view.model
    reads = GuiThreadReads(database, monkeypatch)
    assert model.rowCount() == PAGE
    assert model.canFetchMore()
    for expected in (PAGE * 2, PAGE * 2 + 50):
        view.table.scrollToBottom()  # the view asks for the next page at its end
        qtbot.waitUntil(lambda expected=expected: model.rowCount() == expected)
    fetch_all(qtbot, model, model.pages)
    assert model.rowCount() == PAGE * 2 + 50
    assert len({row.id for row in model.rows}) == PAGE * 2 + 50
    assert reads.count == 0
    assert view.count.text() == f"{PAGE * 2 + 50:,} candidates"


def test_sorting_and_filtering_in_the_database(qtbot: QtBot, sample: Sample) -> None:
    update_candidate(sample.database, sample.candidates["Cy"], {"years_experience": 30})
    update_candidate(sample.database, sample.candidates["Ana"], {"years_experience": 4})
    view = make_view(qtbot, sample.database)
    view.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
    settle(qtbot, view)
    assert view.model.data(view.model.index(0, 0)) == "Cy Example"
    assert view.model.data(view.model.index(1, 0)) == "Ana Example"
    qtbot.keyClicks(view.filter, "eli@")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    settle(qtbot, view)
    assert view.model.data(view.model.index(0, 1)) == "eli@example.com"
    assert view.count.text() == "1 of 6 candidates"


def test_changes_refresh_only_the_rows_they_name(qtbot: QtBot, sample: Sample) -> None:
    view = make_view(qtbot, sample.database)
    changes = update_candidate(
        sample.database, sample.candidates["Bo"], {"full_name": "Bo Renamed"}
    )
    new_id, added = create_candidate(sample.database, {"full_name": "Zed New"})
    view.hub.publish(changes | added)
    settle(qtbot, view)
    names = [row.full_name for row in view.model.rows]
    assert "Bo Renamed" in names
    assert names[-1] == "Zed New"
    assert view.model.row_of(new_id) == 6


def _answer(asked: list[str], button: QMessageBox.StandardButton, on_request: bool) -> None:
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    asked.append(box.text())
    check = box.checkBox()
    assert check is not None
    assert check.isChecked()  # asked to be erased: the default
    check.setChecked(on_request)
    box.button(button).click()


def _count(database: Database, table: type, where: object | None = None) -> int:
    query = select(func.count()).select_from(table)
    with database.read() as session:
        return int(session.scalar(query if where is None else query.where(where)) or 0)


def _view_with_dee_selected(qtbot: QtBot, sample: Sample) -> tuple[CandidatesView, int]:
    view = make_view(qtbot, sample.database)
    view.show()
    dee = sample.candidates["Dee"]
    row = view.model.row_of(dee)
    assert row is not None
    view.table.selectRow(row)
    return view, dee


@pytest.mark.usefixtures("memory_keyring")
def test_delete_asks_first_and_erases_everywhere_in_the_background(
    qtbot: QtBot, sample: Sample
) -> None:
    view, dee = _view_with_dee_selected(qtbot, sample)
    asked: list[str] = []
    cancel, yes = QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes
    QTimer.singleShot(0, lambda: _answer(asked, cancel, True))
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert "Dee Example" in asked[0]
    assert view.model.row_of(dee) is not None
    QTimer.singleShot(0, lambda: _answer(asked, yes, True))
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.row_of(dee) is None)
    assert _count(sample.database, Candidate, Candidate.id == dee) == 0
    assert _count(sample.database, Application, Application.candidate_id == dee) == 0
    assert _count(sample.database, Note, Note.candidate_id == dee) == 0
    # They asked: a keyed hash of what identified them stays, nothing else.
    assert _count(sample.database, Suppression) >= 1
    qtbot.waitUntil(lambda: view.count.text() == "5 candidates")


@pytest.mark.usefixtures("memory_keyring")
def test_a_delete_not_on_request_keeps_no_hash(qtbot: QtBot, sample: Sample) -> None:
    view, dee = _view_with_dee_selected(qtbot, sample)
    asked: list[str] = []
    QTimer.singleShot(0, lambda: _answer(asked, QMessageBox.StandardButton.Yes, False))
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _count(sample.database, Candidate, Candidate.id == dee) == 0)
    assert _count(sample.database, Suppression) == 0


def test_the_filter_reaches_candidates_not_read_yet(qtbot: QtBot, database: Database) -> None:
    fill(database, PAGE * 3)
    view = make_view(qtbot, database)
    assert view.model.rowCount() == PAGE
    qtbot.keyClicks(view.filter, "Person 0555")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.model.data(view.model.index(0, 0)) == "Person 0555"


def test_sorting_covers_candidates_not_read_yet(qtbot: QtBot, database: Database) -> None:
    """The database sorts: the first row is the last candidate by id, not read yet."""
    fill(database, PAGE * 3)
    view = make_view(qtbot, database)
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    settle(qtbot, view)
    assert view.model.data(view.model.index(0, 0)) == f"Person {PAGE * 3 - 1:04d}"
    assert view.model.rowCount() == PAGE


def test_the_lapsed_consent_filter(qtbot: QtBot, sample: Sample) -> None:
    update_candidate(sample.database, sample.candidates["Ana"], {"consent_until": date(2020, 1, 1)})
    update_candidate(sample.database, sample.candidates["Cy"], {"consent_until": date(2999, 1, 1)})
    view = make_view(qtbot, sample.database)
    view.show_lapsed()
    settle(qtbot, view)
    assert view.lapsed_button.isChecked()
    assert view.model.rowCount() == 1
    assert view.model.data(view.model.index(0, 0)) == "Ana Example"
    assert view.count.text() == "1 of 6 candidates"
    view.lapsed_button.click()
    settle(qtbot, view)
    assert view.model.rowCount() == 6


def test_a_hidden_list_reads_again_only_when_shown(qtbot: QtBot, sample: Sample) -> None:
    view = make_view(qtbot, sample.database)
    view.hide()
    _id, added = create_candidate(sample.database, {"full_name": "Zed New"})
    view.hub.publish(added | Changes(everything=True))
    assert view.reads.loading is None  # nothing read for a list nobody sees
    assert view.reads.stale
    view.show()
    settle(qtbot, view)
    assert "Zed New" in [row.full_name for row in view.model.rows]


def test_a_changed_row_is_read_off_the_gui_thread(
    qtbot: QtBot, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = make_view(qtbot, sample.database)
    on_gui_thread = GuiThreadReads(sample.database, monkeypatch)
    ana = sample.candidates["Ana"]
    changes = update_candidate(sample.database, ana, {"full_name": "Ana Renamed"})
    view.hub.publish(changes, initiator=object())
    assert view.reads.loading is not None  # read in the background, not in the slot
    settle(qtbot, view)
    assert view.model.data(view.model.index(0, 0)) == "Ana Renamed"
    assert view.model.total == 6
    assert on_gui_thread.count == 0
