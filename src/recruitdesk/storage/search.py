"""Finding candidates: by verified skill, by text over names, skills, tags, locations
and notes, and by filters (region, track, level, stage).

Text search runs on SQLite's FTS5 table ``candidate_search``, which
triggers keep in step with every write to ``candidates`` and ``notes``. Each word of
the query must appear (as a word or the start of one: "async" finds "asyncio"); a word
with punctuation is a phrase ("Python 3.11+" finds the tokens python, 3 and 11 in a
row). Case and Latin accents are folded: "zurich" and "ZÜRICH" find "Zürich". On
another backend the same query runs with LIKE over text folded the same way
(:mod:`recruitdesk.storage.textmatch`).

A skill is *verified* when the candidate's newest analysis found it in their code;
:func:`parse_query` reads "FastAPI verified" or "verified:FastAPI" as such.

The index itself (its triggers, their repair, purging erased rows) is
:mod:`recruitdesk.storage.search_index`.
"""

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    cast,
    column,
    exists,
    func,
    or_,
    select,
    table,
    true,
)
from sqlalchemy.orm import Session, aliased

from recruitdesk.domain.pipeline import Stage
from recruitdesk.domain.skills import skill_key
from recruitdesk.domain.taxonomy_text import parse_level, parse_region, parse_track
from recruitdesk.errors import KnownError
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.analysis import Analysis, AnalysisSkill
from recruitdesk.storage.models.pipeline import Application, Candidate, Note
from recruitdesk.storage.search_index import FTS_TABLE, has_fts, missing_triggers, repair_index
from recruitdesk.storage.textmatch import contains_word, escape_like

log = logging.getLogger(__name__)

#: Up to this many text matches are ranked by relevance (bm25); beyond, newest first.
RELEVANCE_LIMIT = 2_000
#: bm25's weight of each column of the index: a name counts most, then skills, then
#: tags and location, then notes.
_WEIGHTS = (10.0, 4.0, 2.0, 2.0, 1.0)
_FTS = table(FTS_TABLE, column("rowid", Integer), column("candidate_search"))
DEFAULT_LIMIT = 500
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What to look for; every part narrows the result."""

    text: str = ""
    verified: tuple[str, ...] = ()
    region: str | None = None
    track: str | None = None
    level: str | None = None
    stage: str | None = None
    #: Narrows ``stage`` to one position's board.
    position_id: int | None = None
    limit: int = DEFAULT_LIMIT

    @property
    def empty(self) -> bool:
        return not (self.text.strip() or self.verified or self.filters)

    @property
    def filters(self) -> dict[str, str]:
        found = {
            "region": self.region,
            "track": self.track,
            "level": self.level,
            "stage": self.stage,
        }
        return {k: v for k, v in found.items() if v}


@dataclass(frozen=True, slots=True)
class SearchHit:
    candidate_id: int
    full_name: str
    region: str | None
    track: str | None
    level: str | None
    #: The verified skills of the query that the candidate's newest analysis holds.
    verified: tuple[str, ...] = field(default_factory=tuple)


_FILTER_WORDS = ("region", "track", "level", "stage")


def parse_query(text: str) -> SearchQuery:
    """Read what a recruiter types: words to find, ``verified:Skill`` or ``Skill
    verified`` for a verified skill, and ``region:``/``track:``/``level:``/``stage:``
    filters (human names accepted, e.g. ``region:"Eastern Europe"``)."""
    parts = re.findall(r'(\w+:"[^"]*"|\w+:\S+|"[^"]*"|\S+)', text)
    words: list[str] = []
    verified: list[str] = []
    filters: dict[str, str] = {}
    for part in parts:
        name, _, value = part.partition(":")
        value = value.strip('"')
        lowered = name.lower()
        if value and lowered == "verified":
            verified.append(value)
        elif value and lowered in _FILTER_WORDS:
            filters[lowered] = value
        elif part.lower() == "verified" and words:
            verified.append(words.pop())
        else:
            words.append(part.strip('"'))
    region = parse_region(filters["region"]).value if "region" in filters else None
    track = parse_track(filters["track"]).value if "track" in filters else None
    level = parse_level(filters["level"]).value if "level" in filters else None
    stage = None
    if "stage" in filters:
        try:
            stage = Stage(filters["stage"].lower()).value
        except ValueError:
            names = ", ".join(s.value for s in Stage)
            raise KnownError(f"Unknown stage {filters['stage']!r}; use one of: {names}.") from None
    return SearchQuery(
        text=" ".join(words),
        verified=tuple(verified),
        region=region,
        track=track,
        level=level,
        stage=stage,
    )


def fts_expression(text: str) -> str | None:
    """The FTS5 MATCH expression for what the user typed; every word quoted (so no
    character of theirs is FTS syntax), the last token of each word a prefix."""
    terms: list[str] = []
    for word in text.split():
        tokens = _TOKEN.findall(word)
        if not tokens:
            continue
        terms.append('"' + " ".join(tokens) + '"*')
    return " AND ".join(terms) or None


def _latest_analysis_ids() -> Select[Any]:
    newer = aliased(Analysis)
    return select(Analysis.id).where(
        Analysis.candidate_id.is_not(None),
        ~exists().where(
            newer.candidate_id == Analysis.candidate_id,
            or_(
                newer.analyzed_at > Analysis.analyzed_at,
                and_(newer.analyzed_at == Analysis.analyzed_at, newer.id > Analysis.id),
            ),
        ),
    )


def verified_skill_clause(name: str) -> ColumnElement[bool]:
    """Candidates whose newest analysis verified ``name`` (case-insensitive; a name
    that starts with it counts, so "Django" finds "Django REST framework" too)."""
    wanted = name.strip().lower()
    key = skill_key(name)
    latest = _latest_analysis_ids().subquery()
    skill_name = func.lower(AnalysisSkill.name)
    # IN (a list SQLite builds once), not a correlated EXISTS per candidate.
    return Candidate.id.in_(
        select(Analysis.candidate_id)
        .join(AnalysisSkill, Analysis.id == AnalysisSkill.analysis_id)
        .where(
            AnalysisSkill.analysis_id.in_(select(latest.c.id)),
            or_(
                skill_name == wanted,
                skill_name == key,
                skill_name.like(escape_like(wanted) + "%", escape="\\"),
            ),
        )
    )


def _text_clause_fallback(text_query: str) -> ColumnElement[bool]:
    """The words in names, skills, tags, locations or notes, for backends without FTS5
    (case and accents folded as the index folds them)."""
    columns = (
        Candidate.full_name,
        cast(Candidate.skills, String),
        cast(Candidate.tags, String),
        Candidate.location,
    )
    clauses = [
        or_(
            contains_word(columns, word),
            exists().where(Note.candidate_id == Candidate.id, contains_word((Note.body,), word)),
        )
        for word in text_query.split()
    ]
    return and_(*clauses) if clauses else true()


def _filters(query: SearchQuery) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if query.region:
        clauses.append(Candidate.region == query.region)
    if query.track:
        clauses.append(Candidate.track == query.track)
    if query.level:
        clauses.append(Candidate.level == query.level)
    if query.stage:
        on_board = [Application.stage == query.stage]
        if query.position_id is not None:
            on_board.append(Application.position_id == query.position_id)
        clauses.append(Candidate.id.in_(select(Application.candidate_id).where(*on_board)))
    for name in query.verified:
        clauses.append(verified_skill_clause(name))
    return clauses


def search_candidates(database: Database, query: SearchQuery | str) -> list[SearchHit]:
    """The candidates that match: by relevance when the text matches up to
    :data:`RELEVANCE_LIMIT` of them (then by name), else (and for filters alone) newest
    first."""
    if isinstance(query, str):
        query = parse_query(query)
    if query.empty:
        return []
    with database.read() as session:
        missing = missing_triggers(session)
    if missing:
        log.warning("the search index lost its triggers %s; repairing it", sorted(missing))
        repair_index(database)
    with database.read() as session:
        statement = select(
            Candidate.id, Candidate.full_name, Candidate.region, Candidate.track, Candidate.level
        ).where(*_filters(query))
        expression = fts_expression(query.text)
        params: dict[str, Any] = {}
        if expression is not None and has_fts(session):
            params["expression"] = expression
            matching = _FTS.c.candidate_search.op("MATCH")(bindparam("expression"))
            found = session.scalar(select(func.count()).where(matching), params) or 0
            if found <= RELEVANCE_LIMIT:
                fts = (
                    select(
                        _FTS.c.rowid.label("candidate_id"),
                        func.bm25(_FTS.c.candidate_search, *_WEIGHTS).label("score"),
                    )
                    .where(matching)
                    .subquery("fts")
                )
                statement = statement.join(fts, fts.c.candidate_id == Candidate.id).order_by(
                    fts.c.score, Candidate.full_name, Candidate.id
                )
            else:
                # Too many matches to rank them all within the time a keystroke allows:
                # newest first, read straight off the index until the limit.
                statement = (
                    statement.select_from(_FTS)
                    .join(Candidate, Candidate.id == _FTS.c.rowid)
                    .where(matching)
                    .order_by(_FTS.c.rowid.desc())
                )
        else:
            if expression is not None:
                statement = statement.where(_text_clause_fallback(query.text))
            # Filters alone may match most of the file: newest first, straight off the
            # indexes, rather than sorting them all by name.
            statement = statement.order_by(Candidate.id.desc())
        rows = session.execute(statement.limit(query.limit), params).all()
        verified = _verified_names(session, [row[0] for row in rows], query.verified)
    return [
        SearchHit(row[0], row[1], row[2], row[3], row[4], verified.get(row[0], ())) for row in rows
    ]


def _verified_names(
    session: Session, candidate_ids: Sequence[int], wanted: Sequence[str]
) -> dict[int, tuple[str, ...]]:
    if not wanted or not candidate_ids:
        return {}
    latest = _latest_analysis_ids().where(Analysis.candidate_id.in_(candidate_ids)).subquery()
    rows = session.execute(
        select(Analysis.candidate_id, AnalysisSkill.name)
        .join(AnalysisSkill, AnalysisSkill.analysis_id == Analysis.id)
        .where(Analysis.id.in_(select(latest.c.id)))
    ).all()
    keys = [w.strip().lower() for w in wanted]
    found: dict[int, list[str]] = {}
    for candidate_id, name in rows:
        lowered = name.lower()
        matched = any(lowered.startswith(k) or skill_key(name) == skill_key(k) for k in keys)
        if matched and candidate_id is not None:
            found.setdefault(candidate_id, []).append(name)
    return {k: tuple(v) for k, v in found.items()}
