"""The review exercises as shipped, and the suggestion rule on reviews written in
different ways: thorough, partial, wrong, off-topic, for each track."""

import ast

import pytest

from recruitdesk.domain.exercise import (
    Grade,
    comments,
    exercise_by_id,
    line_references,
    max_points,
    shipped_exercises,
    suggest,
    total_points,
)


def verdicts(exercise_id: str, review: str) -> dict[str, tuple[bool, bool]]:
    exercise = exercise_by_id(exercise_id)
    return {s.problem_id: (s.found, s.explained) for s in suggest(exercise, review)}


def test_three_exercises_one_per_track_about_fifty_lines_with_planted_problems() -> None:
    exercises = shipped_exercises()
    assert [e.track for e in exercises] == ["web_backend", "data_ml", "devops_automation"]
    for exercise in exercises:
        code = exercise.code()
        lines = code.splitlines()
        assert 40 <= len(lines) <= 60
        tree = ast.parse(code)  # real Python
        assert 3 <= len(exercise.problems) <= 4
        for problem in exercise.problems:
            for low, high in problem.lines:
                assert 1 <= low <= high <= len(lines)
        mutable = exercise.problem("mutable_default")
        defaults = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef)
            and any(isinstance(d, ast.List | ast.Dict) for d in node.args.defaults)
        ]
        assert defaults
        assert all(mutable.covers(line) for line in defaults)
        assert max_points(exercise) == 2 * len(exercise.problems)


GOOD_WEB = """Review of order_summary.py

1. Line 17: `statuses=["paid", "shipped"]` is a mutable default argument. The list is
   created once when the function is defined, so after one call with include_refunds=True
   every later call also returns refunded orders.
2. Lines 33-40: classic N+1. order.items and item.product are lazy relationships, so we
   issue a query per order and per item; with selectinload() this becomes a constant
   number of queries.
3. There is no error handling: session.get() returns None for an unknown id and
   customer.id then raises AttributeError, so the client gets a 500 instead of a 404.
4. No tests at all, and it is hard to test because the function creates its own Session
   and calls datetime.now(); pass them in so a test can use a fixture database.
"""

PARTIAL_WEB = """- mutable default argument on statuses, should be None
- maybe N+1 in the loop?
- I'd add tests
"""

WRONG_WEB = """The code style is inconsistent: the module docstring is too long and the
variable `lines` should be renamed to `rows`. Also the default argument is fine here.
Line 45 exposes the e-mail, which is not ideal for a summary.
"""

OFF_TOPIC = """Thanks for the exercise! I enjoyed reading it. I'm available for a call on
Tuesday or Wednesday afternoon, and my notice period is one month."""


def test_a_thorough_review_is_found_and_explained_everywhere() -> None:
    got = verdicts("web_backend", GOOD_WEB)
    assert got == {
        "mutable_default": (True, True),
        "n_plus_one": (True, True),
        "error_handling": (True, True),
        "no_tests": (True, True),
    }


def test_a_list_of_labels_is_found_but_not_explained() -> None:
    got = verdicts("web_backend", PARTIAL_WEB)
    assert got["mutable_default"] == (True, False)
    assert got["n_plus_one"] == (True, False)
    assert got["no_tests"] == (True, False)
    assert got["error_handling"] == (False, False)


def test_a_wrong_review_and_an_off_topic_one_find_nothing() -> None:
    for review in (WRONG_WEB, OFF_TOPIC, ""):
        got = verdicts("web_backend", review)
        assert not any(found for found, _ in got.values()), (review, got)


DATA_PROSE = """The function keeps its running sums in a dict that is the default value of
`totals`. Since defaults are evaluated once, the second night starts with yesterday's
figures, so the warehouse receives inflated revenue.

For every line of the CSV we go back to the database (country_of); that is a million
round trips for a million payments. Load the accounts into a dict first.

If a single row has an empty amount, float() raises and the whole job aborts with the
file still open. Wrap it in with-blocks and decide what to do with bad rows."""


def test_prose_without_lists_or_line_numbers_is_read_per_paragraph() -> None:
    got = verdicts("data", DATA_PROSE)
    assert got["mutable_default"] == (True, True)
    assert got["n_plus_one"] == (True, True)
    assert got["error_handling"] == (True, True)
    assert got["no_tests"] == (False, False)


DEVOPS_TERSE = """rotate_backups.py:15 found=[] persists between calls -> deletes other
databases' backups!!
rm via shell=True: injection + return code ignored, cron never knows it failed.
L36 listdir once per database, slow on NFS."""


def test_terse_notes_with_line_references_count() -> None:
    got = verdicts("devops", DEVOPS_TERSE)
    assert got["mutable_default"] == (True, True)
    assert got["error_handling"] == (True, True)
    assert got["n_plus_one"] == (True, True)
    assert got["no_tests"] == (False, False)


def test_a_line_reference_with_a_reason_counts_without_the_problem_s_name() -> None:
    review = "Line 21 appends to the list that persists between calls, so refunds leak in."
    got = verdicts("web_backend", review)
    assert got["mutable_default"] == (True, True)


def test_a_suggestion_quotes_the_comment_it_rests_on() -> None:
    suggestion = suggest(exercise_by_id("web_backend"), GOOD_WEB)[1]
    assert suggestion.quote.startswith("2. Lines 33-40: classic N+1.")
    assert "n+1" in suggestion.basis


def test_comments_and_line_references() -> None:
    assert comments("a\n- b\n  c\n\n1) d") == ["a", "- b c", "1) d"]
    assert line_references("see lines 3-5 and L9, x.py:12") == [3, 4, 5, 9, 12]


@pytest.mark.parametrize(
    ("grades", "points"),
    [
        ({}, 0),
        ({"a": Grade(True, True), "b": Grade(True, False)}, 3),
        ({"a": Grade(False, True)}, 0),
    ],
)
def test_points(grades: dict[str, Grade], points: int) -> None:
    assert total_points(grades) == points
