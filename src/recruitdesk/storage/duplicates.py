"""Possible duplicates among the stored candidates (the rules are
:mod:`recruitdesk.domain.duplicates`): the whole base's pairs for the duplicates page,
and who on file may be a person about to be added (a CV's, a new candidate's)."""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select

from recruitdesk.collector import paused
from recruitdesk.domain.duplicates import DuplicateIndex, Person, Reason
from recruitdesk.domain.phones import phone_key
from recruitdesk.progress import NO_PROGRESS, Progress
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Candidate

#: Rows fetched per driver call while the base is read.
_BATCH = 2_000
#: Digits of a phone number a stored one must end with to be compared: phones are
#: stored as typed, so only their tail is sure to be digits in a row.
_PHONE_TAIL = 3


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


def _people(database: Database, progress: Progress) -> Iterator[tuple[Person, PersonOnFile]]:
    query = select(
        Candidate.id,
        Candidate.full_name,
        Candidate.email,
        Candidate.github_login,
        Candidate.phone,
        Candidate.location,
    ).execution_options(yield_per=_BATCH)
    with database.read() as session:
        for done, (row_id, name, email, login, phone, location) in enumerate(
            session.execute(query)
        ):
            if done % _BATCH == 0:
                progress.step(done, None, "reading candidates")
            yield (
                Person(row_id, name, email, login, phone, location),
                PersonOnFile(row_id, name, email, location),
            )


def find_duplicates(
    database: Database, progress: Progress = NO_PROGRESS
) -> list[PossibleDuplicate]:
    """Every pair of stored candidates who may be one person, most reasons first."""
    on_file: dict[int, PersonOnFile] = {}
    with paused():
        index = DuplicateIndex()
        for person, shown in _people(database, progress):
            index.add(person)
            on_file[person.id] = shown
        progress.step(len(on_file), len(on_file), "comparing names")
        return [
            PossibleDuplicate(on_file[match.first], on_file[match.second], match.reasons)
            for match in index.all_matches()
        ]


def duplicates_of_values(
    database: Database, values: Mapping[str, Any], exclude: int | None = None
) -> list[tuple[PersonOnFile, tuple[Reason, ...]]]:
    """Who on file may be the person ``values`` describe (candidate fields), closest
    first; ``exclude`` is that person's own id when they are stored.

    One query narrows the base to the people who could match (the same e-mail or login,
    a phone ending in the same digits, a location starting with the same place), and
    the rules judge those only: one person is checked without reading the whole base.
    """
    asked = Person(
        exclude or 0,
        str(values.get("full_name") or ""),
        values.get("email"),
        values.get("github_login"),
        values.get("phone"),
        values.get("location"),
    )
    could: list[ColumnElement[bool]] = []
    if asked.email:
        could.append(func.lower(Candidate.email) == asked.email.strip().lower())
    if asked.github_login:
        could.append(func.lower(Candidate.github_login) == asked.github_login.strip().lower())
    phone = phone_key(asked.phone)
    if phone:
        could.append(Candidate.phone.like(f"%{phone[-_PHONE_TAIL:]}"))
    place = (asked.location or "").split(",")[0].strip()
    starts = {word[:2] for word in asked.full_name.split() if len(word) >= 2}
    if place and starts:
        # The rule's own blocks: the same place and a word starting with the same letters.
        word_starts = [
            Candidate.full_name.ilike(f"{prefix}{_escaped(start)}%", escape="\\")
            for start in sorted(starts)
            for prefix in ("", "% ")
        ]
        could.append(
            and_(Candidate.location.ilike(f"{_escaped(place)}%", escape="\\"), or_(*word_starts))
        )
    if not could:
        return []
    query = select(
        Candidate.id,
        Candidate.full_name,
        Candidate.email,
        Candidate.github_login,
        Candidate.phone,
        Candidate.location,
    ).where(or_(*could))
    index = DuplicateIndex()
    on_file: dict[int, PersonOnFile] = {}
    with database.read() as session:
        for row_id, name, email, login, phone_text, location in session.execute(query):
            index.add(Person(row_id, name, email, login, phone_text, location))
            on_file[row_id] = PersonOnFile(row_id, name, email, location)
    return [(on_file[found.candidate_id], found.reasons) for found in index.suspects(asked)]


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
