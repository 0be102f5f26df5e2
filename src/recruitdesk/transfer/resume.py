"""JSON Resume files (jsonresume.org schema 1.0): one resume or a list of them, each read
into a :class:`~recruitdesk.transfer.person_rows.PersonRow`; ``meta.recruitdesk`` (as
this app exports it) carries the fields the schema has no place for, and the work
history becomes a note. A refused value is named by where the resume holds it
(``basics.email``, ``work[2].startDate``).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from recruitdesk.domain.candidate_fields import FIELDS
from recruitdesk.domain.validation import InvalidValueError, parse_date
from recruitdesk.errors import ValidationError
from recruitdesk.transfer.person_rows import PersonRow, flag_duplicates, person_from_fields
from recruitdesk.transfer.results import Problem, refused_fields
from recruitdesk.transfer.text_files import iter_json_items, text_encoding

#: The fields a resume's ``meta.recruitdesk`` may carry (as this app's export writes it).
_META_FIELDS = tuple(spec.name for spec in FIELDS if spec.resume_extra)
#: Where a resume holds each column the schema has a place for.
_WHERE = {
    "full_name": "basics.name",
    "email": "basics.email",
    "phone": "basics.phone",
    "location": "basics.location",
    "github": "basics.profiles (GitHub)",
    "linkedin": "basics.profiles (LinkedIn)",
    "links": "basics.url or basics.profiles",
    "skills": "skills",
}


def _refused(where: str, reason: str) -> ValidationError:
    return ValidationError({where: reason})


def _text_of(value: Any, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _refused(where, f"must be text, not {type(value).__name__}")
    return value


def _resume_date(value: Any, where: str) -> date | None:
    text = _text_of(value, where).strip()
    if not text:
        return None
    try:
        return parse_date(text, partial=True)
    except InvalidValueError as error:
        raise _refused(where, str(error)) from None


def _resume_location(location: Any) -> str:
    """``basics.location`` as one line of text; some tools write it as plain text."""
    if isinstance(location, str):
        return location
    if not isinstance(location, dict):
        raise _refused("basics.location", "must be an object")
    parts = [
        _text_of(location.get(key), f"basics.location.{key}")
        for key in ("city", "region", "countryCode")
    ]
    return ", ".join(part for part in parts if part) or _text_of(
        location.get("address"), "basics.location.address"
    )


def _profile_parts(index: int, profile: Any) -> tuple[str, str, str]:
    """One of ``basics.profiles`` as ``(network, username, url)``, network casefolded."""
    where = f"basics.profiles[{index}]"
    if not isinstance(profile, dict):
        raise _refused(where, "must be an object")
    network = _text_of(profile.get("network"), f"{where}.network").strip().casefold()
    username = _text_of(profile.get("username"), f"{where}.username").strip()
    link = _text_of(profile.get("url"), f"{where}.url").strip()
    return network, username, link


def _resume_profiles(basics: dict[str, Any]) -> dict[str, Any]:
    """The ``github``, ``linkedin`` and other ``links`` columns ``basics`` gives."""
    found: dict[str, Any] = {}
    links: list[str] = []
    url = _text_of(basics.get("url"), "basics.url")
    if url:
        links.append(url)
    profiles = basics.get("profiles") or []
    if not isinstance(profiles, list):
        raise _refused("basics.profiles", "must be a list")
    for index, profile in enumerate(profiles):
        network, username, link = _profile_parts(index, profile)
        if network == "github":
            found["github"] = username or link
        elif network == "linkedin":
            found["linkedin"] = link or f"https://www.linkedin.com/in/{username}"
        elif link:
            links.append(link)
    return found | {"links": links}


def _meta_fields(resume: dict[str, Any]) -> dict[str, Any]:
    """The fields ``meta.recruitdesk`` gives: text, numbers or lists of text."""
    meta = resume.get("meta") or {}
    if not isinstance(meta, dict):
        raise _refused("meta", "must be an object")
    extra = meta.get("recruitdesk") or {}
    if not isinstance(extra, dict):
        raise _refused("meta.recruitdesk", "must be an object")
    found: dict[str, Any] = {}
    for name in _META_FIELDS:
        value = extra.get(name)
        plain = isinstance(value, str | int | float) and not isinstance(value, bool)
        listed = isinstance(value, list) and all(isinstance(item, str) for item in value)
        if value is not None and not (plain or listed):
            raise _refused(f"meta.recruitdesk.{name}", "must be text, a number or a list of text")
        if value is not None:
            found[name] = value
    return found


def _resume_skills(entries: Any) -> list[str]:
    """Every skill's name and keywords, blank ones left out."""
    if not isinstance(entries, list):
        raise _refused("skills", "must be a list")
    skills: list[str] = []
    for index, entry in enumerate(entries):
        where = f"skills[{index}]"
        if not isinstance(entry, dict):
            raise _refused(where, "must be an object")
        name = _text_of(entry.get("name"), f"{where}.name").strip()
        keywords = entry.get("keywords") or []
        if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
            raise _refused(f"{where}.keywords", "must be a list of text")
        skills.extend(item for item in [name, *keywords] if item.strip())
    return skills


@dataclass(frozen=True, slots=True)
class _WorkHistory:
    years: int | None
    note: str | None


def _read_work(work: Any, today: date) -> _WorkHistory:
    """The years from the first job's start to the last one's end, and the history as
    the text of a note."""
    if not isinstance(work, list):
        raise _refused("work", "must be a list")
    starts: list[date] = []
    ends: list[date] = []
    lines: list[str] = []
    for index, entry in enumerate(work):
        where = f"work[{index}]"
        if not isinstance(entry, dict):
            raise _refused(where, "must be an object")
        company = _text_of(entry.get("name") or entry.get("company"), f"{where}.name").strip()
        role = _text_of(entry.get("position"), f"{where}.position").strip()
        start = _resume_date(entry.get("startDate"), f"{where}.startDate")
        end = _resume_date(entry.get("endDate"), f"{where}.endDate")
        if start and end and end < start:
            raise _refused(where, f"the job at {company or '?'} ends before it starts")
        if start:
            starts.append(start)
            ends.append(end or today)
        span = f"{entry.get('startDate') or '?'} to {entry.get('endDate') or 'now'}"
        lines.append(f"- {role or 'role?'} at {company or 'company?'} ({span})")
    years = max(0, (max(ends) - min(starts)).days // 365) if starts else None
    note = "Work history (from a JSON Resume):\n" + "\n".join(lines) if lines else None
    return _WorkHistory(years, note)


def person_from_resume(line: int, resume: Any, today: date | None = None) -> PersonRow:
    """A JSON Resume (jsonresume.org schema 1.0) as a person; ``meta.recruitdesk`` (as
    this app exports it) carries the fields the schema has no place for.
    :class:`ValidationError` names where the resume holds each value refused."""
    if not isinstance(resume, dict):
        raise _refused("resume", "must be a JSON object")
    basics = resume.get("basics") or {}
    if not isinstance(basics, dict):
        raise _refused("basics", "must be an object")
    meta = _meta_fields(resume)
    work = _read_work(resume.get("work") or [], today or datetime.now(UTC).date())
    given: dict[str, Any] = {"years_experience": work.years} | meta
    given |= {
        "full_name": _text_of(basics.get("name"), "basics.name"),
        "email": _text_of(basics.get("email"), "basics.email"),
        "phone": _text_of(basics.get("phone"), "basics.phone"),
        "location": _resume_location(basics.get("location") or {}),
        "skills": _resume_skills(resume.get("skills") or []),
    }
    given |= _resume_profiles(basics)
    try:
        row = person_from_fields(line, given)
    except ValidationError as error:
        where = {key: f"meta.recruitdesk.{key}" for key in meta} | _WHERE
        if "years_experience" not in meta:
            where["years_experience"] = "work"
        raise ValidationError(
            {where.get(key, key): reason for key, reason in error.problems.items()}
        ) from None
    if work.note:
        row.notes.append(work.note)
    return row


@dataclass(frozen=True, slots=True)
class ResumeFile:
    """A JSON Resume file read whole: the people it gives, the problems of the rest."""

    name: str
    rows: list[PersonRow]
    problems: list[Problem]


def stream_resumes(path: Path) -> Iterator[PersonRow | Problem]:
    """Each resume of a JSON Resume file as a person or a problem, read a chunk at a
    time (duplicates are the importer's to find)."""
    encoding = text_encoding(path, path.name)
    with path.open(encoding=encoding, newline="") as handle:
        for line, resume in iter_json_items(handle, path.name):
            try:
                yield person_from_resume(line, resume)
            except ValidationError as error:
                yield Problem(line, refused_fields(error))


def read_resumes(path: Path) -> ResumeFile:
    """Read a JSON Resume file (one resume, or a list of them) whole, for the preview."""
    rows: list[PersonRow] = []
    problems: list[Problem] = []
    for item in stream_resumes(path):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            rows.append(item)
    flag_duplicates(rows, problems)
    return ResumeFile(path.name, rows, problems)
