"""One person read from a file: the fields a row gives, parsed into the values stored."""

from dataclasses import dataclass, field
from typing import Any

from recruitdesk.domain.taxonomy import Employment, Level, PayPeriod, Region, Track
from recruitdesk.transfer.csv_cells import unprotected
from recruitdesk.transfer.person_values import (
    NAME_MAX,
    InvalidValueError,
    bounded_text,
    github_login,
    linkedin_url,
    merge_lists,
    parse_choice,
    parse_count,
    parse_currency,
    parse_date,
    parse_email,
    parse_phone,
    split_words,
    web_url,
)
from recruitdesk.transfer.results import Problem


@dataclass(slots=True)
class PersonRow:
    """One person read from a file: candidate column -> value, only what the file gave."""

    line: int
    values: dict[str, Any]
    #: Bodies of notes to attach (a JSON Resume's work history).
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.values.get("full_name") or self.values.get("email") or "?")


SIMPLE_FIELDS: dict[str, Any] = {
    "email": parse_email,
    "phone": parse_phone,
    "location": lambda text: bounded_text(text, "location"),
    "source": lambda text: bounded_text(text, "source", 100),
    "region": lambda text: parse_choice(text, Region),
    "track": lambda text: parse_choice(text, Track),
    "level": lambda text: parse_choice(text, Level),
    "employment": lambda text: parse_choice(text, Employment),
    "ask_period": lambda text: parse_choice(text, PayPeriod),
    "ask_currency": parse_currency,
    "years_experience": lambda text: parse_count(text, "years of experience", 70),
    "ask_amount": lambda text: parse_count(text, "ask", 100_000_000),
    "notice_weeks": lambda text: parse_count(text, "notice in weeks", 104),
    "consent_until": parse_date,
}


_NAME_FIELDS = ("full_name", "first_name", "last_name")


def _row_name(given: dict[str, str]) -> str:
    """The full name, or else the first and last names joined."""
    name = unprotected(given.get("full_name", ""))
    if not name:
        name = " ".join(
            part for part in (given.get("first_name", ""), given.get("last_name", "")) if part
        ).strip()
    if not name:
        raise InvalidValueError("the name is empty")
    return bounded_text(name, "name", NAME_MAX)


def _read_link_or_list(key: str, text: str, values: dict[str, Any], links: list[str]) -> None:
    """Read a field that is not one of :data:`SIMPLE_FIELDS` into ``values``, or into
    ``links`` for a link (a GitHub profile given as a link fills the login instead)."""
    if key == "github":
        values["github_login"] = github_login(text)
    elif key == "linkedin":
        links.append(linkedin_url(text))
    elif key in ("url", "links"):
        for item in text.split() if key == "links" else [text]:
            if "github.com" in item.lower():
                values.setdefault("github_login", github_login(item))
            else:
                links.append(web_url(item.strip(";,"), "a link"))
    elif key in ("skills", "tags"):
        values[key] = merge_lists(split_words(text))


def person_from_fields(line: int, given: dict[str, str]) -> PersonRow:
    """Turn one row's ``field -> text`` into a :class:`PersonRow`; :class:`InvalidValueError` names
    the first thing wrong."""
    values: dict[str, Any] = {"full_name": _row_name(given)}
    links: list[str] = []
    for key, text in given.items():
        text = unprotected(text)
        if not text or key in _NAME_FIELDS:
            continue
        if key in SIMPLE_FIELDS:
            values[key] = SIMPLE_FIELDS[key](text)
        else:
            _read_link_or_list(key, text, values, links)
    github = values.get("github_login")
    if github:
        links.append(f"https://github.com/{github}")
    if links:
        values["links"] = merge_lists(links)
    if not values.get("email") and not github:
        raise InvalidValueError("it has neither an e-mail nor a GitHub login to tell who it is")
    return PersonRow(line=line, values=values)


def flag_duplicates(rows: list[PersonRow], problems: list[Problem]) -> None:
    """A person twice in one file: the later row is a problem (which one wins is unclear)."""
    first_seen: dict[tuple[str, str], int] = {}
    keep: list[PersonRow] = []
    for row in rows:
        keys = [
            ("e-mail", str(row.values[key]).casefold())
            if key == "email"
            else ("GitHub login", str(row.values[key]).casefold())
            for key in ("email", "github_login")
            if row.values.get(key)
        ]
        clash = next((key for key in keys if key in first_seen), None)
        if clash:
            problems.append(
                Problem(row.line, f"the same {clash[0]} as line {first_seen[clash]} ({clash[1]})")
            )
            continue
        for key in keys:
            first_seen[key] = row.line
        keep.append(row)
    rows[:] = keep
    problems.sort(key=lambda problem: problem.line)
