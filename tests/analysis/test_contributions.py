"""Work in other people's projects, read from the loopback GitHub server's search API."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.analysis.corpus import make_well_kept
from tests.analysis.github_search import FakePull
from tests.analysis.github_server import FakeRepo, GitHubServer, fake_repo_from_git
from tests.analysis.pypi_server import project_json, pypi_server

from recruitdesk.analysis.contribution_parts import Contributions
from recruitdesk.analysis.engine import assemble
from recruitdesk.analysis.errors import RateLimitedError
from recruitdesk.analysis.github.account import PreviousAnalysis, analyze_login
from recruitdesk.analysis.result import RepoResult
from recruitdesk.domain.open_source import NO_CONTRIBUTIONS

WELL_WRITTEN = """\
`QuerySet.bulk_update()` ignored `batch_size` when the objects had deferred fields,
because the batching happened after the deferred loading. This moves the split first,
so large updates no longer build one giant statement.

Fixes #34567. Added a regression test in `tests/queries/test_bulk_update.py` and ran
the queries suite with the SQLite and PostgreSQL backends.
"""
TERSE = "typo"
HOSTILE_TITLE = '<img src=x onerror="alert(1)"><script>alert(2)</script> Fix </table>'


def _repo(owner: str, name: str, stars: int) -> FakeRepo:
    return FakeRepo(owner, name, tarball=None, stars=stars)


@pytest.fixture(scope="module")
def well(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ada's repository, made once: the tests only read it into a tarball."""
    return make_well_kept(tmp_path_factory.mktemp("repos") / "well")


@pytest.fixture
def server(github_server: GitHubServer, well: Path) -> GitHubServer:
    """ada owns one repository; she had 12 pull requests merged into django/django,
    2 into psf/requests, 1 into a small project, one into a deleted repository, one
    into her own and one still open; she reviewed 3 of bob's in django."""
    gh = github_server
    gh.add_user("ada")
    gh.add_user("bob")
    gh.add_repo(fake_repo_from_git(well, "ada", "shop", base=gh.url, stars=3))
    gh.add_repo(_repo("django", "django", 80_000))
    gh.add_repo(_repo("psf", "requests", 51_000))
    gh.add_repo(_repo("someone", "tiny", 2))
    for number in range(12):
        gh.add_pull(FakePull("django/django", 100 + number, "ada", f"Fix {number}", WELL_WRITTEN))
    gh.add_pull(FakePull("psf/requests", 7, "ada", HOSTILE_TITLE, TERSE))
    gh.add_pull(FakePull("psf/requests", 8, "ada", "Docs", None))
    gh.add_pull(FakePull("someone/tiny", 1, "ada", "Add a CLI", "Adds a CLI " + "x" * 3_000_000))
    gh.add_pull(FakePull("gone/away", 3, "ada", "Deleted", WELL_WRITTEN))
    gh.add_pull(FakePull("ada/shop", 4, "ada", "Own", WELL_WRITTEN))
    gh.add_pull(FakePull("django/django", 99, "ada", "Open", WELL_WRITTEN, merged=False))
    for number in range(3):
        gh.add_pull(
            FakePull("django/django", 200 + number, "bob", "Bob's", TERSE, reviewers=["ada"])
        )
    return gh


def _searches(server: GitHubServer) -> list[str]:
    return [seen.path for seen in server.seen if seen.path.startswith("/search/")]


def test_merged_pull_requests_reviews_and_projects_by_standing(server: GitHubServer) -> None:
    result = analyze_login("ada", api_url=server.url, seconds_between_requests=0)
    found = result.contributions
    assert found is not None
    assert found.merged_total == 15  # not the deleted repository's, her own or the open one
    assert [(p.repo, p.merged, p.stars) for p in found.projects][:3] == [
        ("django/django", 12, 80_000),
        ("psf/requests", 2, 51_000),
        ("someone/tiny", 1, 2),
    ]
    assert all(pull.url.endswith(f"/pull/{pull.number}") for pull in found.pulls)
    assert (found.reviews_total, found.reviewed) == (3, (("django/django", 3),))
    # Three search requests beyond the account's own: merged, reviewed, stars.
    assert _searches(server) == ["/search/issues", "/search/issues", "/search/repositories"]
    assert "open_source" in result.scores
    lines = " ".join(result.explanations["open_source"])
    assert "15 pull requests merged in other people's projects" in lines
    assert "django/django (12 merged, 80,000 stars)" in lines
    django = next(skill for skill in result.skills if skill.name == "Django")
    assert django.evidence[0].why == "12 merged pull requests to django/django"
    assert (django.evidence[0].repo, django.evidence[0].path) == ("django/django", "pull/111")


def test_the_writing_is_judged_and_bounded(server: GitHubServer) -> None:
    found = analyze_login("ada", api_url=server.url, seconds_between_requests=0).contributions
    assert found is not None
    by_number = {(pull.repo, pull.number): pull for pull in found.pulls}
    good = by_number[("django/django", 100)].writing
    assert good.says_why
    assert good.links_issue
    assert good.describes_testing
    assert good.useful_length
    assert by_number[("psf/requests", 8)].writing.points == 0
    huge = by_number[("someone/tiny", 1)]
    assert len(huge.quote) <= 161
    record = json.dumps(found.to_record())
    assert len(record) < 50_000  # a megabyte body leaves no megabyte behind
    assert len(by_number[("psf/requests", 7)].title) <= 200


def test_a_re_analysis_sends_its_searches_conditionally(server: GitHubServer) -> None:
    first = analyze_login("ada", api_url=server.url, seconds_between_requests=0)
    record = first.to_record()
    previous = PreviousAnalysis.from_records(
        first.listing_etag,
        {repo["name"]: repo for repo in record["repos"]},
        record["contributions"],
    )
    server.reset_counters()
    again = analyze_login("ada", api_url=server.url, previous=previous, seconds_between_requests=0)
    searches = [seen for seen in server.seen if seen.path.startswith("/search/")]
    assert [seen.status for seen in searches] == [304, 304, 304]
    assert server.counted_requests == 0
    assert again.contributions is not None
    assert first.contributions is not None
    assert again.contributions.to_json() == first.contributions.to_json()
    assert again.scores == first.scores


def test_thousands_of_pull_requests_cost_one_request(github_server: GitHubServer) -> None:
    github_server.add_user("prolific")
    github_server.add_repo(_repo("big", "project", 5_000))
    for number in range(2_500):
        github_server.add_pull(FakePull("big/project", number, "prolific", "Change", TERSE))
    result = analyze_login("prolific", api_url=github_server.url, seconds_between_requests=0)
    found = result.contributions
    assert found is not None
    assert (found.merged_total, len(found.pulls)) == (2_500, 100)
    assert found.projects[0].merged == 100
    assert len(_searches(github_server)) == 3
    assert "The 100 most recent (4%) were read." in result.explanations["open_source"]


def test_no_public_contributions_is_no_evidence_either_way(github_server: GitHubServer) -> None:
    github_server.add_user("quiet")
    result = analyze_login("quiet", api_url=github_server.url, seconds_between_requests=0)
    assert "open_source" not in result.scores
    assert result.explanations["open_source"] == [NO_CONTRIBUTIONS]
    assert not any("contribution" in flag.message.lower() for flag in result.red_flags)
    assert len(_searches(github_server)) == 2  # no stars to look up


def test_no_contributions_never_lowers_the_overall() -> None:
    repo = RepoResult(name="app", sloc=900, functions=40, typed_functions_ratio=0.9, blocks=40)
    without = assemble(source="github", repos=[repo], login="x")
    empty = assemble(source="github", repos=[repo], login="x", contributions=Contributions())
    assert empty.scores == without.scores
    assert "open source" not in " ".join(empty.explanations["overall"])


def test_the_search_limit_is_respected_and_the_analysis_resumes(server: GitHubServer) -> None:
    server.search_remaining = 1
    with pytest.raises(RateLimitedError) as caught:
        analyze_login("ada", api_url=server.url, seconds_between_requests=0)
    assert caught.value.retry_at is not None
    assert caught.value.retry_at > datetime.now(UTC)
    # The second search was never sent, and nothing was downloaded yet.
    assert _searches(server) == ["/search/issues"]
    assert server.downloads == 0
    server.search_remaining = 30
    result = analyze_login("ada", api_url=server.url, seconds_between_requests=0)
    assert result.contributions is not None
    assert result.contributions.merged_total == 15


def test_an_old_result_without_contributions_reads_back() -> None:
    assert Contributions.from_record(None) is None
    assert PreviousAnalysis.from_records(None, {}, None).contributions is None


def test_a_published_package_is_counted_from_pypi_and_cached(server: GitHubServer) -> None:
    with pypi_server() as pypi:
        pypi.projects["shop"] = project_json(
            "shop",
            "https://github.example.com/ada/shop",
            ["0.1.0", "0.2.0", "1.0.0"],
            yanked=frozenset({"0.2.0"}),
        )
        first = analyze_login(
            "ada", api_url=server.url, pypi_url=pypi.url, seconds_between_requests=0
        )
        assert first.contributions is not None
        (package,) = first.contributions.packages
        assert (package.name, package.repo, package.releases, package.latest) == (
            "shop",
            "shop",
            2,
            "1.0.0",
        )
        assert (
            "Maintains 1 published package (2 releases on PyPI)."
            in (first.explanations["open_source"])
        )
        record = first.to_record()
        previous = PreviousAnalysis.from_records(
            None, {repo["name"]: repo for repo in record["repos"]}, record["contributions"]
        )
        again = analyze_login(
            "ada",
            api_url=server.url,
            pypi_url=pypi.url,
            previous=previous,
            seconds_between_requests=0,
        )
        assert [status for _path, status in pypi.seen] == [200, 304]
        assert again.contributions is not None
        assert again.contributions.packages == first.contributions.packages


def test_a_namesake_on_pypi_is_not_the_candidates(server: GitHubServer) -> None:
    with pypi_server() as pypi:
        pypi.projects["shop"] = project_json(
            "shop", "https://github.example.com/someone-else/shop", ["1.0"]
        )
        result = analyze_login(
            "ada", api_url=server.url, pypi_url=pypi.url, seconds_between_requests=0
        )
    assert result.contributions is not None
    assert result.contributions.packages == ()


def test_pypi_out_of_reach_leaves_a_note_not_a_failure(server: GitHubServer) -> None:
    with pypi_server() as pypi:
        closed = pypi.url
    result = analyze_login("ada", api_url=server.url, pypi_url=closed, seconds_between_requests=0)
    assert result.contributions is not None
    assert result.contributions.packages == ()
    assert any("PyPI could not be read" in note for note in result.contributions.notes)
    assert "overall" in result.scores
