"""The score formulas: pure functions, checked on figures chosen by hand."""

import pytest

from recruitdesk.domain.hygiene import NO_HISTORY_SCORE
from recruitdesk.domain.scoring import (
    OVERALL_WEIGHTS,
    PYTHON2_CAP,
    SCORE_NAMES,
    RedFlagCode,
    RepoFigures,
    assess,
    guess_track,
    red_flags,
    skill_confidence,
)

GOOD = RepoFigures(
    name="good",
    files=40,
    sloc=4000,
    cc_mean=2.0,
    cc_max=8,
    mi_mean=75.0,
    functions=200,
    typed_functions_ratio=0.95,
    docstring_ratio=0.9,
    test_files=12,
    has_tests=True,
    test_cases=150,
    assertions=400,
    test_frameworks=("pytest",),
    has_ci=True,
    has_readme=True,
    python_features=("async", "dataclasses", "f_strings", "match", "union_types", "walrus"),
    has_history=True,
    commit_count=120,
    commits_by_user=100,
    conventional_ratio=0.8,
    mean_subject_len=45.0,
    vague_ratio=0.02,
    tooling=("ci", "linters", "locks", "packaging", "tool:mypy"),
)
POOR = RepoFigures(
    name="poor",
    files=10,
    sloc=900,
    cc_mean=9.0,
    cc_max=35,
    mi_mean=40.0,
    functions=30,
    py2_files=3,
    has_history=True,
    commit_count=20,
    commits_by_user=20,
    mean_subject_len=5.0,
    vague_ratio=0.7,
)


def test_every_score_is_between_0_and_100_with_reasons() -> None:
    for repos in ([GOOD], [POOR], [GOOD, POOR], []):
        assessment = assess(repos)
        assert set(assessment.scores) == set(SCORE_NAMES)
        assert all(0 <= value <= 100 for value in assessment.scores.values())
        assert set(assessment.explanations) == set(SCORE_NAMES)
        assert all(
            lines and all(line.endswith(".") for line in lines)
            for lines in assessment.explanations.values()
        )


def test_good_beats_poor_on_every_score() -> None:
    good, poor = assess([GOOD]).scores, assess([POOR]).scores
    for name in SCORE_NAMES:
        assert good[name] > poor[name], name
    assert good["overall"] - poor["overall"] >= 40


def test_overall_is_the_documented_weighted_mean() -> None:
    assert sum(OVERALL_WEIGHTS.values()) == pytest.approx(1.0)
    scores = assess([GOOD]).scores
    expected = sum(scores[name] * weight for name, weight in OVERALL_WEIGHTS.items())
    assert scores["overall"] == pytest.approx(expected, abs=0.1)


def test_python2_caps_modern_python_and_no_history_is_neutral() -> None:
    scores = assess([POOR]).scores
    assert scores["modern_python"] <= PYTHON2_CAP
    archive = RepoFigures(name="archive", files=1, sloc=10)
    assert assess([archive]).scores["commit_hygiene"] == NO_HISTORY_SCORE


def test_bigger_repositories_weigh_more() -> None:
    small_bad = RepoFigures(name="toy", files=1, sloc=10, typed_functions_ratio=0.0, functions=2)
    mixed = assess([GOOD, small_bad]).scores
    assert mixed["complexity"] > 60
    assert abs(mixed["documentation"] - assess([GOOD]).scores["documentation"]) < 20


def test_red_flags_have_stable_codes() -> None:
    codes = [flag.code for flag in red_flags([POOR])]
    assert codes == [
        RedFlagCode.NO_TESTS,
        RedFlagCode.PYTHON2_SYNTAX,
        RedFlagCode.NO_TYPE_HINTS,
        RedFlagCode.VAGUE_COMMITS,
        RedFlagCode.NO_README,
    ]
    assert [flag.code for flag in red_flags([], forks_only=True)] == ["forks_only"]
    assert red_flags([GOOD]) == ()


def test_track_guess_needs_enough_evidence_and_a_clear_lead() -> None:
    assert guess_track({"web_backend": 6, "data_ml": 2}) == "web_backend"
    assert guess_track({"web_backend": 3, "data_ml": 3}) is None
    assert guess_track({"devops_automation": 1}) is None
    assert guess_track({}) is None


def test_confidence_grows_with_evidence() -> None:
    assert skill_confidence(1, 1) < skill_confidence(3, 1) < skill_confidence(4, 3) <= 1.0
