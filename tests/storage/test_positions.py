"""Positions with requirements (checked at entry), ranking candidates from the database,
and adding matches to a board in one action."""

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from recruitdesk.domain.matching.fit import ReasonKind
from recruitdesk.errors import KnownError, ValidationError
from recruitdesk.storage.board.new_cards import add_cards
from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.matching import rank_candidates
from recruitdesk.storage.models.analysis import Analysis, AnalysisRedFlag, AnalysisSkill
from recruitdesk.storage.models.pipeline import Application, Candidate, Position, StageChange
from recruitdesk.storage.positions import (
    create_position,
    get_position,
    list_positions,
    update_position,
)

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 21, 11, 30, tzinfo=UTC)
GOOD: dict[str, Any] = {
    "title": "Senior Backend Engineer (FastAPI)",
    "company": "Northwind",
    "track": "web_backend",
    "level": "senior",
    "regions": ["Eastern Europe", "western_europe"],
    "must_have": ["FastAPI", "PostgreSQL", "asyncio", "fastapi "],
    "nice_to_have": "Docker, Kubernetes",
    "min_scores": {"overall": 60, "testing": "50", "typing": ""},
    "budget_min": "60,000",
    "budget_max": 90000,
}


def test_a_position_is_created_with_clean_requirements(database: Database) -> None:
    position_id, changes = create_position(database, GOOD, now=NOW)
    assert changes.positions == {position_id}
    details = get_position(database, position_id)
    assert details.regions == ("eastern_europe", "western_europe")
    assert details.must_have == ("FastAPI", "PostgreSQL", "asyncio")
    assert details.nice_to_have == ("Docker", "Kubernetes")
    assert details.min_scores == {"overall": 60, "testing": 50}
    assert (details.budget_min, details.budget_max) == (60_000, 90_000)
    assert (details.budget_currency, details.budget_period) == ("USD", "year")
    assert details.status == "open"
    with database.read() as session:
        row = session.get(Position, position_id)
        assert row is not None
        assert row.field_times["must_have"] == NOW.isoformat()
        assert row.field_times["budget_max"] == NOW.isoformat()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"budget_min": -5}, "budget_min", "more than 0"),
        ({"budget_max": 90_000_000}, "budget_max", "not plausible"),
        ({"budget_min": 50, "budget_max": 5_000, "budget_period": "hour"}, "budget_max", "an hour"),
        ({"budget_min": 90_000, "budget_max": 60_000}, "budget_max", "below its min"),
        ({"budget_max": "lots"}, "budget_max", "not a number"),
        ({"budget_currency": "GBP"}, "budget_currency", "USD, EUR"),
        ({"regions": ["Atlantis"]}, "regions", "Unknown region"),
        ({"min_scores": {"overall": 140}}, "min_scores", "from 0 to 100"),
        ({"min_scores": {"charisma": 40}}, "min_scores", "not a score"),
        ({"nice_to_have": ["fastapi"]}, "nice_to_have", "already a must-have"),
        ({"title": "  "}, "title", "needs a title"),
        ({"level": "wizard"}, "level", "not a level"),
    ],
)
def test_bad_requirements_are_refused_at_entry(
    database: Database, values: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        create_position(database, {**GOOD, **values})
    assert field in caught.value.problems
    assert message in caught.value.problems[field]
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Position)) == 0


def test_an_edit_stamps_only_the_fields_it_changes(database: Database) -> None:
    position_id, _ = create_position(database, GOOD, now=NOW)
    changes = update_position(
        database,
        position_id,
        {"budget_max": 95_000, "title": GOOD["title"], "must_have": ["FastAPI", "Django"]},
        now=LATER,
    )
    assert changes.positions == {position_id}
    with database.read() as session:
        row = session.get(Position, position_id)
        assert row is not None
        assert row.budget_max == 95_000
        assert row.must_have == ["FastAPI", "Django"]
        assert row.field_times["budget_max"] == LATER.isoformat()
        assert row.field_times["must_have"] == LATER.isoformat()
        assert row.field_times["title"] == NOW.isoformat()
    assert not update_position(database, position_id, {"budget_max": 95_000})
    with pytest.raises(ValidationError, match="below its min"):
        update_position(database, position_id, {"budget_min": 100_000})
    with pytest.raises(KnownError, match="no position with id 999"):
        update_position(database, 999, {"title": "x"})


def test_the_list_puts_open_positions_first_then_sorts_by_title(database: Database) -> None:
    create_position(database, {"title": "Zeta", "status": "on_hold"})
    create_position(database, {"title": "Alpha", "status": "closed"})
    mid, _ = create_position(database, {"title": "Mid", "company": "Acme"})
    create_position(database, {"title": "beta"})
    add_cards(database, mid, [add_person(database, "Ana"), add_person(database, "Bo")])
    listed = list_positions(database)
    assert [p.title for p in listed] == ["beta", "Mid", "Alpha", "Zeta"]
    assert [p.candidates for p in listed] == [0, 2, 0, 0]
    assert listed[1].label == "Mid — Acme · 2"
    assert listed[3].label == "Zeta [on hold] · 0"
    assert [p.title for p in list_positions(database, open_only=True)] == ["beta", "Mid"]


def test_a_refused_position_is_a_known_error_not_a_value_error(database: Database) -> None:
    with pytest.raises(ValidationError) as caught:
        create_position(database, {"title": ""})
    assert isinstance(caught.value, KnownError)
    assert not isinstance(caught.value, ValueError)


# -- ranking from the database -----------------------------------------------------------


def add_person(database: Database, name: str, **values: Any) -> int:
    with database.write() as session:
        person = Candidate(full_name=name, **values)
        session.add(person)
        session.flush()
        return person.id


def analyse(
    database: Database,
    candidate_id: int,
    skills: list[str],
    scores: dict[str, float],
    flags: tuple[str, ...] = (),
    when: datetime = NOW,
) -> None:
    with database.write() as session:
        analysis = Analysis(
            candidate_id=candidate_id,
            source="github",
            analyzed_at=when,
            scores=scores,
            overall_score=scores.get("overall"),
        )
        for name in skills:
            analysis.skills.append(
                AnalysisSkill(
                    name=name,
                    confidence=0.9,
                    evidence=[{"repo": "svc", "path": "app.py", "why": f"imports {name}"}],
                )
            )
        for flag in flags:
            analysis.red_flags.append(AnalysisRedFlag(code="flag", message=flag))
        session.add(analysis)


def test_ranking_from_the_database_uses_the_newest_analysis(database: Database) -> None:
    position_id, _ = create_position(database, GOOD, now=NOW)
    ask = {"ask_amount": 80_000, "ask_currency": "USD", "ask_period": "year"}
    strong = add_person(database, "Ana", region="eastern_europe", level="senior", **ask)
    claimer = add_person(
        database,
        "Bo",
        region="eastern_europe",
        level="senior",
        skills=["FastAPI", "PostgreSQL", "asyncio"],
        **ask,
    )
    stale = add_person(database, "Cy", region="western_europe", level="senior", **ask)
    analyse(database, strong, ["FastAPI", "PostgreSQL", "asyncio"], {"overall": 80, "testing": 70})
    # Cy's old analysis was good, the newest is not: the newest counts.
    analyse(
        database,
        stale,
        ["FastAPI", "PostgreSQL", "asyncio"],
        {"overall": 90, "testing": 90},
        when=datetime(2026, 1, 1, tzinfo=UTC),
    )
    analyse(database, stale, ["FastAPI"], {"overall": 40, "testing": 20}, ("No tests.",))
    ranked = rank_candidates(database, position_id)
    # Cy by the newest analysis: FastAPI verified 40/3, scores 40/60 and 20/50 of 10 each,
    # budget 15, region 10, level 5, one red flag -5 (by the old one Cy would lead).
    assert [m.candidate_id for m in ranked] == [strong, stale, claimer]
    assert ranked[1].score == pytest.approx(40 / 3 + 40 / 60 * 10 + 20 / 50 * 10 + 30 - 5)
    reasons = {m.candidate_id: m.reasons() for m in ranked}
    assert any(
        r.kind is ReasonKind.VERIFIED and "svc/app.py: imports FastAPI" in r.text
        for r in reasons[strong]
    )
    assert [r.kind for r in reasons[claimer]].count(ReasonKind.CLAIMED) == 3
    assert any(r.kind is ReasonKind.NOT_ANALYSED for r in reasons[claimer])
    assert any(r.text == "red flag: No tests." for r in reasons[stale])
    assert any(r.text == "overall 40 < 60" for r in reasons[stale])


def test_matches_go_on_the_board_in_one_action(database: Database) -> None:
    load_demo(database, candidates=40, seed=5, as_of=date(2026, 11, 21))
    position_id, _ = create_position(database, GOOD, now=NOW)
    ranked = rank_candidates(database, position_id)
    assert len(ranked) == 40
    assert not any(m.facts.on_board for m in ranked)
    top = [m.candidate_id for m in ranked[:3]]
    added, changes = add_cards(database, position_id, top, now=LATER)
    assert len(added) == 3
    assert changes.applications == set(added)
    assert changes.candidates == set(top)
    again, _ = add_cards(database, position_id, [*top, ranked[3].candidate_id])
    assert len(again) == 1
    with database.read() as session:
        cards = session.execute(
            select(Application.candidate_id, Application.stage, Application.rank)
            .where(Application.position_id == position_id)
            .order_by(Application.rank)
        ).all()
        assert [c[0] for c in cards] == [*top, ranked[3].candidate_id]
        assert {c[1] for c in cards} == {"sourced"}
        history = session.scalar(
            select(func.count())
            .select_from(StageChange)
            .where(StageChange.application_id.in_(added))
        )
        assert history == 3
    on_board = {m.candidate_id for m in rank_candidates(database, position_id) if m.facts.on_board}
    assert on_board == {*top, ranked[3].candidate_id}
    with pytest.raises(KnownError, match="no candidate with id 4040"):
        add_cards(database, position_id, [4040])


def test_the_bulk_ranking_agrees_with_the_reasons_for_every_candidate(
    database: Database,
) -> None:
    """The bulk scorer (no sentences, claimed skills found in the stored JSON text) gives
    each candidate the score that the worded reasons add up to."""
    load_demo(database, candidates=150, seed=11, as_of=date(2026, 11, 21))
    position_id, _ = create_position(
        database,
        {**GOOD, "must_have": ["FastAPI", "pandas", "Docker"], "nice_to_have": ["Apache Airflow"]},
    )
    someone = rank_candidates(database, position_id)[40].candidate_id
    analyse(database, someone, ["FastAPI", "Airflow"], {"overall": 70, "testing": 40})
    ranked = rank_candidates(database, position_id)
    claimed_somewhere = 0
    for match in ranked:
        reasons = match.reasons()
        assert match.score == pytest.approx(max(0.0, sum(r.points for r in reasons)))
        claimed_somewhere += any(r.kind is ReasonKind.CLAIMED for r in reasons)
    assert claimed_somewhere > 50
    verified = next(m for m in ranked if m.candidate_id == someone)
    assert [r.text.split(" (")[0] for r in verified.reasons() if r.kind is ReasonKind.VERIFIED] == [
        "FastAPI verified",
        "Apache Airflow verified",
    ]
