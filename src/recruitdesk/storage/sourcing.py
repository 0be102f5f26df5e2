"""Sourcing into the database: who of the people found is already known and where, who
refused recruiters, and adding the rest to a position as sourced.

:func:`source_people` decides and writes in one transaction: a person is added (a new
candidate, or one already on file put on the position's board), or not, with the
reason. Running the same sourcing again adds nobody twice: a person is matched by login
or by e-mail, and a candidate has one card per position. Without a position nothing is
stored but the do-not-contact mark of a known person whose profile refuses recruiters:
the answer is the preview. The e-mail kept is the one the person published on
their profile (``domain/sourced.py``).

A sourced candidate carries ``inform_by`` (sourced + 30 days): GDPR Art. 14 wants a
person whose data was not collected from them informed within a month.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recruitdesk.domain.candidate_fields import clean_values
from recruitdesk.domain.no_contact import refusal
from recruitdesk.domain.pipeline import Stage
from recruitdesk.domain.places import guess_region
from recruitdesk.domain.sourced import Found
from recruitdesk.domain.taxonomy import Region
from recruitdesk.errors import KnownError
from recruitdesk.storage.board.new_cards import put_on_board
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.jobs_queue import enqueue
from recruitdesk.storage.models.pipeline import Application, Candidate, Position
from recruitdesk.storage.suppression import check_key, suppressed

#: GDPR Art. 14(3)(a): informed within a reasonable period, at the latest one month.
INFORM_WITHIN = timedelta(days=30)
_SOURCE_MAX = 100


class Status(StrEnum):
    ADDED = "added"
    ALREADY_KNOWN = "already_known"
    DO_NOT_CONTACT = "do_not_contact"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Placement:
    """A position a known candidate is on, and at which stage."""

    position_id: int
    position_title: str
    stage: str

    def describe(self) -> str:
        return f"{self.position_title} (position {self.position_id}, {self.stage})"


@dataclass(frozen=True, slots=True)
class Sourced:
    """One person found, and what sourcing did (or would do) with them."""

    found: Found
    status: Status
    reason: str
    region: Region | None
    candidate_id: int | None = None
    placements: tuple[Placement, ...] = ()

    def to_json(self, now: datetime) -> dict[str, Any]:
        return {
            **self.found.profile.to_json(now),
            "source": self.found.source,
            "region": self.region.value if self.region else None,
            "candidate_id": self.candidate_id,
            "positions": [
                {"id": p.position_id, "title": p.position_title, "stage": p.stage}
                for p in self.placements
            ],
            "status": self.status.value,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class SourcingOutcome:
    people: tuple[Sourced, ...]
    changes: Changes
    #: Candidates whose GitHub analysis was queued.
    queued: tuple[int, ...]

    def count(self, status: Status) -> int:
        return sum(1 for person in self.people if person.status is status)


#: Logins or e-mails per query when the people on file are looked up.
_LOOKUP_CHUNK = 500


class _OnFile:
    """The candidates on file with the found people's logins or published e-mails, read
    in a few queries for a whole run (one query per person made a 1,000-person preview
    take a third of a second), and kept up to date as people are added."""

    def __init__(self, session: Session, people: Sequence[Found]) -> None:
        self.by_login: dict[str, Candidate] = {}
        self.by_email: dict[str, Candidate] = {}
        logins = sorted({found.profile.login.lower() for found in people})
        emails = sorted({(found.profile.email or "").lower() for found in people} - {""})
        for column, wanted, index in (
            (Candidate.github_login, logins, self.by_login),
            (Candidate.email, emails, self.by_email),
        ):
            for start in range(0, len(wanted), _LOOKUP_CHUNK):
                chunk = wanted[start : start + _LOOKUP_CHUNK]
                query = select(Candidate).where(func.lower(column).in_(chunk))
                for candidate in session.scalars(query.order_by(Candidate.id)):
                    index.setdefault(str(getattr(candidate, column.key)).lower(), candidate)

    def known(self, found: Found) -> Candidate | None:
        """The candidate with the person's login, else with their published e-mail."""
        login, email = found.profile.login.lower(), (found.profile.email or "").lower()
        return self.by_login.get(login) or (self.by_email.get(email) if email else None)

    def add(self, candidate: Candidate) -> None:
        if candidate.github_login:
            self.by_login.setdefault(candidate.github_login.lower(), candidate)
        if candidate.email:
            self.by_email.setdefault(candidate.email.lower(), candidate)


def _placements(session: Session, candidate_id: int) -> tuple[Placement, ...]:
    rows = session.execute(
        select(Position.id, Position.title, Application.stage)
        .join(Application, Application.position_id == Position.id)
        .where(Application.candidate_id == candidate_id)
        .order_by(Application.created_at, Application.id)
    )
    return tuple(Placement(*row) for row in rows)


def _where(candidate: Candidate, placements: Sequence[Placement]) -> str:
    places = "; ".join(p.describe() for p in placements) or "on no position"
    return f"on file as {candidate.full_name} (candidate {candidate.id}), {places}"


def _new_candidate(found: Found, region: Region | None, now: datetime) -> Candidate:
    profile = found.profile
    values = {
        "full_name": profile.name or profile.login,
        "email": profile.email,
        "location": profile.location,
        "region": region.value if region else None,
        "github_login": profile.login,
        "links": [f"https://github.com/{profile.login}", *([profile.blog] if profile.blog else [])],
        "source": found.source[:_SOURCE_MAX],
    }
    clean, problems = clean_values({k: v for k, v in values.items() if v is not None})
    if problems:  # a published value the app cannot keep (a malformed link) is left out
        clean, _still = clean_values(
            {k: v for k, v in values.items() if v is not None and k not in problems}
        )
    candidate = Candidate(**clean, inform_by=now.date() + INFORM_WITHIN)
    candidate.stamp([*clean, "inform_by"], now)
    candidate.created_at = candidate.updated_at = now
    return candidate


def _one(
    session: Session,
    on_file: _OnFile,
    found: Found,
    position: Position | None,
    key: bytes | None,
    now: datetime,
    added: list[int],
    marked: list[int],
    actor: str,
    regions: Mapping[str, Region | None],
) -> Sourced:
    profile = found.profile
    chosen = profile.login.lower() in regions
    region = regions[profile.login.lower()] if chosen else guess_region(profile.location)
    if suppressed(session, key, profile.login, profile.email):
        reason = "erased from this database on their request: never added again"
        return Sourced(found, Status.DO_NOT_CONTACT, reason, region)
    refused = refusal(profile.bio, profile.company, profile.name, profile.blog)
    known = on_file.known(found)
    if known is None:
        if refused is not None:
            reason = f"their profile says {refused!r}: not added"
            return Sourced(found, Status.DO_NOT_CONTACT, reason, region)
        if position is None:
            reason = "new; nothing is stored without a position (--position)"
            return Sourced(found, Status.SKIPPED, reason, region)
        candidate = _new_candidate(found, region, now)
        session.add(candidate)
        session.flush()
        on_file.add(candidate)
        put_on_board(session, position.id, [candidate.id], Stage.SOURCED, now, actor)
        added.append(candidate.id)
        reason = f"new candidate {candidate.id}, {found.source}"
        return Sourced(found, Status.ADDED, reason, region, candidate.id)
    placements = _placements(session, known.id)
    where = _where(known, placements)
    if refused is not None or known.do_not_contact:
        if refused is not None and not known.do_not_contact:
            known.do_not_contact = True
            known.do_not_contact_reason = f"their GitHub profile says {refused!r}"[:200]
            known.stamp(["do_not_contact", "do_not_contact_reason"], now)
            known.updated_at = now
            marked.append(known.id)
        said = f"their profile says {refused!r}" if refused else "they asked not to be contacted"
        reason = f"{said}; {where}, marked do not contact"
        return Sourced(found, Status.DO_NOT_CONTACT, reason, region, known.id, placements)
    login = (known.github_login or "").lower()
    if login and login != profile.login.lower():
        reason = f"their e-mail is that of another GitHub login ({known.github_login}); {where}"
        return Sourced(found, Status.SKIPPED, reason, region, known.id, placements)
    on_position = position is not None and any(p.position_id == position.id for p in placements)
    if position is None or on_position:
        return Sourced(found, Status.ALREADY_KNOWN, where, region, known.id, placements)
    if not login:  # known by e-mail only: the login they published joins the record
        known.github_login = profile.login
        known.stamp(["github_login"], now)
        on_file.add(known)
    put_on_board(session, position.id, [known.id], Stage.SOURCED, now, actor)
    added.append(known.id)
    reason = f"{where}; put on this position, {found.source}"
    return Sourced(found, Status.ADDED, reason, region, known.id, placements)


def source_people(
    database: Database,
    people: Sequence[Found],
    *,
    position_id: int | None,
    key: bytes | None,
    now: datetime,
    regions: Mapping[str, Region | None] | None = None,
) -> SourcingOutcome:
    """Add ``people`` to the position as sourced, all in one transaction, and queue an
    analysis for each added; with no position, only say what would happen. ``regions``
    (by lower-case login) overrides the region guessed from a person's location."""
    added: list[int] = []
    marked: list[int] = []  # known people whose profile now refuses recruiters
    results: list[Sourced] = []
    seen: set[str] = set()
    with database.write() as session:
        check_key(session, key)
        position = None
        if position_id is not None:
            position = session.get(Position, position_id)
            if position is None:
                raise KnownError(f"There is no position with id {position_id}.")
        on_file = _OnFile(session, people)
        for found in people:
            if found.profile.login.lower() in seen:
                continue
            seen.add(found.profile.login.lower())
            results.append(
                _one(
                    session,
                    on_file,
                    found,
                    position,
                    key,
                    now,
                    added,
                    marked,
                    database.actor,
                    regions or {},
                )
            )
    changes = Changes(
        candidates=frozenset(added + marked),
        positions=frozenset({position_id}) if added and position_id is not None else frozenset(),
    )
    queued: tuple[int, ...] = ()
    if added:
        queue = enqueue(database, added)
        changes, queued = changes | queue.changes, queue.queued
    return SourcingOutcome(tuple(results), changes, queued)
