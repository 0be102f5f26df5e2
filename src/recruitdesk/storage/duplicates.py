"""Possible duplicates among the stored candidates (the rules are
:mod:`recruitdesk.domain.duplicates`): the whole base's pairs for the duplicates page,
and who on file may be a person about to be added (a CV's, a new candidate's). A pair
the user said is two people (:mod:`recruitdesk.storage.dismissed_duplicates`) is left out."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, null, or_, select
from sqlalchemy.orm import Session, aliased

from recruitdesk.collector import paused
from recruitdesk.domain.duplicates import DuplicateIndex, Person, Reason, name_key, name_starts
from recruitdesk.domain.phones import phone_key
from recruitdesk.progress import NO_PROGRESS, Progress
from recruitdesk.storage.database import Database
from recruitdesk.storage.dismissed_duplicates import dismissed_pairs, dismissed_with
from recruitdesk.storage.models.pipeline import PHONE_TAIL_DIGITS, Candidate, phone_tail

#: Ids asked for in one query.
_BATCH = 2_000
#: Digits of a phone number a stored one must end with to be compared when the number
#: is shorter than the indexed tail: phones are stored as typed, so only their end is
#: sure to be digits in a row.
_SHORT_PHONE_TAIL = 3
#: Above every character: a prefix's range of strings ends before it followed by this.
_LAST_CHARACTER = "\U0010ffff"


@dataclass(frozen=True, slots=True)
class PersonOnFile:
    id: int
    full_name: str
    email: str | None
    location: str | None


@dataclass(frozen=True, slots=True)
class PossibleDuplicate:
    """Two candidates who may be one person (``first.id`` < ``second.id``), and why."""

    first: PersonOnFile
    second: PersonOnFile
    reasons: tuple[Reason, ...]

    @property
    def why(self) -> str:
        return ", ".join(reason.value for reason in self.reasons)


def find_duplicates(
    database: Database, progress: Progress = NO_PROGRESS
) -> list[PossibleDuplicate]:
    """Every pair of stored candidates who may be one person, most reasons first.

    The database pairs the people of one e-mail (a join on the index of the lower-case
    e-mail: nobody's e-mail crosses into Python), then one read of the rest of what the
    rules judge (plain rows, no object a row) is filed in memory: the phone's key is
    the rule's own, and a dictionary groups 100,000 keys quicker than a query a kind of
    key."""
    with paused():
        progress.step(0, None, "reading candidates")
        with database.read() as session:
            connection = session.connection()
            shared = [(_EMAIL, one, other) for one, other in connection.execute(_SAME_EMAIL)]
            rows = connection.execute(_JUDGED).fetchall()
            dismissed = dismissed_pairs(connection)
        progress.step(0, len(rows), "comparing candidates")
        index = DuplicateIndex()
        index.add_rows(rows)
        matches = [
            match
            for match in index.all_matches(shared)
            if (match.first, match.second) not in dismissed
        ]
        shown = _shown(database, {i for match in matches for i in (match.first, match.second)})
    progress.step(len(rows), len(rows), "compared")
    return [
        PossibleDuplicate(shown[match.first], shown[match.second], match.reasons)
        for match in matches
    ]


_EMAIL = Reason.EMAIL
_OTHER = aliased(Candidate)
_SAME_EMAIL = select(Candidate.id, _OTHER.id).join(
    _OTHER,
    and_(func.lower(_OTHER.email) == func.lower(Candidate.email), _OTHER.id > Candidate.id),
)
#: What the rules judge but the e-mail, which the database pairs itself.
_JUDGED = select(
    Candidate.id,
    Candidate.full_name,
    null(),
    Candidate.github_login,
    Candidate.phone,
    Candidate.location,
)


def _shown(database: Database, ids: set[int]) -> dict[int, PersonOnFile]:
    """The people of the pairs found, as a pair shows them."""
    table = Candidate.__table__.c
    ordered = sorted(ids)
    shown: dict[int, PersonOnFile] = {}
    with database.read() as session:
        for start in range(0, len(ordered), _BATCH):
            chunk = ordered[start : start + _BATCH]
            query = select(table.id, table.full_name, table.email, table.location)
            for row_id, name, email, location in session.execute(query.where(table.id.in_(chunk))):
                shown[row_id] = PersonOnFile(row_id, name, email, location)
    return shown


def duplicates_of_values(
    database: Database, values: Mapping[str, Any], exclude: int | None = None
) -> list[tuple[PersonOnFile, tuple[Reason, ...]]]:
    """Who on file may be the person ``values`` describe (candidate fields), closest
    first; ``exclude`` is that person's own id when they are stored.

    Indexed queries narrow the base to the people who could match (the same e-mail or
    login, a phone ending in the same digits, a location starting with the same place),
    and the rules judge those only: one person is checked without reading the base.
    """
    asked = Person(
        exclude or 0,
        str(values.get("full_name") or ""),
        values.get("email"),
        values.get("github_login"),
        values.get("phone"),
        values.get("location"),
    )
    index = DuplicateIndex()
    on_file: dict[int, PersonOnFile] = {}
    with database.read() as session:
        # One indexed query a way to match, not one scan for them all (an OR of them).
        for could in _could_match(session, asked):
            for row_id, name, email, login, phone_text, location in session.execute(
                _PERSON.where(could)
            ):
                if row_id not in on_file:
                    index.add(Person(row_id, name, email, login, phone_text, location))
                    on_file[row_id] = PersonOnFile(row_id, name, email, location)
        dismissed = dismissed_with(session, exclude) if exclude else set()
    return [
        (on_file[found.candidate_id], found.reasons)
        for found in index.suspects(asked)
        if found.candidate_id not in dismissed
    ]


_PERSON = select(
    Candidate.id,
    Candidate.full_name,
    Candidate.email,
    Candidate.github_login,
    Candidate.phone,
    Candidate.location,
)


def _could_match(session: Session, asked: Person) -> list[ColumnElement[bool]]:
    """The conditions of the rows that could match ``asked`` by one rule each: the same
    e-mail or login, a phone ending in the same digits, a location starting with the
    same place and a name with a word of the same start (the rule's blocks)."""
    could: list[ColumnElement[bool]] = []
    if asked.email:
        could.append(func.lower(Candidate.email) == func.lower(asked.email.strip()))
    if asked.github_login:
        could.append(func.lower(Candidate.github_login) == func.lower(asked.github_login.strip()))
    phone = phone_key(asked.phone)
    if phone and len(phone) >= PHONE_TAIL_DIGITS:
        could.append(phone_tail(Candidate.phone) == phone[-PHONE_TAIL_DIGITS:])
    elif phone:
        could.append(Candidate.phone.like(f"%{phone[-_SHORT_PHONE_TAIL:]}"))
    place = (asked.location or "").split(",")[0].strip()
    # The words as written and as compared (transliterated, without accents): a name
    # stored in another script or with accents the asked one lacks is left to the
    # whole base's sweep, which compares every name of a place by its key.
    starts = {word[:2] for word in asked.full_name.split() if len(word) >= 2}
    starts |= name_starts(name_key(asked.full_name))
    if place and starts:
        word_starts = [
            Candidate.full_name.ilike(f"{prefix}{_escaped(start)}%", escape="\\")
            for start in sorted(starts)
            for prefix in ("", "% ")
        ]
        could.append(and_(_starts_with(session, place), or_(*word_starts)))
    return could


def _starts_with(session: Session, place: str) -> ColumnElement[bool]:
    """Locations starting with ``place`` in any case: on SQLite a range of the index on
    the lower-case location (its ``lower`` on both sides, so they agree); elsewhere the
    pattern (a range of text is only a prefix's under a binary collation)."""
    if session.get_bind().dialect.name != "sqlite":
        return Candidate.location.ilike(f"{_escaped(place)}%", escape="\\")
    lowest = func.lower(place)
    return and_(
        func.lower(Candidate.location) >= lowest,
        func.lower(Candidate.location) < lowest.concat(_LAST_CHARACTER),
    )


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
