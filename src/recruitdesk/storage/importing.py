"""Importing people: CSV exports of other tools, JSON Resumes, and the app's own bundles.

Every import runs in three steps, so a bad file never leaves half its rows behind:

1. **read**: the file is decoded and parsed whole (:func:`read_csv`, :func:`read_resumes`);
   each row becomes a :class:`PersonRow` or a :class:`Problem` naming its line (the
   header is line 1) and what is wrong with it;
2. **check**: inside the write transaction, rows are matched to the people already
   stored (by e-mail or GitHub login, case-insensitively) and conflicts become problems;
3. **write**: only when there is no problem, or the caller chose ``skip_invalid``, the
   rows are written in that same transaction. Anything else raises
   :class:`InvalidImportError` and nothing is written.

Importing the same file twice changes nothing: a person already stored only gets the
fields that were empty filled in (and links, skills and tags added), never overwritten;
a bundle merges by uid with the newer edit of each field winning (:mod:`.bundle`).
"""

import codecs
import csv
import io
import json
import re
import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from recruitdesk.domain.taxonomy import Employment, Level, PayPeriod, Region, Track
from recruitdesk.errors import KnownError
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.csvcells import unprotected
from recruitdesk.storage.database import Database
from recruitdesk.storage.models import Candidate, Note, new_uid

#: A file larger than this is refused before it is read: 50,000 rows take ~10 MB.
MAX_IMPORT_BYTES = 200 * 1024 * 1024
#: How many records at the top of a CSV may come before its header (LinkedIn's
#: Connections.csv starts with a few lines of notes).
HEADER_SEARCH_RECORDS = 12
DELIMITERS = (",", ";", "\t", "|")
#: How many problems the one-sentence message of a refusal quotes.
QUOTED_PROBLEMS = 3
#: Names the notes made from a JSON Resume's work history, so a second import finds them.
_NOTE_NAMESPACE = uuid.UUID("5f0d3c8e-2b7a-4c61-9d0e-7a1f3e2b9c44")


# --------------------------------------------------------------------------------------
# Problems and reports


@dataclass(frozen=True, slots=True)
class Problem:
    """Why one row (or record) of a file cannot be imported."""

    line: int
    reason: str
    #: The member of a bundle the line is in; empty for a CSV or JSON file.
    member: str = ""

    def __str__(self) -> str:
        where = f"{self.member} line {self.line}" if self.member else f"line {self.line}"
        return f"{where}: {self.reason}"


class InvalidImportError(KnownError):
    """A file with invalid rows: nothing was written. ``problems`` lists every one."""

    def __init__(
        self, source: str, problems: Sequence[Problem], valid: int, unit: str = "row"
    ) -> None:
        self.source = source
        self.problems = tuple(problems)
        self.valid = valid
        count = len(self.problems)
        quoted = "; ".join(str(problem) for problem in self.problems[:QUOTED_PROBLEMS])
        more = f"; and {count - QUOTED_PROBLEMS} more" if count > QUOTED_PROBLEMS else ""
        rows = f"{unit} is" if count == 1 else f"{unit}s are"
        hint = f" (--skip-invalid imports the {valid} valid ones)" if valid else ""
        super().__init__(
            f"{source}: {count} {rows} invalid, nothing was imported{hint}: {quoted}{more}."
        )


@dataclass(slots=True)
class ImportReport:
    """What an import did, for the command line and the GUI."""

    source: str
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Problem] = field(default_factory=list)
    #: Further lines: for a bundle, what was taken from where.
    details: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)

    def summary(self) -> str:
        line = (
            f"{self.source}: {self.created} candidates added, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )
        if self.skipped:
            line += f"; {len(self.skipped)} invalid skipped"
        return line + "."


# --------------------------------------------------------------------------------------
# Reading text


def read_limited(path: Path, limit: int = MAX_IMPORT_BYTES) -> bytes:
    """The bytes of ``path``, refusing a missing, unreadable or oversized file."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise KnownError(f"{path} is a folder, not a file to import.")
        if size > limit:
            raise KnownError(
                f"{path} is {size / 1_048_576:.0f} MB; recruitdesk imports files of at most "
                f"{limit / 1_048_576:.0f} MB."
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise KnownError(f"There is no file {path}.") from None
    except OSError as error:
        raise KnownError(f"Cannot read {path}: {error.strerror}.") from None


def _line_at(data: bytes | str, offset: int) -> int:
    newline: Any = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, offset) + 1


#: Characters no text file of people holds (tab, line feed and carriage return aside).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Decode a text file of unknown encoding: ``(text, encoding name)``.

    A byte order mark decides (UTF-8, UTF-16, UTF-32); without one, UTF-16 is recognised
    by its zero bytes, then UTF-8 is tried, then Windows-1252 and Latin-1 (what
    spreadsheets on Windows save). A file that is not text at all is refused, naming
    the line of the first byte that gives it away.
    """
    encoding = ""
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            encoding = name
            break
    if not encoding:
        head = data[:4096]
        zeros = head.count(0)
        if zeros and len(head) >= 2:
            even = head[0::2].count(0)
            odd = head[1::2].count(0)
            if odd > len(head) * 0.4 and even < len(head) * 0.05:
                encoding = "utf-16-le"
            elif even > len(head) * 0.4 and odd < len(head) * 0.05:
                encoding = "utf-16-be"
            else:
                offset = data.index(0)
                raise KnownError(
                    f"{source} is not a text file: line {_line_at(data, offset)} holds a zero "
                    f"byte (offset {offset}); export it as CSV (UTF-8) and import that."
                )
    candidates = [encoding] if encoding else ["utf-8", "cp1252", "latin-1"]
    text = ""
    for name in candidates:
        try:
            text = data.decode(name)
        except UnicodeDecodeError as error:
            if name == candidates[-1]:
                raise KnownError(
                    f"{source} is not valid {name.upper()}: line "
                    f"{_line_at(data, error.start)} holds the bytes "
                    f"{data[error.start : error.start + 4].hex(' ')}."
                ) from None
            continue
        encoding = name
        break
    control = _CONTROL.search(text)
    if control:
        index, char = control.start(), control.group()
        raise KnownError(
            f"{source} is not a text file: line {_line_at(text, index)} holds the control "
            f"character U+{ord(char):04X}; export it as CSV (UTF-8) and import that."
        )
    return text.removeprefix("\ufeff"), encoding


# --------------------------------------------------------------------------------------
# Values


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
#: GitHub's rule for logins: letters, digits and single inner hyphens, at most 39.
_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_LIST_SPLIT = re.compile(r"\s*[;|]\s*")
_NAME_MAX = 200
_TEXT_MAX = 200
_PHONE_MAX = 50
_GITHUB_HOSTS = frozenset({"github.com", "www.github.com"})
_LINKEDIN_HOSTS = ("linkedin.com", ".linkedin.com")
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


def _web_url(text: str, what: str) -> str:
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
    value = _web_url(text, "a LinkedIn profile URL")
    if not _is_linkedin(value):
        raise InvalidValueError(f"{text!r} is not a LinkedIn URL")
    return value


def _email(text: str) -> str:
    value = text.strip().removeprefix("mailto:")
    if len(value) > 320 or not _EMAIL.match(value) or ".." in value:
        raise InvalidValueError(f"{text!r} is not an e-mail address")
    return value


def _bounded(text: str, what: str, limit: int = _TEXT_MAX) -> str:
    value = " ".join(text.split())
    if len(value) > limit:
        raise InvalidValueError(f"the {what} is {len(value)} characters long (at most {limit})")
    return value


def _phone(text: str) -> str:
    value = _bounded(text, "phone number", _PHONE_MAX)
    if sum(char.isdigit() for char in value) < 5 or re.search(r"[^\d\s+().\-/x]", value):
        raise InvalidValueError(f"{text!r} is not a phone number")
    return value


def _count(text: str, what: str, limit: int) -> int:
    cleaned = text.strip().replace(",", "").replace("_", "")
    try:
        number = float(cleaned)
    except ValueError:
        raise InvalidValueError(f"the {what} {text!r} is not a number") from None
    if not number.is_integer() or not 0 <= number <= limit:
        raise InvalidValueError(f"the {what} {text!r} is not a whole number from 0 to {limit}")
    return int(number)


def _choice(text: str, vocabulary: type[Region | Track | Level | Employment | PayPeriod]) -> str:
    wanted = re.sub(r"[\s/-]+", "_", text.strip().lower())
    for member in vocabulary:
        label = str(getattr(member, "label", member.value))
        if wanted in (member.value, re.sub(r"[\s/-]+", "_", label.lower())):
            return member.value
    known = ", ".join(member.value for member in vocabulary)
    what = vocabulary.__name__.lower()
    raise InvalidValueError(f"{text!r} is not a {what} (one of {known})")


def _currency(text: str) -> str:
    value = text.strip().upper()
    if not _CURRENCY.match(value):
        raise InvalidValueError(f"{text!r} is not a currency code such as EUR or USD")
    return value


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _words(text: str) -> list[str]:
    return [item for item in _LIST_SPLIT.split(text.strip()) if item]


def _merge_lists(*lists: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    merged: list[str] = []
    for values in lists:
        for value in values:
            key = value.casefold()
            if key not in seen:
                seen.add(key)
                merged.append(value)
    return merged


# --------------------------------------------------------------------------------------
# Rows


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


#: The fields a CSV column can map to, with the label the GUI shows.
FIELD_LABELS: dict[str, str] = {
    "full_name": "Full name",
    "first_name": "First name",
    "last_name": "Last name",
    "email": "E-mail",
    "phone": "Phone",
    "location": "Location",
    "github": "GitHub (URL or login)",
    "linkedin": "LinkedIn URL",
    "url": "Web address (sorted by site)",
    "links": "Other links",
    "region": "Region",
    "track": "Track",
    "level": "Level",
    "years_experience": "Years of experience",
    "employment": "Employment",
    "ask_amount": "Ask (amount)",
    "ask_currency": "Ask (currency)",
    "ask_period": "Ask (per)",
    "notice_weeks": "Notice (weeks)",
    "source": "Source",
    "skills": "Skills",
    "tags": "Tags",
    "consent_until": "Consent until",
}

_ALIASES: dict[str, tuple[str, ...]] = {
    "full_name": ("name", "fullname", "candidatename", "candidate", "contactname", "displayname"),
    "first_name": ("firstname", "givenname", "first", "forename"),
    "last_name": ("lastname", "surname", "familyname", "last"),
    "email": (
        "email",
        "emailaddress",
        "mail",
        "primaryemail",
        "workemail",
        "personalemail",
        "candidateemail",
        "emails",
    ),
    "phone": (
        "phone",
        "phonenumber",
        "mobile",
        "mobilephone",
        "mobilenumber",
        "telephone",
        "tel",
        "cell",
        "cellphone",
        "phonenumbers",
        "primaryphone",
    ),
    "location": ("location", "city", "address", "currentlocation", "locality", "geolocation"),
    "github": (
        "github",
        "githuburl",
        "githubprofile",
        "githubprofileurl",
        "githubusername",
        "githublogin",
        "githubhandle",
    ),
    "linkedin": ("linkedin", "linkedinurl", "linkedinprofile", "linkedinprofileurl"),
    "url": ("url", "profileurl", "publicprofileurl", "website", "homepage", "link"),
    "links": ("links", "otherlinks"),
    "region": ("region",),
    "track": ("track",),
    "level": ("level", "seniority"),
    "years_experience": ("yearsexperience", "yearsofexperience", "experienceyears", "years"),
    "employment": ("employment", "employmenttype"),
    "ask_amount": ("askamount", "ask", "salaryexpectation", "desiredsalary"),
    "ask_currency": ("askcurrency", "currency"),
    "ask_period": ("askperiod",),
    "notice_weeks": ("noticeweeks", "notice", "noticeperiodweeks"),
    "source": ("source", "candidatesource", "origin"),
    "skills": ("skills", "skill", "keyskills"),
    "tags": ("tags", "labels"),
    "consent_until": ("consentuntil", "consent", "consentexpires"),
}
_HEADER_TO_FIELD = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}


def _normal_header(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKC", text).casefold())


def guess_field(header: str) -> str | None:
    """The field a column header names, as ATS and LinkedIn exports spell them."""
    return _HEADER_TO_FIELD.get(_normal_header(header))


def guess_mapping(header: Sequence[str]) -> list[str | None]:
    """A field for each column (``None``: ignored); a field is used once, leftmost first."""
    used: set[str] = set()
    mapping: list[str | None] = []
    for name in header:
        guessed = guess_field(name)
        if guessed in used:
            guessed = None
        if guessed:
            used.add(guessed)
        mapping.append(guessed)
    return mapping


def mapping_problem(mapping: Sequence[str | None], header: Sequence[str]) -> str | None:
    """Why a mapping cannot import anyone (a name and an e-mail or GitHub are required)."""
    fields = {name for name in mapping if name}
    names = ", ".join(repr(name) for name in header) or "none"
    if not fields & {"full_name", "first_name", "last_name"}:
        return f"no column gives a name (the columns are {names})"
    if not fields & {"email", "github", "url"}:
        return f"no column gives an e-mail or a GitHub profile (the columns are {names})"
    return None


_SIMPLE_FIELDS: dict[str, Any] = {
    "email": _email,
    "phone": _phone,
    "location": lambda text: _bounded(text, "location"),
    "source": lambda text: _bounded(text, "source", 100),
    "region": lambda text: _choice(text, Region),
    "track": lambda text: _choice(text, Track),
    "level": lambda text: _choice(text, Level),
    "employment": lambda text: _choice(text, Employment),
    "ask_period": lambda text: _choice(text, PayPeriod),
    "ask_currency": _currency,
    "years_experience": lambda text: _count(text, "years of experience", 70),
    "ask_amount": lambda text: _count(text, "ask", 100_000_000),
    "notice_weeks": lambda text: _count(text, "notice in weeks", 104),
    "consent_until": _date,
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
    return _bounded(name, "name", _NAME_MAX)


def _read_link_or_list(key: str, text: str, values: dict[str, Any], links: list[str]) -> None:
    """Read a field that is not one of :data:`_SIMPLE_FIELDS` into ``values``, or into
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
                links.append(_web_url(item.strip(";,"), "a link"))
    elif key in ("skills", "tags"):
        values[key] = _merge_lists(_words(text))


def person_from_fields(line: int, given: dict[str, str]) -> PersonRow:
    """Turn one row's ``field -> text`` into a :class:`PersonRow`; :class:`InvalidValueError` names
    the first thing wrong."""
    values: dict[str, Any] = {"full_name": _row_name(given)}
    links: list[str] = []
    for key, text in given.items():
        text = unprotected(text)
        if not text or key in _NAME_FIELDS:
            continue
        if key in _SIMPLE_FIELDS:
            values[key] = _SIMPLE_FIELDS[key](text)
        else:
            _read_link_or_list(key, text, values, links)
    github = values.get("github_login")
    if github:
        links.append(f"https://github.com/{github}")
    if links:
        values["links"] = _merge_lists(links)
    if not values.get("email") and not github:
        raise InvalidValueError("it has neither an e-mail nor a GitHub login to tell who it is")
    return PersonRow(line=line, values=values)


# --------------------------------------------------------------------------------------
# CSV


@dataclass(slots=True)
class CsvSource:
    """A CSV file read and parsed, before its columns are mapped."""

    name: str
    encoding: str
    delimiter: str
    header_line: int
    header: list[str]
    #: ``(line, fields)`` for every non-empty record after the header.
    records: list[tuple[int, list[str]]]
    mapping: list[str | None]

    @property
    def delimiter_name(self) -> str:
        return {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}[self.delimiter]


def _records(text: str, delimiter: str, source: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for record in reader:
            yield start, record
            start = reader.line_num + 1
    except csv.Error as error:
        raise KnownError(
            f"{source} cannot be read as CSV at line {start}: {error}; nothing was imported."
        ) from None


def parse_csv(text: str, source: str) -> CsvSource:
    """Find the delimiter and the header (the first record that names known columns)."""
    head = text[:65_536]
    best: tuple[int, int, str] | None = None  # (mapped columns, -record index, delimiter)
    for delimiter in DELIMITERS:
        try:
            reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
            for index, record in enumerate(reader):
                if index >= HEADER_SEARCH_RECORDS:
                    break
                score = sum(1 for name in guess_mapping(record) if name)
                if score and (best is None or (score, -index) > best[:2]):
                    best = (score, -index, delimiter)
        except csv.Error:
            continue
    if best is None:
        first = text.strip().splitlines()[0][:80] if text.strip() else ""
        raise KnownError(
            f"{source}: the first line ({first!r}) names no column recruitdesk knows "
            "(a name, e-mail, GitHub...); is it a CSV of candidates?"
            if first
            else f"{source} is empty."
        )
    _score, minus_index, delimiter = best
    header_index = -minus_index
    header: list[str] = []
    header_line = 1
    records: list[tuple[int, list[str]]] = []
    for index, (line, record) in enumerate(_records(text, delimiter, source)):
        if index < header_index:
            continue
        if index == header_index:
            header, header_line = [name.strip() for name in record], line
            continue
        if any(value.strip() for value in record):
            records.append((line, record))
    return CsvSource(
        name=source,
        encoding="",
        delimiter=delimiter,
        header_line=header_line,
        header=header,
        records=records,
        mapping=guess_mapping(header),
    )


def read_csv(path: Path) -> CsvSource:
    """Read a CSV file whole: decode it, find the delimiter and the header."""
    text, encoding = decode_text(read_limited(path), path.name)
    source = parse_csv(text, path.name)
    source.encoding = encoding
    return source


def rows_from_csv(
    source: CsvSource, mapping: Sequence[str | None] | None = None
) -> tuple[list[PersonRow], list[Problem]]:
    """Validate every record under ``mapping`` (the source's own guess by default)."""
    mapping = list(source.mapping if mapping is None else mapping)
    problem = mapping_problem(mapping, source.header)
    if problem:
        raise KnownError(f"{source.name}: {problem}; nothing was imported.")
    rows: list[PersonRow] = []
    problems: list[Problem] = []
    width = len(source.header)
    for line, record in source.records:
        if len(record) > width:
            problems.append(
                Problem(
                    line,
                    f"it has {len(record)} fields but the header has {width} "
                    "(an unquoted delimiter inside a value?)",
                )
            )
            continue
        given = {
            name: value for name, value in zip(mapping, record, strict=False) if name is not None
        }
        try:
            rows.append(person_from_fields(line, given))
        except InvalidValueError as error:
            problems.append(Problem(line, str(error)))
    _flag_duplicates(rows, problems)
    return rows, problems


def _flag_duplicates(rows: list[PersonRow], problems: list[Problem]) -> None:
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


# --------------------------------------------------------------------------------------
# JSON


def iter_json_array(text: str, source: str) -> Iterator[tuple[int, Any]]:
    """The items of a top-level JSON array with the line each starts on; a top-level
    object counts as an array of one."""
    decoder = json.JSONDecoder()
    blank = re.compile(r"\s*")
    position = blank.match(text, 0).end()  # type: ignore[union-attr]
    line = _line_at(text, position)
    counted = position

    def line_of(offset: int) -> int:
        nonlocal line, counted
        line += text.count("\n", counted, offset)
        counted = offset
        return line

    def fail(error: json.JSONDecodeError) -> KnownError:
        return KnownError(
            f"{source} is not valid JSON: line {error.lineno} column {error.colno}: {error.msg}."
        )

    def too_deep(offset: int) -> KnownError:
        return KnownError(
            f"{source}: the item on line {_line_at(text, offset)} is nested too deeply "
            "to be a resume or a record; nothing was imported."
        )

    if position >= len(text):
        raise KnownError(f"{source} is empty.")
    if text[position] != "[":
        try:
            value, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            raise fail(error) from None
        except RecursionError:
            raise too_deep(position) from None
        if blank.match(text, end).end() != len(text):  # type: ignore[union-attr]
            raise KnownError(
                f"{source} is not valid JSON: line {_line_at(text, end)} has more after the end."
            )
        yield line_of(position), value
        return
    position = blank.match(text, position + 1).end()  # type: ignore[union-attr]
    if text.startswith("]", position):
        return
    while True:
        try:
            value, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            raise fail(error) from None
        except RecursionError:
            raise too_deep(position) from None
        yield line_of(position), value
        position = blank.match(text, end).end()  # type: ignore[union-attr]
        if text.startswith(",", position):
            position = blank.match(text, position + 1).end()  # type: ignore[union-attr]
            continue
        if text.startswith("]", position):
            break
        raise KnownError(
            f"{source} is not valid JSON: line {_line_at(text, position)}: "
            "expected ',' or ']' between the items."
        )


def _resume_date(text: Any) -> date | None:
    if not isinstance(text, str) or not text.strip():
        return None
    parts = text.strip().split("-")
    try:
        numbers = [int(part) for part in parts[:3]]
        return date(numbers[0], *[*numbers[1:], 1, 1][:2])
    except (ValueError, IndexError, TypeError):
        raise InvalidValueError(f"{text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None


def _text_of(value: Any, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidValueError(f"{where} must be text, not {type(value).__name__}")
    return value


def _resume_location(location: Any) -> str:
    """``basics.location`` as one line of text; some tools write it as plain text."""
    if isinstance(location, str):
        return location
    if not isinstance(location, dict):
        raise InvalidValueError("'basics.location' must be an object")
    parts = [
        _text_of(location.get(key), f"basics.location.{key}")
        for key in ("city", "region", "countryCode")
    ]
    return ", ".join(part for part in parts if part) or _text_of(
        location.get("address"), "basics.location.address"
    )


def _profile_parts(index: int, profile: Any) -> tuple[str, str, str]:
    """One of ``basics.profiles`` as ``(network, username, url)``, network casefolded."""
    if not isinstance(profile, dict):
        raise InvalidValueError(f"basics.profiles[{index}] must be an object")
    network = _text_of(profile.get("network"), "a profile's network").strip().casefold()
    username = _text_of(profile.get("username"), "a profile's username").strip()
    link = _text_of(profile.get("url"), "a profile's url").strip()
    return network, username, link


def _resume_profiles(basics: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """The ``github`` and ``linkedin`` fields ``basics`` gives, and its other links."""
    found: dict[str, str] = {}
    links: list[str] = []
    url = _text_of(basics.get("url"), "basics.url")
    if url:
        links.append(url)
    profiles = basics.get("profiles") or []
    if not isinstance(profiles, list):
        raise InvalidValueError("'basics.profiles' must be a list")
    for index, profile in enumerate(profiles):
        network, username, link = _profile_parts(index, profile)
        if network == "github":
            found["github"] = username or link
        elif network == "linkedin":
            found["linkedin"] = link or f"https://www.linkedin.com/in/{username}"
        elif link:
            links.append(link)
    return found, links


def _recruitdesk_meta(resume: dict[str, Any]) -> dict[str, Any]:
    """``meta.recruitdesk``: the fields this app's export adds to the schema."""
    extra = (resume.get("meta") or {}).get("recruitdesk") or {}
    if not isinstance(extra, dict):
        raise InvalidValueError("'meta.recruitdesk' must be an object")
    return extra


def _meta_fields(extra: dict[str, Any], given: dict[str, str]) -> dict[str, str]:
    """The simple fields ``meta.recruitdesk`` has that the schema's own did not give."""
    return {
        key: str(extra[key])
        for key in _SIMPLE_FIELDS
        if extra.get(key) is not None and key not in given
    }


def _meta_tags(extra: dict[str, Any]) -> list[str] | None:
    """The tags ``meta.recruitdesk`` gives; anything but a list of text is ignored."""
    tags = extra.get("tags")
    if isinstance(tags, list) and all(isinstance(tag, str) for tag in tags):
        return tags
    return None


def _add_resume_links(row: PersonRow, links: list[str]) -> None:
    # After the row is made, so a GitHub profile given as such wins over a GitHub link.
    for link in links:
        if "github.com" in link.lower():
            row.values.setdefault("github_login", github_login(link))
        else:
            row.values["links"] = _merge_lists(
                row.values.get("links", []), [_web_url(link, "a link")]
            )


def _resume_skills(entries: Any) -> list[str]:
    """Every skill's name and keywords, blank ones left out."""
    skills: list[str] = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise InvalidValueError("each of 'skills' must be an object")
        name = _text_of(entry.get("name"), "a skill's name").strip()
        keywords = entry.get("keywords") or []
        if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
            raise InvalidValueError(f"the keywords of skill {name!r} must be a list of text")
        skills.extend(item for item in [name, *keywords] if item.strip())
    return skills


def person_from_resume(line: int, resume: Any, today: date | None = None) -> PersonRow:
    """A JSON Resume (jsonresume.org schema 1.0) as a person; ``meta.recruitdesk`` (as
    this app exports it) carries the fields the schema has no place for."""
    if not isinstance(resume, dict):
        raise InvalidValueError("a resume must be a JSON object")
    basics = resume.get("basics") or {}
    if not isinstance(basics, dict):
        raise InvalidValueError("'basics' must be an object")
    given: dict[str, str] = {
        "full_name": _text_of(basics.get("name"), "basics.name"),
        "email": _text_of(basics.get("email"), "basics.email"),
        "phone": _text_of(basics.get("phone"), "basics.phone"),
        "location": _resume_location(basics.get("location") or {}),
    }
    profiles, links = _resume_profiles(basics)
    given |= profiles
    extra = _recruitdesk_meta(resume)
    given |= _meta_fields(extra, given)
    row = person_from_fields(line, given)
    _add_resume_links(row, links)
    skills = _resume_skills(resume.get("skills") or [])
    if skills:
        row.values["skills"] = _merge_lists(skills)
    tags = _meta_tags(extra)
    if tags is not None:
        row.values["tags"] = _merge_lists(tags)
    _read_work(row, resume.get("work") or [], today or datetime.now(UTC).date())
    return row


def _read_work(row: PersonRow, work: Any, today: date) -> None:
    if not isinstance(work, list):
        raise InvalidValueError("'work' must be a list")
    starts: list[date] = []
    ends: list[date] = []
    lines: list[str] = []
    for entry in work:
        if not isinstance(entry, dict):
            raise InvalidValueError("each of 'work' must be an object")
        company = _text_of(entry.get("name") or entry.get("company"), "a job's name").strip()
        role = _text_of(entry.get("position"), "a job's position").strip()
        start = _resume_date(entry.get("startDate"))
        end = _resume_date(entry.get("endDate"))
        if start and end and end < start:
            raise InvalidValueError(f"the job at {company or '?'} ends before it starts")
        if start:
            starts.append(start)
            ends.append(end or today)
        span = f"{entry.get('startDate') or '?'} to {entry.get('endDate') or 'now'}"
        lines.append(f"- {role or 'role?'} at {company or 'company?'} ({span})")
    if starts and "years_experience" not in row.values:
        row.values["years_experience"] = max(0, (max(ends) - min(starts)).days // 365)
    if lines:
        row.notes.append("Work history (from a JSON Resume):\n" + "\n".join(lines))


def read_resumes(path: Path) -> tuple[list[PersonRow], list[Problem]]:
    """Read a JSON Resume file (one resume, or a list of them) whole."""
    text, _encoding = decode_text(read_limited(path), path.name)
    rows: list[PersonRow] = []
    problems: list[Problem] = []
    for line, resume in iter_json_array(text, path.name):
        try:
            rows.append(person_from_resume(line, resume))
        except InvalidValueError as error:
            problems.append(Problem(line, str(error)))
    _flag_duplicates(rows, problems)
    return rows, problems


# --------------------------------------------------------------------------------------
# Writing people


_FILLED_FIELDS = (
    "email",
    "phone",
    "location",
    "github_login",
    "region",
    "track",
    "level",
    "years_experience",
    "employment",
    "ask_amount",
    "ask_currency",
    "ask_period",
    "notice_weeks",
    "source",
    "consent_until",
)
_LIST_FIELDS = ("links", "skills", "tags")


def _note_uid(candidate_uid: str, body: str) -> str:
    return str(uuid.uuid5(_NOTE_NAMESPACE, f"{candidate_uid}\n{body}"))


@dataclass(slots=True)
class _StoredPeople:
    """The people already stored, by id, and the ids an imported row can match by."""

    records: dict[int, dict[str, Any]] = field(default_factory=dict)
    by_email: dict[str, int] = field(default_factory=dict)
    by_login: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class _WritePlan:
    """The rows to insert and update, and the ``(person uid, body)`` of each note."""

    new_rows: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)


def _stored_people(session: Session) -> _StoredPeople:
    columns = (Candidate.id, Candidate.uid, Candidate.full_name, Candidate.field_times)
    fields = [getattr(Candidate, name) for name in (*_FILLED_FIELDS, *_LIST_FIELDS)]
    people = _StoredPeople()
    for record in session.execute(select(*columns, *fields)).mappings():
        people.records[record["id"]] = dict(record)
        if record["email"]:
            people.by_email[record["email"].casefold()] = record["id"]
        if record["github_login"]:
            people.by_login[record["github_login"].casefold()] = record["id"]
    return people


def _match_row(
    row: PersonRow, people: _StoredPeople, claimed: dict[int, int]
) -> tuple[int | None, str | None]:
    """``(id of the stored person the row is or None, problem or None)``; ``claimed``
    maps each person an earlier row matched to that row's line."""
    email, login = row.values.get("email"), row.values.get("github_login")
    by_mail = people.by_email.get(email.casefold()) if email else None
    by_gh = people.by_login.get(login.casefold()) if login else None
    if by_mail and by_gh and by_mail != by_gh:
        mail_name = people.records[by_mail]["full_name"]
        gh_name = people.records[by_gh]["full_name"]
        return None, (
            f"its e-mail is {mail_name}'s (id {by_mail}) but its "
            f"GitHub login is {gh_name}'s (id {by_gh})"
        )
    found = by_mail or by_gh
    if found is not None and found in claimed:
        return None, (
            f"it is {people.records[found]['full_name']} (id {found}) again, as on line "
            f"{claimed[found]}"
        )
    return found, None


def _match_rows(
    rows: Sequence[PersonRow], people: _StoredPeople, problems: list[Problem]
) -> list[tuple[PersonRow, int | None]]:
    """Each row with the id of the stored person it is (``None`` for someone new); a row
    that cannot be matched goes to ``problems`` instead."""
    matched: list[tuple[PersonRow, int | None]] = []
    claimed: dict[int, int] = {}
    for row in rows:
        found, problem = _match_row(row, people, claimed)
        if problem is not None:
            problems.append(Problem(row.line, problem))
            continue
        if found is not None:
            claimed[found] = row.line
        matched.append((row, found))
    return matched


def _new_person(row: PersonRow, now: datetime) -> dict[str, Any]:
    values = {name: row.values.get(name) for name in (*_FILLED_FIELDS, "full_name")}
    for name in _LIST_FIELDS:
        values[name] = row.values.get(name, [])
    return values | {"uid": new_uid(), "field_times": {}, "created_at": now, "updated_at": now}


def _filled_in(current: dict[str, Any], row: PersonRow) -> dict[str, Any]:
    """What ``row`` adds to a stored person: the fields that were empty, and the list
    items that were missing; nothing stored is overwritten."""
    changed: dict[str, Any] = {}
    for name in _FILLED_FIELDS:
        value = row.values.get(name)
        if value not in (None, "") and current[name] in (None, ""):
            changed[name] = value
    for name in _LIST_FIELDS:
        merged = _merge_lists(current[name] or [], row.values.get(name, []))
        if merged != (current[name] or []):
            changed[name] = merged
    return changed


def _plan_writes(
    matched: list[tuple[PersonRow, int | None]], people: _StoredPeople, now: datetime
) -> _WritePlan:
    plan = _WritePlan()
    stamp = now.isoformat()
    for row, found in matched:
        if found is None:
            values = _new_person(row, now)
            plan.new_rows.append(values)
            plan.notes.extend((values["uid"], body) for body in row.notes)
            continue
        current = people.records[found]
        changed = _filled_in(current, row)
        plan.notes.extend((current["uid"], body) for body in row.notes)
        if changed:
            times = dict(current["field_times"] or {}) | dict.fromkeys(changed, stamp)
            plan.updates.append({"id": found, **changed, "field_times": times, "updated_at": now})
    return plan


def _insert_people(session: Session, new_rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert ``new_rows``; returns each new person's id by uid."""
    if not new_rows:
        return {}
    inserted = session.execute(
        insert(Candidate).returning(Candidate.id, Candidate.uid), new_rows
    ).all()
    return {uid: row_id for row_id, uid in inserted}


def _write_notes(
    session: Session,
    notes: list[tuple[str, str]],
    ids_by_uid: dict[str, int],
    source: str,
    now: datetime,
) -> set[int]:
    """Insert the notes not stored yet; returns the ids of the people who got one.

    A note's uid comes from its person and its text, so importing a file again finds
    the notes it made the first time."""
    if not notes:
        return set()
    known = set(session.scalars(select(Note.uid)))
    note_rows = []
    noted: set[int] = set()
    for key, body in notes:
        uid = _note_uid(key, body)
        if uid in known:
            continue
        known.add(uid)
        noted.add(ids_by_uid[key])
        note_rows.append(
            {
                "uid": uid,
                "candidate_id": ids_by_uid[key],
                "body": body,
                "private": False,
                "author": f"import of {source}",
                "created_at": now,
                "updated_at": now,
            }
        )
    if note_rows:
        session.execute(insert(Note), note_rows)
    return noted


def write_people(
    session: Session,
    rows: Sequence[PersonRow],
    problems: list[Problem],
    *,
    skip_invalid: bool,
    source: str,
    kind: str,
) -> ImportReport:
    """Match ``rows`` to the people stored and write them, or raise before writing."""
    people = _stored_people(session)
    matched = _match_rows(rows, people, problems)
    problems.sort(key=lambda problem: problem.line)
    if problems and not skip_invalid:
        raise InvalidImportError(source, problems, len(matched))
    now = datetime.now(UTC)
    plan = _plan_writes(matched, people, now)
    inserted = _insert_people(session, plan.new_rows)
    if plan.updates:
        session.execute(update(Candidate), plan.updates)
    ids_by_uid = {record["uid"]: row_id for row_id, record in people.records.items()}
    noted = _write_notes(session, plan.notes, ids_by_uid | inserted, source, now)
    created = set(inserted.values())
    # Someone just created counts as created only, even when they also got a note.
    touched = ({row["id"] for row in plan.updates} | noted) - created
    report = ImportReport(
        source=source,
        kind=kind,
        created=len(created),
        updated=len(touched),
        unchanged=len(matched) - len(created) - len(touched),
        skipped=list(problems),
    )
    if created or touched:
        report.changes = Changes(candidates=frozenset(created | touched), everything=True)
    return report


# --------------------------------------------------------------------------------------
# The entry points


def detect_kind(path: Path) -> str:
    """``csv``, ``json`` or ``bundle``, from the name and, failing that, the first bytes."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    if suffix == ".json":
        return "json"
    if suffix in (".zip", ".rdbundle", ".bundle"):
        return "bundle"
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except FileNotFoundError:
        raise KnownError(f"There is no file {path}.") from None
    except OSError as error:
        raise KnownError(f"Cannot read {path}: {error.strerror}.") from None
    if head.startswith(b"PK\x03\x04"):
        return "bundle"
    if head.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:1] in (b"{", b"["):
        return "json"
    return "csv"


def import_people(
    database: Database,
    rows: Sequence[PersonRow],
    problems: Sequence[Problem],
    *,
    source: str,
    kind: str,
    skip_invalid: bool = False,
) -> ImportReport:
    """Write rows already read (the GUI's preview does this), all or nothing."""
    problems = list(problems)
    if problems and not skip_invalid:
        raise InvalidImportError(source, problems, len(rows))
    with database.write() as session:
        return write_people(
            session, rows, problems, skip_invalid=skip_invalid, source=source, kind=kind
        )


def import_file(database: Database, path: Path, *, skip_invalid: bool = False) -> ImportReport:
    """Import a CSV, a JSON Resume file or a bundle, all or nothing (see the module doc)."""
    kind = detect_kind(path)
    if kind == "bundle":
        # The bundle module builds on this one's reports and problems.
        from recruitdesk.storage.bundle import import_bundle

        return import_bundle(database, path, skip_invalid=skip_invalid)
    if kind == "json":
        rows, problems = read_resumes(path)
    else:
        rows, problems = rows_from_csv(read_csv(path))
    return import_people(
        database, rows, problems, source=path.name, kind=kind, skip_invalid=skip_invalid
    )
