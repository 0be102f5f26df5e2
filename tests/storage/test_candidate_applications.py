"""A candidate's cards: the stage timeline and the interview scorecards."""

from datetime import UTC, date, datetime, timedelta

import pytest

from recruitdesk.domain.interview import Recommendation, ScorecardAnswers
from recruitdesk.errors import KnownError
from recruitdesk.storage.board.moves import move_cards
from recruitdesk.storage.board.new_cards import add_to_board
from recruitdesk.storage.candidate_applications import list_applications, stage_timeline
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Position
from recruitdesk.storage.scorecards import list_scorecards, save_scorecard

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _card(database: Database) -> tuple[int, int]:
    with database.write() as session:
        position = Position(title="Backend Lead", company="Acme")
        session.add(position)
        session.flush()
        position_id = position.id
    candidate_id, _ = create_candidate(database, {"full_name": "Ana"})
    application_id, _ = add_to_board(database, candidate_id, position_id, now=NOW)
    return candidate_id, application_id


def test_the_timeline_lists_every_move_with_its_reason(database: Database) -> None:
    candidate_id, application_id = _card(database)
    move_cards(database, [application_id], "screening", now=NOW + timedelta(1))
    move_cards(database, [application_id], "rejected", reason="No response", now=NOW + timedelta(2))
    timeline = stage_timeline(database, candidate_id)
    assert [(e.from_stage, e.to_stage, e.reason) for e in timeline] == [
        (None, "sourced", None),
        ("sourced", "screening", None),
        ("screening", "rejected", "No response"),
    ]
    assert timeline[0].position_title == "Backend Lead"
    (application,) = list_applications(database, candidate_id)
    assert (application.stage, application.rejection_reason) == ("rejected", "No response")


def test_scorecards_save_replace_and_read_back(database: Database) -> None:
    _candidate, application_id = _card(database)
    answers = ScorecardAnswers(
        ratings={"q1_new_vs_init": 3, "code_review": 4},
        comments={"code_review": "Found the mutable default first"},
        flags=frozenset({"flag_no_concurrency_view"}),
        recommendation=Recommendation.STRONG_YES,
    )
    saved, changes = save_scorecard(
        database, application_id, answers, interviewer="Jamie", interviewed_on=date(2026, 11, 19)
    )
    assert changes.applications == {application_id}
    (card,) = list_scorecards(database, application_id)
    assert (card.id, card.answers, card.interviewer) == (saved, answers, "Jamie")
    better = ScorecardAnswers(ratings={"q1_new_vs_init": 4})
    save_scorecard(database, application_id, better, scorecard_id=saved)
    (card,) = list_scorecards(database, application_id)
    assert card.answers == better
    with pytest.raises(KnownError, match="ratings run"):
        save_scorecard(database, application_id, ScorecardAnswers(ratings={"q2_gil": 7}))
    with pytest.raises(KnownError, match="no application"):
        save_scorecard(database, 999, better)
