"""Finding people on GitHub: a repository's contributors by commits, or GitHub's user
search, each person with their public profile.

One request per listing page (100 people) and one per profile, nothing else: the
e-mail is the one the person published on their profile, never an address read from
commits (GitHub's acceptable-use rules forbid using its data to send unsolicited
e-mail; see the README). Everything is fetched before anything is stored, so a rate
limit or a refusal mid-way leaves nothing half-added.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from recruitdesk.analysis.errors import AnalysisError, SourceNotFoundError
from recruitdesk.analysis.github.client import (
    DEFAULT_TIMEOUT,
    SECONDS_BETWEEN_REQUESTS,
    GitHubClient,
    links,
    open_client,
)
from recruitdesk.analysis.github.listing import parse_time
from recruitdesk.domain.sourced import Found, Profile
from recruitdesk.domain.wording import count

#: GitHub's search gives at most this many results, whatever ``total_count`` says.
SEARCH_RESULT_CAP = 1000
#: How many people a sourcing run fetches unless told otherwise.
DEFAULT_PEOPLE_LIMIT = 30
PAGE_SIZE = 100
_FULL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}")
#: Accounts that commit for a service, by GitHub's type or by the names such accounts
#: take (``dependabot[bot]``, ``pyup-bot``, ``renovate-bot``).
_BOT_LOGIN = re.compile(r"(\[bot\]|[-_]bot)$", re.IGNORECASE)
#: GitHub's user search refuses longer queries.
MAX_QUERY_LENGTH = 256


@dataclass(frozen=True, slots=True)
class FoundPeople:
    people: tuple[Found, ...]
    #: The requests made (listing pages and profiles).
    api_requests: int
    #: What the user must know of the list's limits, in one sentence, or ``None``.
    notice: str | None = None


def profile_from_json(data: dict[str, Any]) -> Profile:
    """A profile from ``GET /users/LOGIN``; blank texts are ``None``."""

    def text(key: str) -> str | None:
        value = data.get(key)
        return (str(value).strip() or None) if value is not None else None

    hireable = data.get("hireable")
    return Profile(
        login=str(data["login"]),
        name=text("name"),
        location=text("location"),
        company=text("company"),
        blog=text("blog"),
        bio=text("bio"),
        email=text("email"),
        hireable=None if hireable is None else bool(hireable),
        followers=int(data.get("followers") or 0),
        public_repos=int(data.get("public_repos") or 0),
        created_at=parse_time(data.get("created_at")),
    )


def check_full_name(text: str) -> str:
    """``OWNER/NAME`` as GitHub spells repositories, or a known error saying so."""
    if not _FULL_NAME.fullmatch(text.strip()):
        raise AnalysisError(f"{text!r} is not a GitHub repository: give it as OWNER/NAME.")
    return text.strip()


def check_query(text: str) -> str:
    query = " ".join(text.split())
    if not query:
        raise AnalysisError("The search is empty: give words or qualifiers to search for.")
    if len(query) > MAX_QUERY_LENGTH:
        raise AnalysisError(f"GitHub searches at most {MAX_QUERY_LENGTH} characters of query.")
    return query


def is_person(entry: dict[str, Any]) -> bool:
    """Not a bot, nor an organisation (the user search lists those too)."""
    if entry.get("type") in ("Bot", "Organization"):
        return False
    return not _BOT_LOGIN.search(str(entry.get("login", "")))


def _pages(
    client: GitHubClient, url: str, what: str, params: dict[str, Any], missing: int | None
) -> Iterator[tuple[dict[str, Any], Any]]:
    """Each page of a listing, following ``Link: rel="next"``."""
    headers, page = client.get(url, what, params=params, missing=missing)
    yield headers, page
    next_url = links(headers).get("next")
    while next_url:
        headers, page = client.get(next_url, what)
        yield headers, page
        next_url = links(headers).get("next")


def _profiles(
    client: GitHubClient, entries: list[tuple[str, str]], progress: Callable[[str], None]
) -> tuple[Found, ...]:
    found = []
    for number, (login, source) in enumerate(entries, 1):
        progress(f"profile {number} of {len(entries)}: {login}")
        _headers, data = client.get(f"/users/{login}", f"the profile of {login}", missing=404)
        if data is not None:  # an account deleted since it was listed is passed over
            found.append(Found(profile_from_json(data), source))
    return tuple(found)


def contributors(
    full_name: str,
    *,
    api_url: str,
    token: str | None,
    limit: int = DEFAULT_PEOPLE_LIMIT,
    timeout: int = DEFAULT_TIMEOUT,
    seconds_between_requests: float = SECONDS_BETWEEN_REQUESTS,
    progress: Callable[[str], None] = lambda _step: None,
) -> FoundPeople:
    """The repository's ``limit`` top contributors by commits, bots left out."""
    full_name = check_full_name(full_name)
    what = f"the contributors of {full_name}"
    entries: list[tuple[str, str]] = []
    with open_client(
        api_url, token, timeout=timeout, seconds_between_requests=seconds_between_requests
    ) as client:
        params = {"per_page": PAGE_SIZE}
        for headers, page in _pages(client, f"/repos/{full_name}/contributors", what, params, 404):
            if headers.get("status") == 404:
                raise SourceNotFoundError(
                    f"There is no GitHub repository {full_name!r} at {api_url}."
                )
            for entry in page or ():
                if is_person(entry) and len(entries) < limit:
                    commits = count(int(entry.get("contributions") or 0), "commit")
                    entries.append((str(entry["login"]), f"contributor to {full_name}, {commits}"))
            if len(entries) >= limit:
                break
        if not entries:
            raise SourceNotFoundError(f"The repository {full_name} has no contributors to list.")
        people = _profiles(client, entries, progress)
        return FoundPeople(people, client.api_requests)


def search_users(
    query: str,
    *,
    api_url: str,
    token: str | None,
    limit: int = DEFAULT_PEOPLE_LIMIT,
    timeout: int = DEFAULT_TIMEOUT,
    seconds_between_requests: float = SECONDS_BETWEEN_REQUESTS,
    progress: Callable[[str], None] = lambda _step: None,
) -> FoundPeople:
    """GitHub's user search, at most ``limit`` people (GitHub stops at 1,000)."""
    query = check_query(query)
    what = f"the search {query!r}"
    wanted = min(limit, SEARCH_RESULT_CAP)
    entries: list[tuple[str, str]] = []
    total = 0
    with open_client(
        api_url, token, timeout=timeout, seconds_between_requests=seconds_between_requests
    ) as client:
        params = {"q": query, "per_page": min(PAGE_SIZE, wanted)}
        for _headers, page in _pages(client, "/search/users", what, params, None):
            total = int((page or {}).get("total_count") or 0)
            for entry in (page or {}).get("items") or ():
                if is_person(entry) and len(entries) < wanted:
                    entries.append((str(entry["login"]), f"GitHub search {query!r}"))
            if len(entries) >= wanted:
                break
        people = _profiles(client, entries, progress)
        notice = None
        if total > SEARCH_RESULT_CAP:
            notice = (
                f"GitHub found {total:,} people but gives at most the first "
                f"{SEARCH_RESULT_CAP:,}: narrow the search to reach the rest."
            )
        return FoundPeople(people, client.api_requests, notice)
