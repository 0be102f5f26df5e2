"""Finding candidates: by verified skill, by text over names, skills and notes, and by
filters (region, track, level, stage).

Text search runs on SQLite's FTS5 table ``candidate_search`` (schema 0003), which
triggers keep in step with every write to ``candidates`` and ``notes``. Each word of
the query must appear (as a word or the start of one: "async" finds "asyncio"); a word
with punctuation is a phrase ("Python 3.11+" finds the tokens python, 3 and 11 in a
row). On another backend the same query runs with ILIKE.

A skill is *verified* when the candidate's newest analysis found it in their code;
:func:`parse_query` reads "FastAPI verified" or "verified:FastAPI" as such.

After an erasure, call :func:`purge_deleted` so the FTS index forgets the erased rows
too (FTS5 keeps deleted tokens in its segments until they are merged).
"""

import logging
import re
from collections.abc import Callable, Sequence
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
    text,
    true,
)
from sqlalchemy.orm import Session, aliased

from recruitdesk.domain.pipeline import Stage
from recruitdesk.domain.skills import skill_key
from recruitdesk.domain.taxonomy_text import parse_level, parse_region, parse_track
from recruitdesk.errors import KnownError
from recruitdesk.storage.database import Database
from recruitdesk.storage.models import Analysis, AnalysisSkill, Application, Candidate, Note

log = logging.getLogger(__name__)

FTS_TABLE = "candidate_search"
#: Up to this many text matches are ranked by relevance (bm25); beyond, newest first.
RELEVANCE_LIMIT = 2_000
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


def escape_like(text: str) -> str:
    """``text`` for a LIKE pattern with ``escape="\\"``: its ``%``, ``_`` and ``\\``
    stand for themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def every_word(
    text: str, matches: Callable[[str], ColumnElement[bool]]
) -> ColumnElement[bool] | None:
    """A clause true where every word of ``text`` matches: ``matches`` turns a LIKE
    pattern (``%word%``, with ``%``, ``_`` and ``\\`` escaped by a backslash) into the
    condition for one word. ``None`` when ``text`` has no words."""
    words = text.split()
    if not words:
        return None
    return and_(*(matches(f"%{escape_like(word)}%") for word in words))


def _text_clause_fallback(text_query: str) -> ColumnElement[bool]:
    """ILIKE over names, skills and notes, for backends without FTS5."""
    clause = every_word(
        text_query,
        lambda pattern: or_(
            Candidate.full_name.ilike(pattern, escape="\\"),
            cast(Candidate.skills, String).ilike(pattern, escape="\\"),
            exists().where(
                Note.candidate_id == Candidate.id, Note.body.ilike(pattern, escape="\\")
            ),
        ),
    )
    return clause if clause is not None else true()


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


# The statements of schema 0003, also here so a lost trigger can be put back (a later
# batch migration that rebuilds ``candidates`` or ``notes`` drops their triggers).
TRIGGERS = {
    "candidate_search_insert": (
        "CREATE TRIGGER candidate_search_insert AFTER INSERT ON candidates BEGIN "
        "INSERT INTO candidate_search(rowid, full_name, skills, notes) VALUES (NEW.id, "
        "NEW.full_name, "
        "CASE WHEN json_valid(NEW.skills) THEN (SELECT group_concat(value, ' ') FROM "
        "json_each(NEW.skills)) ELSE NEW.skills END, "
        "(SELECT group_concat(body, ' ') FROM notes WHERE candidate_id = NEW.id)); "
        "END"
    ),
    "candidate_search_update": (
        "CREATE TRIGGER candidate_search_update AFTER UPDATE OF full_name, skills ON "
        "candidates BEGIN "
        "UPDATE candidate_search SET full_name = NEW.full_name, "
        "skills = CASE WHEN json_valid(NEW.skills) THEN (SELECT group_concat(value, ' ') FROM "
        "json_each(NEW.skills)) ELSE NEW.skills END "
        "WHERE rowid = NEW.id; "
        "END"
    ),
    "candidate_search_delete": (
        "CREATE TRIGGER candidate_search_delete AFTER DELETE ON candidates BEGIN "
        "DELETE FROM candidate_search WHERE rowid = OLD.id; "
        "END"
    ),
    "candidate_search_note_insert": (
        "CREATE TRIGGER candidate_search_note_insert AFTER INSERT ON notes BEGIN "
        "UPDATE candidate_search SET notes = "
        "(SELECT group_concat(body, ' ') FROM notes WHERE candidate_id = NEW.candidate_id) "
        "WHERE rowid = NEW.candidate_id; "
        "END"
    ),
    "candidate_search_note_update": (
        "CREATE TRIGGER candidate_search_note_update AFTER UPDATE OF body, candidate_id ON "
        "notes BEGIN "
        "UPDATE candidate_search SET notes = "
        "(SELECT group_concat(body, ' ') FROM notes WHERE candidate_id = OLD.candidate_id) "
        "WHERE rowid = OLD.candidate_id; "
        "UPDATE candidate_search SET notes = "
        "(SELECT group_concat(body, ' ') FROM notes WHERE candidate_id = NEW.candidate_id) "
        "WHERE rowid = NEW.candidate_id; "
        "END"
    ),
    "candidate_search_note_delete": (
        "CREATE TRIGGER candidate_search_note_delete AFTER DELETE ON notes BEGIN "
        "UPDATE candidate_search SET notes = "
        "(SELECT group_concat(body, ' ') FROM notes WHERE candidate_id = OLD.candidate_id) "
        "WHERE rowid = OLD.candidate_id; "
        "END"
    ),
}
FILL = (
    "INSERT INTO candidate_search(rowid, full_name, skills, notes) "
    "SELECT c.id, c.full_name, "
    "CASE WHEN json_valid(c.skills) THEN (SELECT group_concat(value, ' ') FROM "
    "json_each(c.skills)) ELSE c.skills END, "
    "(SELECT group_concat(body, ' ') FROM notes WHERE candidate_id = c.id) "
    "FROM candidates AS c"
)


def _missing_triggers(session: Session) -> set[str] | None:
    """The index's triggers that are missing; ``None`` when there is no FTS index
    (another backend)."""
    if session.get_bind().dialect.name != "sqlite":
        return None
    names = set(
        session.scalars(
            text(
                "SELECT name FROM sqlite_master WHERE (type = 'table' AND name = :table) "
                "OR (type = 'trigger' AND name LIKE 'candidate_search_%')"
            ),
            {"table": FTS_TABLE},
        )
    )
    if FTS_TABLE not in names:
        return None
    return set(TRIGGERS) - names


def has_fts(session: Session) -> bool:
    return _missing_triggers(session) is not None


def search_candidates(database: Database, query: SearchQuery | str) -> list[SearchHit]:
    """The candidates that match: by relevance when the text matches up to
    :data:`RELEVANCE_LIMIT` of them (then by name), else (and for filters alone) newest
    first."""
    if isinstance(query, str):
        query = parse_query(query)
    if query.empty:
        return []
    with database.read() as session:
        missing = _missing_triggers(session)
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
                        func.bm25(_FTS.c.candidate_search, 10.0, 4.0, 1.0).label("score"),
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


_OPTIMIZE = text("INSERT INTO candidate_search(candidate_search) VALUES ('optimize')")


def purge_deleted(database: Database) -> None:
    """Merge the FTS index into one segment, so tokens of deleted rows leave the file
    (with ``secure_delete`` on, the freed pages are overwritten). Call after an erasure."""
    with database.write() as session:
        if has_fts(session):
            session.execute(_OPTIMIZE)


def repair_index(database: Database) -> int:
    """Put back any missing trigger and refill the FTS table from the candidates and
    notes; returns the rows indexed (0 without an FTS index)."""
    with database.write() as session:
        missing = _missing_triggers(session)
        if missing is None:
            return 0
        for name in sorted(missing):
            session.execute(text(TRIGGERS[name]))
        session.execute(text("DELETE FROM candidate_search"))
        session.execute(text(FILL))
        return session.scalar(text("SELECT count(*) FROM candidate_search")) or 0
