"""How far a sourcing run got (:class:`RunState`, kept as JSON with the run) and a
run at its start: plain values without PyGithub, so the Sourcing view reads them
without the third of a second its import costs (``people_run.py`` does the requests).
"""

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from recruitdesk.analysis.github.people import (
    PAGE_SIZE,
    SEARCH_RESULT_CAP,
    check_full_name,
    check_query,
)
from recruitdesk.domain.wording import count

REPO, SEARCH = "repo", "search"


@dataclass(slots=True)
class RunState:
    """How far a sourcing run got (JSON through :meth:`to_json`)."""

    kind: str
    target: str
    limit: int
    #: The listing page to read next; ``None`` once the listing is done.
    next_url: str | None
    #: ``(login, how they were found)`` of the people listed so far.
    entries: list[tuple[str, str]] = field(default_factory=list)
    profiles_done: int = 0
    pages_done: int = 0
    #: What the search says it found (GitHub gives the first 1,000 only).
    total: int = 0

    @property
    def listing_done(self) -> bool:
        return self.next_url is None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "target": self.target,
            "limit": self.limit,
            "next_url": self.next_url,
            "entries": [list(entry) for entry in self.entries],
            "profiles_done": self.profiles_done,
            "pages_done": self.pages_done,
            "total": self.total,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "RunState":
        return cls(
            kind=str(data["kind"]),
            target=str(data["target"]),
            limit=int(data["limit"]),
            next_url=data.get("next_url"),
            entries=[(str(login), str(source)) for login, source in data.get("entries", [])],
            profiles_done=int(data.get("profiles_done", 0)),
            pages_done=int(data.get("pages_done", 0)),
            total=int(data.get("total", 0)),
        )

    def describe(self) -> str:
        where = "contributors of" if self.kind == REPO else "the search"
        return (
            f"{where} {self.target}: {count(len(self.entries), 'person', 'people')} listed, "
            f"{count(self.profiles_done, 'profile')} read"
        )


def new_run(kind: str, target: str, limit: int) -> RunState:
    """A run at its start; the target is checked (one sentence when it is not one)."""
    if kind == REPO:
        full_name = check_full_name(target)
        query = urlencode({"per_page": PAGE_SIZE})
        return RunState(REPO, full_name, limit, f"/repos/{full_name}/contributors?{query}")
    if kind != SEARCH:
        raise ValueError(f"{kind!r} is not a kind of sourcing")
    text = check_query(target)
    wanted = min(limit, SEARCH_RESULT_CAP)
    query = urlencode({"q": text, "per_page": min(PAGE_SIZE, wanted)})
    return RunState(SEARCH, text, wanted, f"/search/users?{query}")
