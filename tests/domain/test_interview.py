"""The interview kit: eight questions, the review exercise, the red flags."""

import pytest

from recruitdesk.domain.interview import (
    Recommendation,
    ScorecardAnswers,
    ScorecardError,
    answers_to_ratings,
    check_answers,
    interview_kit,
    ratings_to_answers,
)


def test_the_kit_has_eight_questions_and_the_review_exercise() -> None:
    kit = interview_kit()
    assert len(kit.questions) == 8
    assert len(kit.rated_items) == 9
    assert kit.rated_items[-1] is kit.code_review
    assert len(kit.item_ids()) == 9  # ids are unique
    for item in kit.rated_items:
        assert item.prompt
        assert item.tests
        assert item.listen_for
    assert [level.value for level in kit.rating_scale] == [1, 2, 3, 4]


def test_the_review_exercise_names_its_planted_problems() -> None:
    planted = " ".join(interview_kit().planted_issues).lower()
    for problem in ("tests", "mutable default", "n+1", "error handling"):
        assert problem in planted


def test_red_flags_come_from_both_sources() -> None:
    flags = interview_kit().red_flags
    assert {flag.source for flag in flags} == {"000", "001"}
    assert len(flags) == 9
    assert len(interview_kit().flag_ids()) == 9


def test_answers_round_trip_through_the_stored_json() -> None:
    answers = ScorecardAnswers(
        ratings={"q2_gil": 4, "code_review": 2},
        comments={"q2_gil": "Knew multiprocessing well", "q1_new_vs_init": "Skipped"},
        flags=frozenset({"flag_no_tests"}),
        flag_comments={"flag_no_tests": "No tests in the take-home"},
        recommendation=Recommendation.YES,
    )
    stored = answers_to_ratings(answers)
    assert stored["q2_gil"] == {"rating": 4, "comment": "Knew multiprocessing well"}
    assert stored["q1_new_vs_init"] == {"comment": "Skipped"}
    assert stored["flag_no_tests"]["flagged"] is True
    assert ratings_to_answers(stored, "yes") == answers
    assert answers.mean_rating == 3.0


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        (ScorecardAnswers(ratings={"q2_gil": 5}), "ratings run 1 to 4"),
        (ScorecardAnswers(ratings={"q2_gil": 0}), "ratings run 1 to 4"),
        (ScorecardAnswers(ratings={"q99": 3}), "Not in the interview kit"),
        (ScorecardAnswers(flags=frozenset({"flag_made_up"})), "Not a red flag"),
    ],
)
def test_answers_outside_the_kit_are_refused(answers: ScorecardAnswers, words: str) -> None:
    with pytest.raises(ScorecardError, match=words):
        check_answers(answers)


def test_stored_entries_the_kit_no_longer_has_are_dropped() -> None:
    answers = ratings_to_answers(
        {"q_gone": {"rating": 3}, "q4_generators": {"rating": 9}, "x": "junk"}, "maybe"
    )
    assert answers.ratings == {}
    assert answers.recommendation is None
    assert Recommendation.STRONG_NO.label == "Strong no"
