"""The Sourcing view against the loopback GitHub server: the preview before anything is
stored (who is on file and where, who refused, the region guessed and edited), adding
the ticked people, and a stopped run offered again."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from tests.analysis.github_server import FakeRepo, GitHubServer
from tests.keyrings import MemoryKeyring

from recruitdesk.domain.pipeline import Stage
from recruitdesk.domain.taxonomy import JobState, Region
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.sourcing_model import ADD, ON_FILE, REGION, RegionDelegate
from recruitdesk.gui.sourcing_view import SourcingView
from recruitdesk.jobs.manager import JobManager
from recruitdesk.jobs.runner import JobSettings
from recruitdesk.jobs.sourcing import queue_sourcing
from recruitdesk.jobs.sourcing_job import SearchSpacing
from recruitdesk.storage.board.new_cards import add_cards
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.jobs_queue import JobKind, cancel, list_jobs
from recruitdesk.storage.models.analysis import AnalysisJob
from recruitdesk.storage.models.pipeline import Application, Candidate
from recruitdesk.storage.positions import create_position

CONTRIBUTORS = [("ana", 50), ("bruno", 40), ("nope", 30), ("known", 20), ("dev[bot]", 9)]


@pytest.fixture
def server() -> Iterator[GitHubServer]:
    with GitHubServer(rate_limit=500) as running:
        running.add_user("ana", "Ana Silva", location="Lisboa, Portugal")
        running.add_user("bruno", "Bruno", location="the internet")
        running.add_user("nope", "Nope", bio="Please, no recruiters.", location="Berlin")
        running.add_user("known", "Known Person", location="Toronto, Canada")
        running.add_repo(FakeRepo("acme", "tool", b"tarball", contributors=CONTRIBUTORS))
        yield running


@pytest.fixture
def view(
    qtbot: QtBot,
    database: Database,
    hub: ChangesHub,
    operations: Operations,
    server: GitHubServer,
    memory_keyring: MemoryKeyring,
) -> Iterator[SourcingView]:
    # The search spacing is long enough for a run to be cancelled in its wait.
    settings = JobSettings(
        api_url=server.url,
        seconds_between_requests=0.0,
        search_spacing=SearchSpacing(interval=600.0),
    )
    jobs = JobManager(database, tokens=list, settings=settings)
    jobs.changed.connect(lambda changes: hub.publish(changes, initiator=jobs))
    jobs.start()
    widget = SourcingView(database, hub, operations, jobs)
    qtbot.addWidget(widget)
    widget.resize(1024, 700)
    widget.show()
    yield widget
    assert jobs.shutdown(10_000)


def _rows(view: SourcingView) -> dict[str, int]:
    return {row.person.found.profile.login: n for n, row in enumerate(view.model.rows)}


def test_preview_then_add_the_ticked_with_an_edited_region(
    qtbot: QtBot, view: SourcingView, database: Database
) -> None:
    backend, _ = create_position(database, {"title": "Backend"})
    known, _ = create_candidate(database, {"full_name": "Known Person", "github_login": "known"})
    add_cards(database, backend, [known], stage=Stage.SCREENING.value)
    view.refresh()
    qtbot.waitUntil(lambda: view.position.count() == 1)
    view.target.setText("acme/tool")
    view.run_button.click()
    qtbot.waitUntil(lambda: view.model.rowCount() == 4, timeout=20_000)
    rows = _rows(view)
    model = view.model
    assert model.index(rows["known"], ON_FILE).data() == "On file: Backend (screening)"
    where = model.index(rows["known"], ON_FILE).data(Qt.ItemDataRole.ToolTipRole)
    assert f"candidate {known}" in where
    refusal = model.index(rows["nope"], ON_FILE).data()
    assert refusal.startswith("Do not contact")
    assert "no recruiters" in refusal
    assert (
        model.index(rows["nope"], ADD).data(Qt.ItemDataRole.CheckStateRole) is None
    )  # no tick to give
    assert model.index(rows["ana"], REGION).data() == Region.SOUTHERN_EUROPE.label
    assert model.index(rows["bruno"], REGION).data() == "Unknown"
    assert [row.person.found.profile.login for row in model.ticked()] == ["ana", "bruno"]
    assert "4 people found: 2 new, 1 on file, 1 not to be contacted" in view.summary.text()
    with database.read() as session:  # nothing stored by the preview
        assert session.scalar(select(Candidate.id).where(Candidate.github_login == "ana")) is None
    # The recruiter knows better where Bruno is: the delegate's editor sets it.
    delegate = view.table.itemDelegateForColumn(REGION)
    assert isinstance(delegate, RegionDelegate)
    index = model.index(rows["bruno"], REGION)
    editor = delegate.createEditor(view.table.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, QComboBox)
    delegate.setEditorData(editor, index)
    assert editor.currentText() == "Unknown"
    editor.setCurrentIndex(editor.findData(Region.LATIN_AMERICA.value))
    delegate.setModelData(editor, model, index)
    assert index.data() == Region.LATIN_AMERICA.label
    assert view.add_button.text() == "Add 2 people to position"
    with qtbot.waitSignal(view.message, timeout=20_000) as said:
        view.add_button.click()
    assert "Added 2 people to Backend as sourced; queued 2 GitHub analyses" in said.args[0]
    with database.read() as session:
        regions = dict(
            session.execute(
                select(Candidate.github_login, Candidate.region).where(
                    Candidate.github_login.in_(["ana", "bruno", "nope"])
                )
            ).all()
        )
        assert regions == {"ana": "southern_europe", "bruno": "latin_america"}
        cards = session.scalars(select(Application).where(Application.position_id == backend))
        assert len(list(cards)) == 3
        analyses = select(AnalysisJob).where(AnalysisJob.kind == JobKind.ANALYSIS.value)
        assert len(list(session.scalars(analyses))) == 2
    assert model.ticked() == []
    assert model.index(rows["ana"], ON_FILE).data().startswith("Added: new candidate")


def test_a_stopped_run_is_offered_again(
    qtbot: QtBot, database: Database, view: SourcingView
) -> None:
    queued = queue_sourcing(database, "repo", "acme/tool", 30)
    cancel(database, [queued.job_id])  # a run stopped before its end
    view.refresh()
    qtbot.waitUntil(view.stopped_row.isVisible)
    assert "contributors of acme/tool" in view.stopped_label.text()
    view.resume_button.click()
    qtbot.waitUntil(lambda: view.model.rowCount() == 4, timeout=20_000)
    qtbot.waitUntil(lambda: view.stopped is None)
    assert not view.stopped_row.isVisible()
    assert not view.run_row.isVisible()


def test_a_run_under_way_shows_its_progress_and_cancels(
    qtbot: QtBot, database: Database, server: GitHubServer, view: SourcingView
) -> None:
    for number in range(120):
        server.add_user(f"py{number:03}", location="Warsaw, Poland", followers=number + 50)
    view.kind.setCurrentIndex(view.kind.findData("search"))
    view.target.setText("location:Poland followers:>40")
    view.limit.setValue(120)
    view.run_button.click()
    # The second search page waits for its turn: the run shows why, with Cancel.
    qtbot.waitUntil(lambda: "Pacing the search" in view.run_label.text(), timeout=20_000)
    assert view.run_row.isVisible()
    assert not view.run_button.isEnabled()
    view.cancel_button.click()
    qtbot.waitUntil(view.stopped_row.isVisible, timeout=20_000)
    assert not view.run_row.isVisible()
    assert "the search location:Poland followers:>40: 100 people listed" in (
        view.stopped_label.text()
    )
    assert view.run_button.isEnabled()
    (job,) = list_jobs(database)
    assert job.state is JobState.CANCELLED
