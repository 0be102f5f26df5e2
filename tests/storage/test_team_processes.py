"""Workstations as real processes on one database (an SQLite file, and PostgreSQL where
a server is there): a save over a version another process saved is refused, a job is
run once however many claim it, and a job held by a process that died is taken over
when its lease runs out, or at once by the next start on its machine."""

import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from multiprocessing.pool import Pool

import pytest
from sqlalchemy import select
from tests import team_processes

from recruitdesk.jobs.runner import Heartbeat
from recruitdesk.storage import jobs_lease, jobs_queue
from recruitdesk.storage.candidates import create_candidate, get_candidate, update_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.analysis import AnalysisJob
from recruitdesk.storage.versions import EditConflictError

WORKERS = 8


@pytest.fixture(scope="module")
def pool() -> Iterator[Pool]:
    """Processes of their own (no Qt thread is copied into them)."""
    with team_processes.process_pool(WORKERS) as started:
        yield started


def _url(database: Database) -> str:
    return database.url.render_as_string(hide_password=False)


def _people(database: Database, count: int) -> list[int]:
    return [
        create_candidate(database, {"full_name": f"Person {n}", "github_login": f"person-{n}"})[0]
        for n in range(count)
    ]


def test_a_save_over_a_version_another_process_saved_is_refused(
    database: Database, pool: Pool
) -> None:
    candidate_id = _people(database, 1)[0]
    seen = get_candidate(database, candidate_id).version
    saved = pool.apply(team_processes.save_location, (_url(database), candidate_id, seen, "Oslo"))
    assert saved == seen + 1
    with pytest.raises(EditConflictError) as refused:
        update_candidate(database, candidate_id, {"location": "Lima"}, version=seen)
    assert refused.value.version == saved
    assert get_candidate(database, candidate_id).location == "Oslo"


def test_many_processes_claiming_at_once_run_each_job_once(database: Database, pool: Pool) -> None:
    queued = jobs_queue.enqueue(database, _people(database, 40)).changes.jobs
    ran = pool.starmap(team_processes.claim_all, [(_url(database), 60.0)] * WORKERS)
    every = [job_id for ids in ran for job_id in ids]
    assert sorted(every) == sorted(queued)  # each once, none lost
    assert {job.state.value for job in jobs_queue.list_jobs(database)} == {"done"}


def test_a_job_held_by_a_process_that_died_is_taken_over_when_its_lease_runs_out(
    database: Database, pool: Pool
) -> None:
    jobs_queue.enqueue(database, _people(database, 1))
    job_id, lease_until = pool.apply(team_processes.claim_and_die, (_url(database), 60.0))
    [held] = jobs_queue.list_jobs(database)
    assert held.workstation is not None
    assert held.lease_until == lease_until
    # While the lease holds nobody takes it, even a second before it runs out.
    assert jobs_lease.claim_next(database, now=lease_until - timedelta(seconds=1)) is None
    assert not jobs_lease.resume_interrupted(database, now=lease_until - timedelta(seconds=1))
    taken = jobs_lease.claim_next(database, now=lease_until + timedelta(milliseconds=1))
    assert taken is not None
    assert taken.id == job_id
    assert taken.attempts == 2
    assert taken.workstation == database.workstation_name
    assert not jobs_lease.is_cancelled(database, job_id)
    assert jobs_lease.finish(database, job_id).jobs == {job_id}


def test_a_job_whose_process_died_on_this_machine_is_taken_back_at_the_next_start(
    database: Database, pool: Pool
) -> None:
    """A crash or a kill: the next start here queues the job again at once, without
    waiting for its lease; a job of a live process keeps its lease."""
    jobs_queue.enqueue(database, _people(database, 2))
    alive_id, _ = pool.apply(team_processes.claim_and_die, (_url(database), 60.0))
    with team_processes.process_pool(1) as own:
        dead_id, _ = own.apply(team_processes.claim_and_die, (_url(database), 60.0))
    # Leaving the block ended that pool's process; both leases still hold a minute.
    assert jobs_lease.resume_interrupted(database).jobs == {dead_id}
    states = {job.id: job.state.value for job in jobs_queue.list_jobs(database)}
    assert states == {alive_id: "running", dead_id: "queued"}
    taken = jobs_lease.claim_next(database)
    assert taken is not None
    assert taken.id == dead_id


def test_a_workstation_that_lost_its_job_can_no_longer_end_it(database: Database) -> None:
    jobs_queue.enqueue(database, _people(database, 1))
    with Database(database.url) as slow, Database(database.url) as colleague:
        lost = jobs_lease.claim_next(slow, lease=timedelta(seconds=30))
        assert lost is not None
        assert lost.lease_until is not None
        later = lost.lease_until + timedelta(seconds=1)
        assert jobs_lease.claim_next(colleague, now=later) is not None
        assert jobs_lease.is_cancelled(slow, lost.id)
        assert not jobs_lease.renew_lease(slow, lost.id)
        assert not jobs_lease.report_progress(slow, lost.id, 0.5)
        assert not jobs_lease.fail(slow, lost.id, "too late")
        assert jobs_lease.complete(slow, lost.id, {})[0] is None
        assert jobs_lease.finish(colleague, lost.id).jobs == {lost.id}


def test_the_heartbeat_keeps_a_running_job_from_being_taken_over(database: Database) -> None:
    jobs_queue.enqueue(database, _people(database, 1))
    lease = timedelta(seconds=0.6)
    running = jobs_lease.claim_next(database, lease=lease)
    assert running is not None
    assert running.lease_until is not None
    first_until = running.lease_until

    def renewed() -> bool:
        with database.read() as session:
            return session.scalar(select(AnalysisJob.lease_until)) != first_until

    heartbeat = Heartbeat(database, running.id, lease)
    try:
        with Database(database.url) as colleague:
            assert _wait_for(renewed)
            # Past the first lease, the renewed one still holds.
            assert (
                jobs_lease.claim_next(colleague, now=first_until + timedelta(milliseconds=1))
                is None
            )
    finally:
        heartbeat.stop()


def _wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Whether ``condition`` came true within ``timeout`` seconds, asked every 20 ms."""
    pause = threading.Event()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        pause.wait(0.02)
    return False
