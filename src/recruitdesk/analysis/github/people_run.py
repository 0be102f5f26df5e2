"""One sourcing run that can stop and start again: the listing (a repository's
contributors or a user search) page by page, then each person's profile, with the
state saved at each step so a quit, a cancel or a rate limit costs no request twice.

- :class:`~recruitdesk.analysis.github.run_state.RunState` (``run_state.py``, without
  PyGithub for the Sourcing view) is how far a run got, as JSON: the next listing
  page, the people listed, how many profiles were read. ``checkpoint`` receives it
  after each listing page and every few profiles; a run started again from a saved
  state goes on from there, and the profiles it had read come from the cache, with no
  request.
- Profiles and contributor pages are asked with the ETag of the answer kept in an
  :class:`ETagCache`: unchanged, GitHub answers ``304`` and it costs nothing against
  the rate limit. Search pages are not kept: their results move as people join.
- :class:`~recruitdesk.analysis.github.pacing.Pacing` spaces the searches and waits a
  spent rate limit out.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

from recruitdesk.analysis.errors import RateLimitedError, SourceNotFoundError
from recruitdesk.analysis.github.client import (
    DEFAULT_TIMEOUT,
    GitHubClient,
    open_client,
)
from recruitdesk.analysis.github.defaults import SECONDS_BETWEEN_REQUESTS
from recruitdesk.analysis.github.listing import links
from recruitdesk.analysis.github.pacing import Pacing
from recruitdesk.analysis.github.people import (
    DEFAULT_PEOPLE_LIMIT,
    SEARCH_RESULT_CAP,
    FoundPeople,
    is_person,
    profile_from_json,
)
from recruitdesk.analysis.github.run_state import REPO, SEARCH, RunState, new_run
from recruitdesk.domain.sourced import Found
from recruitdesk.domain.wording import count
from recruitdesk.progress import NO_PROGRESS, Progress

#: Profiles read between two saves of the run's state.
CHECKPOINT_EVERY = 10


class ETagCache(Protocol):
    """GitHub's last answer to a URL (its path and query) with its ETag."""

    def get(self, url: str) -> tuple[str, Any] | None: ...

    def put(self, url: str, etag: str, body: Any) -> None: ...


@dataclass(slots=True)
class MemoryCache:
    """An :class:`ETagCache` for one process (the command line, tests)."""

    answers: dict[str, tuple[str, Any]] = field(default_factory=dict)

    def get(self, url: str) -> tuple[str, Any] | None:
        return self.answers.get(url)

    def put(self, url: str, etag: str, body: Any) -> None:
        self.answers[url] = (etag, body)


def _key(url: str) -> str:
    """A URL without its host, so a page named by path or by full URL is one entry."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


@dataclass(slots=True)
class _Fetcher:
    client: GitHubClient
    cache: ETagCache
    pacing: Pacing

    def get(
        self, url: str, what: str, *, search: bool = False, keep: bool = True
    ) -> tuple[dict[str, Any], Any]:
        """One GET, paced; kept answers asked with their ETag (a ``304`` gives the kept
        body and ``Link``). A missing resource is ``({"status": 404}, None)``."""
        key = _key(url)
        kept = self.cache.get(key) if keep else None
        while True:
            if search:
                self.pacing.before_search()
            try:
                headers, data = self.client.get(
                    url, what, etag=kept[0] if kept else None, missing=404
                )
                break
            except RateLimitedError as error:
                self.pacing.limited(error)
        if headers.get("status") == 404:
            return headers, None
        if data is None and kept is not None:
            body = kept[1]
            return {**headers, "link": body.get("link") or ""}, body.get("data")
        etag = headers.get("etag")
        if keep and etag:
            self.cache.put(key, str(etag), {"data": data, "link": headers.get("link")})
        return headers, data


def _list_page(fetcher: _Fetcher, state: RunState) -> None:
    assert state.next_url is not None
    wanted = state.limit
    if state.kind == REPO:
        headers, page = fetcher.get(state.next_url, f"the contributors of {state.target}")
        if headers.get("status") == 404:
            raise SourceNotFoundError(
                f"There is no GitHub repository {state.target!r} at {fetcher.client.api_url}."
            )
        for entry in page or ():
            if is_person(entry) and len(state.entries) < wanted:
                commits = count(int(entry.get("contributions") or 0), "commit")
                source = f"contributor to {state.target}, {commits}"
                state.entries.append((str(entry["login"]), source))
    else:
        headers, page = fetcher.get(
            state.next_url, f"the search {state.target!r}", search=True, keep=False
        )
        state.total = int((page or {}).get("total_count") or 0)
        for entry in (page or {}).get("items") or ():
            if is_person(entry) and len(state.entries) < wanted:
                state.entries.append((str(entry["login"]), f"GitHub search {state.target!r}"))
    state.pages_done += 1
    next_url = links(headers).get("next")
    state.next_url = next_url if next_url and len(state.entries) < wanted else None
    if state.listing_done and state.kind == REPO and not state.entries:
        raise SourceNotFoundError(f"The repository {state.target} has no contributors to list.")


def run_sourcing(
    state: RunState,
    *,
    api_url: str,
    token: str | None,
    cache: ETagCache,
    pacing: Pacing | None = None,
    checkpoint: Callable[[RunState], None] | None = None,
    progress: Progress = NO_PROGRESS,
    timeout: int = DEFAULT_TIMEOUT,
    seconds_between_requests: float = SECONDS_BETWEEN_REQUESTS,
) -> FoundPeople:
    """Go on with ``state`` until every listed person's profile is read; ``checkpoint``
    (``RunState -> None``) saves it on the way. Everything is fetched before the caller
    stores anything."""
    pacing = pacing or Pacing(progress=progress)
    save = checkpoint or (lambda _state: None)
    with open_client(
        api_url, token, timeout=timeout, seconds_between_requests=seconds_between_requests
    ) as client:
        fetcher = _Fetcher(client, cache, pacing)
        while not state.listing_done:
            progress.step(0, None, f"listing page {state.pages_done + 1}: {state.describe()}")
            _list_page(fetcher, state)
            save(state)
        found: list[Found] = []
        total = len(state.entries)
        for number, (login, source) in enumerate(state.entries):
            progress.step(number, total, f"profile {number + 1} of {total}: {login}")
            kept = cache.get(_key(f"/users/{login}")) if number < state.profiles_done else None
            if kept is not None:
                data = kept[1].get("data")
            else:
                _headers, data = fetcher.get(f"/users/{login}", f"the profile of {login}")
            if data is not None:  # an account deleted since it was listed is passed over
                found.append(Found(profile_from_json(data), source))
            state.profiles_done = max(state.profiles_done, number + 1)
            if state.profiles_done % CHECKPOINT_EVERY == 0:
                save(state)
        save(state)
        notice = None
        if state.kind == SEARCH and state.total > SEARCH_RESULT_CAP:
            notice = (
                f"GitHub found {state.total:,} people but gives at most the first "
                f"{SEARCH_RESULT_CAP:,}: narrow the search to reach the rest."
            )
        return FoundPeople(tuple(found), client.api_requests, notice)


def find_people(
    kind: str,
    target: str,
    *,
    api_url: str,
    token: str | None,
    limit: int = DEFAULT_PEOPLE_LIMIT,
    timeout: int = DEFAULT_TIMEOUT,
    seconds_between_requests: float = SECONDS_BETWEEN_REQUESTS,
    pacing: Pacing | None = None,
) -> FoundPeople:
    """At most ``limit`` people in one go (a spent rate limit fails at once unless
    ``pacing`` waits): with ``REPO``, the repository's top contributors by commits,
    bots left out; with ``SEARCH``, GitHub's user search (which stops at 1,000)."""
    return run_sourcing(
        new_run(kind, target, limit),
        api_url=api_url,
        token=token,
        cache=MemoryCache(),
        pacing=pacing or Pacing(wait_for_limits=False),
        timeout=timeout,
        seconds_between_requests=seconds_between_requests,
    )
