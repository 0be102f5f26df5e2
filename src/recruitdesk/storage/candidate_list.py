"""The list of candidates the Candidates view shows: counted, filtered and sorted in SQL
and read a page at a time, so the view never holds every candidate in memory."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, String, and_, cast, func, select, true

from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Candidate
from recruitdesk.storage.textmatch import every_word


@dataclass(frozen=True, slots=True)
class CandidateRow:
    """One row of the Candidates table."""

    id: int
    full_name: str
    email: str | None
    region: str | None
    track: str | None
    level: str | None
    years_experience: int | None
    ask_amount: int | None
    ask_currency: str | None
    ask_period: str | None
    github_login: str | None
    tags: tuple[str, ...]
    created_at: datetime


#: What the candidates list can be sorted by.
SORT_COLUMNS: dict[str, Any] = {
    "full_name": Candidate.full_name,
    "email": Candidate.email,
    "region": Candidate.region,
    "track": Candidate.track,
    "level": Candidate.level,
    "years_experience": Candidate.years_experience,
    "ask_amount": Candidate.ask_amount,
    "github_login": Candidate.github_login,
}


@dataclass(frozen=True, slots=True)
class CandidateQuery:
    """Which candidates the list shows, in what order: every word of ``text`` in the
    name, e-mail, GitHub login, location, skills or tags; sorted by a column of
    :data:`SORT_COLUMNS` (by id when ``sort`` is ``None``)."""

    text: str = ""
    sort: str | None = None
    descending: bool = False
    #: Only the candidates whose consent to keep their data ended before this day.
    lapsed_before: date | None = None

    def where(self) -> ColumnElement[bool]:
        words = self._words()
        if self.lapsed_before is None:
            return words
        return and_(words, Candidate.consent_until < self.lapsed_before)

    def _words(self) -> ColumnElement[bool]:
        clause = every_word(
            self.text,
            (
                Candidate.full_name,
                Candidate.email,
                Candidate.github_login,
                Candidate.location,
                cast(Candidate.skills, String),
                cast(Candidate.tags, String),
            ),
        )
        return clause if clause is not None else true()

    def order(self) -> list[Any]:
        if self.sort is None:
            return [Candidate.id.desc() if self.descending else Candidate.id]
        column = SORT_COLUMNS[self.sort]
        key = column.desc() if self.descending else column.asc()
        return [key.nulls_last(), Candidate.id]


def count_candidates(database: Database, query: CandidateQuery | None = None) -> int:
    """How many candidates the query finds (all of them without one)."""
    where = (query or CandidateQuery()).where()
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(Candidate).where(where)) or 0


def candidate_page(
    database: Database, query: CandidateQuery, *, offset: int = 0, limit: int = 200
) -> list[CandidateRow]:
    """One page of the list the query describes, filtered and sorted in SQL, so the
    view never needs every candidate in memory."""
    return _candidate_rows(database, query.where(), limit, query.order(), offset)


def _candidate_rows(
    database: Database,
    where: Any,
    limit: int,
    order: Sequence[Any] = (Candidate.id,),
    offset: int = 0,
) -> list[CandidateRow]:
    query = (
        select(
            Candidate.id,
            Candidate.full_name,
            Candidate.email,
            Candidate.region,
            Candidate.track,
            Candidate.level,
            Candidate.years_experience,
            Candidate.ask_amount,
            Candidate.ask_currency,
            Candidate.ask_period,
            Candidate.github_login,
            Candidate.tags,
            Candidate.created_at,
        )
        .where(where)
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    with database.read() as session:
        return [
            CandidateRow(
                id=row[0],
                full_name=row[1],
                email=row[2],
                region=row[3],
                track=row[4],
                level=row[5],
                years_experience=row[6],
                ask_amount=row[7],
                ask_currency=row[8],
                ask_period=row[9],
                github_login=row[10],
                tags=tuple(row[11] or ()),
                created_at=row[12],
            )
            for row in session.execute(query)
        ]


def read_candidate_rows(database: Database, ids: Sequence[int]) -> list[CandidateRow]:
    """The rows of these candidates (the ones that still exist), by id."""
    rows: list[CandidateRow] = []
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows.extend(_candidate_rows(database, Candidate.id.in_(chunk), len(chunk)))
    return rows
