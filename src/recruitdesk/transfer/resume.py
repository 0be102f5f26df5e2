"""JSON Resume files (jsonresume.org schema 1.0): one resume or a list of them, each read
into a :class:`~recruitdesk.transfer.person_rows.PersonRow`; ``meta.recruitdesk`` (as
this app exports it) carries the fields the schema has no place for, and the work
history becomes a note.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from recruitdesk.transfer.person_rows import (
    SIMPLE_FIELDS,
    PersonRow,
    flag_duplicates,
    person_from_fields,
)
from recruitdesk.transfer.person_values import (
    InvalidValueError,
    github_login,
    merge_lists,
    web_url,
)
from recruitdesk.transfer.results import Problem
from recruitdesk.transfer.text_files import decode_text, iter_json_array, read_limited


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
        for key in SIMPLE_FIELDS
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
            row.values["links"] = merge_lists(
                row.values.get("links", []), [web_url(link, "a link")]
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
        row.values["skills"] = merge_lists(skills)
    tags = _meta_tags(extra)
    if tags is not None:
        row.values["tags"] = merge_lists(tags)
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


@dataclass(frozen=True, slots=True)
class ResumeFile:
    """A JSON Resume file read whole: the people it gives, the problems of the rest."""

    name: str
    rows: list[PersonRow]
    problems: list[Problem]


def read_resumes(path: Path) -> ResumeFile:
    """Read a JSON Resume file (one resume, or a list of them) whole."""
    text, _encoding = decode_text(read_limited(path), path.name)
    rows: list[PersonRow] = []
    problems: list[Problem] = []
    for line, resume in iter_json_array(text, path.name):
        try:
            rows.append(person_from_resume(line, resume))
        except InvalidValueError as error:
            problems.append(Problem(line, str(error)))
    flag_duplicates(rows, problems)
    return ResumeFile(path.name, rows, problems)
