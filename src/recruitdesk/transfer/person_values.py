"""The values of a person as files give them, parsed and bounded: e-mail, phone, GitHub
login, links, vocabulary choices, numbers, dates, lists."""

import re
from collections.abc import Sequence
from datetime import date
from urllib.parse import urlsplit

from recruitdesk.domain.taxonomy import Employment, Level, PayPeriod, Region, Track

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
#: GitHub's rule for logins: letters, digits and single inner hyphens, at most 39.
_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_LIST_SPLIT = re.compile(r"\s*[;|]\s*")
NAME_MAX = 200
_TEXT_MAX = 200
_PHONE_MAX = 50
_GITHUB_HOSTS = frozenset({"github.com", "www.github.com"})
_RESERVED_GITHUB_PATHS = frozenset(
    {"orgs", "settings", "about", "pricing", "features", "topics", "explore", "marketplace"}
)


class InvalidValueError(ValueError):
    """A value that cannot be stored; the message is the reason, for a :class:`Problem`."""


def github_login(text: str) -> str:
    """A GitHub login from a profile URL (``https://github.com/octo-cat``, ``github.com/x``)
    or a bare login (``octo-cat``, ``@octo-cat``)."""
    value = text.strip()
    lowered = value.lower()
    if "github.com" in lowered:
        url = value if "://" in value else f"https://{value}"
        parts = urlsplit(url)
        if (parts.hostname or "").lower() not in _GITHUB_HOSTS:
            raise InvalidValueError(f"{text!r} is not a GitHub profile URL")
        segments = [segment for segment in parts.path.split("/") if segment]
        if len(segments) != 1 or segments[0].lower() in _RESERVED_GITHUB_PATHS:
            raise InvalidValueError(
                f"{text!r} is not a GitHub profile URL (https://github.com/LOGIN)"
            )
        value = segments[0]
    value = value.removeprefix("@")
    if not _LOGIN.match(value):
        raise InvalidValueError(
            f"{text!r} is not a GitHub login (letters, digits and single hyphens, at most 39)"
        )
    return value


def _is_linkedin(url: str) -> bool:
    host = (urlsplit(url if "://" in url else f"https://{url}").hostname or "").lower()
    return host == "linkedin.com" or host.endswith(".linkedin.com")


def web_url(text: str, what: str) -> str:
    value = text.strip()
    if "://" not in value:
        value = f"https://{value}"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or "." not in (parts.hostname or ""):
        raise InvalidValueError(f"{text!r} is not a web address ({what})")
    if any(char.isspace() for char in value):
        raise InvalidValueError(f"{text!r} is not a web address: it holds a space")
    return value


def linkedin_url(text: str) -> str:
    value = web_url(text, "a LinkedIn profile URL")
    if not _is_linkedin(value):
        raise InvalidValueError(f"{text!r} is not a LinkedIn URL")
    return value


def parse_email(text: str) -> str:
    value = text.strip().removeprefix("mailto:")
    if len(value) > 320 or not _EMAIL.match(value) or ".." in value:
        raise InvalidValueError(f"{text!r} is not an e-mail address")
    return value


def bounded_text(text: str, what: str, limit: int = _TEXT_MAX) -> str:
    value = " ".join(text.split())
    if len(value) > limit:
        raise InvalidValueError(f"the {what} is {len(value)} characters long (at most {limit})")
    return value


def parse_phone(text: str) -> str:
    value = bounded_text(text, "phone number", _PHONE_MAX)
    if sum(char.isdigit() for char in value) < 5 or re.search(r"[^\d\s+().\-/x]", value):
        raise InvalidValueError(f"{text!r} is not a phone number")
    return value


def parse_count(text: str, what: str, limit: int) -> int:
    cleaned = text.strip().replace(",", "").replace("_", "")
    try:
        number = float(cleaned)
    except ValueError:
        raise InvalidValueError(f"the {what} {text!r} is not a number") from None
    if not number.is_integer() or not 0 <= number <= limit:
        raise InvalidValueError(f"the {what} {text!r} is not a whole number from 0 to {limit}")
    return int(number)


def parse_choice(
    text: str, vocabulary: type[Region | Track | Level | Employment | PayPeriod]
) -> str:
    wanted = re.sub(r"[\s/-]+", "_", text.strip().lower())
    for member in vocabulary:
        label = str(getattr(member, "label", member.value))
        if wanted in (member.value, re.sub(r"[\s/-]+", "_", label.lower())):
            return member.value
    known = ", ".join(member.value for member in vocabulary)
    what = vocabulary.__name__.lower()
    raise InvalidValueError(f"{text!r} is not a {what} (one of {known})")


def parse_currency(text: str) -> str:
    value = text.strip().upper()
    if not _CURRENCY.match(value):
        raise InvalidValueError(f"{text!r} is not a currency code such as EUR or USD")
    return value


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def split_words(text: str) -> list[str]:
    return [item for item in _LIST_SPLIT.split(text.strip()) if item]


def merge_lists(*lists: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    merged: list[str] = []
    for values in lists:
        for value in values:
            key = value.casefold()
            if key not in seen:
                seen.add(key)
                merged.append(value)
    return merged
