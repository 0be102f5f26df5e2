"""Sourcing as resumable background work against the loopback GitHub server, counting
its requests: ETags on profiles and contributor pages, a run stopped mid-way going on
where it stopped, the search paced to 30 a minute, a spent rate limit waited out."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.analysis.github_server import FakeRepo, GitHubServer
from tests.keyrings import MemoryKeyring

from recruitdesk.analysis.github.pacing import Pacing
from recruitdesk.domain.taxonomy import Region
from recruitdesk.jobs.sourcing import add_people, find_people
from recruitdesk.progress import Cancelled, Progress
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.sourcing import GitHubCacheEntry
from recruitdesk.storage.positions import create_position
from recruitdesk.storage.sourcing import Status
from recruitdesk.storage.sourcing_runs import KEEP_ANSWERS, unfinished_run
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
    """A clock the waits advance; ``on_sleep`` runs at each sleep (GitHub's limits
    resetting meanwhile)."""

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


def _find(database: Database, server: GitHubServer, **options: object) -> object:
    return find_people(
        database,
        "repo",
        "acme/tool",
        PEOPLE,
        api_url=server.url,
        token="",
        seconds_between_requests=0.0,
        **options,  # type: ignore[arg-type]
    )


def test_a_second_run_costs_nothing_against_the_limit(
    database: Database, server: GitHubServer
) -> None:
    cold = find_people(
        database,
        "repo",
        "acme/tool",
        PEOPLE,
        api_url=server.url,
        token="",
        seconds_between_requests=0.0,
    )
    assert len(cold.people) == PEOPLE
    assert server.counted_requests == 1 + PEOPLE
    assert cold.resumed_from is None
    server.reset_counters()
    warm = find_people(
        database,
        "repo",
        "acme/tool",
        PEOPLE,
        api_url=server.url,
        token="",
        seconds_between_requests=0.0,
    )
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
    progress = Progress(is_cancelled=lambda: _paths(server, "/users/") >= stop_after)
    with pytest.raises(Cancelled):
        find_people(
            database,
            "repo",
            "acme/tool",
            PEOPLE,
            api_url=server.url,
            token="",
            progress=progress,
            seconds_between_requests=0.0,
        )
    stopped = unfinished_run(database)
    assert stopped is not None
    assert stopped.state["profiles_done"] == 10  # the last save before the stop
    assert stopped.state["next_url"] is None
    server.reset_counters()
    resumed = find_people(
        database,
        "repo",
        "acme/tool",
        PEOPLE,
        api_url=server.url,
        token="",
        seconds_between_requests=0.0,
    )
    assert resumed.resumed_from is not None
    assert "25 people listed, 10 profiles read" in resumed.resumed_from
    assert len(resumed.people) == PEOPLE
    assert _paths(server, "/repos/") == 0  # the listing is not read again
    assert _paths(server, "/users/") == PEOPLE - 10
    # The profiles read after the last save cost a 304 each, not the limit.
    assert _paths(server, "/users/", counted_only=True) == PEOPLE - stop_after
    assert unfinished_run(database) is None


def test_searches_are_paced_to_30_a_minute(database: Database, server: GitHubServer) -> None:
    for number in range(230):
        server.add_user(f"py{number:03}", location="Hamburg, Germany", followers=number + 50)
    fake = FakeClock()
    pacing = Pacing(clock=fake.clock, sleep=fake.sleep)
    found = find_people(
        database,
        "search",
        "location:Germany followers:>40",
        230,
        api_url=server.url,
        token="",
        pacing=pacing,
        seconds_between_requests=0.0,
    )
    assert len(found.people) == 230
    assert _paths(server, "/search/") == 3
    reasons = [reason for _seconds, reason in pacing.waits]
    assert reasons == ["pacing the search: GitHub allows 30 searches a minute"] * 2
    assert sum(fake.slept) == pytest.approx(4.0)


def test_a_spent_rate_limit_is_waited_out_with_its_reason(
    database: Database, server: GitHubServer
) -> None:
    server.remaining = 8
    fake = FakeClock()

    def sleep(seconds: float) -> None:
        fake.sleep(seconds)
        server.remaining = server.rate_limit  # the limit resets while the run waits

    pacing = Pacing(clock=fake.clock, sleep=sleep)
    found = _find(database, server, pacing=pacing)
    assert len(found.people) == PEOPLE  # type: ignore[attr-defined]
    ((_seconds, reason),) = pacing.waits
    assert reason.startswith("waiting for GitHub's rate limit until ")
    refused = [seen for seen in server.seen if seen.status == 403]
    assert len(refused) == 1  # one refusal, then the wait, then on


def test_add_the_ticked_people_with_the_regions_chosen(
    database: Database, server: GitHubServer
) -> None:
    preview = _find(database, server)
    position_id, _ = create_position(database, {"title": "Backend"})
    ticked = [p.found for p in preview.people[:3]]  # type: ignore[attr-defined]
    outcome = add_people(database, ticked, position_id, {"dev01": Region.EASTERN_EUROPE})
    assert [p.status for p in outcome.people] == [Status.ADDED] * 3
    assert [p.region for p in outcome.people] == [
        Region.WESTERN_EUROPE,
        Region.EASTERN_EUROPE,
        Region.WESTERN_EUROPE,
    ]
    assert len(outcome.queued) == 3


def test_kept_answers_leave_with_the_person_and_after_a_month(
    database: Database, server: GitHubServer, db_path: Path, memory_keyring: MemoryKeyring
) -> None:
    preview = _find(database, server)
    position_id, _ = create_position(database, {"title": "Backend"})
    dev03 = next(p.found for p in preview.people if p.found.profile.login == "dev03")  # type: ignore[attr-defined]
    (candidate_id,) = add_people(database, [dev03], position_id, {}).queued
    with database.read() as session:
        assert session.get(GitHubCacheEntry, "/users/dev03") is not None
    key = suppression_key(create=True)
    assert key is not None
    erase_on_request(database, [candidate_id], key)
    database.dispose()
    raw = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
    assert b"dev03" not in raw
    assert b"dev04" in raw  # the others' answers stay for the next run
    # A month on, nobody's answers are kept any more: the next run asks afresh.
    with database.write() as session:
        for entry in session.scalars(select(GitHubCacheEntry)):
            entry.stored_at -= KEEP_ANSWERS + timedelta(days=1)
    server.reset_counters()
    _find(database, server)
    assert server.counted_requests == server.api_requests == 1 + PEOPLE
