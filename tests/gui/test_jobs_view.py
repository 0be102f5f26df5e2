"""The Jobs view: states, live progress bars, last errors, cancel and retry."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from gui_helpers import use_scheme
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from recruitdesk.domain.taxonomy import JobState
from recruitdesk.domain.wording import clock_time
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.jobs_view import (
    DETAILS,
    PROGRESS,
    STATE,
    WORKSTATION,
    JobsView,
    ProgressRole,
)
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.style import colors
from recruitdesk.jobs.manager import JobManager
from recruitdesk.jobs.runner import INTERRUPTED, Progress
from recruitdesk.storage import jobs_lease, jobs_queue
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.jobs_queue import WaitReason
from recruitdesk.storage.models.pipeline import Candidate

PEOPLE = ("ada", "bob", "cyd", "dee", "eve", "gus", "hal", "fay")  # fay stays queued: last


@pytest.fixture
def manager(database: Database) -> Iterator[JobManager]:
    """A manager that is never started: the test sets every job's state itself."""
    made = JobManager(database, tokens=list)
    yield made
    assert made.shutdown(10_000)


def _claim(database: Database) -> int:
    job = jobs_lease.claim_next(database)
    assert job is not None
    return job.id


def fill(database: Database) -> dict[str, int]:
    """One job in each state; returns job ids by login."""
    for login in PEOPLE:
        create_candidate(
            database, {"full_name": f"{login.capitalize()} Lovelace", "github_login": login}
        )
    with database.read() as session:
        ids = list(session.scalars(select(Candidate.id).order_by(Candidate.id)))
    jobs: dict[str, int] = {}
    for login, candidate_id in zip(PEOPLE, ids, strict=True):
        jobs_queue.enqueue(database, [candidate_id])
        if login == "fay":
            jobs[login] = jobs_queue.list_jobs(database)[0].id  # stays queued
            continue
        jobs[login] = _claim(database)
    later = datetime.now(UTC) + timedelta(minutes=40)
    jobs_lease.finish(database, jobs["ada"])
    jobs_lease.fail(
        database, jobs["bob"], "There is no GitHub user 'bob' at https://api.github.com."
    )
    jobs_lease.reschedule(
        database, jobs["cyd"], later, WaitReason.OFFLINE, "GitHub is unreachable."
    )
    jobs_lease.reschedule(
        database, jobs["dee"], later, WaitReason.RATE_LIMITED, "The limit is spent."
    )
    jobs_lease.reschedule(database, jobs["gus"], later, WaitReason.INTERRUPTED)
    jobs_lease.reschedule(database, jobs["hal"], later, WaitReason.RETRY, "ada/shop was cut short.")
    jobs_lease.report_progress(database, jobs["eve"], 0.4)  # running
    return jobs


def make_view(qtbot: QtBot, manager: JobManager) -> tuple[JobsView, ChangesHub]:
    hub = ChangesHub()
    manager.changed.connect(hub.publish)
    operations = Operations(hub)
    view = JobsView(manager, hub, operations)
    operations.setParent(view)
    hub.setParent(view)
    qtbot.addWidget(view)
    view.resize(1100, 480)
    view.show()
    listed(qtbot, view)
    return view, hub


def listed(qtbot: QtBot, view: JobsView) -> None:
    """Wait for the list, read in the background, to land."""
    qtbot.waitUntil(lambda: view.reads.loading is None and not view.reads.stale)


def _cell(
    view: JobsView, job_id: int, column: int, role: int = Qt.ItemDataRole.DisplayRole
) -> object:
    row = view.model.row_of(job_id)
    assert row is not None
    return view.model.index(row, column).data(role)


def test_the_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: object, database: Database, manager: JobManager
) -> None:
    fill(database)
    view, _hub = make_view(qtbot, manager)
    qtmodeltester.check(view.model)  # type: ignore[attr-defined]
    assert view.model.rowCount() == len(PEOPLE)


def test_each_state_says_what_it_waits_for(
    qtbot: QtBot, database: Database, manager: JobManager
) -> None:
    jobs = fill(database)
    view, _hub = make_view(qtbot, manager)
    later = jobs_queue.list_jobs(database)
    when = next(j.next_attempt_at for j in later if j.id == jobs["cyd"])
    assert when is not None
    assert _cell(view, jobs["ada"], STATE) == "Done"
    assert _cell(view, jobs["bob"], STATE) == "Failed"
    assert "There is no GitHub user 'bob'" in str(_cell(view, jobs["bob"], DETAILS))
    assert _cell(view, jobs["cyd"], STATE) == f"Offline · retry {clock_time(when)}"
    assert _cell(view, jobs["cyd"], DETAILS) == "GitHub is unreachable."
    assert _cell(view, jobs["dee"], STATE) == f"Rate-limited until {clock_time(when)}"
    assert _cell(view, jobs["dee"], DETAILS) == "The limit is spent."
    assert _cell(view, jobs["gus"], STATE) == "Interrupted · resumes"
    assert _cell(view, jobs["gus"], DETAILS) == INTERRUPTED
    assert _cell(view, jobs["hal"], STATE) == f"Waiting · retry {clock_time(when)}"
    assert _cell(view, jobs["hal"], DETAILS) == "ada/shop was cut short."
    assert _cell(view, jobs["eve"], STATE) == "Running"
    assert _cell(view, jobs["fay"], STATE) == "Queued"
    assert _cell(view, jobs["ada"], PROGRESS, ProgressRole) == 1.0
    assert _cell(view, jobs["eve"], PROGRESS, ProgressRole) == pytest.approx(0.4)
    failed = _cell(view, jobs["bob"], STATE, Qt.ItemDataRole.ForegroundRole)
    assert isinstance(failed, QColor)
    assert failed.name() == QColor(colors()["danger"]).name()


def test_live_progress_moves_the_bar_without_a_reload(
    qtbot: QtBot, database: Database, manager: JobManager
) -> None:
    jobs = fill(database)
    view, _hub = make_view(qtbot, manager)
    with qtbot.waitSignal(view.model.dataChanged):
        manager._progressed(Progress(jobs["eve"], 0.75, "ada/shop: downloading and measuring."))
    assert _cell(view, jobs["eve"], PROGRESS, ProgressRole) == 0.75
    assert _cell(view, jobs["eve"], PROGRESS) == "75%"
    assert _cell(view, jobs["eve"], DETAILS) == "ada/shop: downloading and measuring."


def test_cancel_and_retry_the_selected_jobs(
    qtbot: QtBot, database: Database, manager: JobManager
) -> None:
    jobs = fill(database)
    view, _hub = make_view(qtbot, manager)
    view.select_jobs([jobs["ada"]])
    assert not view.cancel_button.isEnabled()
    assert not view.retry_button.isEnabled()
    view.select_jobs([jobs["fay"], jobs["cyd"]])
    assert view.cancel_button.isEnabled()
    qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    listed(qtbot, view)
    assert _cell(view, jobs["fay"], STATE) == "Cancelled"
    assert _cell(view, jobs["cyd"], STATE) == "Cancelled"
    assert [job.id for job in view.selected_jobs()] == [jobs["fay"], jobs["cyd"]]  # kept
    assert view.retry_button.isEnabled()
    view.select_jobs([jobs["bob"], jobs["fay"]])
    qtbot.mouseClick(view.retry_button, Qt.MouseButton.LeftButton)
    listed(qtbot, view)
    states = {job.id: job.state for job in jobs_queue.list_jobs(database)}
    assert states[jobs["bob"]] is JobState.QUEUED
    assert states[jobs["fay"]] is JobState.QUEUED
    assert _cell(view, jobs["bob"], STATE) == "Queued"


def test_an_empty_queue_says_how_to_start(
    qtbot: QtBot, database: Database, manager: JobManager
) -> None:
    view, _hub = make_view(qtbot, manager)
    assert view.empty.isVisible()
    assert "Analyse GitHub" in view.empty.text()
    assert not view.table.isVisible()
    assert view.summary.text() == "Analysis: idle"
    assert not view.cancel_button.isVisible()
    assert not view.retry_button.isVisible()


def test_cancel_and_retry_wait_for_a_selection(
    qtbot: QtBot, database: Database, manager: JobManager
) -> None:
    jobs = fill(database)
    view, hub = make_view(qtbot, manager)
    assert not view.selected_jobs()
    assert not view.cancel_button.isEnabled()
    assert not view.retry_button.isEnabled()
    view.select_jobs([jobs["bob"]])
    assert view.retry_button.isEnabled()
    view.table.clearSelection()
    assert not view.retry_button.isEnabled()
    view.select_jobs([jobs["fay"]])
    assert view.cancel_button.isEnabled()
    jobs_queue.cancel(database, [jobs["fay"]])
    hub.publish(Changes(jobs=frozenset({jobs["fay"]})), None)
    listed(qtbot, view)
    assert not view.cancel_button.isEnabled()
    assert view.retry_button.isEnabled()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_view_renders_bars_in_the_state_colours(
    qtbot: QtBot, database: Database, manager: JobManager, tmp_path: Path, scheme: str
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    use_scheme(scheme)
    jobs = fill(database)
    view, _hub = make_view(qtbot, manager)
    view.summary.setText("Analysis: 1 running, 1 queued, 2 waiting · offline")
    image = view.grab().toImage()
    view.grab().save(str(tmp_path / f"jobs-{scheme}.png"))
    row = view.model.row_of(jobs["ada"])
    assert row is not None
    cell = view.table.visualRect(view.model.index(row, PROGRESS))
    origin = view.table.viewport().mapTo(view, cell.topLeft())
    y = origin.y() + cell.height() // 2
    x = origin.x() + 30
    assert image.pixelColor(x, y).name() == QColor(colors()["success"]).name()


def test_retry_now_puts_a_waiting_job_back_at_the_front(
    qtbot: QtBot, database: Database, manager: JobManager
) -> None:
    jobs = fill(database)
    view, _hub = make_view(qtbot, manager)
    view.select_jobs([jobs["cyd"]])  # offline, waiting 40 minutes
    assert view.retry_button.isEnabled()
    qtbot.mouseClick(view.retry_button, Qt.MouseButton.LeftButton)
    listed(qtbot, view)
    (job,) = [j for j in jobs_queue.list_jobs(database) if j.id == jobs["cyd"]]
    assert job.state is JobState.QUEUED
    assert job.next_attempt_at is None
    assert job.wait_reason is None
    assert _cell(view, jobs["cyd"], STATE) == "Queued"


def test_the_view_names_the_workstation_that_runs_each_job(
    qtbot: QtBot, database: Database, manager: JobManager
) -> None:
    for login in ("ada", "bob"):
        create_candidate(database, {"full_name": login.capitalize(), "github_login": login})
    with database.read() as session:
        jobs_queue.enqueue(database, session.scalars(select(Candidate.id)))
    with Database(database.url) as colleague:
        colleague.actor = "Ana"
        theirs = jobs_lease.claim_next(colleague, lease=timedelta(minutes=5))
        assert theirs is not None
        assert theirs.lease_until is not None
    database.actor = "Bo"
    mine = _claim(database)
    view, _hub = make_view(qtbot, manager)
    assert str(_cell(view, theirs.id, WORKSTATION)).startswith("Ana on ")
    assert str(_cell(view, mine, WORKSTATION)).startswith("Bo on ")
    tip = _cell(view, theirs.id, WORKSTATION, Qt.ItemDataRole.ToolTipRole)
    assert tip == (
        f"Runs on {theirs.workstation}; its lease holds until {clock_time(theirs.lease_until)}"
    )
