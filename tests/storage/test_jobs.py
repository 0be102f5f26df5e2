"""The job queue in the database: one job per candidate, due order, survival."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from recruitdesk.domain.taxonomy import JobState
from recruitdesk.storage import jobs_lease, jobs_queue
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.jobs_queue import WaitReason
from recruitdesk.storage.models.analysis import Analysis, AnalysisJob
from recruitdesk.storage.models.pipeline import Candidate

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@pytest.fixture
def people(database: Database) -> list[int]:
    load_demo(database, candidates=40, seed=4, as_of=date(2026, 11, 21))
    with database.read() as session:
        return list(
            session.scalars(
                select(Candidate.id)
                .where(Candidate.github_login.is_not(None))
                .order_by(Candidate.id)
            )
        )


def test_the_same_candidate_queued_twice_is_one_job(database: Database, people: list[int]) -> None:
    first = jobs_queue.enqueue(database, people[:3])
    assert first.queued == tuple(people[:3])
    assert len(first.changes.jobs) == 3
    again = jobs_queue.enqueue(database, [people[0], people[0], people[3]])
    assert again.queued == (people[3],)
    assert again.already_active == (people[0],)
    assert len(jobs_queue.list_jobs(database)) == 4


def test_a_candidate_without_a_login_is_reported_not_queued(database: Database) -> None:
    load_demo(database, candidates=40, seed=4, as_of=date(2026, 11, 21))
    with database.read() as session:
        nobody = session.scalar(select(Candidate.id).where(Candidate.github_login.is_(None)))
    assert nobody is not None
    result = jobs_queue.enqueue(database, [nobody])
    assert result.without_login == (nobody,)
    assert jobs_queue.list_jobs(database) == []


def test_claims_follow_the_due_time_and_skip_waiting_jobs(
    database: Database, people: list[int]
) -> None:
    jobs_queue.enqueue(database, people[:2])
    first = jobs_lease.claim_next(database, NOW)
    assert first is not None
    assert (first.state, first.attempts) == (JobState.RUNNING, 1)
    jobs_lease.reschedule(
        database, first.id, NOW + timedelta(minutes=5), WaitReason.OFFLINE, "GitHub unreachable"
    )
    waiting = next(j for j in jobs_queue.list_jobs(database) if j.id == first.id)
    assert (waiting.wait_reason, waiting.last_error) == (WaitReason.OFFLINE, "GitHub unreachable")
    second = jobs_lease.claim_next(database, NOW)
    assert second is not None
    assert second.id != first.id
    assert jobs_lease.claim_next(database, NOW) is None  # the first waits five minutes
    again = jobs_lease.claim_next(database, NOW + timedelta(minutes=5))
    assert again is not None
    assert again.id == first.id
    assert again.attempts == 2
    assert again.wait_reason is None  # running: it no longer waits


def test_two_workers_never_claim_the_same_job(database: Database, people: list[int]) -> None:
    jobs_queue.enqueue(database, people[:20])
    claimed: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        while (job := jobs_lease.claim_next(database, NOW)) is not None:
            with lock:
                claimed.append(job.id)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(claimed) == len(set(claimed)) == 20


def test_a_job_left_running_resumes_at_the_next_start(
    database: Database, people: list[int]
) -> None:
    jobs_queue.enqueue(database, people[:1])
    job = jobs_lease.claim_next(database, NOW)
    assert job is not None
    # The app dies here: the row stays "running".
    changes = jobs_lease.resume_interrupted(database)
    assert changes.jobs == {job.id}
    resumed = jobs_lease.claim_next(database, NOW)
    assert resumed is not None
    assert resumed.id == job.id


def test_cancel_retry_fail_and_finish(database: Database, people: list[int]) -> None:
    jobs_queue.enqueue(database, people[:2])
    running = jobs_lease.claim_next(database, NOW)
    assert running is not None
    assert not jobs_lease.is_cancelled(database, running.id)
    assert jobs_queue.cancel(database, [running.id]).jobs == {running.id}
    assert jobs_lease.is_cancelled(database, running.id)
    assert jobs_queue.retry(database, [running.id]).jobs == {running.id}
    again = jobs_lease.claim_next(database, NOW)
    assert again is not None
    jobs_lease.report_progress(database, again.id, 0.5)
    jobs_lease.fail(database, again.id, "The GitHub user 'x' does not exist.")
    other = jobs_lease.claim_next(database, NOW)
    assert other is not None
    jobs_lease.finish(database, other.id)
    states = {view.id: (view.state, view.last_error) for view in jobs_queue.list_jobs(database)}
    assert states[again.id] == (JobState.FAILED, "The GitHub user 'x' does not exist.")
    assert states[other.id] == (JobState.DONE, None)
    assert jobs_queue.list_jobs(database, include_ended=False) == []
    # Ended jobs do not block a new one for the same person.
    assert jobs_queue.enqueue(database, [again.candidate_id]).queued == (again.candidate_id,)


def test_progress_is_only_recorded_on_a_running_job(database: Database, people: list[int]) -> None:
    jobs_queue.enqueue(database, people[:1])
    with database.read() as session:
        job_id = session.scalars(select(AnalysisJob.id)).one()
    assert not jobs_lease.report_progress(database, job_id, 0.3)
    assert jobs_lease.claim_next(database) is not None
    assert jobs_lease.report_progress(database, job_id, 7.0).jobs == {job_id}
    assert jobs_queue.list_jobs(database)[0].progress == 1.0


def test_backoff_doubles_up_to_a_cap() -> None:
    assert jobs_queue.backoff(1) == timedelta(seconds=30)
    assert jobs_queue.backoff(2) == timedelta(seconds=60)
    assert jobs_queue.backoff(4) == timedelta(seconds=240)
    assert jobs_queue.backoff(50) == jobs_queue.MAX_BACKOFF


def _record(login: str) -> dict[str, object]:
    return {
        "source": "github",
        "login": login,
        "analyzed_at": NOW.isoformat(),
        "scores": {"overall": 61.0},
        "repos": [],
        "skills": [],
        "red_flags": [],
    }


def test_complete_stores_the_result_and_ends_the_job_together(
    database: Database, people: list[int]
) -> None:
    jobs_queue.enqueue(database, people[:1])
    job = jobs_lease.claim_next(database, NOW)
    assert job is not None
    analysis_id, changes = jobs_lease.complete(database, job.id, _record(job.login))
    assert analysis_id is not None
    assert changes.analyses == {analysis_id}
    assert changes.jobs == {job.id}
    assert jobs_queue.list_jobs(database)[0].state is JobState.DONE


def test_a_cancel_wins_over_a_worker_that_finishes_late(
    database: Database, people: list[int]
) -> None:
    jobs_queue.enqueue(database, people[:2])
    first = jobs_lease.claim_next(database, NOW)
    second = jobs_lease.claim_next(database, NOW)
    assert first is not None
    assert second is not None
    jobs_queue.cancel(database, [first.id, second.id])
    assert jobs_lease.complete(database, first.id, _record(first.login)) == (None, Changes())
    assert not jobs_lease.finish(database, second.id)
    assert not jobs_lease.fail(database, second.id, "late")
    with database.read() as session:
        assert session.scalars(select(Analysis)).all() == []
    assert {v.state for v in jobs_queue.list_jobs(database)} == {JobState.CANCELLED}


def test_retry_keeps_one_active_job_per_candidate(database: Database, people: list[int]) -> None:
    jobs_queue.enqueue(database, people[:1])
    job = jobs_lease.claim_next(database, NOW)
    assert job is not None
    jobs_lease.fail(database, job.id, "GitHub said no")
    assert jobs_queue.enqueue(database, [job.candidate_id]).queued == (job.candidate_id,)
    assert not jobs_queue.retry(database, [job.id])
    active = jobs_queue.list_jobs(database, include_ended=False)
    assert [v.candidate_id for v in active] == [job.candidate_id]
