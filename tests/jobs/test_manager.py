"""The analysis queue on its thread pool, against the loopback GitHub server."""

import re
import socket
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from tests.conftest import ErrorLogs
from tests.jobs.conftest import MakeManager
from tests.jobs.helpers import TokenServer, add_candidates, add_person
from tests.keyrings import MemoryKeyring

from recruitdesk.domain.taxonomy import JobState
from recruitdesk.domain.wording import clock_time
from recruitdesk.jobs.manager import JobManager, default_slots
from recruitdesk.storage import jobs_lease, jobs_queue
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.jobs_queue import JobKind, JobView, WaitReason
from recruitdesk.storage.models.analysis import Analysis
from recruitdesk.tokens import add_token


def _job(database: Database, job_id: int) -> jobs_queue.JobView:
    return next(job for job in jobs_queue.list_jobs(database) if job.id == job_id)


def _analyses(database: Database) -> int:
    with database.read() as session:
        return int(session.scalar(select(func.count()).select_from(Analysis)) or 0)


def _wait_for(qtbot: QtBot, manager: JobManager, job_id: int, ending: str) -> None:
    with qtbot.waitSignal(
        manager.job_ended, timeout=20_000, check_params_cb=_ended(job_id, ending)
    ):
        pass


def _ended(expected_job: int, expected: str) -> Callable[[int, str, str], bool]:
    def check(job_id: int, ending: str, _message: str) -> bool:
        return job_id == expected_job and ending == expected

    return check


def test_a_queued_job_runs_to_completion_with_progress_and_changes(
    qtbot: QtBot,
    database: Database,
    token_server: TokenServer,
    git_repo: Path,
    memory_keyring: MemoryKeyring,
    make_manager: MakeManager,
) -> None:
    add_person(token_server, git_repo, "ada")
    add_token("work", "ghp_work")
    token_server.budgets["ghp_work"] = 100
    ids = add_candidates(database, ["ada"])
    manager = make_manager(token_server.url)
    manager.start()
    progress: list[float] = []
    changes: list[Changes] = []
    texts: list[str] = []
    manager.progress.connect(lambda _job, fraction, _text: progress.append(fraction))
    manager.progress.connect(lambda _job, _fraction, text: texts.append(text))
    manager.changed.connect(changes.append)
    result = manager.enqueue([ids["ada"]])
    (job_id,) = result.changes.jobs
    _wait_for(qtbot, manager, job_id, "done")
    assert _job(database, job_id).state is JobState.DONE
    assert _analyses(database) == 1
    assert progress
    assert progress == sorted(progress)
    assert 0 < progress[-1] < 1
    assert any(ids["ada"] in change.candidates and change.analyses for change in changes)
    assert texts[0] == "Listing the repositories of ada"
    assert "ada/shop: downloading and measuring (0 of 1 analysed)" in texts
    assert texts[-1] == "shop: analysed (1 of 1 analysed)"
    assert "ghp_work" in token_server.tokens_seen
    assert manager.running == 0
    assert manager.summary() == "Analysis: idle"


def test_the_same_candidate_queued_twice_is_one_job(
    database: Database, memory_keyring: MemoryKeyring, make_manager: MakeManager
) -> None:
    ids = add_candidates(database, ["ada"])
    manager = make_manager("http://127.0.0.1:9")  # not started: nothing runs
    first = manager.enqueue([ids["ada"]])
    second = manager.enqueue([ids["ada"], ids["ada"]])
    assert first.queued == (ids["ada"],)
    assert second.queued == ()
    assert second.already_active == (ids["ada"],)
    assert len(jobs_queue.list_jobs(database)) == 1


def test_offline_the_job_waits_then_runs_when_github_is_back(
    qtbot: QtBot,
    database: Database,
    git_repo: Path,
    memory_keyring: MemoryKeyring,
    make_manager: MakeManager,
) -> None:
    server = TokenServer().start()
    try:
        add_person(server, git_repo, "ada")
        api_url = server.url
        server.stop()  # GitHub unreachable: connection refused
        ids = add_candidates(database, ["ada"])
        manager = make_manager(api_url, backoff=lambda _n: timedelta(seconds=0.5))
        summaries: list[str] = []
        manager.summary_changed.connect(summaries.append)
        manager.start()
        with qtbot.waitSignal(manager.job_ended, timeout=20_000) as waited:
            manager.enqueue([ids["ada"]])
        job_id, ending, message = waited.args
        assert ending == "waiting"
        assert message.startswith("Offline; trying again at ")
        job = _job(database, job_id)
        assert job.state is JobState.WAITING
        assert job.wait_reason is WaitReason.OFFLINE
        assert job.last_error is not None
        assert "could not be" in job.last_error
        assert "try again" not in job.last_error
        assert "Offline" not in job.last_error
        assert manager.offline
        assert any(text.endswith("· offline") for text in summaries)
        server.start()  # the same port: GitHub is back
        with qtbot.waitSignal(
            manager.job_ended, timeout=20_000, check_params_cb=_ended(job_id, "done")
        ):
            pass
        assert _job(database, job_id).attempts >= 2
        assert not manager.offline
        assert _analyses(database) == 1
    finally:
        server.stop()


def test_a_rate_limited_token_rests_and_the_second_takes_over(
    qtbot: QtBot,
    database: Database,
    token_server: TokenServer,
    git_repo: Path,
    memory_keyring: MemoryKeyring,
    make_manager: MakeManager,
) -> None:
    add_person(token_server, git_repo, "ada")
    add_token("first", "ghp_spent")
    add_token("second", "ghp_fresh")
    token_server.budgets.update({"ghp_spent": 0, "ghp_fresh": 100})
    ids = add_candidates(database, ["ada"])
    manager = make_manager(token_server.url, slots=1)
    manager.start()
    with qtbot.waitSignal(manager.job_ended, timeout=20_000) as waited:
        manager.enqueue([ids["ada"]])
    assert waited.args[1] == "done"
    assert token_server.tokens_seen[0] == "ghp_spent"
    assert "ghp_fresh" in token_server.tokens_seen
    resting = manager.budget.resting()
    assert list(resting) == ["first"]
    assert resting["first"] > datetime.now(UTC) + timedelta(minutes=30)
    assert manager.rate_limited_until() is None  # the second still has budget


def test_every_token_spent_reschedules_for_the_reset_and_says_until_when(
    qtbot: QtBot,
    database: Database,
    token_server: TokenServer,
    git_repo: Path,
    memory_keyring: MemoryKeyring,
    make_manager: MakeManager,
) -> None:
    add_person(token_server, git_repo, "ada")
    add_token("only", "ghp_spent")
    token_server.budgets["ghp_spent"] = 0
    ids = add_candidates(database, ["ada", "bob"])
    manager = make_manager(token_server.url)
    manager.start()
    with qtbot.waitSignal(manager.job_ended, timeout=20_000) as waited:
        manager.enqueue([ids["ada"]])
    job_id, ending, message = waited.args
    reset = datetime.fromtimestamp(token_server.reset_epoch, UTC)
    local = clock_time(reset)
    # With its zone, and its day when the reset falls after midnight.
    assert re.fullmatch(
        r"([A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} )?\d\d:\d\d (UTC[+-]\d\d:\d\d|[A-Za-z]+)", local
    )
    assert ending == "waiting"
    assert message == f"Rate-limited until {local}."
    job = _job(database, job_id)
    assert job.next_attempt_at == reset
    assert job.wait_reason is WaitReason.RATE_LIMITED
    assert job.last_error is not None
    assert not job.last_error.startswith("Rate-limited")
    assert f"rate-limited until {local}" in manager.summary()
    # Another job is not even tried against GitHub while every token rests.
    seen = len(token_server.tokens_seen)
    manager.enqueue([ids["bob"]])  # wakes the queue: a worker finds every token resting
    qtbot.waitUntil(lambda: manager.running == 0 and not manager.tasks.pool.activeThreadCount())
    assert len(token_server.tokens_seen) == seen
    assert {j.state for j in jobs_queue.list_jobs(database)} == {JobState.WAITING, JobState.QUEUED}


def test_a_job_left_running_resumes_at_the_next_start(
    qtbot: QtBot,
    database: Database,
    token_server: TokenServer,
    git_repo: Path,
    memory_keyring: MemoryKeyring,
    make_manager: MakeManager,
) -> None:
    add_person(token_server, git_repo, "ada")
    ids = add_candidates(database, ["ada"])
    jobs_queue.enqueue(database, [ids["ada"]])
    # An app that died with the job running: its lease has run out since.
    with Database(database.url) as dead:
        claimed = jobs_lease.claim_next(dead, lease=timedelta(0))
    assert claimed is not None
    assert _job(database, claimed.id).state is JobState.RUNNING
    manager = make_manager(token_server.url)
    with qtbot.waitSignal(manager.job_ended, timeout=20_000) as waited:
        resumed = manager.start()
    assert resumed.jobs == {claimed.id}
    assert waited.args[:2] == [claimed.id, "done"]
    assert _analyses(database) == 1


def test_cancel_a_running_job_stores_nothing(
    qtbot: QtBot,
    database: Database,
    token_server: TokenServer,
    git_repo: Path,
    memory_keyring: MemoryKeyring,
    make_manager: MakeManager,
) -> None:
    add_person(token_server, git_repo, "ada")
    token_server.delay = 0.3
    ids = add_candidates(database, ["ada", "bob"])
    manager = make_manager(token_server.url)
    manager.start()
    with qtbot.waitSignal(manager.progress, timeout=20_000) as first:
        result = manager.enqueue([ids["ada"], ids["bob"]])
    job_id = first.args[0]
    other = next(iter(result.changes.jobs - {job_id}))
    with qtbot.waitSignal(
        manager.job_ended, timeout=20_000, check_params_cb=_ended(job_id, "cancelled")
    ):
        manager.cancel([job_id, other])  # one running, one queued
    assert _job(database, job_id).state is JobState.CANCELLED
    assert _job(database, other).state is JobState.CANCELLED
    assert _analyses(database) == 0
    assert job_id not in manager.live
    changes = manager.retry([job_id])
    assert changes.jobs == {job_id}
    token_server.delay = 0.0
    _wait_for(qtbot, manager, job_id, "done")
    assert _analyses(database) == 1


def test_shutdown_stops_running_jobs_which_wait_to_resume(
    qtbot: QtBot,
    database: Database,
    token_server: TokenServer,
    git_repo: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    add_person(token_server, git_repo, "ada")
    token_server.delay = 0.3
    ids = add_candidates(database, ["ada"])
    from recruitdesk.jobs.runner import JobSettings

    manager = JobManager(database, settings=JobSettings(api_url=token_server.url))
    manager.start()
    with qtbot.waitSignal(manager.progress, timeout=20_000) as first:
        manager.enqueue([ids["ada"]])
    ended: list[object] = []
    manager.job_ended.connect(lambda *args: ended.append(args))
    assert manager.shutdown(30_000)
    assert manager.tasks.pool.activeThreadCount() == 0
    QCoreApplication.sendPostedEvents()  # the pool drained: every delivery is posted
    assert ended == []  # nothing delivered after shutdown
    job = _job(database, first.args[0])
    assert job.state is JobState.WAITING
    assert job.wait_reason is WaitReason.INTERRUPTED
    assert job.last_error is None
    assert _analyses(database) == 0
    manager.deleteLater()


def test_default_slots_follow_cores_and_tokens() -> None:
    assert default_slots(0, cores=8) == 1
    assert default_slots(3, cores=8) == 3
    assert default_slots(5, cores=2) == 2


@pytest.mark.parametrize("slots", [1, 2])
def test_configured_slots_size_the_pool(
    database: Database, memory_keyring: MemoryKeyring, make_manager: MakeManager, slots: int
) -> None:
    manager = make_manager("http://127.0.0.1:9", slots=slots)
    assert manager.slots == slots
    assert manager.tasks.pool.maxThreadCount() == slots + 1


def test_a_login_github_does_not_know_fails_in_one_sentence(
    qtbot: QtBot,
    database: Database,
    token_server: TokenServer,
    memory_keyring: MemoryKeyring,
    make_manager: MakeManager,
) -> None:
    ids = add_candidates(database, ["ghost"])
    manager = make_manager(token_server.url)
    manager.start()
    with qtbot.waitSignal(manager.job_ended, timeout=20_000) as waited:
        manager.enqueue([ids["ghost"]])
    job_id, ending, message = waited.args
    assert ending == "failed"
    assert message == f"There is no GitHub user 'ghost' at {token_server.url}."
    job = _job(database, job_id)
    assert job.state is JobState.FAILED
    assert job.last_error == message


def test_a_bug_fails_the_job_and_asks_for_the_crash_dialog(
    qtbot: QtBot,
    database: Database,
    memory_keyring: MemoryKeyring,
    make_manager: MakeManager,
    caplog: pytest.LogCaptureFixture,
    error_logs: ErrorLogs,
) -> None:
    error_logs.expect("unexpected error")

    def broken(login: str, **_options: object) -> object:
        return {}[login]  # a KeyError: a bug, not a known error

    ids = add_candidates(database, ["ada"])
    manager = make_manager("http://127.0.0.1:9", analyze=broken)
    manager.start()
    with qtbot.waitSignal(manager.bug, timeout=20_000) as bug:
        manager.enqueue([ids["ada"]])
    assert bug.args == ["Unexpected error (KeyError); the details are in the log."]
    (job,) = jobs_queue.list_jobs(database)
    assert job.state is JobState.FAILED
    assert "Traceback" in caplog.text or "KeyError" in caplog.text
    qtbot.waitUntil(lambda: manager.running == 0)


def test_the_summary_names_sourcing_runs_apart_from_analyses(
    database: Database, memory_keyring: MemoryKeyring, make_manager: MakeManager
) -> None:
    manager = make_manager("http://127.0.0.1:9")

    def job(kind: JobKind, state: JobState) -> JobView:
        return JobView(1, None, "", "", state, 0, 0.0, None, None, None, kind=kind)

    sourcing = job(JobKind.SOURCING, JobState.RUNNING)
    assert manager.summary([sourcing]) == "Analysis: idle · Sourcing: 1 running"
    both = [
        sourcing,
        job(JobKind.ANALYSIS, JobState.QUEUED),
        job(JobKind.ANALYSIS, JobState.QUEUED),
        job(JobKind.ANALYSIS, JobState.RUNNING),
    ]
    assert manager.summary(both) == "Analysis: 1 running, 2 queued · Sourcing: 1 running"


def test_quitting_releases_a_job_stuck_in_a_request_instead_of_waiting(
    qtbot: QtBot,
    database: Database,
    memory_keyring: MemoryKeyring,
    make_manager: MakeManager,
    caplog: pytest.LogCaptureFixture,
) -> None:
    add_token("work", "ghp_work")
    stalled = socket.create_server(("127.0.0.1", 0))  # takes the connection, never answers
    try:
        manager = make_manager(f"http://127.0.0.1:{stalled.getsockname()[1]}")
        manager.start()
        ids = add_candidates(database, ["ada"])
        (job_id,) = manager.enqueue([ids["ada"]]).changes.jobs
        qtbot.waitUntil(lambda: _job(database, job_id).state is JobState.RUNNING)
        assert not manager.shutdown(300)  # the request is still out
        job = _job(database, job_id)
        assert job.state is JobState.QUEUED  # free for the next start, not held for a lease
        assert job.lease_until is None
        assert "queued again for the next start" in caplog.text
    finally:
        stalled.close()  # the stuck request fails at once, and its worker ends
    qtbot.waitUntil(lambda: manager.tasks.pool.activeThreadCount() == 0, timeout=20_000)
    assert _job(database, job_id).state is JobState.QUEUED  # the lost worker ended nothing
