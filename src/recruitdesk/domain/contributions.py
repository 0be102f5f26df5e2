"""A candidate's work in other people's projects as plain values: a merged pull request
and a project contributed to, with their piece of the analysis JSON's
``contributions``. Read back tolerantly: a stored record is data from elsewhere, so a
missing or odd field gives an empty value, never a failure, and only an http(s) address
is kept as a link.

Pure: nothing of ours imported but :mod:`.pr_writing` and :mod:`.wording`.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from recruitdesk.domain.pr_writing import Writing
from recruitdesk.domain.wording import count

#: Characters of a title kept.
TITLE_CHARS = 200


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _number(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


@dataclass(frozen=True, slots=True)
class PullRequest:
    """One merged pull request of the candidate's in someone else's repository; the
    title and the quote (the start of its description) are the author's plain text."""

    repo: str
    number: int
    title: str
    url: str
    merged_at: str | None
    writing: Writing
    quote: str

    @property
    def label(self) -> str:
        return f"{self.repo}#{self.number}: {self.title}"

    def to_json(self) -> dict[str, Any]:
        return {
            "repo": self.repo,
            "number": self.number,
            "title": self.title,
            "url": self.url,
            "merged_at": self.merged_at,
            "says_why": self.writing.says_why,
            "links_issue": self.writing.links_issue,
            "describes_testing": self.writing.describes_testing,
            "words": self.writing.words,
            "quote": self.quote,
        }

    @classmethod
    def from_record(cls, item: Mapping[str, Any]) -> "PullRequest":
        url = _text(item.get("url"))
        merged = item.get("merged_at")
        return cls(
            repo=_text(item.get("repo")),
            number=_number(item.get("number")),
            title=_text(item.get("title"))[:TITLE_CHARS],
            url=url if url.startswith(("https://", "http://")) else "",
            merged_at=merged if isinstance(merged, str) else None,
            writing=Writing(
                bool(item.get("says_why")),
                bool(item.get("links_issue")),
                bool(item.get("describes_testing")),
                _number(item.get("words")),
            ),
            quote=_text(item.get("quote")),
        )


@dataclass(frozen=True, slots=True)
class Project:
    """A project the candidate's pull requests were merged into: how many, its stars
    and language when known (``None``: deleted, renamed or not looked up)."""

    repo: str
    merged: int
    stars: int | None = None
    language: str | None = None

    def describe(self) -> str:
        stars = "" if self.stars is None else f", {count(self.stars, 'star')}"
        return f"{self.repo}: {count(self.merged, 'merged pull request')}{stars}"

    def to_json(self) -> dict[str, Any]:
        return {
            "repo": self.repo,
            "merged": self.merged,
            "stars": self.stars,
            "language": self.language,
        }

    @classmethod
    def from_record(cls, item: Mapping[str, Any]) -> "Project":
        stars = item.get("stars")
        language = item.get("language")
        return cls(
            repo=_text(item.get("repo")),
            merged=_number(item.get("merged")),
            stars=_number(stars) if stars is not None else None,
            language=language if isinstance(language, str) else None,
        )
