"""Sourcing runs as jobs of the persistent queue, run on the test's thread against the
loopback GitHub server, counting its requests: ETags on profiles and contributor pages,
a run stopped mid-way going on where it stopped, searches paced to 30 a minute, a spent
rate limit handed to the token pool."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.analysis.github_server import FakeRepo, GitHubServer
from tests.keyrings import MemoryKeyring

from recruitdesk.analysis.github.people import PAGE_SIZE
from recruitdesk.domain.taxonomy import JobState, Region
from recruitdesk.jobs.budget import TokenBudget
from recruitdesk.jobs.runner import Ending, JobSettings, Outcome, run_next_job
from recruitdesk.jobs.sourcing import Preview, add_people, preview_run, queue_sourcing
from recruitdesk.jobs.sourcing_job import SearchSpacing
from recruitdesk.storage.database import Database
from recruitdesk.storage.jobs_lease import claim_next, release_held
from recruitdesk.storage.jobs_queue import JobKind, WaitReason, list_jobs
from recruitdesk.storage.models.analysis import AnalysisJob
from recruitdesk.storage.models.sourcing import GitHubCacheEntry
from recruitdesk.storage.positions import create_position
from recruitdesk.storage.sourcing import Status
from recruitdesk.storage.sourcing_runs import KEEP_ANSWERS, latest_run, save_run
from recruitdesk.storage.suppression import erase_on_request
from recruitdesk.tokens import suppression_key

PEOPLE = 25


@pytest.fixture
def server() -> Iterator[GitHubServer]:
    with GitHubServer(rate_limit=5000) as running:
        contributors = [(f"dev{n:02}", 100 - n) for n in range(PEOPLE)]
        for login, _ in contributors:
            running.add_user(login, location="Berlin, Germany")
        running.add_repo(FakeRepo("acme", "tool", b"tarball", contributors=contributors))
        yield running


@dataclass
class FakeClock:
    """A clock the waits advance."""

    now: float = 1000.0
    slept: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _paths(server: GitHubServer, prefix: str, counted_only: bool = False) -> int:
    return sum(
        1
        for seen in server.seen
        if seen.path.startswith(prefix) and (seen.counted or not counted_only)
    )


def _run(
    database: Database,
    server: GitHubServer,
    *,
    stopping: Callable[[], bool] = lambda: False,
    spacing: SearchSpacing | None = None,
) -> Outcome:
    settings = JobSettings(api_url=server.url, seconds_between_requests=0.0)
    if spacing is not None:
        settings = JobSettings(
            api_url=server.url, seconds_between_requests=0.0, search_spacing=spacing
        )
    return run_next_job(
        database,
        TokenBudget(),
        settings,
        report=lambda _progress: None,
        stopping=stopping,
    )


def _source(
    database: Database,
    server: GitHubServer,
    kind: str = "repo",
    target: str = "acme/tool",
    limit: int = PEOPLE,
    **options: object,
) -> Preview:
    queue_sourcing(database, kind, target, limit)
    outcome = _run(database, server, **options)  # type: ignore[arg-type]
    assert outcome.ending is Ending.DONE, outcome.message
    run = latest_run(database)
    assert run is not None
    assert run.found is not None
    return preview_run(database, run, run.found)


def test_a_run_is_a_job_and_a_second_run_costs_nothing_against_the_limit(
    database: Database, server: GitHubServer
) -> None:
    cold = _source(database, server)
    assert len(cold.people) == PEOPLE
    assert server.counted_requests == 1 + PEOPLE
    (job,) = list_jobs(database)
    assert job.kind is JobKind.SOURCING
    assert job.state is JobState.DONE
    assert job.candidate_name == "Sourcing: contributors of acme/tool"
    server.reset_counters()
    warm = _source(database, server)
    assert [p.found.profile.login for p in warm.people] == [
        p.found.profile.login for p in cold.people
    ]
    assert server.api_requests == 1 + PEOPLE  # asked again, each with its ETag
    assert server.counted_requests == 0  # every answer a 304
    assert all(
        p.status is Status.SKIPPED and p.region is Region.WESTERN_EUROPE for p in warm.people
    )


def test_a_run_stopped_mid_way_goes_on_where_it_stopped(
    database: Database, server: GitHubServer
) -> None:
    stop_after = 14
    queue_sourcing(database, "repo", "acme/tool", PEOPLE)
    stopped = _run(database, server, stopping=lambda: _paths(server, "/users/") >= stop_after)
    assert stopped.ending is Ending.INTERRUPTED
    run = latest_run(database)
    assert run is not None
    assert run.found is None
    assert run.run.state["profiles_done"] == stop_after  # stored where it stopped
    assert run.job_state is JobState.WAITING
    server.reset_counters()
    assert _run(database, server).ending is Ending.DONE
    assert _paths(server, "/repos/") == 0  # the listing is not read again
    assert _paths(server, "/users/") == PEOPLE - stop_after  # no profile asked twice
    done = latest_run(database)
    assert done is not None
    assert done.found is not None
    assert len(done.found) == PEOPLE


def test_searches_are_paced_to_30_a_minute(database: Database, server: GitHubServer) -> None:
    # One more than two pages of PAGE_SIZE: the fewest people whose search takes three
    # pages (each found person's profile is fetched too, most of the test's time).
    people = 2 * PAGE_SIZE + 1
    for number in range(people):
        server.add_user(f"py{number:03}", location="Hamburg, Germany", followers=number + 50)
    fake = FakeClock()
    spacing = SearchSpacing(clock=fake.clock, sleep=fake.sleep)
    found = _source(
        database, server, "search", "location:Germany followers:>40", people, spacing=spacing
    )
    assert len(found.people) == people
    assert _paths(server, "/search/") == 3
    assert sum(fake.slept) == pytest.approx(4.0)  # two seconds before each later page


def test_a_spent_rate_limit_puts_the_run_to_wait_and_it_goes_on_from_there(
    database: Database, server: GitHubServer
) -> None:
    server.remaining = 8
    queue_sourcing(database, "repo", "acme/tool", PEOPLE)
    first = _run(database, server)
    assert first.ending is Ending.WAITING
    assert first.wait_reason is WaitReason.RATE_LIMITED
    assert first.retry_at is not None
    assert first.retry_at.timestamp() == server.reset_epoch
    run = latest_run(database)
    assert run is not None
    assert run.run.state["profiles_done"] == 7  # 8 requests: the listing and 7 profiles
    server.remaining = server.rate_limit
    with database.write() as session:  # the reset came: the job is due
        for job in session.scalars(select(AnalysisJob)):
            job.next_attempt_at = None
    assert _run(database, server).ending is Ending.DONE
    assert [seen.status for seen in server.seen].count(403) == 1
    profiles = [seen.path for seen in server.seen if seen.path.startswith("/users/")]
    answered = [
        seen.path for seen in server.seen if seen.path.startswith("/users/") and seen.status == 200
    ]
    assert len(profiles) == PEOPLE + 1  # the refused one asked again, nothing else
    assert sorted(set(answered)) == sorted(answered)
    assert len(answered) == PEOPLE


def test_add_the_ticked_people_with_the_regions_chosen(
    database: Database, server: GitHubServer
) -> None:
    preview = _source(database, server)
    position_id, _ = create_position(database, {"title": "Backend"})
    ticked = [p.found for p in preview.people[:3]]
    outcome = add_people(database, ticked, position_id, {"dev01": Region.EASTERN_EUROPE})
    assert [p.status for p in outcome.people] == [Status.ADDED] * 3
    assert [p.region for p in outcome.people] == [
        Region.WESTERN_EUROPE,
        Region.EASTERN_EUROPE,
        Region.WESTERN_EUROPE,
    ]
    assert len(outcome.queued) == 3


def test_kept_answers_and_runs_leave_with_the_person_and_after_a_month(
    database: Database, server: GitHubServer, db_path: Path, memory_keyring: MemoryKeyring
) -> None:
    preview = _source(database, server)
    position_id, _ = create_position(database, {"title": "Backend"})
    dev03 = next(p.found for p in preview.people if p.found.profile.login == "dev03")
    (candidate_id,) = add_people(database, [dev03], position_id, {}).queued
    with database.read() as session:
        assert session.get(GitHubCacheEntry, "/users/dev03") is not None
    key = suppression_key(create=True)
    assert key is not None
    erase_on_request(database, [candidate_id], key)
    database.dispose()
    raw = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
    assert b"dev03" not in raw  # nor the run that found them, nor its job
    assert latest_run(database) is None
    assert b"dev04" in raw  # the others' answers stay for the next run
    # A month on, nobody's answers are kept any more: the next run asks afresh.
    with database.write() as session:
        for entry in session.scalars(select(GitHubCacheEntry)):
            entry.stored_at -= KEEP_ANSWERS + timedelta(days=1)
    server.reset_counters()
    _source(database, server)
    assert server.counted_requests == server.api_requests == 1 + PEOPLE


def test_runs_at_once_share_one_search_pace() -> None:
    fake = FakeClock()
    spacing = SearchSpacing(clock=fake.clock, sleep=fake.sleep)
    assert spacing.reserve() == 0.0  # one run's search
    assert spacing.reserve() == pytest.approx(2.0)  # another run's waits its turn
    assert spacing.reserve() == pytest.approx(4.0)
    fake.now += 60
    assert spacing.reserve() == 0.0


def test_a_worker_that_lost_its_job_writes_no_checkpoint(database: Database) -> None:
    queued = queue_sourcing(database, "repo", "acme/tool", 10)
    claimed = claim_next(database)
    assert claimed is not None
    assert claimed.id == queued.job_id
    save_run(database, queued.run_id, claimed.id, {**_state(database), "marker": 1})
    assert _state(database)["marker"] == 1  # held here: stored
    release_held(database)  # the app quit while the worker was in a request
    save_run(database, queued.run_id, claimed.id, {**_state(database), "marker": 2})
    assert _state(database)["marker"] == 1  # the stale worker wrote nothing


def _state(database: Database) -> dict[str, object]:
    run = latest_run(database)
    assert run is not None
    return dict(run.run.state)
