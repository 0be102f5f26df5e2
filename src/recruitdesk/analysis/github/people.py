"""People found on GitHub, as sourcing reads them: the checks of what to look for, who
counts as a person, and a public profile as plain values (the run that fetches them is
``people_run.py``).

One request per listing page (100 people) and one per profile, nothing else: the
e-mail is the one the person published on their profile, never an address read from
commits (GitHub's acceptable-use rules forbid using its data to send unsolicited
e-mail; see the README). Everything is fetched before anything is stored, so a rate
limit or a refusal mid-way leaves nothing half-added.
"""

import re
from dataclasses import dataclass
from typing import Any

from recruitdesk.analysis.errors import AnalysisError
from recruitdesk.analysis.github.listing import parse_time
from recruitdesk.domain.sourced import Found, Profile

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
