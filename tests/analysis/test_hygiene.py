"""Commit hygiene tells a clear history from a careless one: vague subjects by rule,
bodies, the spread over time (issue 12, defect 10), on generated git histories."""

from pathlib import Path

import pytest
from tests.analysis.github_server import Author
from tests.analysis.histories import DAY, Step, build, module

from recruitdesk.analysis.engine import analyze_path, figures
from recruitdesk.analysis.subjects import is_vague
from recruitdesk.domain.figures import RepoFigures
from recruitdesk.domain.hygiene import commit_hygiene

DEV = Author("Grace Hopper", "grace@example.com")
HOUR = 3600

CLEAR = [
    (
        "Add a parser for the order files",
        "Orders arrive as CSV from the shop; parsing them here keeps the API free of\n"
        "file handling.",
    ),
    (
        "Reject orders without a customer number",
        "The warehouse cannot ship them, and they used to fail late in the export.",
    ),
    ("Compute totals in cents", "Floats lost a cent on large orders; integers do not."),
    (
        "Split the report into a module of its own",
        "The command line and the web view both need it.",
    ),
    ("Cache the tax table per run", "It was read for every order line, which took minutes."),
    ("Document how to run the export", ""),
]
CARELESS = ["snake again", "pygame 15", "Exercises", "* readme", "* readme", "* readme"]


def _history(path: Path, subjects: list[tuple[str, str]], spacing: int) -> Path:
    steps = [
        Step(
            DEV,
            index * spacing,
            f"{subject}\n\n{body}" if body else subject,
            {f"pkg/part{index}.py": module(f"part{index}", 6)},
        )
        for index, (subject, body) in enumerate(subjects)
    ]
    return build(path, steps)


def _hygiene(path: Path) -> tuple[float, list[str]]:
    """The rule's score on the figures alone (calibration toward the middle for few
    commits is tested in test_scoring.py), and its explanation."""
    result = analyze_path(path, authors=[DEV.email])
    judged = commit_hygiene([figures(repo) for repo in result.repos])
    assert judged.raw is not None
    return judged.raw, result.explanations["commit_hygiene"]


@pytest.mark.parametrize(
    "subject",
    [
        "snake again",
        "pygame 15",
        "Exercises",
        "* readme",
        "wip",
        "update",
        "fix",
        "stuff",
        "Fix typo",
        "fix some bugs",
        "minor code changes",
        "lab 4",
        "Refactor.",
        "- cleanup",
        "Assignment",
        "修复",
    ],
)
def test_vague_subjects_are_recognised_by_rule(subject: str) -> None:
    assert is_vague(subject)


@pytest.mark.parametrize(
    "subject",
    [
        "Add 3 tests for the parser",
        "Update README",
        "feat(api): add the order endpoint with typed models",
        "Handle empty input in the parser (#123)",
        "Stopped leaking file handles",
        "Release 2.1.0",
        "Fehler behoben",
        "Ajout du fichier de configuration",
        "Добавить тесты",
        "修复登录页面的空指针异常",
        "Parse dates with their time zone",
        "unpin pytest",
        "standardize licence",
    ],
)
def test_informative_subjects_in_any_language_are_not_vague(subject: str) -> None:
    assert not is_vague(subject)


@pytest.fixture(scope="module")
def clear(tmp_path_factory: pytest.TempPathFactory) -> tuple[float, list[str]]:
    """The clear history, spread over days, judged once for the tests that read it."""
    return _hygiene(_history(tmp_path_factory.mktemp("clear") / "clear", CLEAR, 3 * DAY))


def test_a_clear_history_scores_far_above_a_careless_one_without_conventional_commits(
    tmp_path: Path, clear: tuple[float, list[str]]
) -> None:
    clear_score, clear_lines = clear
    careless, careless_lines = _hygiene(
        _history(tmp_path / "careless", [(s, "") for s in CARELESS], 20 * 60)
    )
    assert clear_score - careless >= 50
    assert clear_score >= 70
    # The root commit imports the project ("Initial commit") and is not judged.
    assert "83% of their subjects say nothing" in careless_lines[1]
    assert "0% of their subjects say nothing" in clear_lines[1]
    assert "a one-sitting dump" in careless_lines[3]


def test_bodies_and_spread_each_count(tmp_path: Path, clear: tuple[float, list[str]]) -> None:
    spread, _ = clear
    bare, bare_lines = _hygiene(_history(tmp_path / "bare", [(s, "") for s, _ in CLEAR], 3 * DAY))
    dump, dump_lines = _hygiene(_history(tmp_path / "dump", CLEAR, HOUR))
    assert spread - bare >= 15
    assert "0% of 6 changes of some size explain themselves" in bare_lines[2]
    assert spread - dump >= 15
    assert "6 commits in 1 repository were all made within 2 days" in dump_lines[3]


def test_repeated_subjects_are_vague_after_the_first(tmp_path: Path) -> None:
    subjects = [("Add the order parser", ""), *[("Improve the order parser", "")] * 3]
    repo = analyze_path(_history(tmp_path / "repeat", subjects, DAY)).repos[0]
    assert repo.commits.vague_ratio == 0.5


def test_explanations_use_the_singular_for_one() -> None:
    one = RepoFigures(
        name="one",
        has_history=True,
        commit_count=1,
        commits_by_user=1,
        nontrivial_commits=1,
        body_ratio=1.0,
        active_days=1,
    )
    lines = commit_hygiene([one]).lines
    assert lines[0] == "1 commit by the candidate was read."
    assert "of 1 change of some size" in lines[2]
    assert "1 commits" not in " ".join(lines)
