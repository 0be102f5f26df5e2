"""What ranking needs, loaded in bulk, and adding matches to a board.

Ranking every candidate for a position must take well under a second at 100,000
candidates, so nothing here makes an ORM object per candidate: each table is read with
one statement of plain columns, JSON decoded once per row, and the newest analysis's
skills are read only for the skills the position names.
"""

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Text, and_, func, select, type_coerce
from sqlalchemy.orm import Session

from recruitdesk import collector
from recruitdesk.domain.matching.facts import CandidateFacts, Requirements, VerifiedSkill
from recruitdesk.domain.matching.ranking import Match, rank
from recruitdesk.domain.money import DEFAULT_EUR_USD, DEFAULT_HOURS_PER_YEAR
from recruitdesk.domain.skills import skill_key
from recruitdesk.errors import KnownError
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.analysis import Analysis, AnalysisRedFlag, AnalysisSkill
from recruitdesk.storage.models.pipeline import Application, Position

#: Evidence kept per verified skill (the reasons show the first).
EVIDENCE_KEPT = 3
_NONE: dict[str, VerifiedSkill] = {}
_CANDIDATE_COLUMNS = (
    "SELECT id, full_name, region, level, track, skills, ask_amount, ask_currency, ask_period "
    "FROM candidates ORDER BY id"
)


def _decoded(value: Any, empty: Any) -> Any:
    """A JSON column read as text (SQLite) or already decoded (PostgreSQL's driver)."""
    if value is None or value == "":
        return empty
    return json.loads(value) if isinstance(value, str) else value


def load_requirements(session: Session, position_id: int) -> Requirements:
    position = session.get(Position, position_id)
    if position is None:
        raise KnownError(f"There is no position with id {position_id}.")
    return Requirements(
        must_have=tuple(position.must_have or ()),
        nice_to_have=tuple(position.nice_to_have or ()),
        min_scores={k: float(v) for k, v in (position.min_scores or {}).items()},
        regions=frozenset(position.regions or ()),
        level=position.level,
        track=position.track,
        budget_min=position.budget_min,
        budget_max=position.budget_max,
        budget_currency=position.budget_currency,
        budget_period=position.budget_period,
    )


def _newest() -> Any:
    """Each analysed candidate's newest analysis time."""
    return (
        select(Analysis.candidate_id, func.max(Analysis.analyzed_at).label("at"))
        .where(Analysis.candidate_id.is_not(None))
        .group_by(Analysis.candidate_id)
        .subquery()
    )


def _newest_ids() -> Any:
    newest = _newest()
    return select(Analysis.id).join(
        newest,
        and_(
            newest.c.candidate_id == Analysis.candidate_id,
            newest.c.at == Analysis.analyzed_at,
        ),
    )


def _latest_analyses(session: Session) -> dict[int, tuple[int, dict[str, float]]]:
    """candidate id -> (newest analysis id, its scores)."""
    newest = _newest()
    rows = session.execute(
        select(Analysis.candidate_id, Analysis.id, type_coerce(Analysis.scores, Text)).join(
            newest,
            and_(
                newest.c.candidate_id == Analysis.candidate_id,
                newest.c.at == Analysis.analyzed_at,
            ),
        )
    ).all()
    latest: dict[int, tuple[int, dict[str, float]]] = {}
    for candidate_id, analysis_id, scores in rows:
        if candidate_id is None:
            continue
        known = latest.get(candidate_id)
        if known is None or analysis_id > known[0]:
            latest[candidate_id] = (analysis_id, _decoded(scores, {}))
    return latest


def _verified(
    session: Session, analysis_ids: dict[int, int], wanted: frozenset[str]
) -> dict[int, dict[str, VerifiedSkill]]:
    """analysis id -> {skill key -> verified skill}, for the wanted skills only."""
    if not analysis_ids or not wanted:
        return {}
    found: dict[int, dict[str, VerifiedSkill]] = {}
    rows = session.execute(
        select(
            AnalysisSkill.analysis_id,
            AnalysisSkill.name,
            AnalysisSkill.confidence,
            type_coerce(AnalysisSkill.evidence, Text),
        ).where(AnalysisSkill.analysis_id.in_(_newest_ids()))
    )
    for analysis_id, name, confidence, evidence in rows:
        if analysis_id not in analysis_ids:
            continue
        key = skill_key(name)
        if key not in wanted:
            continue
        items = _decoded(evidence, [])
        found.setdefault(analysis_id, {})[key] = VerifiedSkill(
            name, float(confidence), tuple(items[:EVIDENCE_KEPT])
        )
    return found


def _red_flags(session: Session, analysis_ids: Iterable[int]) -> dict[int, list[str]]:
    wanted = set(analysis_ids)
    if not wanted:
        return {}
    flags: dict[int, list[str]] = {}
    for analysis_id, message in session.execute(
        select(AnalysisRedFlag.analysis_id, AnalysisRedFlag.message)
        .where(AnalysisRedFlag.analysis_id.in_(_newest_ids()))
        .order_by(AnalysisRedFlag.id)
    ):
        if analysis_id in wanted:
            flags.setdefault(analysis_id, []).append(message)
    return flags


def load_facts(
    session: Session, position_id: int, requirements: Requirements
) -> list[CandidateFacts]:
    """Every candidate's facts for ranking, in a handful of bulk reads."""
    latest = _latest_analyses(session)
    analysis_of = {candidate: info[0] for candidate, info in latest.items()}
    by_analysis = {analysis_id: candidate for candidate, analysis_id in analysis_of.items()}
    verified = _verified(session, by_analysis, requirements.skill_keys)
    flags = _red_flags(session, by_analysis)
    on_board = set(
        session.scalars(
            select(Application.candidate_id).where(Application.position_id == position_id)
        )
    )
    # Plain tuples straight from the driver: no Row object, no JSON decoding per row.
    # (Looking the claimed skills up in SQL instead was measured: 8 times slower, since
    # SQLite lowers the text again for every skill.)
    # A few thousand rows a call, each batch made into facts and dropped before the
    # next: one call for 100,000 rows, or freeing them all at the end, would hold the
    # GIL long enough to freeze the window while a ranking runs in the background.
    cursor = session.connection().connection.cursor()
    facts: list[CandidateFacts] = []
    try:
        cursor.execute(_CANDIDATE_COLUMNS)
        with collector.paused():  # 100,000 tuples at once
            while chunk := cursor.fetchmany(FETCH_ROWS):
                _build(chunk, latest, verified, flags, on_board, facts)
    finally:
        cursor.close()
    return facts


#: Candidate rows fetched per call to the driver.
FETCH_ROWS = 2_000


def _build(
    rows: Sequence[Any],
    latest: dict[int, tuple[int, dict[str, float]]],
    verified: dict[int, dict[str, VerifiedSkill]],
    flags: dict[int, list[str]],
    on_board: set[int],
    facts: list[CandidateFacts],
) -> None:
    append = facts.append
    make = tuple.__new__
    kind = CandidateFacts
    nothing: tuple[str, ...] = ()
    for cid, name, region, level, track, skills, amount, currency, period in rows:
        # PostgreSQL's driver hands JSON over decoded; SQLite's as text.
        text = skills if isinstance(skills, str) else json.dumps(skills or [], ensure_ascii=False)
        info = latest.get(cid)
        if info is None:
            append(
                make(kind, (cid, name, region, level, track, nothing, _NONE, None, nothing,
                            amount, currency, period, cid in on_board, text, None))
            )  # fmt: skip
        else:
            append(
                make(kind, (cid, name, region, level, track, nothing,
                            verified.get(info[0], _NONE), info[1],
                            tuple(flags.get(info[0], ())), amount, currency, period,
                            cid in on_board, text, None))
            )  # fmt: skip


def rank_candidates(
    database: Database,
    position_id: int,
    *,
    hours_per_year: int = DEFAULT_HOURS_PER_YEAR,
    eur_usd: float = DEFAULT_EUR_USD,
) -> list[Match]:
    """Every candidate ranked for the position, best fit first."""
    with collector.paused(), database.read() as session:
        requirements = load_requirements(session, position_id)
        facts = load_facts(session, position_id, requirements)
    return rank(requirements, facts, hours_per_year=hours_per_year, eur_usd=eur_usd)
