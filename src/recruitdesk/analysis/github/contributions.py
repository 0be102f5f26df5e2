"""What a candidate did in other people's projects, from GitHub's search API in at most
three requests (docs/architecture.md, "Contributions to others' projects"):

1. ``/search/issues`` for their merged pull requests in repositories they do not own
   (``type:pr author:LOGIN is:merged -user:LOGIN``), the most recent hundred, with
   GitHub's total;
2. ``/search/issues`` for the pull requests of others they reviewed there;
3. ``/search/repositories`` with one ``repo:`` qualifier per project (as many as fit
   GitHub's 256 characters, most pull requests first) for the projects' stars; not
   sent when nothing was merged.

Each is conditional on the last analysis's ETag, so an unchanged answer is a ``304``.
The search API has its own rate limit: once its headers say none is left, the next
search is not sent, the analysis stops with the reset time and the job resumes then.
A search GitHub refuses (a ``422``: an account it cannot search) leaves a note instead.
"""

import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, TypeVar

from recruitdesk.analysis.contribution_parts import Contributions
from recruitdesk.analysis.errors import RateLimitedError, retry_after
from recruitdesk.analysis.github.client import GitHubClient
from recruitdesk.domain.contributions import TITLE_CHARS, Project, PullRequest
from recruitdesk.domain.pr_writing import judge_writing, quote
from recruitdesk.domain.wording import clock_time

#: Results per search page (GitHub's most); one page of each search is read.
PER_PAGE = 100
#: GitHub refuses a search query longer than this.
MAX_QUERY_CHARS = 256
#: Projects listed among the reviews at most.
MAX_REVIEWED_PROJECTS = 20

R = TypeVar("R")


class _SearchBudget:
    """The search API's own limit, as its last answer stated it."""

    def __init__(self) -> None:
        self.remaining: int | None = None
        self.reset: datetime | None = None

    def note(self, headers: dict[str, Any]) -> None:
        remaining = str(headers.get("x-ratelimit-remaining", ""))
        reset = str(headers.get("x-ratelimit-reset", ""))
        if remaining.isdigit():
            self.remaining = int(remaining)
        if reset.isdigit():
            self.reset = datetime.fromtimestamp(int(reset), UTC)

    def check(self, what: str) -> None:
        if self.remaining == 0:
            when = self.reset or retry_after(60)
            raise RateLimitedError(
                f"GitHub's search limit is spent until {clock_time(when)}; the analysis "
                f"resumes then (waiting: {what}).",
                retry_at=when,
            )


def _repo_of(item: dict[str, Any]) -> str | None:
    """``owner/name`` from a search item's ``repository_url``."""
    path = urllib.parse.urlsplit(str(item.get("repository_url") or "")).path
    parts = path.rstrip("/").split("/")
    if len(parts) >= 2 and parts[-3:-2] == ["repos"]:
        return f"{parts[-2]}/{parts[-1]}"
    return None


def _pull(item: dict[str, Any]) -> PullRequest | None:
    repo = _repo_of(item)
    if repo is None:
        return None
    body = item.get("body")
    body = body if isinstance(body, str) else None
    merged = (item.get("pull_request") or {}).get("merged_at")
    return PullRequest(
        repo=repo,
        number=int(item.get("number") or 0),
        title=str(item.get("title") or "")[:TITLE_CHARS],
        url=str(item.get("html_url") or ""),
        merged_at=merged if isinstance(merged, str) else None,
        writing=judge_writing(body),
        quote=quote(body),
    )


def _items(page: dict[str, Any]) -> list[dict[str, Any]]:
    """A search page's items (one page: at most :data:`PER_PAGE`)."""
    return [item for item in page.get("items") or () if isinstance(item, dict)][:PER_PAGE]


def _star_query(projects: Iterable[str]) -> str:
    """``repo:a/b repo:c/d ...``: as many as fit GitHub's query length."""
    terms: list[str] = []
    for repo in projects:
        term = f"repo:{repo}"
        if len(" ".join([*terms, term])) > MAX_QUERY_CHARS:
            break
        terms.append(term)
    return " ".join(terms)


def _total(page: dict[str, Any], read: int) -> int:
    """GitHub's count, or at least what was read."""
    return max(int(page.get("total_count") or 0), read)


def _merged(page: dict[str, Any]) -> tuple[int, tuple[PullRequest, ...]]:
    pulls = tuple(pull for item in _items(page) if (pull := _pull(item)) is not None)
    return _total(page, len(pulls)), pulls


def _reviewed(page: dict[str, Any]) -> tuple[int, tuple[tuple[str, int], ...]]:
    """GitHub's count of reviews, and the most reviewed projects with their counts."""
    counts = Counter(repo for item in _items(page) if (repo := _repo_of(item)) is not None)
    return _total(page, sum(counts.values())), tuple(counts.most_common(MAX_REVIEWED_PROJECTS))


def _stars(page: dict[str, Any]) -> dict[str, tuple[int | None, str | None]]:
    """Each found project's stars and language, by its lower-case name."""
    known: dict[str, tuple[int | None, str | None]] = {}
    for item in page.get("items") or ():
        if isinstance(item, dict) and item.get("full_name"):
            stars = item.get("stargazers_count")
            language = item.get("language")
            known[str(item["full_name"]).lower()] = (
                int(stars) if isinstance(stars, int) else None,
                language if isinstance(language, str) else None,
            )
    return known


class _Reader:
    def __init__(self, client: GitHubClient, login: str, previous: Contributions | None) -> None:
        self.client = client
        self.login = login
        self.previous = previous
        self.budget = _SearchBudget()
        self.etags: dict[str, str] = {}
        self.notes: list[str] = []

    def search(self, key: str, path: str, query: str, what: str) -> dict[str, Any] | None:
        """One search page; ``None`` when unchanged since the last analysis (a 304),
        ``{}`` when GitHub refused it (noted)."""
        self.budget.check(what)
        old = self.previous.etags.get(key) if self.previous else None
        headers, data = self.client.get(
            path, what, params={"q": query, "per_page": PER_PAGE}, etag=old, missing=422
        )
        self.budget.note(headers)
        if headers.get("status") == 422:
            self.notes.append(f"GitHub could not search {what}.")
            return {}
        etag = headers.get("etag") or (old if data is None else None)
        if etag:
            self.etags[key] = str(etag)
        return data if isinstance(data, dict) or data is None else {}

    def read(
        self,
        key: str,
        path: str,
        query: str,
        what: str,
        parse: Callable[[dict[str, Any]], R],
        unchanged: R,
    ) -> R:
        """One search page parsed, or ``unchanged`` (what the last analysis read) when
        GitHub answers that it has not changed."""
        page = self.search(key, path, query, what)
        return unchanged if page is None else parse(page)


def read_contributions(
    client: GitHubClient,
    login: str,
    previous: Contributions | None = None,
    step: Callable[[str], None] = lambda _message: None,
) -> Contributions:
    """The candidate's merged pull requests in others' repositories, their projects'
    stars, and their reviews there."""
    reader = _Reader(client, login, previous)
    old = previous or Contributions()
    step(f"Looking for {login}'s merged pull requests in others' projects.")
    merged_total, pulls = reader.read(
        "merged",
        "/search/issues",
        f"type:pr author:{login} is:merged -user:{login}",
        f"the pull requests of {login}",
        _merged,
        (old.merged_total, old.pulls),
    )
    reviews_total, reviewed_repos = reader.read(
        "reviewed",
        "/search/issues",
        f"type:pr reviewed-by:{login} -author:{login} -user:{login}",
        f"the reviews of {login}",
        _reviewed,
        (old.reviews_total, old.reviewed),
    )
    projects = _projects(reader, pulls, old)
    return Contributions(
        merged_total=merged_total,
        pulls=pulls,
        projects=projects,
        reviews_total=reviews_total,
        reviewed=reviewed_repos,
        notes=tuple(reader.notes),
        etags=reader.etags,
    )


def _projects(
    reader: _Reader, pulls: tuple[PullRequest, ...], old: Contributions
) -> tuple[Project, ...]:
    counts = Counter(pull.repo for pull in pulls)
    if not counts:
        return ()
    query = _star_query(repo for repo, _n in counts.most_common())
    known = (
        reader.read(
            "stars",
            "/search/repositories",
            query,
            f"the projects {reader.login} contributed to",
            _stars,
            {p.repo.lower(): (p.stars, p.language) for p in old.projects},
        )
        if query
        else {}
    )
    return tuple(
        Project(repo, n, *known.get(repo.lower(), (None, None))) for repo, n in counts.most_common()
    )
