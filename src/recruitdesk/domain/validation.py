"""Checks and parsers of the values a recruiter types: pure functions, no I/O.

Each ``*_problem`` check returns ``None`` when the text is acceptable, or one sentence
saying what is wrong, fit to show beside the field; empty text is acceptable (the fields
are optional) and callers strip the text first. Each ``parse_*`` turns text into the
value stored, or raises :class:`InvalidValueError` with such a sentence. Which field
takes which, with what limits, is the table of :mod:`recruitdesk.domain.candidate_fields`.
"""

import re
from collections.abc import Callable, Iterable
from datetime import date
from urllib.parse import urlsplit

#: GitHub's own rule for user names: 1-39 characters, letters, digits and single
#: hyphens, neither first nor last.
GITHUB_LOGIN_MAX = 39
_GITHUB_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*$")
#: A practical address check: one @, a local part without spaces, a domain with a dot.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
EMAIL_MAX = 320
#: A plain address: a dot-atom of RFC 5322's characters at an ASCII host name whose last
#: label is letters. Every such address (within the lengths below, and not at a
#: special-use domain) is one the library accepts too, so imports of thousands of plain
#: addresses skip the library's IDNA work (measured: a third of a 50,000-row import).
#: A label with hyphens as its third and fourth characters (``ab--c``, Punycode's
#: ``xn--``) is IDNA's to judge (RFC 5891, 4.2.3.1): the library decides those.
_PLAIN_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:(?!..--)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
_PLAIN_LOCAL_MAX = 64
_PLAIN_MAX = 254
#: email-validator's special-use domains (RFC 6761 and others), which it refuses.
_SPECIAL_USE = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})
_GITHUB_HOSTS = frozenset({"github.com", "www.github.com"})
#: Pages of github.com that are not a user's profile.
_RESERVED_GITHUB_PATHS = frozenset(
    {"orgs", "settings", "about", "pricing", "features", "topics", "explore", "marketplace"}
)


def email_problem(text: str) -> str | None:
    """Why ``text`` is not an e-mail address, or ``None``."""
    if not text or is_plain_email(text):
        # A plain address passes every check below: most of an import's, at once.
        return None
    if len(text) > EMAIL_MAX:
        return f"An e-mail address has at most {EMAIL_MAX} characters."
    if any(ch.isspace() for ch in text):
        return "An e-mail address has no spaces."
    if text.count("@") != 1:
        return "An e-mail address has exactly one @."
    local, domain = text.split("@")
    if not local:
        return "Something must come before the @."
    if ".." in text or domain.startswith(".") or local.startswith(".") or local.endswith("."):
        return "An e-mail address has no empty parts between dots."
    if not _EMAIL.match(text):
        return "The part after the @ must be a domain such as example.com."
    # RFC 5321/5322 and IDNA in full (quotes, brackets, a domain's characters) are a
    # maintained library's job; imported here, as the command line starts without it.
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError as error:
        return str(error)
    return None


def is_plain_email(text: str) -> bool:
    """A plain ASCII address that needs no library to be known valid."""
    local, _at, domain = text.partition("@")
    return (
        len(text) <= _PLAIN_MAX
        and len(local) <= _PLAIN_LOCAL_MAX
        and _PLAIN_EMAIL.match(text) is not None
        and domain.rsplit(".", 1)[-1].lower() not in _SPECIAL_USE
    )


def url_problem(text: str) -> str | None:
    """Why ``text`` is not a web address (http or https with a host), or ``None``."""
    if not text:
        return None
    if any(ch.isspace() for ch in text):
        return "A web address has no spaces."
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https"):
        return "A web address starts with https:// (or http://)."
    host = parts.hostname or ""
    if not host:
        return "A web address needs a host name after https://."
    labels = host.split(".")
    if len(labels) < 2 and host != "localhost":
        return f"{host!r} is not a full host name (such as github.com)."
    if not all(_HOST_LABEL.match(label) for label in labels):
        return f"{host!r} is not a valid host name."
    return None


def github_login_problem(text: str) -> str | None:
    """Why ``text`` cannot be a GitHub user name, or ``None``."""
    if not text:
        return None
    if "github.com" in text.lower():
        return "A GitHub address names a profile: https://github.com/LOGIN."
    if len(text) > GITHUB_LOGIN_MAX:
        return f"A GitHub login has at most {GITHUB_LOGIN_MAX} characters."
    if text.startswith("-") or text.endswith("-"):
        return "A GitHub login cannot start or end with a hyphen."
    if "--" in text:
        return "A GitHub login cannot hold two hyphens in a row."
    if not _GITHUB_LOGIN.match(text):
        return "A GitHub login holds only letters, digits and hyphens."
    return None


def normalise_github_login(text: str) -> str:
    """The login where a profile address (``https://github.com/octo-cat``,
    ``github.com/octo-cat``) or an @-name (``@octo-cat``) is given; any other text
    stripped, for :func:`github_login_problem` to judge."""
    value = text.strip()
    if "github.com" in value.lower():
        parts = urlsplit(value if "://" in value else f"https://{value}")
        segments = [segment for segment in parts.path.split("/") if segment]
        if (
            (parts.hostname or "").lower() in _GITHUB_HOSTS
            and len(segments) == 1
            and segments[0].lower() not in _RESERVED_GITHUB_PATHS
        ):
            return segments[0]
        return value
    return value.removeprefix("@").strip("/")


class InvalidValueError(ValueError):
    """Raised by a field's parser: the message is one sentence fit to show beside it."""


#: A date as the pane and every import write it (``date.fromisoformat`` also takes
#: ``20261120``); a JSON Resume may give only the year or the month.
DATE_FORMAT = "YYYY-MM-DD"
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")
_PHONE_CHARACTERS = re.compile(r"^[\d\s+().\-/x]*$")
_PHONE_DIGITS = 5
_WORD_SEPARATORS = re.compile(r"\s*[,;|]\s*")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def parse_date(text: str, *, partial: bool = False) -> date:
    """A day written ``YYYY-MM-DD``; with ``partial``, ``YYYY`` and ``YYYY-MM`` too (the
    first day of that year or month)."""
    value = text.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    found = _PARTIAL_DATE.match(value) if partial else None
    if found:
        try:
            return date(int(found[1]), int(found[2] or 1), 1)
        except ValueError:
            pass
    written = f"{DATE_FORMAT}, YYYY-MM or YYYY" if partial else DATE_FORMAT
    raise InvalidValueError(f"{text!r} is not a date: a date is written {written}.")


def parse_link(text: str) -> str:
    """A web address; ``https://`` is added when no scheme is given."""
    value = text.strip().strip(";,")
    if "://" not in value:
        value = f"https://{value}"
    problem = url_problem(value)
    if problem:
        raise InvalidValueError(f"{text}: {problem}")
    return value


def is_linkedin(url: str) -> bool:
    """Whether ``url`` is on linkedin.com (the exports give a LinkedIn profile a column)."""
    host = (urlsplit(url if "://" in url else f"https://{url}").hostname or "").lower()
    return host == "linkedin.com" or host.endswith(".linkedin.com")


def split_words(text: str) -> list[str]:
    """The items of a list written in one line, separated by commas, semicolons or bars."""
    return [item for item in _WORD_SEPARATORS.split(text.strip()) if item]


def split_links(text: str) -> list[str]:
    """The addresses of a list of links, one a line or separated by spaces."""
    return [item.strip(";,") for item in text.split() if item.strip(";,")]


def merge_items(*lists: Iterable[str]) -> list[str]:
    """The items in order, each once: case and accents of the first spelling win."""
    seen: set[str] = set()
    merged: list[str] = []
    for items in lists:
        for item in items:
            key = item.casefold()
            if key not in seen:
                seen.add(key)
                merged.append(item)
    return merged


def one_line(text: str) -> str:
    """Text on one line, each run of spaces, tabs and line breaks made one space."""
    return " ".join(text.split())


def parse_email(text: str) -> str:
    value = text.strip()
    if value.lower().startswith("mailto:"):
        value = value[len("mailto:") :]
    problem = email_problem(value)
    if problem:
        raise InvalidValueError(problem)
    return value


def parse_phone(text: str) -> str:
    value = one_line(text)
    if not _PHONE_CHARACTERS.match(value) or sum(char.isdigit() for char in value) < _PHONE_DIGITS:
        raise InvalidValueError(
            f"A phone number has at least {_PHONE_DIGITS} digits, and only spaces, "
            "+ ( ) . - / or x besides."
        )
    return value


def parse_github_login(text: str) -> str:
    value = normalise_github_login(text)
    problem = github_login_problem(value)
    if problem:
        raise InvalidValueError(problem)
    return value


def parse_currency(text: str) -> str:
    value = text.strip().upper()
    if not _CURRENCY.match(value):
        raise InvalidValueError("A currency is a three-letter code such as EUR or USD.")
    return value


def parse_whole_number(text: str) -> int:
    cleaned = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    try:
        number = float(cleaned)
    except ValueError:
        raise InvalidValueError(f"{text!r} is not a whole number.") from None
    if not number.is_integer():
        raise InvalidValueError(f"{text!r} is not a whole number.")
    return int(number)


def _choice_key(text: str) -> str:
    return re.sub(r"[\s/-]+", "_", text.strip().casefold())


def choice_parser(choices: tuple[tuple[str, str], ...]) -> Callable[[str], str]:
    """A parser that takes a choice's value or its label, in any case."""
    known = {_choice_key(label): value for value, label in choices} | {
        _choice_key(value): value for value, _label in choices
    }
    names = ", ".join(value for value, _label in choices)

    def parse(text: str) -> str:
        found = known.get(_choice_key(text))
        if found is None:
            raise InvalidValueError(f"{text!r} is not one of: {names}.")
        return found

    return parse
