"""Code-quality scores, red flags and the track guess, from an analysis's figures.

Pure functions over plain values: no I/O, nothing of ours imported. Each score is
0..100 and comes with the sentences that explain it, so a recruiter can defend it.
What the scores look at follows the code review of ``seeds/000_de4aeff6f938fcaa.txt``
(commit quality, organisation, tests, type hints, docstrings, complexity); the red
flags are its list (no tests, Python 2 syntax, no type hints) and the portfolio signals
of ``seeds/001_76b30190388735e8.txt`` (forks with no activity of one's own); the tracks
are that document's three profiles.

Repositories are weighed by their source lines (at least one), so a large project
counts for more than a toy.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from recruitdesk.domain.wording import count

# --- complexity -------------------------------------------------------------------
#: A mean cyclomatic complexity per block at or below this scores full marks (radon
#: ranks 1-5 as "A", simple blocks).
CC_MEAN_IDEAL = 2.0
#: Points lost for each unit of mean complexity above the ideal.
CC_POINTS_PER_UNIT = 12.0
#: A block more complex than this (radon's rank D and worse starts at 21) costs...
CC_MAX_LIMIT = 20
#: ...this many points.
CC_MAX_PENALTY = 10.0
#: Share of the complexity score taken by the maintainability index (radon's MI,
#: already 0..100); the rest comes from the mean complexity.
MI_WEIGHT = 0.4

# --- testing ----------------------------------------------------------------------
#: Points for having tests at all (share of code in repositories with tests).
TESTS_PRESENT_POINTS = 50.0
#: Test files per Python file at which the other half is full.
TARGET_TEST_FILE_SHARE = 0.25

# --- documentation ----------------------------------------------------------------
DOCSTRING_POINTS = 70.0
README_POINTS = 30.0

# --- modern Python ----------------------------------------------------------------
#: Points for each distinct modern feature used (match, :=, X | Y, dataclasses,
#: async, Protocol, except*, TaskGroup, f-strings).
FEATURE_POINTS = 15.0
#: Python 2 syntax caps the modern-Python score here.
PYTHON2_CAP = 10.0

# --- commit hygiene ---------------------------------------------------------------
CONVENTIONAL_POINTS = 40.0
NOT_VAGUE_POINTS = 40.0
SUBJECT_LENGTH_POINTS = 20.0
#: Mean subject lengths in this range read as descriptive one-liners.
SUBJECT_LENGTH_RANGE = (20.0, 72.0)
#: The score when there is no history to judge (an archive without ``.git``).
NO_HISTORY_SCORE = 50.0

# --- organisation -----------------------------------------------------------------
README_ORG_POINTS = 25.0
CI_POINTS = 25.0
PACKAGING_POINTS = 20.0
LINTER_POINTS = 20.0
LOCK_OR_CONTAINER_POINTS = 10.0

# --- overall ----------------------------------------------------------------------
OVERALL_WEIGHTS: Mapping[str, float] = {
    "complexity": 0.15,
    "testing": 0.20,
    "documentation": 0.15,
    "typing": 0.15,
    "modern_python": 0.10,
    "commit_hygiene": 0.10,
    "organization": 0.15,
}
SCORE_NAMES = (*OVERALL_WEIGHTS, "overall")

# --- red flags --------------------------------------------------------------------
#: Functions needed before "no type hints" is a fair judgement.
MIN_FUNCTIONS_FOR_TYPING = 5
#: Below this share of typed functions, the code has no type hints to speak of.
NO_TYPE_HINTS_BELOW = 0.05
#: Commits by the user needed before "vague commit messages" is a fair judgement.
MIN_COMMITS_FOR_HYGIENE = 5
#: From this share of vague subjects on, commit messages are a red flag.
VAGUE_COMMITS_FROM = 0.3

# --- track ------------------------------------------------------------------------
#: Evidence weight a track needs before it is guessed at all.
MIN_TRACK_WEIGHT = 2.0


@dataclass(frozen=True, slots=True)
class RepoFigures:
    """What scoring needs of one repository (the analysis result's repo entry)."""

    name: str
    files: int = 0
    sloc: int = 0
    cc_mean: float = 0.0
    cc_max: int = 0
    mi_mean: float = 0.0
    functions: int = 0
    typed_functions_ratio: float = 0.0
    docstring_ratio: float = 0.0
    test_files: int = 0
    has_tests: bool = False
    has_ci: bool = False
    has_readme: bool = False
    python_features: tuple[str, ...] = ()
    py2_files: int = 0
    parse_errors: int = 0
    has_history: bool = False
    commit_count: int = 0
    commits_by_user: int = 0
    conventional_ratio: float = 0.0
    mean_subject_len: float = 0.0
    vague_ratio: float = 0.0
    tooling: tuple[str, ...] = ()
    skipped_files: int = 0


@dataclass(frozen=True, slots=True)
class Flag:
    code: str
    message: str


class RedFlagCode:
    """The stable codes of red flags (other tools and positions match on them)."""

    NO_TESTS = "no_tests"
    PYTHON2_SYNTAX = "python2_syntax"
    NO_TYPE_HINTS = "no_type_hints"
    FORKS_ONLY = "forks_only"
    VAGUE_COMMITS = "vague_commits"
    NO_README = "no_readme"


@dataclass(frozen=True, slots=True)
class Assessment:
    scores: dict[str, float]
    explanations: dict[str, list[str]] = field(default_factory=dict)
    red_flags: tuple[Flag, ...] = ()


_Getter = Callable[[RepoFigures], float]
_Check = Callable[[RepoFigures], bool]


def _clamp(value: float) -> float:
    return round(min(100.0, max(0.0, value)), 1)


def _weight(repo: RepoFigures) -> float:
    return float(max(1, repo.sloc))


def _weighted(repos: Sequence[RepoFigures], value: _Getter) -> float:
    total = sum(_weight(repo) for repo in repos)
    return sum(value(repo) * _weight(repo) for repo in repos) / total if total else 0.0


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _complexity(repos: Sequence[RepoFigures]) -> tuple[float, list[str]]:
    measured = [repo for repo in repos if repo.sloc > 0]
    if not measured:
        return 0.0, ["No Python code could be measured, so complexity cannot be judged."]
    cc_mean = _weighted(measured, lambda r: r.cc_mean)
    mi_mean = _weighted(measured, lambda r: r.mi_mean)
    cc_max = max(repo.cc_max for repo in measured)
    cc_part = 100.0 - max(0.0, cc_mean - CC_MEAN_IDEAL) * CC_POINTS_PER_UNIT
    score = (1 - MI_WEIGHT) * _clamp(cc_part) + MI_WEIGHT * _clamp(mi_mean)
    lines = [
        f"Functions and classes have a mean cyclomatic complexity of {cc_mean:.1f} "
        f"(full marks at {CC_MEAN_IDEAL:.0f} or less).",
        f"The mean maintainability index is {mi_mean:.0f} out of 100.",
    ]
    if cc_max > CC_MAX_LIMIT:
        score -= CC_MAX_PENALTY
        lines.append(
            f"The most complex block scores {cc_max}, above {CC_MAX_LIMIT}: hard to test "
            "and to change."
        )
    skipped = sum(repo.skipped_files for repo in repos)
    if skipped:
        lines.append(
            f"{count(skipped, 'file')} too large, too slow or too deeply nested to measure "
            "were left out."
        )
    return _clamp(score), lines


def _testing(repos: Sequence[RepoFigures]) -> tuple[float, list[str]]:
    files = sum(repo.files for repo in repos)
    tests = sum(repo.test_files for repo in repos)
    if files == 0:
        return 0.0, ["There are no Python files, so there are no tests to find."]
    with_tests = _weighted(repos, lambda r: 1.0 if r.has_tests else 0.0)
    share = tests / files
    score = TESTS_PRESENT_POINTS * with_tests + (100 - TESTS_PRESENT_POINTS) * min(
        1.0, share / TARGET_TEST_FILE_SHARE
    )
    lines = [
        f"{sum(repo.has_tests for repo in repos)} of {len(repos)} repositories have tests.",
        f"{tests} of {files} Python files are tests ({_percent(share)}; full marks from "
        f"{_percent(TARGET_TEST_FILE_SHARE)}).",
    ]
    return _clamp(score), lines


def _documentation(repos: Sequence[RepoFigures]) -> tuple[float, list[str]]:
    docstrings = _weighted(repos, lambda r: r.docstring_ratio)
    readmes = sum(repo.has_readme for repo in repos)
    score = DOCSTRING_POINTS * docstrings + README_POINTS * (readmes / len(repos))
    return _clamp(score), [
        f"{_percent(docstrings)} of public functions and classes have a docstring.",
        f"{readmes} of {len(repos)} repositories have a README.",
    ]


def _typing(repos: Sequence[RepoFigures]) -> tuple[float, list[str]]:
    functions = sum(repo.functions for repo in repos)
    if functions == 0:
        return 0.0, ["No functions were found, so type hints cannot be judged."]
    typed = sum(repo.typed_functions_ratio * repo.functions for repo in repos) / functions
    lines = [
        f"{_percent(typed)} of {functions} functions annotate every parameter and the return value."
    ]
    if any("tool:mypy" in repo.tooling or "tool:pyright" in repo.tooling for repo in repos):
        lines.append("A static type checker is configured.")
    return _clamp(100.0 * typed), lines


def _modern(repos: Sequence[RepoFigures]) -> tuple[float, list[str]]:
    features = sorted({feature for repo in repos for feature in repo.python_features})
    score = FEATURE_POINTS * len(features)
    if features:
        lines = [f"Uses {len(features)} modern Python features: {', '.join(features)}."]
    else:
        lines = ["Uses none of the modern Python features looked for."]
    py2 = sum(repo.py2_files for repo in repos)
    if py2:
        score = min(score, PYTHON2_CAP)
        lines.append(f"{count(py2, 'file')} {'is' if py2 == 1 else 'are'} in Python 2 syntax.")
    return _clamp(score), lines


def _length_share(mean_len: float) -> float:
    low, high = SUBJECT_LENGTH_RANGE
    if mean_len < low:
        return mean_len / low
    if mean_len > high:
        return max(0.5, high / mean_len)
    return 1.0


def _commit_hygiene(repos: Sequence[RepoFigures]) -> tuple[float, list[str]]:
    known = [repo for repo in repos if repo.has_history and repo.commits_by_user > 0]
    if not known:
        return NO_HISTORY_SCORE, [
            "No commit history by the candidate was available, so commit hygiene is "
            "scored as neutral."
        ]
    commits = sum(repo.commits_by_user for repo in known)

    def mean(value: _Getter) -> float:
        return sum(value(repo) * repo.commits_by_user for repo in known) / commits

    conventional = mean(lambda r: r.conventional_ratio)
    vague = mean(lambda r: r.vague_ratio)
    length = mean(lambda r: r.mean_subject_len)
    score = (
        CONVENTIONAL_POINTS * conventional
        + NOT_VAGUE_POINTS * (1 - vague)
        + SUBJECT_LENGTH_POINTS * _length_share(length)
    )
    return _clamp(score), [
        f"{commits} commits by the candidate were read.",
        f"{_percent(conventional)} of their subjects follow Conventional Commits.",
        f"{_percent(vague)} of their subjects are vague, such as 'fix' or 'update'.",
        f"Subjects are {length:.0f} characters long on average.",
    ]


def _organization(repos: Sequence[RepoFigures]) -> tuple[float, list[str]]:
    def points(repo: RepoFigures) -> float:
        tooling = set(repo.tooling)
        return (
            README_ORG_POINTS * repo.has_readme
            + CI_POINTS * repo.has_ci
            + PACKAGING_POINTS * ("packaging" in tooling)
            + LINTER_POINTS * ("linters" in tooling)
            + LOCK_OR_CONTAINER_POINTS * bool({"locks", "containers"} & tooling)
        )

    def count(test: _Check) -> int:
        return sum(1 for repo in repos if test(repo))

    total = len(repos)
    return _clamp(_weighted(repos, points)), [
        f"{count(lambda r: r.has_ci)} of {total} repositories run CI.",
        f"{count(lambda r: 'packaging' in r.tooling)} of {total} are packaged "
        "(pyproject.toml or setup.py).",
        f"{count(lambda r: 'linters' in r.tooling)} of {total} configure a linter, "
        "formatter or type checker.",
        f"{count(lambda r: bool({'locks', 'containers'} & set(r.tooling)))} of {total} pin "
        "dependencies with a lock file or ship a container.",
    ]


def red_flags(repos: Sequence[RepoFigures], *, forks_only: bool = False) -> tuple[Flag, ...]:
    """The red flags the figures show, in a stable order."""
    flags: list[Flag] = []
    if forks_only:
        flags.append(
            Flag(
                RedFlagCode.FORKS_ONLY,
                "Every public repository is a fork the candidate never committed to.",
            )
        )
    with_code = [repo for repo in repos if repo.files > 0]
    if with_code and not any(repo.has_tests for repo in with_code):
        flags.append(Flag(RedFlagCode.NO_TESTS, "None of the analysed repositories has tests."))
    py2 = sum(repo.py2_files for repo in repos)
    if py2:
        flags.append(Flag(RedFlagCode.PYTHON2_SYNTAX, f"{py2} files still use Python 2 syntax."))
    functions = sum(repo.functions for repo in repos)
    if functions >= MIN_FUNCTIONS_FOR_TYPING:
        typed = sum(repo.typed_functions_ratio * repo.functions for repo in repos) / functions
        if typed < NO_TYPE_HINTS_BELOW:
            flags.append(
                Flag(
                    RedFlagCode.NO_TYPE_HINTS,
                    f"Only {_percent(typed)} of {functions} functions have type hints.",
                )
            )
    known = [repo for repo in repos if repo.has_history and repo.commits_by_user > 0]
    commits = sum(repo.commits_by_user for repo in known)
    if commits >= MIN_COMMITS_FOR_HYGIENE:
        vague = sum(repo.vague_ratio * repo.commits_by_user for repo in known) / commits
        if vague >= VAGUE_COMMITS_FROM:
            flags.append(
                Flag(
                    RedFlagCode.VAGUE_COMMITS,
                    f"{_percent(vague)} of the candidate's commit messages say nothing "
                    "about the change.",
                )
            )
    if repos and not any(repo.has_readme for repo in repos):
        flags.append(Flag(RedFlagCode.NO_README, "No analysed repository has a README."))
    return tuple(flags)


def assess(repos: Sequence[RepoFigures], *, forks_only: bool = False) -> Assessment:
    """Every score with its explanation, and the red flags."""
    flags = red_flags(repos, forks_only=forks_only)
    if not repos:
        scores = dict.fromkeys(SCORE_NAMES, 0.0)
        reason = ["No repository with Python code could be analysed."]
        return Assessment(scores, {name: list(reason) for name in SCORE_NAMES}, flags)
    parts = {
        "complexity": _complexity(repos),
        "testing": _testing(repos),
        "documentation": _documentation(repos),
        "typing": _typing(repos),
        "modern_python": _modern(repos),
        "commit_hygiene": _commit_hygiene(repos),
        "organization": _organization(repos),
    }
    scores = {name: score for name, (score, _lines) in parts.items()}
    explanations = {name: lines for name, (_score, lines) in parts.items()}
    overall = _clamp(sum(scores[name] * weight for name, weight in OVERALL_WEIGHTS.items()))
    scores["overall"] = overall
    explanations["overall"] = [
        "The overall score weighs "
        + ", ".join(
            f"{name.replace('_', ' ')} {weight:.0%}" for name, weight in OVERALL_WEIGHTS.items()
        )
        + "."
    ]
    if flags:
        explanations["overall"].append(f"{len(flags)} red flags were raised.")
    return Assessment(scores, explanations, flags)


def guess_track(weights: Mapping[str, float]) -> str | None:
    """The track with the most evidence weight, if it has enough and no other ties it."""
    ranked = sorted(weights.items(), key=lambda item: item[1], reverse=True)
    if not ranked or ranked[0][1] < MIN_TRACK_WEIGHT:
        return None
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0]


def skill_confidence(evidence_count: int, repositories: int) -> float:
    """0..1: one file is some evidence; several files in several repositories, strong."""
    return round(min(1.0, 0.4 + 0.1 * min(evidence_count, 4) + 0.1 * min(repositories - 1, 2)), 2)
