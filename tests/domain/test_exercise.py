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


# More reviews, each written in its own voice (prose, bullets, dismissive, off-topic), with
# the verdicts a recruiter would give: "FE" found and explained, "F-" found only, "--" not
# found; in the rubric's order (mutable default, N+1, error handling, tests).
REVIEWS = {
    (
        "devops",
        "good prose",
    ): """Biggest issue first: backups_of() uses a list as its default value for `found`. Python
evaluates defaults once at definition time, so when rotate() loops over the second
database the list still contains the first database's files, and the [:-keep] slice ends
up deleting backups that belong to another database. Use found=None.

remove() shells out with string concatenation and shell=True. A filename containing a
space or a semicolon will break it or run arbitrary commands. Also the return code is
never checked, neither here nor for the aws upload, so cron will report success even
when nothing was deleted or uploaded.

Performance: the directory is listed again for each database; with thousands of files on
NFS this gets slow. List once and group by prefix.

There are no tests. I'd test rotate() against a tmp_path with a couple of fake
databases.""",
    (
        "data",
        "good bullets",
    ): """* totals={} — mutable default; second call of load_revenue in the same process keeps
  adding to the previous totals, so revenue doubles.
* country_of() per row → N+1 queries. Preload accounts into a dict with a single query.
* open() without with: the file and connection leak if float() raises on a bad amount,
  and a missing account gives TypeError on None[0].
* Untested; pass the connection in so tests can use sqlite in-memory.""",
    (
        "data",
        "wrong",
    ): """Looks good overall. I would use pandas instead of csv, it's faster. Variable names are
clear. Maybe add type hints and a docstring for write_revenue. The print at the end
should be logging.""",
    (
        "devops",
        "wrong",
    ): """The script is fine. KEEP should be configurable via an environment variable, and I'd
prefer argparse over sys.argv. The f-string on the last line is good. Sorting is done
twice which is unnecessary.""",
    (
        "web_backend",
        "prose partial",
    ): """I noticed that the code loads order.items and item.product inside the loop, which will
fire lazy loads for every order — that's the N+1 pattern and it will get slow for
customers with many orders.
Other than that it looks OK to me.""",
    (
        "web_backend",
        "mentions but dismisses",
    ): """The mutable default argument is fine here since nobody passes include_refunds in
production. No N+1 problem that I can see. There's no error handling for a missing
customer which would crash with AttributeError and return 500.""",
    (
        "devops",
        "off-topic",
    ): """Hi! I can start in March. Could you send me the salary range for this role and tell me
more about the team and the on-call rotation?""",
}
EXPECTED = {
    ("devops", "good prose"): "FE FE FE FE",
    ("data", "good bullets"): "FE FE FE FE",
    ("data", "wrong"): "-- -- -- --",
    ("devops", "wrong"): "-- -- -- --",
    ("web_backend", "prose partial"): "-- FE -- --",
    ("web_backend", "mentions but dismisses"): "-- -- FE --",
    ("devops", "off-topic"): "-- -- -- --",
}


@pytest.mark.parametrize("key", list(REVIEWS))
def test_reviews_in_other_voices(key: tuple[str, str]) -> None:
    exercise_id, _kind = key
    got = suggest(exercise_by_id(exercise_id), REVIEWS[key])
    shown = " ".join(("F" if s.found else "-") + ("E" if s.explained else "-") for s in got)
    assert shown == EXPECTED[key]
