"""Possible duplicates among the stored candidates (the rules are
:mod:`recruitdesk.domain.duplicates`): the whole base's pairs for the duplicates page,
and who on file may be a person about to be added (a CV's, a new candidate's)."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from recruitdesk.collector import paused
from recruitdesk.domain.duplicates import DuplicateIndex, Person, Reason
from recruitdesk.domain.phones import phone_key
from recruitdesk.progress import NO_PROGRESS, Progress
from recruitdesk.storage.database import Database
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


def _shared(session: Session, column: Any) -> list[tuple[str, int]]:
    """``(key, id)`` of the people whose lower-case ``column`` someone else has too,
    found by the database (one grouped scan, no Python a row)."""
    key = func.lower(column)
    shared = select(key).where(column.is_not(None)).group_by(key).having(func.count() > 1)
    rows = session.execute(select(key, Candidate.id).where(key.in_(shared)))
    return [(found, row_id) for found, row_id in rows]


def _phone_groups(session: Session) -> list[list[int]]:
    """People whose phones are one number: the database groups them by the last digits
    (through the index on them), and the rule's own key decides within each group."""
    tail = phone_tail(Candidate.phone)
    shared = (
        select(tail).where(Candidate.phone.is_not(None)).group_by(tail).having(func.count() > 1)
    )
    by_key: dict[str, list[int]] = defaultdict(list)
    for row_id, phone in session.execute(
        select(Candidate.id, Candidate.phone).where(tail.in_(shared))
    ):
        key = phone_key(phone)
        if key:
            by_key[key].append(row_id)
    return [ids for ids in by_key.values() if len(ids) > 1]


def _exact_groups(database: Database) -> list[tuple[Reason, list[int]]]:
    groups: list[tuple[Reason, list[int]]] = []
    with database.read() as session:
        keyed = ((Reason.EMAIL, Candidate.email), (Reason.LOGIN, Candidate.github_login))
        for reason, column in keyed:
            by_key: dict[str, list[int]] = defaultdict(list)
            for key, row_id in _shared(session, column):
                by_key[key].append(row_id)
            groups.extend((reason, ids) for ids in by_key.values())
        groups.extend((Reason.PHONE, ids) for ids in _phone_groups(session))
    return groups


def find_duplicates(
    database: Database, progress: Progress = NO_PROGRESS
) -> list[PossibleDuplicate]:
    """Every pair of stored candidates who may be one person, most reasons first."""
    table = Candidate.__table__.c
    # The database groups the people of one name and place (a base repeats them), so
    # each name is filed once, not once a person; plain rows, no object a row.
    named = select(table.full_name, table.location, table.id).order_by(
        table.full_name, table.location
    )
    with paused():
        index = DuplicateIndex()
        with database.read() as session:
            connection = session.connection()
            progress.step(0, None, "reading candidates")
            told = select(table.id, table.github_login, table.phone)
            index.tell(connection.execute(told).fetchall())
            for (name, location), people in groupby(
                connection.execute(named).fetchall(), key=itemgetter(0, 1)
            ):
                index.file_namesakes([row[2] for row in people], name, location)
        progress.step(len(index), len(index), "comparing names")
        matches = index.all_matches(_exact_groups(database))
        shown = _shown(database, {i for match in matches for i in (match.first, match.second)})
    return [
        PossibleDuplicate(shown[match.first], shown[match.second], match.reasons)
        for match in matches
    ]


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
    return [(on_file[found.candidate_id], found.reasons) for found in index.suspects(asked)]


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
    starts = {word[:2] for word in asked.full_name.split() if len(word) >= 2}
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
