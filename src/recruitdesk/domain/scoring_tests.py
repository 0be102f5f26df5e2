"""The testing score: test cases and assertions relative to the code they test, and
the framework that runs them.

A file named like a test proves nothing by its name: a script in ``tests/`` that runs
the program once and checks nothing earns no more than the framework's points. Cases
are weighed against the code's functions, assertions against its lines, so a large
package with a handful of tests scores low and a small one with as many scores high.
"""

from collections.abc import Sequence
from typing import Protocol

from recruitdesk.domain.calibration import Evidence, Judged, cannot_judge, judge
from recruitdesk.domain.wording import count

#: Points for test cases, full from this many cases per function of code.
CASES_POINTS = 45.0
TARGET_CASES_PER_FUNCTION = 0.5
#: Points for assertions, full from this many per 100 source lines of code.
ASSERTION_POINTS = 45.0
TARGET_ASSERTIONS_PER_100_LINES = 8.0
#: Points for running the cases with a framework (pytest, unittest, hypothesis...).
FRAMEWORK_POINTS = 10.0
#: Functions under test at which the score has moved 63% of the way from the middle.
SCALE_FUNCTIONS = 10


class CodeUnderTest(Protocol):
    """What the testing score reads of one repository (``scoring.RepoFigures``)."""

    @property
    def files(self) -> int: ...
    @property
    def sloc(self) -> int: ...
    @property
    def functions(self) -> int: ...
    @property
    def test_cases(self) -> int: ...
    @property
    def assertions(self) -> int: ...
    @property
    def test_frameworks(self) -> tuple[str, ...]: ...
    @property
    def has_tests(self) -> bool: ...
    @property
    def weight(self) -> float: ...
    @property
    def authored_share(self) -> float: ...


def _share(part: float, target: float) -> float:
    return min(1.0, part / max(1.0, target))


def _points(repo: CodeUnderTest) -> float:
    cases = _share(repo.test_cases, TARGET_CASES_PER_FUNCTION * repo.functions)
    assertions = _share(repo.assertions, TARGET_ASSERTIONS_PER_100_LINES * repo.sloc / 100)
    framework = bool(repo.test_frameworks) and repo.test_cases > 0
    return CASES_POINTS * cases + ASSERTION_POINTS * assertions + FRAMEWORK_POINTS * framework


def testing_score(repos: Sequence[CodeUnderTest]) -> Judged:
    """The score with its explanation, resting on the functions of code under test;
    repositories weigh by the candidate's lines of code."""
    functions = sum(repo.functions for repo in repos)
    if sum(repo.sloc for repo in repos) == 0:
        return cannot_judge(
            "There is no code of the candidate's to test, so testing cannot be judged.",
            Evidence(0, "function"),
        )
    weights = [repo.weight for repo in repos]
    score = sum(_points(repo) * weight for repo, weight in zip(repos, weights, strict=True))
    score /= sum(weights)
    cases = sum(repo.test_cases for repo in repos)
    assertions = sum(repo.assertions for repo in repos)
    lines = sum(repo.sloc for repo in repos)
    frameworks = sorted({name for repo in repos for name in repo.test_frameworks})
    per_function = cases / functions if functions else 0.0
    per_100_lines = 100 * assertions / lines if lines else 0.0
    tested = sum(repo.has_tests for repo in repos)
    explanation = [
        f"{tested} of {len(repos)} "
        f"{'repository has' if len(repos) == 1 else 'repositories have'} tests.",
        f"{count(cases, 'test case')} and {count(assertions, 'assertion')} for "
        f"{count(functions, 'function')} and {count(lines, 'line')} of code: "
        f"{per_function:.1f} cases per function (full marks from "
        f"{TARGET_CASES_PER_FUNCTION:.1f}) and {per_100_lines:.0f} assertions per 100 lines "
        f"(full marks from {TARGET_ASSERTIONS_PER_100_LINES:.0f}).",
        f"The tests use {', '.join(frameworks)}."
        if frameworks
        else "No test framework runs the tests.",
    ]
    # A script of module-level code has lines but no functions: its lines stand in.
    theirs = round(sum(repo.functions * repo.authored_share for repo in repos))
    evidence = (
        Evidence(theirs, "function")
        if functions
        else Evidence(round(sum(repo.sloc * repo.authored_share for repo in repos)), "line")
    )
    return judge(score, explanation, evidence, SCALE_FUNCTIONS)
