"""Code-quality scores, red flags and the track guess, from an analysis's figures.

Pure functions over plain values: no I/O, nothing of ours imported but the other
scoring modules. Each score is 0..100 and comes with the sentences that explain it, so
a recruiter can defend it.
What the scores look at follows the code review of the hiring guide
(commit quality, organisation, tests, type hints, docstrings, complexity); the red
flags are its list (no tests, Python 2 syntax, no type hints) and the portfolio signals
of the rates-and-vetting guide (forks with no activity of one's own); the tracks
are that document's three profiles.

Repositories are weighed by their source lines (at least one), so a large project
counts for more than a toy, and by the candidate's share of them, so a fork counts for
what the candidate wrote. The figures of code (lines, functions, typing, docstrings,
complexity) cover the candidate's library or application code only, never tests,
examples or vendored copies; the testing score is in :mod:`.scoring_tests`.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from recruitdesk.domain.calibration import Evidence, Judged, cannot_judge, clamp, judge
from recruitdesk.domain.figures import RepoFigures
from recruitdesk.domain.hygiene import commit_hygiene
from recruitdesk.domain.red_flags import Flag, red_flags
from recruitdesk.domain.scoring_tests import testing_score
from recruitdesk.domain.wording import count, percent

# --- complexity -------------------------------------------------------------------
#: A mean cyclomatic complexity per block at or below this scores full marks (radon
#: ranks 1-5 as "A", simple blocks).
CC_MEAN_IDEAL = 2.0
#: Points lost for each unit of mean complexity above the ideal.
CC_POINTS_PER_UNIT = 12.0
#: Blocks more complex than this are hard to test (radon's rank C starts at 11)...
COMPLEX_BLOCK = 10
#: ...and more than this, very hard (rank D and worse, from 21).
VERY_COMPLEX_BLOCK = 20
#: Points lost per share of complex blocks, and again per share of very complex ones.
COMPLEX_SHARE_PENALTY = 400.0
VERY_COMPLEX_SHARE_PENALTY = 800.0
#: Share of the complexity score taken by the mean; the rest by the complex blocks'
#: share. Radon's maintainability index is reported, not scored: it falls with a
#: file's length alone, so it would punish a large project for its size.
CC_MEAN_WEIGHT = 0.6

# --- documentation ----------------------------------------------------------------
DOCSTRING_POINTS = 70.0
README_POINTS = 30.0

# --- modern Python ----------------------------------------------------------------
#: Points for each distinct modern feature used (match, :=, X | Y, dataclasses,
#: async, Protocol, except*, TaskGroup, f-strings).
FEATURE_POINTS = 15.0
#: Python 2 syntax caps the modern-Python score here.
PYTHON2_CAP = 10.0

# --- organisation -----------------------------------------------------------------
README_ORG_POINTS = 25.0
CI_POINTS = 25.0
PACKAGING_POINTS = 20.0
LINTER_POINTS = 20.0
LOCK_OR_CONTAINER_POINTS = 10.0

# --- evidence ---------------------------------------------------------------------
#: The amount of evidence at which each score has moved 63% of the way from the neutral
#: middle to what its figures show (:mod:`.calibration`): blocks for complexity, public
#: functions and classes for documentation, functions for typing, lines for modern
#: Python and organisation (a CI file on a 40-line script says little).
SCALE_BLOCKS = 10
SCALE_DEFINITIONS = 10
SCALE_FUNCTIONS = 10
SCALE_LINES = 150

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
#: The open source score's weight beside the code's (which sum to one), counted only
#: when it is judged (:mod:`.open_source`).
OPEN_SOURCE_WEIGHT = 0.15


@dataclass(frozen=True, slots=True)
class Assessment:
    #: The scores judged; one that cannot be judged is absent (its explanation says why).
    scores: dict[str, float]
    explanations: dict[str, list[str]] = field(default_factory=dict)
    red_flags: tuple[Flag, ...] = ()
    #: What each score rests on, ``{"amount", "unit"}``.
    evidence: dict[str, dict[str, object]] = field(default_factory=dict)


_Getter = Callable[[RepoFigures], float]
_Check = Callable[[RepoFigures], bool]


def _weighted(repos: Sequence[RepoFigures], value: _Getter) -> float:
    total = sum(repo.weight for repo in repos)
    return sum(value(repo) * repo.weight for repo in repos) / total if total else 0.0


def _theirs(repos: Sequence[RepoFigures], count: Callable[[RepoFigures], int]) -> int:
    """How many units (lines, functions) of these repositories the candidate wrote."""
    return round(sum(count(repo) * repo.authored_share for repo in repos))


def _share_weighted(repos: Sequence[RepoFigures], count: _Getter, ratio: _Getter) -> float:
    """A ratio over units (functions, definitions) the candidate wrote: each repository's
    units count by the candidate's share of it."""
    units = sum(count(repo) * repo.authored_share for repo in repos)
    if not units:
        return 0.0
    return sum(ratio(repo) * count(repo) * repo.authored_share for repo in repos) / units


def _complexity(repos: Sequence[RepoFigures]) -> Judged:
    measured = [repo for repo in repos if repo.blocks > 0]
    blocks = _theirs(measured, lambda r: r.blocks)
    if not measured:
        return cannot_judge(
            "No function or class of the candidate's could be measured, so complexity "
            "cannot be judged.",
            Evidence(0, "block"),
        )
    cc_mean = _weighted(measured, lambda r: r.cc_mean)
    complex_share = _weighted(measured, lambda r: r.complex_blocks / r.blocks)
    very_share = _weighted(measured, lambda r: r.very_complex_blocks / r.blocks)
    mean_part = clamp(100.0 - max(0.0, cc_mean - CC_MEAN_IDEAL) * CC_POINTS_PER_UNIT)
    spread_part = clamp(
        100.0 - COMPLEX_SHARE_PENALTY * complex_share - VERY_COMPLEX_SHARE_PENALTY * very_share
    )
    raw = CC_MEAN_WEIGHT * mean_part + (1 - CC_MEAN_WEIGHT) * spread_part
    complex_count = sum(repo.complex_blocks for repo in measured)
    lines = [
        f"The {count(blocks, 'function or class', 'functions and classes')} have a mean "
        f"cyclomatic complexity of {cc_mean:.1f} (full marks at {CC_MEAN_IDEAL:.0f} or less).",
        f"{count(complex_count, 'block is', 'blocks are')} more complex than "
        f"{COMPLEX_BLOCK} ({percent(complex_share)}), "
        f"{sum(repo.very_complex_blocks for repo in measured):,} of them more than "
        f"{VERY_COMPLEX_BLOCK}: the share counts, not the project's size.",
        f"The mean maintainability index is {_weighted(measured, lambda r: r.mi_mean):.0f} "
        "out of 100; it is shown, not scored, because it falls with a file's length alone.",
    ]
    skipped = sum(repo.skipped_files for repo in repos)
    if skipped:
        lines.append(
            f"{count(skipped, 'file')} too large, too slow or too deeply nested to measure "
            f"{'was' if skipped == 1 else 'were'} left out."
        )
    return judge(raw, lines, Evidence(blocks, "block"), SCALE_BLOCKS)


def _documentation(repos: Sequence[RepoFigures]) -> Judged:
    definitions = _theirs(repos, lambda r: r.public_definitions)
    if definitions == 0:
        return cannot_judge(
            "No public function or class of the candidate's was found, so their "
            "docstrings cannot be judged.",
            Evidence(0, "public definition"),
        )
    docstrings = _share_weighted(repos, lambda r: r.public_definitions, lambda r: r.docstring_ratio)
    readmes = sum(repo.has_readme for repo in repos)
    raw = DOCSTRING_POINTS * docstrings + README_POINTS * (readmes / len(repos))
    lines = [
        f"{percent(docstrings)} of "
        f"{count(definitions, 'public function or class', 'public functions and classes')} "
        "have a docstring.",
        f"{readmes} of {count(len(repos), 'repository', 'repositories')} "
        f"{'has' if len(repos) == 1 else 'have'} a README.",
    ]
    return judge(raw, lines, Evidence(definitions, "public definition"), SCALE_DEFINITIONS)


def _typing(repos: Sequence[RepoFigures]) -> Judged:
    functions = _theirs(repos, lambda r: r.functions)
    if functions == 0:
        return cannot_judge(
            "No function of the candidate's was found, so type hints cannot be judged.",
            Evidence(0, "function"),
        )
    typed = _share_weighted(repos, lambda r: r.functions, lambda r: r.typed_functions_ratio)
    lines = [
        f"{percent(typed)} of {count(functions, 'function')} annotate every parameter and "
        "the return value."
    ]
    stubbed = sum(repo.stub_typed_modules for repo in repos)
    if stubbed:
        lines.append(f"{count(stubbed, 'module is', 'modules are')} typed through .pyi stubs.")
    if any("tool:mypy" in repo.tooling or "tool:pyright" in repo.tooling for repo in repos):
        lines.append("A static type checker is configured.")
    return judge(100.0 * typed, lines, Evidence(functions, "function"), SCALE_FUNCTIONS)


def _modern(repos: Sequence[RepoFigures]) -> Judged:
    sloc = _theirs(repos, lambda r: r.sloc)
    if sloc == 0:
        return cannot_judge(
            "No Python code of the candidate's could be read, so its Python cannot be judged.",
            Evidence(0, "line"),
        )
    features = sorted({feature for repo in repos for feature in repo.python_features})
    raw = FEATURE_POINTS * len(features)
    if features:
        lines = [f"Uses {count(len(features), 'modern Python feature')}: {', '.join(features)}."]
    else:
        lines = ["Uses none of the modern Python features looked for."]
    py2 = sum(repo.py2_files for repo in repos)
    if py2:
        raw = min(raw, PYTHON2_CAP)
        lines.append(f"{count(py2, 'file')} {'is' if py2 == 1 else 'are'} in Python 2 syntax.")
    judged = judge(raw, lines, Evidence(sloc, "line"), SCALE_LINES)
    if py2 and judged.score is not None and judged.score > PYTHON2_CAP:
        # Python 2 is a fact whatever the size: no calibration lifts it above the cap.
        return Judged(PYTHON2_CAP, lines, judged.evidence, judged.raw)
    return judged


def _organization(repos: Sequence[RepoFigures]) -> Judged:
    def points(repo: RepoFigures) -> float:
        tooling = set(repo.tooling)
        return (
            README_ORG_POINTS * repo.has_readme
            + CI_POINTS * repo.has_ci
            + PACKAGING_POINTS * ("packaging" in tooling)
            + LINTER_POINTS * ("linters" in tooling)
            + LOCK_OR_CONTAINER_POINTS * bool({"locks", "containers"} & tooling)
        )

    def having(test: _Check) -> int:
        return sum(1 for repo in repos if test(repo))

    total = len(repos)
    of = f"of {count(total, 'repository', 'repositories')}"
    lines = [
        f"{having(lambda r: r.has_ci)} {of} run CI.",
        f"{having(lambda r: 'packaging' in r.tooling)} {of} "
        f"{'is' if total == 1 else 'are'} packaged (pyproject.toml or setup.py).",
        f"{having(lambda r: 'linters' in r.tooling)} {of} configure a linter, "
        "formatter or type checker.",
        f"{having(lambda r: bool({'locks', 'containers'} & set(r.tooling)))} {of} pin "
        "dependencies with a lock file or ship a container.",
    ]
    sloc = _theirs(repos, lambda r: r.sloc)
    return judge(_weighted(repos, points), lines, Evidence(sloc, "line"), SCALE_LINES)


def assess(
    repos: Sequence[RepoFigures], *, forks_only: bool = False, open_source: Judged | None = None
) -> Assessment:
    """Every score that can be judged, with its explanation and evidence, and the red
    flags. The overall weighs the judged scores only, their weights scaled to one;
    ``open_source`` joins them when given and judged."""
    flags = red_flags(repos, forks_only=forks_only)
    no_code = ["No repository with Python code could be analysed."]
    parts: dict[str, Judged] = {}
    if repos:
        parts = {
            "complexity": _complexity(repos),
            "testing": testing_score(repos),
            "documentation": _documentation(repos),
            "typing": _typing(repos),
            "modern_python": _modern(repos),
            "commit_hygiene": commit_hygiene(repos),
            "organization": _organization(repos),
        }
    if open_source is not None:
        parts["open_source"] = open_source
    scores = {name: part.score for name, part in parts.items() if part.score is not None}
    explanations = {name: list(part.lines) for name, part in parts.items()}
    if not repos:
        explanations.update({name: list(no_code) for name in OVERALL_WEIGHTS})
        if not scores:
            return Assessment({}, {**explanations, "overall": list(no_code)}, flags)
    evidence = {name: part.evidence.to_json() for name, part in parts.items()}
    all_weights = {**OVERALL_WEIGHTS, "open_source": OPEN_SOURCE_WEIGHT}
    weights = {name: all_weights[name] for name in scores}
    total = sum(weights.values())
    if total:
        scores["overall"] = clamp(sum(scores[name] * w for name, w in weights.items()) / total)
        explanations["overall"] = [
            "The overall score weighs "
            + ", ".join(f"{name.replace('_', ' ')} {w / total:.0%}" for name, w in weights.items())
            + "."
        ]
    else:
        explanations["overall"] = ["Nothing could be judged, so there is no overall score."]
    # Open source work not found is no evidence either way: it goes unmentioned here.
    missing = [
        name.replace("_", " ") for name in parts if name not in scores and name != "open_source"
    ]
    if missing and total:
        explanations["overall"].append(
            f"{', '.join(missing).capitalize()} could not be judged and "
            f"{'does' if len(missing) == 1 else 'do'} not count."
        )
    if flags:
        explanations["overall"].append(f"{count(len(flags), 'red flag')} raised.")
    return Assessment(scores, explanations, flags, evidence)
