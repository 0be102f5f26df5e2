"""Candidates, notes, scorecards, the timeline and the analysis as plain values."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from recruitdesk.domain.interview import Recommendation, ScorecardAnswers
from recruitdesk.errors import KnownError
from recruitdesk.storage import candidates as store
from recruitdesk.storage.board.moves import move_cards
from recruitdesk.storage.board.new_cards import add_to_board
from recruitdesk.storage.database import Database
from recruitdesk.storage.models import (
    Analysis,
    AnalysisRedFlag,
    AnalysisSkill,
    Candidate,
    Position,
)

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_create_and_read_back_plain_values(database: Database) -> None:
    candidate_id, changes = store.create_candidate(
        database,
        {
            "full_name": "  Ana Lopez ",
            "email": "ana@example.com",
            "github_login": "https://github.com/ana-l",
            "skills": "python, Django, python",
            "years_experience": "7",
            "region": "eastern_europe",
        },
        now=NOW,
    )
    assert changes.candidates == {candidate_id}
    details = store.get_candidate(database, candidate_id)
    assert details.full_name == "Ana Lopez"
    assert details.github_login == "ana-l"
    assert details.skills == ("python", "Django")
    assert details.years_experience == 7
    assert isinstance(details, store.CandidateDetails)
    with database.read() as session:
        row = session.get(Candidate, candidate_id)
        assert row is not None
        assert row.field_times["email"] == NOW.isoformat()


def test_an_update_stamps_only_the_fields_that_changed(database: Database) -> None:
    candidate_id, _ = store.create_candidate(database, {"full_name": "Ana", "phone": "1"}, now=NOW)
    later = NOW + timedelta(hours=3)
    changes = store.update_candidate(
        database, candidate_id, {"full_name": "Ana", "phone": "2", "tags": ["remote"]}, now=later
    )
    assert changes.candidates == {candidate_id}
    with database.read() as session:
        row = session.get(Candidate, candidate_id)
        assert row is not None
        assert row.field_times["phone"] == later.isoformat()
        assert row.field_times["tags"] == later.isoformat()
        assert row.field_times["full_name"] == NOW.isoformat()
    assert not store.update_candidate(database, candidate_id, {"phone": "2"})


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("email", "ana@", "domain"),
        ("github_login", "ana_lopez", "letters, digits and hyphens"),
        ("links", ["https://ok.example.com", "nope"], "nope: "),
        ("full_name", "   ", "needs a name"),
        ("years_experience", "ten", "whole number"),
        ("region", "mars", "not one of"),
        ("ask_currency", "EURO", "three-letter"),
        ("notice_weeks", 99, "from 0 to 52"),
    ],
)
def test_invalid_fields_are_refused_with_a_reason(
    database: Database, field: str, value: object, words: str
) -> None:
    candidate_id, _ = store.create_candidate(database, {"full_name": "Ana"})
    with pytest.raises(store.ValidationError) as caught:
        store.update_candidate(database, candidate_id, {field: value, "phone": "123"})
    assert words in caught.value.problems[field]
    # Nothing was written, not even the valid field.
    assert store.get_candidate(database, candidate_id).phone is None


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"ask_amount": 150_000, "ask_period": "hour"}, "not plausible"),
        ({"ask_amount": 0, "ask_period": "year"}, "more than 0"),
        ({"ask_amount": 90_000_000}, "not plausible"),
    ],
)
def test_absurd_asks_are_refused_for_their_period(
    database: Database, values: dict[str, object], words: str
) -> None:
    with pytest.raises(store.ValidationError) as caught:
        store.create_candidate(database, {"full_name": "Ana", **values})
    assert words in caught.value.problems["ask_amount"]
    created, _ = store.create_candidate(
        database, {"full_name": "Bo", "ask_amount": 85, "ask_period": "hour"}
    )
    assert store.get_candidate(database, created).ask_amount == 85


def test_changing_only_the_period_checks_the_stored_ask(database: Database) -> None:
    created, _ = store.create_candidate(
        database, {"full_name": "Cy", "ask_amount": 150_000, "ask_period": "year"}
    )
    with pytest.raises(store.ValidationError) as caught:
        store.update_candidate(database, created, {"ask_period": "hour"})
    assert "not plausible" in caught.value.problems["ask_amount"]
    assert store.get_candidate(database, created).ask_period == "year"


def test_email_and_login_belong_to_one_candidate(database: Database) -> None:
    store.create_candidate(database, {"full_name": "Ana", "email": "a@example.com"})
    other, _ = store.create_candidate(database, {"full_name": "Bo", "github_login": "bo"})
    with pytest.raises(store.ValidationError) as caught:
        store.update_candidate(database, other, {"email": "A@example.com"})
    assert "Ana" in caught.value.problems["email"]
    with pytest.raises(store.ValidationError):
        store.create_candidate(database, {"full_name": "Cy", "github_login": "BO"})


def test_unknown_candidates_and_fields(database: Database) -> None:
    with pytest.raises(KnownError, match="no candidate"):
        store.get_candidate(database, 42)
    with pytest.raises(KnownError, match="no candidate"):
        store.update_candidate(database, 42, {"phone": "1"})
    with pytest.raises(store.ValidationError, match="cannot be edited"):
        store.create_candidate(database, {"full_name": "Ana", "id": 3})


def test_the_list_reads_in_pages_filtered_and_sorted(database: Database) -> None:
    for number in range(5):
        store.create_candidate(database, {"full_name": f"P{number}", "tags": ["x"]})
    query = store.CandidateQuery()
    first = store.candidate_page(database, query, limit=2)
    rest = store.candidate_page(database, query, offset=2, limit=10)
    assert [row.full_name for row in first + rest] == [f"P{n}" for n in range(5)]
    assert store.count_candidates(database) == 5
    backwards = store.CandidateQuery(sort="full_name", descending=True)
    assert store.candidate_page(database, backwards, limit=1)[0].full_name == "P4"
    only = store.CandidateQuery(text="p3 X")
    assert [r.full_name for r in store.candidate_page(database, only)] == ["P3"]
    assert store.count_candidates(database, only) == 1
    assert store.count_candidates(database, store.CandidateQuery(text="100%_")) == 0
    assert [r.full_name for r in store.read_candidate_rows(database, [rest[0].id, 999])] == ["P2"]
    assert rest[0].tags == ("x",)


def test_notes_add_edit_delete_and_privacy(database: Database) -> None:
    candidate_id, _ = store.create_candidate(database, {"full_name": "Ana"})
    first, _ = store.add_note(database, candidate_id, "Strong on asyncio", now=NOW)
    second, changes = store.add_note(
        database, candidate_id, "Wants 10% more", private=True, author="Sam", now=NOW + timedelta(1)
    )
    assert changes.candidates == {candidate_id}
    notes = store.list_notes(database, candidate_id)
    assert [(n.id, n.private) for n in notes] == [(second, True), (first, False)]
    store.edit_note(database, first, body="Strong on asyncio and typing", private=True)
    edited = {n.id: n for n in store.list_notes(database, candidate_id)}[first]
    assert (edited.body, edited.private) == ("Strong on asyncio and typing", True)
    with pytest.raises(store.ValidationError):
        store.add_note(database, candidate_id, "   ")
    store.delete_note(database, second)
    assert [n.id for n in store.list_notes(database, candidate_id)] == [first]
    with pytest.raises(KnownError):
        store.delete_note(database, second)


def _card(database: Database) -> tuple[int, int]:
    with database.write() as session:
        position = Position(title="Backend Lead", company="Acme")
        session.add(position)
        session.flush()
        position_id = position.id
    candidate_id, _ = store.create_candidate(database, {"full_name": "Ana"})
    application_id, _ = add_to_board(database, candidate_id, position_id, now=NOW)
    return candidate_id, application_id


def test_the_timeline_lists_every_move_with_its_reason(database: Database) -> None:
    candidate_id, application_id = _card(database)
    move_cards(database, [application_id], "screening", now=NOW + timedelta(1))
    move_cards(database, [application_id], "rejected", reason="No response", now=NOW + timedelta(2))
    timeline = store.stage_timeline(database, candidate_id)
    assert [(e.from_stage, e.to_stage, e.reason) for e in timeline] == [
        (None, "sourced", None),
        ("sourced", "screening", None),
        ("screening", "rejected", "No response"),
    ]
    assert timeline[0].position_title == "Backend Lead"
    (application,) = store.list_applications(database, candidate_id)
    assert (application.stage, application.rejection_reason) == ("rejected", "No response")


def test_scorecards_save_replace_and_read_back(database: Database) -> None:
    _candidate, application_id = _card(database)
    answers = ScorecardAnswers(
        ratings={"q1_new_vs_init": 3, "code_review": 4},
        comments={"code_review": "Found the mutable default first"},
        flags=frozenset({"flag_no_concurrency_view"}),
        recommendation=Recommendation.STRONG_YES,
    )
    saved, changes = store.save_scorecard(
        database, application_id, answers, interviewer="Jamie", interviewed_on=date(2026, 11, 19)
    )
    assert changes.applications == {application_id}
    (card,) = store.list_scorecards(database, application_id)
    assert (card.id, card.answers, card.interviewer) == (saved, answers, "Jamie")
    better = ScorecardAnswers(ratings={"q1_new_vs_init": 4})
    store.save_scorecard(database, application_id, better, scorecard_id=saved)
    (card,) = store.list_scorecards(database, application_id)
    assert card.answers == better
    with pytest.raises(KnownError, match="ratings run"):
        store.save_scorecard(database, application_id, ScorecardAnswers(ratings={"q2_gil": 7}))
    with pytest.raises(KnownError, match="no application"):
        store.save_scorecard(database, 999, better)


def test_the_latest_analysis_with_skills_and_flags(database: Database) -> None:
    candidate_id, _ = store.create_candidate(database, {"full_name": "Ana"})
    assert store.latest_analysis(database, candidate_id) is None
    with database.write() as session:
        session.add(Analysis(candidate_id=candidate_id, source="github", analyzed_at=NOW))
        newest = Analysis(
            candidate_id=candidate_id,
            source="github",
            login="ana",
            analyzed_at=NOW + timedelta(1),
            scores={"overall": 72, "testing": 40},
            explanations={"testing": ["3 of 9 repositories have tests"]},
        )
        newest.skills.append(
            AnalysisSkill(
                name="FastAPI",
                confidence=0.9,
                evidence=[{"repo": "api", "path": "main.py", "why": "imports fastapi"}],
            )
        )
        newest.red_flags.append(AnalysisRedFlag(code="no_tests", message="Few tests"))
        session.add(newest)
    view = store.latest_analysis(database, candidate_id)
    assert view is not None
    assert view.scores == {"overall": 72.0, "testing": 40.0}
    assert view.explanations["testing"] == ("3 of 9 repositories have tests",)
    assert view.skills[0].evidence == (("api", "main.py", "imports fastapi"),)
    assert view.red_flags == (("no_tests", "Few tests"),)
    with database.read() as session:
        assert session.scalar(select(Analysis.login).where(Analysis.id == view.id)) == "ana"
