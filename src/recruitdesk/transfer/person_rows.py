"""One person read from a file: the columns a row gives, turned into the values stored by
the candidate field table (:mod:`recruitdesk.domain.candidate_fields`), so an import
refuses what the candidate pane refuses, with the same sentence.

Besides the fields themselves, a file may give a name in two parts, a LinkedIn or other
web address in columns of their own, and a GitHub profile among the links.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from recruitdesk.domain.candidate_fields import clean, clean_values
from recruitdesk.domain.csv_columns import (
    CONSENT_KEYS,
    CSV_COLUMNS,
    DO_NOT_CONTACT,
    DO_NOT_CONTACT_REASON,
)
from recruitdesk.domain.validation import (
    InvalidValueError,
    is_linkedin,
    merge_items,
    one_line,
    parse_github_login,
    split_links,
)
from recruitdesk.errors import ValidationError
from recruitdesk.transfer.csv_cells import unprotected
from recruitdesk.transfer.results import Problem

#: The field each column fills, by the column's key.
_FIELD_OF = {column.key: column.field for column in CSV_COLUMNS}
_NAME_PARTS = ("first_name", "last_name")
_NAME_KEYS = ("full_name", *_NAME_PARTS)


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


def _full_name(parts: Mapping[str, Any]) -> str:
    """The full name, or else the first and last names joined."""
    name = str(parts.get("full_name") or "")
    if not name:
        name = " ".join(str(parts[part]) for part in _NAME_PARTS if parts.get(part))
    return name


def _read_links(key: str, raw: Any, links: list[str], logins: list[str]) -> None:
    """The addresses a link column gives, into ``links``; a GitHub profile among them
    into ``logins``. A LinkedIn column must hold a LinkedIn address."""
    if isinstance(raw, str):
        items = split_links(raw) if key == "links" else [raw]
    else:
        items = [str(item) for item in raw]
    try:
        for item in items:
            if "github.com" in item.lower() and key != "linkedin":
                logins.append(parse_github_login(item))
                continue
            link = clean("links", [item])[0]
            if key == "linkedin" and not is_linkedin(link):
                raise InvalidValueError(f"{item}: not a LinkedIn address.")
            links.append(link)
    except InvalidValueError as error:
        raise ValidationError({key: str(error)}) from None


_YES = frozenset({"yes", "y", "true", "1", "x"})
_NO = frozenset({"no", "n", "false", "0"})
#: The longest reason kept (the column's width).
_REASON_MAX = 200


def _consent(given: Mapping[str, Any]) -> dict[str, Any]:
    """The do-not-contact mark a row gives (only a set mark: a row never lifts one)."""
    flag = given.get(DO_NOT_CONTACT)
    if flag is None or flag == "":
        return {}
    text = str(flag).strip().casefold() if not isinstance(flag, bool) else ""
    if not isinstance(flag, bool) and text not in _YES | _NO:
        raise ValidationError({DO_NOT_CONTACT: f"Yes or no is expected (not {flag!r})."})
    if flag is False or text in _NO:
        return {}
    reason = one_line(str(given.get(DO_NOT_CONTACT_REASON) or "").strip())[:_REASON_MAX]
    return {DO_NOT_CONTACT: True, DO_NOT_CONTACT_REASON: reason or None}


def person_from_fields(line: int, given: Mapping[str, Any]) -> PersonRow:
    """Turn one row's ``column key -> value`` (text as a file gives it, or values a JSON
    file gives typed) into a :class:`PersonRow`; :class:`ValidationError` names every
    column refused, by its key."""
    # The column a refused name is blamed on: the one the file gives it in.
    key_of = {"full_name": next((key for key in _NAME_KEYS if key in given), "full_name")}
    texts: dict[str, Any] = {}
    name_parts: dict[str, Any] = {}
    links: list[str] = []
    logins: list[str] = []
    problems: dict[str, str] = {}
    consent_given: dict[str, Any] = {}
    for key, value in given.items():
        if isinstance(value, str):
            value = unprotected(value)
        if key in CONSENT_KEYS:
            consent_given[key] = value
            continue
        if value is None or value == "" or value == []:
            continue
        name = _FIELD_OF[key]
        if key in _NAME_KEYS:
            name_parts[key] = value
        elif name == "links":
            try:
                _read_links(key, value, links, logins)
            except ValidationError as error:
                problems |= error.problems
        elif name is not None:
            texts[name] = value
            key_of[name] = key
    texts["full_name"] = _full_name(name_parts)
    values, refused = clean_values(texts)
    problems |= {key_of[name]: reason for name, reason in refused.items()}
    try:
        consent = _consent(consent_given)
    except ValidationError as error:
        problems |= error.problems
        consent = {}
    if problems:
        raise ValidationError(problems)
    values = {name: value for name, value in values.items() if value not in (None, [])}
    values |= consent
    if logins:
        # A GitHub column says which profile is the person's; a link only suggests one.
        values.setdefault("github_login", logins[0])
    login = values.get("github_login")
    if login:
        links.append(f"https://github.com/{login}")
    if links:
        values["links"] = merge_items(links) if len(links) > 1 else links
    if not values.get("email") and not login:
        raise ValidationError({"email": "Neither an e-mail nor a GitHub login tells who it is."})
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
