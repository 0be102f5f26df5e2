"""Which catalogue skills a repository's own files show, strongest evidence first.

Only direct evidence counts (docs/architecture.md, "The analysis"): a module the
repository imports, or a distribution it asks for itself. A transitive pin of a compiled
requirement file, a constraints file, a requirement file among test data or fixtures,
and anything in a vendored copy of someone else's code show nothing of the candidate.
Evidence is ordered by strength: the package or application code, then the tests, then
examples, then docs; within each, the package before helper scripts (``ci/``,
``scripts/``), and an import before a requirement pin.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from recruitdesk.analysis.archive import CollectedFiles, is_requirement_file
from recruitdesk.analysis.catalogue import Catalogue
from recruitdesk.analysis.metrics import FileMetrics
from recruitdesk.analysis.requirements import (
    normalise_requirement,
    project_name,
    requirement_names,
)
from recruitdesk.analysis.result import RepoEvidence

#: How many files are kept as evidence of one skill in one repository.
EVIDENCE_PER_REPO = 3

CODE, TESTS, EXAMPLES, DOCS = range(4)
VENDORED_DIRS = frozenset(
    {"vendor", "vendored", "_vendor", "third_party", "thirdparty", "third-party", "externals"}
)
#: Folders that hold copies of other projects when a known distribution sits in them.
LIBRARY_DIRS = frozenset({"lib", "libs"})
DATA_DIRS = frozenset({"data", "fixtures", "fixture", "testdata", "test_data", "test-data"})
TEST_DIRS = frozenset({"tests", "test", "testing"})
EXAMPLE_DIRS = frozenset(
    {"examples", "example", "samples", "sample", "demos", "demo", "tutorial", "tutorials"}
)
DOC_DIRS = frozenset({"docs", "doc", "documentation"})
#: Folders of the project's own helper scripts: its code, but after the package's.
SUPPORT_DIRS = frozenset({"ci", ".ci", ".github", "scripts", "tools", "benchmarks", "bench"})
STRENGTH_WEIGHTS = {CODE: 1.0, TESTS: 0.5, EXAMPLES: 0.25, DOCS: 0.1}


def _strength(path: str) -> int:
    """How strongly a file speaks for the candidate's own work: ``CODE`` (strongest),
    ``TESTS``, ``EXAMPLES`` or ``DOCS``; the weakest folder on the path wins."""
    *folders, name = path.split("/")
    if DOC_DIRS.intersection(folders):
        return DOCS
    if EXAMPLE_DIRS.intersection(folders):
        return EXAMPLES
    is_test_module = name.endswith(".py") and (
        name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"
    )
    return TESTS if is_test_module or TEST_DIRS.intersection(folders) else CODE


def is_vendored(path: str, catalogue: Catalogue) -> bool:
    """A copy of someone else's code: under a vendoring folder, or a known distribution
    copied into ``lib/``."""
    folders = path.split("/")[:-1]
    if VENDORED_DIRS.intersection(folders):
        return True
    parts = path.split("/")
    return any(
        folder in LIBRARY_DIRS and catalogue.by_import(parts[at + 1].removesuffix(".py"))
        for at, folder in enumerate(folders)
    )


def is_test_data(path: str) -> bool:
    """Under a data or fixtures folder: material a program reads, not the project's own."""
    return bool(DATA_DIRS.intersection(path.split("/")[:-1]))


def _local_names(files: CollectedFiles) -> set[str]:
    """Top-level names the repository defines itself (so ``import docker`` of its own
    ``docker/`` package is not the Docker SDK), and its own distribution's name."""
    names: set[str] = set()
    for path in files.paths:
        for root in ("", "src/"):
            if path.startswith(root) and path.endswith(".py"):
                first = path[len(root) :].split("/", 1)[0]
                names.add(first.removesuffix(".py"))
    pyproject = files.contents.get("pyproject.toml")
    own = project_name(pyproject) if pyproject is not None else None
    return names | ({own} if own else set())


def _rank(path: str, requirement: bool) -> tuple[int, bool, bool]:
    """Sort key of one piece of evidence: its strength, then the package before helper
    scripts, then an import before a requirement pin."""
    return _strength(path), bool(SUPPORT_DIRS.intersection(path.split("/")[:-1])), requirement


@dataclass(frozen=True, slots=True, order=True)
class _Seen:
    rank: tuple[int, bool, bool]
    path: str
    skill: str
    why: str


def _seen_in_requirements(
    files: CollectedFiles, catalogue: Catalogue, local: set[str]
) -> Iterable[_Seen]:
    own = {normalise_requirement(name) for name in local}
    for path, data in files.contents.items():
        if not is_requirement_file(path) or is_test_data(path) or is_vendored(path, catalogue):
            continue
        for requirement in requirement_names(path, data) - own:
            skill = catalogue.by_requirement(requirement)
            if skill is not None:
                why = f"declares the dependency {requirement}"
                yield _Seen(_rank(path, requirement=True), path, skill.name, why)


def _seen_in_imports(
    metrics: Iterable[FileMetrics], catalogue: Catalogue, local: set[str]
) -> Iterable[_Seen]:
    for metric in metrics:
        if is_vendored(metric.path, catalogue):
            continue
        for module in metric.imports - local:
            skill = catalogue.by_import(module)
            if skill is not None:
                rank = _rank(metric.path, requirement=False)
                yield _Seen(rank, metric.path, skill.name, f"imports {module}")


def skill_evidence(
    files: CollectedFiles, metrics: Iterable[FileMetrics], catalogue: Catalogue
) -> list[RepoEvidence]:
    """Up to ``EVIDENCE_PER_REPO`` files per skill, strongest first; skills by name."""
    local = _local_names(files)
    seen = sorted(
        [
            *_seen_in_imports(metrics, catalogue, local),
            *_seen_in_requirements(files, catalogue, local),
        ]
    )
    found: dict[str, list[RepoEvidence]] = {}
    for item in seen:
        kept = found.setdefault(item.skill, [])
        if len(kept) < EVIDENCE_PER_REPO and all(other.path != item.path for other in kept):
            kept.append(RepoEvidence(item.skill, item.path, item.why))
    return [item for name in sorted(found) for item in found[name]]


def evidence_weight(path: str) -> float:
    """How much one evidence file counts, by its strength: code fully, docs little."""
    return STRENGTH_WEIGHTS[_strength(path)]
