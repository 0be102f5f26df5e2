"""The loopback GitHub server's issue and repository search (``/search/issues``,
``/search/repositories``), in GitHub's shapes, over the pull requests a test adds with
:meth:`GitHubServer.add_pull <tests.analysis.github_server.GitHubServer.add_pull>`.

What it does as GitHub does: the qualifiers ``type:pr``, ``is:pr``, ``is:merged``,
``author:``, ``-author:``, ``-user:``, ``user:``, ``reviewed-by:`` and ``repo:`` (several
``repo:`` are alternatives); newest first; ``per_page``/``page`` with ``Link``; at most
1,000 results reachable, ``total_count`` the true count; ``422`` for a query longer than
256 characters, for an unknown qualifier, and for an ``author:`` that is no user.
Pull requests of a deleted repository are not found, as on GitHub.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

MAX_QUERY_CHARS = 256
ISSUE_QUALIFIERS = frozenset({"type", "is", "author", "-author", "user", "-user", "reviewed-by"})
REPO_QUALIFIERS = frozenset({"repo"})


@dataclass(slots=True)
class FakePull:
    """A pull request on the server: ``repo`` is ``owner/name``."""

    repo: str
    number: int
    author: str
    title: str
    body: str | None
    merged: bool = True
    reviewers: list[str] = field(default_factory=list)
    created_at: str = "2025-06-01T10:00:00Z"


def pull_item(pull: FakePull, base: str, user: dict[str, Any]) -> dict[str, Any]:
    """One ``/search/issues`` item for a pull request, as GitHub gives it."""
    api = f"{base}/repos/{pull.repo}"
    html = f"https://github.example.com/{pull.repo}/pull/{pull.number}"
    merged_at = "2025-06-03T09:00:00Z" if pull.merged else None
    return {
        "url": f"{api}/issues/{pull.number}",
        "repository_url": api,
        "labels_url": f"{api}/issues/{pull.number}/labels{{/name}}",
        "comments_url": f"{api}/issues/{pull.number}/comments",
        "events_url": f"{api}/issues/{pull.number}/events",
        "html_url": html,
        "id": 900_000 + pull.number,
        "node_id": f"PR_{pull.number}",
        "number": pull.number,
        "title": pull.title,
        "user": user,
        "labels": [],
        "state": "closed",
        "locked": False,
        "assignee": None,
        "assignees": [],
        "milestone": None,
        "comments": 2,
        "created_at": pull.created_at,
        "updated_at": "2025-06-03T09:00:00Z",
        "closed_at": "2025-06-03T09:00:00Z",
        "author_association": "CONTRIBUTOR",
        "type": None,
        "active_lock_reason": None,
        "draft": False,
        "pull_request": {
            "url": f"{api}/pulls/{pull.number}",
            "html_url": html,
            "diff_url": f"{html}.diff",
            "patch_url": f"{html}.patch",
            "merged_at": merged_at,
        },
        "body": pull.body,
        "reactions": {"url": f"{api}/issues/{pull.number}/reactions", "total_count": 0},
        "timeline_url": f"{api}/issues/{pull.number}/timeline",
        "performed_via_github_app": None,
        "state_reason": "completed" if pull.merged else None,
        "score": 1.0,
    }


def parse_query(text: str, known: frozenset[str]) -> list[tuple[str, str]] | str:
    """The query's ``(qualifier, value)`` terms, or why GitHub refuses it."""
    if len(text) > MAX_QUERY_CHARS:
        return "The search is longer than 256 characters."
    terms = []
    for term in text.split():
        qualifier, colon, value = term.partition(":")
        if not colon or qualifier not in known:
            return f"the qualifier {qualifier!r} is not supported here"
        terms.append((qualifier, value.lower()))
    return terms


def pull_matches(pull: FakePull, terms: list[tuple[str, str]]) -> bool:
    owner = pull.repo.split("/")[0].lower()
    tests: dict[str, Callable[[str], bool]] = {
        "type": lambda value: value == "pr",
        "is": lambda value: value == "pr" or (value == "merged" and pull.merged),
        "author": lambda value: pull.author.lower() == value,
        "-author": lambda value: pull.author.lower() != value,
        "user": lambda value: owner == value,
        "-user": lambda value: owner != value,
        "reviewed-by": lambda value: value in {r.lower() for r in pull.reviewers},
    }
    return all(tests[qualifier](value) for qualifier, value in terms)
