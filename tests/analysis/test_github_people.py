"""Sourcing from GitHub against the loopback server: contributors and user search with
PyGithub for real, and ``recruitdesk source`` into a real SQLite file."""

import json
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from tests import templates
from tests.analysis.github_server import FakeRepo, GitHubServer
from tests.cli.running import run_cli

from recruitdesk.analysis.errors import AnalysisError, RateLimitedError, SourceNotFoundError
from recruitdesk.analysis.github.people_run import find_people
from recruitdesk.analysis.github.run_state import REPO, SEARCH
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.models.analysis import AnalysisJob
from recruitdesk.storage.models.pipeline import Application, Candidate
from recruitdesk.storage.positions import create_position

PEOPLE = {
    "ada": {
        "name": "Ada Lovelace",
        "location": "London, UK",
        "company": "@analytical",
        "blog": "https://ada.example.com",
        "bio": "Engines and Python.",
        "email": "ada@example.com",
        "hireable": True,
        "followers": 120,
        "public_repos": 14,
        "created_at": "2015-03-01T00:00:00Z",
    },
    "grace": {"name": "Grace Hopper", "location": "Arlington, VA", "followers": 80},
    "linus": {"name": "Linus", "location": "Portland", "bio": "No recruiters, please."},
    "kasia": {"name": "Katarzyna Nowak", "location": "Kraków, Polska", "followers": 30},
}
COUNTS = [("ada", 123), ("dependabot[bot]", 60), ("grace", 40), ("linus", 7), ("kasia", 1)]


def fill(server: GitHubServer) -> None:
    for login, profile in PEOPLE.items():
        server.add_user(login, **profile)
    server.add_repo(FakeRepo("fastapi", "fastapi", b"tarball", contributors=COUNTS))


def sourced(db: Path) -> list[tuple[str, str | None, str | None]]:
    with open_database(str(db)) as database, database.read() as session:
        rows = session.execute(
            select(Candidate.github_login, Candidate.email, Candidate.source).order_by(
                Candidate.github_login
            )
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_contributors_by_commits_without_bots_with_profiles(github_server: GitHubServer) -> None:
    fill(github_server)
    found = find_people(
        REPO,
        "fastapi/fastapi",
        api_url=github_server.url,
        token=None,
        limit=10,
        seconds_between_requests=0.0,  # the loopback server needs no pause
    )
    logins = [person.profile.login for person in found.people]
    assert logins == ["ada", "grace", "linus", "kasia"]
    ada = found.people[0]
    assert ada.source == "contributor to fastapi/fastapi, 123 commits"
    assert found.people[-1].source == "contributor to fastapi/fastapi, 1 commit"
    assert ada.profile.email == "ada@example.com"
    assert ada.profile.hireable is True
    assert (ada.profile.followers, ada.profile.public_repos) == (120, 14)
    assert found.people[1].profile.email is None  # nothing published: nothing kept
    # One listing page and one profile per person, nothing else.
    assert found.api_requests == 1 + len(logins)
    assert github_server.api_requests == found.api_requests


def test_contributors_follow_link_pagination(github_server: GitHubServer) -> None:
    github_server.rate_limit = github_server.remaining = 5000
    # Four pages of contributors; the person after two full pages is on the third, and
    # the fourth is never asked for. (Each person's profile is fetched: it was 230 of
    # 250, on all three pages there were.)
    many = [(f"dev{number:03}", 500 - number) for number in range(301)]
    for login, _commits in many:
        github_server.add_user(login)
    github_server.add_repo(FakeRepo("big", "project", b"tarball", contributors=many))
    found = find_people(
        REPO,
        "big/project",
        api_url=github_server.url,
        token=None,
        limit=201,
        seconds_between_requests=0.0,
    )
    assert len(found.people) == 201
    assert found.people[-1].profile.login == "dev200"
    listing = [seen for seen in github_server.seen if seen.path.endswith("/contributors")]
    assert len(listing) == 3  # 100 + 100 + the page that reaches 201
    # Requests per person: the target is at most 1.1 plus the listing pages.
    assert (found.api_requests - len(listing)) / len(found.people) <= 1.1


def test_search_users_says_github_stops_at_1000(github_server: GitHubServer) -> None:
    github_server.rate_limit = github_server.remaining = 5000
    for number in range(1030):
        github_server.add_user(f"py{number:04}", location="Warsaw, Poland", followers=number)
    found = find_people(
        SEARCH,
        "location:Poland followers:>20",
        api_url=github_server.url,
        token=None,
        limit=3,
        seconds_between_requests=0.0,
    )
    assert [p.profile.login for p in found.people] == ["py1029", "py1028", "py1027"]
    assert found.notice is not None
    assert "1,000" in found.notice
    assert "1,009" in found.notice
    assert found.people[0].source == "GitHub search 'location:Poland followers:>20'"


@pytest.mark.parametrize(
    ("query", "error", "words"),
    [
        ("   ", AnalysisError, "The search is empty"),
        ("followers:>lots", AnalysisError, "GitHub refused the search"),
        ("x" * 300, AnalysisError, "at most 256 characters"),
    ],
)
def test_bad_searches_are_one_sentence(
    github_server: GitHubServer, query: str, error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words) as raised:
        find_people(SEARCH, query, api_url=github_server.url, token=None)
    assert "\n" not in str(raised.value)


def test_unknown_repository(github_server: GitHubServer) -> None:
    with pytest.raises(SourceNotFoundError, match="There is no GitHub repository 'no/such'"):
        find_people(REPO, "no/such", api_url=github_server.url, token=None)
    with pytest.raises(AnalysisError, match="OWNER/NAME"):
        find_people(REPO, "not a repo", api_url=github_server.url, token=None)


def test_search_secondary_limit_is_a_rate_limit(github_server: GitHubServer) -> None:
    github_server.add_user("ada", location="Berlin")
    github_server.secondary_limit_next("/search/users", retry_after=90)
    with pytest.raises(RateLimitedError) as raised:
        find_people(SEARCH, "location:Berlin", api_url=github_server.url, token=None)
    assert raised.value.retry_at is not None
    assert raised.value.retry_at.timestamp() > time.time() + 80


def test_search_has_its_own_rate_bucket(github_server: GitHubServer) -> None:
    github_server.add_user("ada", location="Berlin")
    github_server.search_remaining = 0
    with pytest.raises(RateLimitedError, match="rate limit"):
        find_people(SEARCH, "location:Berlin", api_url=github_server.url, token=None)
    assert github_server.remaining == github_server.rate_limit  # the core bucket untouched


# --- the command ---------------------------------------------------------------------


def _position(db: Path) -> int:
    with templates.open_empty(db) as database:
        position_id, _changes = create_position(database, {"title": "Senior Python developer"})
    return position_id


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    ran = run_cli(capsys, *args, "--json")
    assert ran.returncode == 0, ran.stderr
    people: list[dict[str, Any]] = json.loads(ran.stdout)
    return people


def test_source_repo_into_a_position_twice_adds_nobody_twice(
    github_server: GitHubServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(github_server)
    db = tmp_path / "rd.sqlite"
    position = _position(db)
    args = ("--db", str(db), "source", "repo", "fastapi/fastapi", *github_server.cli_options)
    first = _json(capsys, *args, "--position", str(position))
    by_login = {person["login"]: person for person in first}
    assert [p["status"] for p in first] == ["added", "added", "do_not_contact", "added"]
    assert "No recruiters" in by_login["linus"]["reason"]
    assert by_login["ada"]["region"] == "western_europe"
    assert by_login["kasia"]["region"] == "eastern_europe"
    assert by_login["grace"]["region"] == "us_canada"
    assert by_login["ada"]["account_age_days"] > 365 * 10
    for key in ("name", "location", "company", "blog", "bio", "email", "hireable"):
        assert key in by_login["ada"]
    assert by_login["ada"]["followers"] == 120
    assert by_login["ada"]["public_repos"] == 14
    assert sourced(db) == [
        ("ada", "ada@example.com", "contributor to fastapi/fastapi, 123 commits"),
        ("grace", None, "contributor to fastapi/fastapi, 40 commits"),
        ("kasia", None, "contributor to fastapi/fastapi, 1 commit"),
    ]
    with open_database(str(db)) as database, database.read() as session:
        assert session.scalar(select(func.count()).select_from(AnalysisJob)) == 3
        assert session.scalar(select(func.count()).select_from(Application)) == 3
        informs = set(session.scalars(select(Candidate.inform_by)))
        created = set(session.scalars(select(func.date(Candidate.created_at))))
    assert len(informs) == 1
    assert None not in informs
    assert (next(iter(informs)) - date.fromisoformat(created.pop())).days == 30

    again = _json(capsys, *args, "--position", str(position))
    assert [p["status"] for p in again] == [
        "already_known",
        "already_known",
        "do_not_contact",
        "already_known",
    ]
    assert "Senior Python developer" in again[0]["reason"]
    assert "sourced" in again[0]["reason"]
    assert len(sourced(db)) == 3
    with open_database(str(db)) as database, database.read() as session:
        assert session.scalar(select(func.count()).select_from(Application)) == 3


def test_source_again_asks_with_the_kept_etags_and_costs_nothing_against_the_limit(
    github_server: GitHubServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(github_server)
    db = templates.empty_file(tmp_path / "rd.sqlite")
    args = ("--db", str(db), "source", "repo", "fastapi/fastapi", *github_server.cli_options)
    first = _json(capsys, *args)
    profiles = len(first)
    assert github_server.counted_requests == 1 + profiles  # the listing and each profile
    github_server.reset_counters()
    again = _json(capsys, *args)
    assert [p["login"] for p in again] == [p["login"] for p in first]
    assert github_server.api_requests == 1 + profiles  # each asked with its ETag...
    assert github_server.counted_requests == 0  # ...and answered 304
    assert {seen.status for seen in github_server.seen} == {304}


def test_source_without_position_stores_nothing(
    github_server: GitHubServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(github_server)
    db = tmp_path / "rd.sqlite"
    _position(db)
    people = _json(
        capsys, "--db", str(db), "source", "repo", "fastapi/fastapi", *github_server.cli_options
    )
    assert {p["status"] for p in people} == {"skipped", "do_not_contact"}
    assert sourced(db) == []


def test_source_text_says_what_happened(
    github_server: GitHubServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(github_server)
    db = tmp_path / "rd.sqlite"
    position = _position(db)
    ran = run_cli(
        capsys,
        *("--db", str(db), "source", "search", "location:Kraków"),
        *(*github_server.cli_options, "--position", str(position)),
    )
    assert ran.returncode == 0, ran.stderr
    assert "kasia\tadded\tKatarzyna Nowak, Kraków, Polska, region Eastern Europe" in ran.stdout
    assert "1 person found: 1 added, 0 already known, 0 do not contact, 0 skipped." in ran.stdout
    assert "Queued 1 GitHub analysis." in ran.stdout


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("repo", "no/such"), 1, "There is no GitHub repository 'no/such'"),
        (("repo", "fastapi"), 2, "OWNER/NAME"),
        (("search", ""), 2, "The search is empty"),
        (("search", "followers:>many"), 1, "GitHub refused the search"),
    ],
)
def test_bad_input_one_sentence_nothing_added(
    github_server: GitHubServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    code: int,
    words: str,
) -> None:
    fill(github_server)
    db = tmp_path / "rd.sqlite"
    position = _position(db)
    ran = run_cli(
        capsys,
        *("--db", str(db), "source", *args, *github_server.cli_options),
        *("--position", str(position)),
    )
    assert ran.returncode == code
    assert words in ran.stderr
    assert (
        len([line for line in ran.stderr.splitlines() if "error" in line or "recruitdesk:" in line])
        == 1
    )
    assert sourced(db) == []


def test_rate_limit_mid_way_adds_nobody(
    github_server: GitHubServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(github_server)
    db = tmp_path / "rd.sqlite"
    position = _position(db)
    github_server.remaining = 3  # the listing and two profiles, then the limit
    ran = run_cli(
        capsys,
        *("--db", str(db), "source", "repo", "fastapi/fastapi"),
        *(*github_server.cli_options, "--position", str(position)),
    )
    assert ran.returncode == 1
    assert "rate limit is spent until" in ran.stderr
    assert sourced(db) == []
    with open_database(str(db)) as database, database.read() as session:
        assert session.scalar(select(func.count()).select_from(AnalysisJob)) == 0


def test_search_leaves_out_organisations_and_bots(github_server: GitHubServer) -> None:
    github_server.add_user("pyorg", location="Berlin", type="Organization")
    github_server.add_user("helper-bot", location="Berlin")
    github_server.add_user("ada", location="Berlin")
    found = find_people(
        SEARCH,
        "location:Berlin",
        api_url=github_server.url,
        token=None,
        seconds_between_requests=0.0,
    )
    assert [person.profile.login for person in found.people] == ["ada"]
    assert found.notice is None
    assert found.api_requests == 2  # the search page and one profile
