"""Sourcing runs on the app's job queue (``JobManager``) against the loopback GitHub
server: a run survives a real stop of the manager and finishes after the next start
with each profile asked once; Cancel; a token spent mid-way handing over to another."""

import pytest
from pytestqt.qtbot import QtBot
from tests.analysis.github_server import FakeRepo
from tests.jobs.conftest import MakeManager
from tests.jobs.helpers import TokenServer
from tests.keyrings import MemoryKeyring

from recruitdesk.domain.taxonomy import JobState
from recruitdesk.jobs.sourcing import queue_sourcing
from recruitdesk.storage.database import Database
from recruitdesk.storage.jobs_queue import JobKind, WaitReason, list_jobs
from recruitdesk.storage.sourcing_runs import latest_run
from recruitdesk.tokens import add_token

PEOPLE = 30


@pytest.fixture
def contributors(token_server: TokenServer) -> TokenServer:
    people = [(f"dev{n:02}", 100 - n) for n in range(PEOPLE)]
    for login, _ in people:
        token_server.add_user(login, location="Kraków, Poland")
    token_server.add_repo(FakeRepo("acme", "tool", b"tarball", contributors=people))
    return token_server


def _profiles(server: TokenServer, status: int | None = None) -> list[str]:
    return [
        seen.path
        for seen in server.seen
        if seen.path.startswith("/users/") and (status is None or seen.status == status)
    ]


def _ended(qtbot: QtBot, manager: object, job_id: int, ending: str) -> None:
    def check(ended_id: int, how: str, _message: str) -> bool:
        return ended_id == job_id and how == ending

    with qtbot.waitSignal(manager.job_ended, timeout=30_000, check_params_cb=check):  # type: ignore[attr-defined]
        pass


def test_a_run_survives_a_stop_and_finishes_after_the_next_start_asking_each_profile_once(
    qtbot: QtBot,
    database: Database,
    contributors: TokenServer,
    memory_keyring: MemoryKeyring,
    make_manager: MakeManager,
) -> None:
    contributors.delay = 0.03  # slow enough to stop it half-way
    first = make_manager(contributors.url)
    first.start()
    queued = queue_sourcing(database, "repo", "acme/tool", PEOPLE)
    first.wake()
    qtbot.waitUntil(lambda: len(_profiles(contributors)) >= 10, timeout=30_000)
    assert first.shutdown(30_000)  # the app quits mid-run
    run = latest_run(database)
    assert run is not None
    assert run.job_state is JobState.WAITING
    assert run.wait_reason is WaitReason.INTERRUPTED
    stopped_at = run.run.state["profiles_done"]
    assert 10 <= stopped_at < PEOPLE
    assert len(_profiles(contributors)) == stopped_at  # stored where it stopped
    (job,) = list_jobs(database)  # the Jobs view lists it
    assert job.kind is JobKind.SOURCING
    assert job.candidate_name == "Sourcing: contributors of acme/tool"
    contributors.delay = 0.0
    second = make_manager(contributors.url)
    with qtbot.waitSignal(second.job_ended, timeout=30_000) as ended:
        second.start()
    assert ended.args[:2] == [queued.job_id, "done"]
    assert ended.args[2] == f"Found {PEOPLE} people."
    answered = _profiles(contributors, 200)
    assert len(_profiles(contributors)) == len(answered) == PEOPLE  # each profile once
    assert len(set(answered)) == PEOPLE
    done = latest_run(database)
    assert done is not None
    assert done.found is not None
    assert len(done.found) == PEOPLE


def test_cancel_stops_the_run_and_keeps_where_it_got(
    qtbot: QtBot,
    database: Database,
    contributors: TokenServer,
    memory_keyring: MemoryKeyring,
    make_manager: MakeManager,
) -> None:
    contributors.delay = 0.03
    manager = make_manager(contributors.url)
    manager.start()
    queued = queue_sourcing(database, "repo", "acme/tool", PEOPLE)
    manager.wake()
    qtbot.waitUntil(lambda: len(_profiles(contributors)) >= 5, timeout=30_000)
    with qtbot.waitSignal(manager.job_ended, timeout=30_000) as ended:
        manager.cancel([queued.job_id])
    assert ended.args[:2] == [queued.job_id, "cancelled"]
    run = latest_run(database)
    assert run is not None
    assert run.job_state is JobState.CANCELLED
    assert run.found is None
    assert 5 <= run.run.state["profiles_done"] < PEOPLE
    # Queued again, it goes on where it stopped.
    again = queue_sourcing(database, "repo", "acme/tool", PEOPLE)
    assert again.resumed
    assert again.run_id == queued.run_id
    contributors.delay = 0.0
    with qtbot.waitSignal(manager.job_ended, timeout=30_000) as finished:
        manager.wake()
    assert finished.args[:2] == [again.job_id, "done"]
    answered = _profiles(contributors, 200)
    assert len(answered) == len(set(answered)) == PEOPLE


def test_a_token_spent_mid_way_rests_and_another_takes_over(
    qtbot: QtBot,
    database: Database,
    contributors: TokenServer,
    memory_keyring: MemoryKeyring,
    make_manager: MakeManager,
) -> None:
    add_token("first", "ghp_first")
    add_token("second", "ghp_second")
    contributors.budgets = {"ghp_first": 12, "ghp_second": 12}
    manager = make_manager(contributors.url, slots=1)
    manager.start()
    queued = queue_sourcing(database, "repo", "acme/tool", PEOPLE)
    with qtbot.waitSignal(manager.job_ended, timeout=30_000) as first_end:
        manager.wake()
    # 24 requests between the two tokens: the listing and 23 profiles, then both rest.
    assert first_end.args[:2] == [queued.job_id, "waiting"]
    assert first_end.args[2].startswith("Rate-limited until ")
    assert set(manager.budget.resting()) == {"first", "second"}
    assert latest_run(database).run.state["profiles_done"] == 23  # type: ignore[union-attr]
    # The limits reset (here: the next start, and "Retry now"): the job goes on and
    # asks only for the profiles still to read.
    assert manager.shutdown(30_000)
    contributors.budgets = {"ghp_first": 100, "ghp_second": 100}
    later = make_manager(contributors.url, slots=1)
    later.start()
    with qtbot.waitSignal(later.job_ended, timeout=30_000) as second_end:
        later.retry([queued.job_id])
    assert second_end.args[:2] == [queued.job_id, "done"]
    answered = _profiles(contributors, 200)
    assert len(answered) == len(set(answered)) == PEOPLE
