"""Ranking on a built set whose right order is known, with the reasons."""

import pytest

from recruitdesk.domain.matching.facts import (
    CandidateFacts,
    Requirements,
    VerifiedSkill,
    claimed_mask,
    requirement_needles,
)
from recruitdesk.domain.matching.fit import CLAIMED_WEIGHT, ReasonKind, explain, score
from recruitdesk.domain.matching.ranking import rank
from recruitdesk.domain.skills import catalogue_names, skill_choices, skill_key

POSITION = Requirements(
    must_have=("FastAPI", "PostgreSQL", "asyncio"),
    nice_to_have=("Docker",),
    min_scores={"overall": 60, "testing": 50},
    regions=frozenset({"eastern_europe", "western_europe"}),
    level="senior",
    budget_min=60_000,
    budget_max=90_000,
    budget_currency="USD",
    budget_period="year",
)


def verified(*names: str) -> dict[str, VerifiedSkill]:
    return {
        skill_key(name): VerifiedSkill(
            name, 0.9, ({"repo": "api", "path": "app/main.py", "why": f"imports {name.lower()}"},)
        )
        for name in names
    }


STRONG = CandidateFacts(
    1,
    "Ana Strong",
    "eastern_europe",
    "senior",
    claimed=("FastAPI", "Docker"),
    verified=verified("FastAPI", "PostgreSQL", "asyncio"),
    scores={"overall": 81, "testing": 72},
    ask_amount=80_000,
    ask_currency="USD",
    ask_period="year",
)
FLAGGED = CandidateFacts(
    2,
    "Bo Flagged",
    "western_europe",
    "senior",
    verified=verified("FastAPI", "PostgreSQL", "asyncio"),
    scores={"overall": 75, "testing": 65},
    red_flags=("No tests in any repository.", "Python 2 syntax in 4 files."),
    ask_amount=120_000,
    ask_currency="USD",
    ask_period="year",
)
CLAIMED_ONLY = CandidateFacts(
    3,
    "Cy Claims",
    "eastern_europe",
    "senior",
    claimed=("fastapi", "PostgreSQL (psycopg)", "Async"),
    ask_amount=75_000,
    ask_currency="USD",
    ask_period="year",
)
ELSEWHERE = CandidateFacts(
    4,
    "Di Elsewhere",
    "latin_america",
    "mid",
    claimed=("Django",),
    ask_amount=45,
    ask_currency="EUR",
    ask_period="hour",
)
SET = [ELSEWHERE, CLAIMED_ONLY, FLAGGED, STRONG]


def test_the_known_order() -> None:
    ranked = rank(POSITION, SET)
    assert [m.candidate_id for m in ranked] == [1, 2, 3, 4]
    # The scores are the parts the module's table states.
    assert ranked[0].score == pytest.approx(40 + 10 * CLAIMED_WEIGHT + 20 + 15 + 10 + 5)
    assert ranked[1].score == pytest.approx(40 + 0 + 20 + 0 + 10 + 5 - 10)
    assert ranked[2].score == pytest.approx(40 * CLAIMED_WEIGHT + 0 + 15 + 10 + 5)
    for match in ranked:
        assert match.score == pytest.approx(score(POSITION, match.facts))


def test_the_reasons_say_why() -> None:
    ranked = {m.candidate_id: m for m in rank(POSITION, SET)}
    strong = {r.kind: r for r in ranked[1].reasons()}
    fastapi = next(r for r in ranked[1].reasons() if r.text.startswith("FastAPI"))
    assert fastapi.kind is ReasonKind.VERIFIED
    assert "api/app/main.py: imports fastapi" in fastapi.text
    assert strong[ReasonKind.CLAIMED].text == "Docker claimed, not verified"
    assert strong[ReasonKind.ASK_FITS].text == "ask $80,000/yr within budget"
    texts = [r.text for r in ranked[1].reasons()]
    assert "overall 81 \u2265 60" in texts
    assert "region Eastern Europe fits" in texts

    flagged = [r.text for r in ranked[2].reasons()]
    assert "red flag: No tests in any repository." in flagged
    assert "ask $120,000/yr is 33% over budget" in flagged

    claims = ranked[3].reasons()
    kinds = [r.kind for r in claims]
    assert kinds.count(ReasonKind.CLAIMED) == 3  # "fastapi", "(psycopg)", "Async"
    assert ReasonKind.NOT_ANALYSED in kinds
    assert any("Not analysed yet" in r.text for r in claims)

    elsewhere = [r.text for r in ranked[4].reasons()]
    assert "region Latin America not among the position's" in elsewhere
    assert "must-have FastAPI missing" in elsewhere
    # EUR 45 an hour is USD 49.50, times 1,800 hours: 89,100 a year, within 90,000.
    assert "ask $89,100/yr within budget" in elsewhere
    assert "level mid, wanted senior" in elsewhere


def test_a_claimed_skill_counts_less_than_a_verified_one() -> None:
    base = CandidateFacts(0, "", "eastern_europe", "senior", scores={"overall": 70, "testing": 60})
    seen = base._replace(candidate_id=10, full_name="Verified", verified=verified("FastAPI"))
    said = base._replace(candidate_id=11, full_name="Claimed", claimed=("FastAPI",))
    ranked = rank(POSITION, [said, seen])
    assert [m.candidate_id for m in ranked] == [10, 11]
    gap = ranked[0].score - ranked[1].score
    assert gap == pytest.approx(40 / 3 * (1 - CLAIMED_WEIGHT))


def test_a_not_analysed_candidate_is_ranked_and_says_so() -> None:
    lone = CandidateFacts(5, "New Person", "eastern_europe", "senior", claimed=("FastAPI",))
    reasons = explain(POSITION, lone)
    assert any(r.kind is ReasonKind.NOT_ANALYSED for r in reasons)
    assert any(r.kind is ReasonKind.ASK_UNKNOWN for r in reasons)
    assert rank(POSITION, [lone])[0].score > 0


def test_red_flags_are_capped() -> None:
    many = CandidateFacts(
        6, "Flags", "eastern_europe", "senior", scores={}, red_flags=("a", "b", "c", "d", "e")
    )
    none = many._replace(red_flags=())
    assert score(POSITION, none) - score(POSITION, many) == pytest.approx(15)


def test_ties_put_the_analysed_first() -> None:
    empty = Requirements()
    analysed = CandidateFacts(8, "Zed", scores={"overall": 10})
    fresh = CandidateFacts(7, "Abe")
    # No minimum scores: an analysed candidate gets the score points, so rank 1.
    assert [m.candidate_id for m in rank(empty, [fresh, analysed])] == [8, 7]


def test_claimed_skills_from_stored_json_text_are_read_the_same() -> None:
    stored = CLAIMED_ONLY._replace(claimed=(), claimed_json='["fastapi", "PostgreSQL (psycopg)"]')
    assert stored.claimed_skills() == ["fastapi", "PostgreSQL (psycopg)"]
    kinds = [r.kind for r in explain(POSITION, stored)]
    assert kinds.count(ReasonKind.CLAIMED) == 2
    assert score(POSITION, stored) == pytest.approx(rank(POSITION, [stored])[0].score)


def test_skill_names_compare_by_key() -> None:
    assert skill_key("boto3 (AWS)") == skill_key("Boto3")
    assert skill_key("Apache  Airflow") == skill_key("Airflow")
    assert skill_key("Django REST Framework") == skill_key("Django REST framework")
    catalogue = {"skills": [{"name": "Airflow"}, {"name": "FastAPI"}, {"bad": 1}]}
    assert catalogue_names(catalogue) == ["Airflow", "FastAPI"]
    assert skill_choices(["Apache Airflow", "pytest"], catalogue_names(catalogue)) == [
        "Apache Airflow",
        "FastAPI",
        "pytest",
    ]


def test_a_precomputed_claimed_mask_scores_the_same() -> None:
    wanted = requirement_needles(POSITION)
    for facts in SET:
        mask = claimed_mask(facts.claimed_text(), wanted)
        with_mask = facts._replace(claimed_mask=mask)
        assert rank(POSITION, [with_mask])[0].score == pytest.approx(score(POSITION, facts))
    assert claimed_mask(CLAIMED_ONLY.claimed_text(), wanted) == 0b0111
