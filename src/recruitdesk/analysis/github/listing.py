"""A GitHub user's own repositories: the listing, one request per page, sent with the
stored ETag (a ``304`` costs nothing against the rate limit), and which of them are
worth analysing first."""

import math
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from recruitdesk.analysis.errors import SourceNotFoundError

if TYPE_CHECKING:  # PyGithub: the sourcing's import of parse_time does without it
    from recruitdesk.analysis.github.client import GitHubClient

#: Listing pages read at most (100 repositories each).
MAX_LISTING_PAGES = 5
#: Ranking: a Python repository is worth this much more than one whose language GitHub
#: does not know.
PYTHON_BONUS = 10.0
#: Repositories in these languages (GitHub's guess from the bytes of code) are analysed;
#: ``None`` is a repository GitHub has not classified.
ANALYSED_LANGUAGES = frozenset({"Python", None})
#: Ranking: a push this many days ago counts half as recent as one today.
RECENCY_HALF_LIFE_DAYS = 180.0
_LINK = re.compile(r'<([^>]+)>;\s*rel="(\w+)"')


def links(headers: dict[str, Any]) -> dict[str, str]:
    """The ``Link`` header's URLs by relation (``next``, ``last``...)."""
    return {rel: url for url, rel in _LINK.findall(str(headers.get("link", "")))}


def parse_time(text: str | None) -> datetime | None:
    """A GitHub timestamp (``2024-05-01T10:00:00Z``) as an aware datetime."""
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def list_repositories(
    client: "GitHubClient", login: str, etag: str | None
) -> tuple[list[dict[str, Any]] | None, str | None]:
    """The user's own repositories and the listing's ETag, or ``None`` when the stored
    ETag still matches."""
    what = f"the repositories of {login}"
    headers, page = client.get(
        f"/users/{login}/repos",
        what,
        params={"per_page": 100, "type": "owner", "sort": "pushed"},
        etag=etag,
        missing=404,
    )
    if headers.get("status") == 404:
        raise SourceNotFoundError(f"There is no GitHub user {login!r} at {client.api_url}.")
    if page is None:
        return None, etag
    entries: list[dict[str, Any]] = list(page)
    new_etag = headers.get("etag")
    next_url = links(headers).get("next")
    pages = 1
    while next_url and pages < MAX_LISTING_PAGES:
        headers, page = client.get(next_url, what)
        entries.extend(page or [])
        next_url = links(headers).get("next")
        pages += 1
    return entries, new_etag


def relevance(entry: dict[str, Any], now: datetime) -> float:
    """Stars, recency and Python, for choosing which repositories to analyse."""
    pushed = parse_time(entry.get("pushed_at"))
    days = (now - pushed).total_seconds() / 86400 if pushed else 10_000.0
    recency = 0.5 ** (max(0.0, days) / RECENCY_HALF_LIFE_DAYS)
    python = PYTHON_BONUS if entry.get("language") == "Python" else 0.0
    return float(python + math.log1p(int(entry.get("stargazers_count") or 0)) + 2 * recency)


def most_relevant(entries: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """The repositories worth analysing (in an analysed language, not empty), the most
    relevant first."""
    return sorted(
        (
            entry
            for entry in entries
            if entry.get("language") in ANALYSED_LANGUAGES and entry.get("size", 1) != 0
        ),
        key=lambda entry: relevance(entry, now),
        reverse=True,
    )
