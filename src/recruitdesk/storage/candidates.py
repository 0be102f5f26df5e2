"""Candidate records: read one as plain values, create one, edit its fields, find one
by a reference the command line takes.

Every value is checked against the field table (:mod:`recruitdesk.domain.candidate_fields`),
the rules the candidate pane and the importer apply too; a refusal is a
:class:`~recruitdesk.errors.ValidationError` naming each field. Every write that edits a
field stamps ``field_times[field]`` with the time of the edit (ISO 8601, UTC), so bundles
can later merge candidates field by field.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recruitdesk.domain.candidate_fields import ask_problem, clean_values
from recruitdesk.domain.wording import CANDIDATE_FORMS
from recruitdesk.errors import KnownError, ValidationError
from recruitdesk.storage.audit import record
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Candidate
from recruitdesk.storage.versions import check_version, one_save_wins


@dataclass(frozen=True, slots=True)
class CandidateDetails:
    id: int
    full_name: str
    email: str | None
    phone: str | None
    location: str | None
    region: str | None
    github_login: str | None
    links: tuple[str, ...]
    track: str | None
    level: str | None
    years_experience: int | None
    employment: str | None
    ask_amount: int | None
    ask_currency: str | None
    ask_period: str | None
    notice_weeks: int | None
    source: str | None
    skills: tuple[str, ...]
    tags: tuple[str, ...]
    consent_until: date | None
    created_at: datetime
    updated_at: datetime
    #: What a save made over these values names (``recruitdesk.storage.versions``).
    version: int = 1


def _details(candidate: Candidate) -> CandidateDetails:
    return CandidateDetails(
        id=candidate.id,
        full_name=candidate.full_name,
        email=candidate.email,
        phone=candidate.phone,
        location=candidate.location,
        region=candidate.region,
        github_login=candidate.github_login,
        links=tuple(candidate.links or ()),
        track=candidate.track,
        level=candidate.level,
        years_experience=candidate.years_experience,
        employment=candidate.employment,
        ask_amount=candidate.ask_amount,
        ask_currency=candidate.ask_currency,
        ask_period=candidate.ask_period,
        notice_weeks=candidate.notice_weeks,
        source=candidate.source,
        skills=tuple(candidate.skills or ()),
        tags=tuple(candidate.tags or ()),
        consent_until=candidate.consent_until,
        created_at=candidate.created_at,
        updated_at=candidate.updated_at,
        version=candidate.version,
    )


def _check_unique(
    session: Session, clean: Mapping[str, Any], candidate_id: int | None
) -> dict[str, str]:
    problems: dict[str, str] = {}
    for name, column, what in (
        ("email", Candidate.email, "e-mail address"),
        ("github_login", Candidate.github_login, "GitHub login"),
    ):
        value = clean.get(name)
        if not value:
            continue
        other = session.execute(
            select(Candidate.id, Candidate.full_name).where(
                func.lower(column) == value.lower(), Candidate.id != (candidate_id or -1)
            )
        ).first()
        if other is not None:
            problems[name] = f"{other[1]} (candidate {other[0]}) already has this {what}."
    return problems


def get_candidate(database: Database, candidate_id: int) -> CandidateDetails:
    with database.read() as session:
        candidate = session.get(Candidate, candidate_id)
        if candidate is None:
            raise KnownError(f"There is no candidate with id {candidate_id}.")
        return _details(candidate)


def update_candidate(
    database: Database,
    candidate_id: int,
    values: Mapping[str, Any],
    *,
    version: int | None = None,
    now: datetime | None = None,
) -> Changes:
    """Change the fields in ``values`` (text as typed, or values already typed); refuses
    all of them with :class:`ValidationError` if any is invalid. Only fields whose value
    really changes are written and stamped. With ``version`` (the one the values were
    edited over), a save over a newer one raises :class:`EditConflictError`."""
    now = now or datetime.now(UTC)
    clean, problems = clean_values(values)
    if problems:
        raise ValidationError(problems)
    with one_save_wins("The candidate"), database.write() as session:
        candidate = session.get(Candidate, candidate_id, with_for_update=True)
        if candidate is None:
            raise KnownError(f"There is no candidate with id {candidate_id}.")
        check_version(candidate, version, "The candidate", clean)
        problems = _check_unique(session, clean, candidate_id)
        if "ask_amount" in clean or "ask_period" in clean:
            # The ask and its period are checked together, as they will be stored.
            found = ask_problem(
                clean.get("ask_amount", candidate.ask_amount),
                clean.get("ask_period", candidate.ask_period),
            )
            if found:
                problems["ask_amount"] = found
        if problems:
            raise ValidationError(problems)
        changed = candidate.apply_edits(clean, now)
        if changed:
            record(session, database.actor, [candidate_id], "edit", ", ".join(changed), now)
        return announce(
            session, Changes(candidates=frozenset({candidate_id})) if changed else Changes()
        )


def create_candidate(
    database: Database, values: Mapping[str, Any], *, now: datetime | None = None
) -> tuple[int, Changes]:
    """A new candidate from ``values`` (``full_name`` at least); returns its id."""
    now = now or datetime.now(UTC)
    clean = new_candidate_values(values)
    with database.write() as session:
        candidate_id = insert_candidate(session, clean, database.actor, now)
        return candidate_id, announce(session, Changes(candidates=frozenset({candidate_id})))


def new_candidate_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """A new candidate's values checked (a name at least), or :class:`ValidationError`."""
    clean, problems = clean_values(values)
    if "full_name" not in clean and "full_name" not in problems:
        problems["full_name"] = "A candidate needs a name."
    if problems:
        raise ValidationError(problems)
    return clean


def insert_candidate(session: Session, clean: Mapping[str, Any], actor: str, now: datetime) -> int:
    """Add a candidate of checked values in the caller's transaction (so a caller can
    add their rows in the same one); refuses an e-mail or login someone has."""
    problems = _check_unique(session, clean, None)
    if problems:
        raise ValidationError(problems)
    candidate = Candidate(**clean)
    candidate.stamp(list(clean), now)
    candidate.created_at = candidate.updated_at = now
    session.add(candidate)
    session.flush()
    record(session, actor, [candidate.id], "create", None, now)
    return candidate.id


#: What :func:`find_candidate_id` takes, for the sentence when nothing matches.


def find_candidate_id(database: Database, reference: str) -> int:
    """The candidate an id, an e-mail, a GitHub login or an exact full name names (as
    the command line takes them), case-insensitively; a clear error when none does, or
    when a name is shared."""
    text = " ".join(reference.split())
    with database.read() as session:
        if text.isdigit():
            if session.get(Candidate, int(text)) is not None:
                return int(text)
            raise KnownError(f"There is no candidate with id {text}.")
        if "@" in text:
            where = [func.lower(Candidate.email) == text.lower()]
        else:
            # A login has no spaces, so a one-word name is tried as a login first.
            where = [
                func.lower(Candidate.github_login) == text.lower(),
                Candidate.full_name == text,
                func.lower(Candidate.full_name) == text.lower(),
            ]
        for condition in where:
            found = list(session.scalars(select(Candidate.id).where(condition).limit(6)))
            if found:
                break
    if not found:
        raise KnownError(f"No candidate matches {text!r}; give {CANDIDATE_FORMS}.")
    if len(found) > 1:
        ids = ", ".join(str(i) for i in found[:5])
        raise KnownError(f"More than one candidate matches {text!r} (ids {ids}): give the id.")
    return found[0]
