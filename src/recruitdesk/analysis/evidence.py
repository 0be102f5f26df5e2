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
from recruitdesk.analysis.file_classes import (
    NOT_THEIRS,
    FileClass,
    FileClasses,
    class_by_place,
    is_test_data,
)
from recruitdesk.analysis.metrics import FileMetrics
from recruitdesk.analysis.repo_parts import RepoEvidence
from recruitdesk.analysis.requirements import (
    normalise_requirement,
    project_name,
    requirement_names,
)

#: How many files are kept as evidence of one skill in one repository.
EVIDENCE_PER_REPO = 3

#: Strength of each class of file the candidate wrote, strongest first.
STRENGTH = {FileClass.CODE: 0, FileClass.TESTS: 1, FileClass.EXAMPLES: 2, FileClass.DOCS: 3}
STRENGTH_WEIGHTS = {
    FileClass.CODE: 1.0,
    FileClass.TESTS: 0.5,
    FileClass.EXAMPLES: 0.25,
    FileClass.DOCS: 0.1,
}
#: Folders of the project's own helper scripts: its code, but after the package's.
SUPPORT_DIRS = frozenset({"ci", ".ci", ".github", "scripts", "tools", "benchmarks", "bench"})


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


def _rank(file_class: FileClass, path: str, requirement: bool) -> tuple[int, bool, bool]:
    """Sort key of one piece of evidence: its strength, then the package before helper
    scripts, then an import before a requirement pin."""
    helper = bool(SUPPORT_DIRS.intersection(path.split("/")[:-1]))
    return STRENGTH[file_class], helper, requirement


@dataclass(frozen=True, slots=True, order=True)
class _Seen:
    rank: tuple[int, bool, bool]
    path: str
    skill: str
    why: str


def _seen_in_requirements(
    files: CollectedFiles, classes: FileClasses, catalogue: Catalogue, local: set[str]
) -> Iterable[_Seen]:
    own = {normalise_requirement(name) for name in local}
    for path, data in files.contents.items():
        file_class = classes.of(path)
        if not is_requirement_file(path) or is_test_data(path) or file_class in NOT_THEIRS:
            continue
        for requirement in requirement_names(path, data) - own:
            skill = catalogue.by_requirement(requirement)
            if skill is not None:
                why = f"declares the dependency {requirement}"
                yield _Seen(_rank(file_class, path, requirement=True), path, skill.name, why)


def _seen_in_imports(
    metrics: Iterable[FileMetrics], classes: FileClasses, catalogue: Catalogue, local: set[str]
) -> Iterable[_Seen]:
    for metric in metrics:
        file_class = classes.of(metric.path)
        if file_class in NOT_THEIRS:
            continue
        for module in metric.imports - local:
            skill = catalogue.by_import(module)
            if skill is not None:
                rank = _rank(file_class, metric.path, requirement=False)
                yield _Seen(rank, metric.path, skill.name, f"imports {module}")


def skill_evidence(
    files: CollectedFiles,
    classes: FileClasses,
    metrics: Iterable[FileMetrics],
    catalogue: Catalogue,
) -> list[RepoEvidence]:
    """Up to ``EVIDENCE_PER_REPO`` files per skill, strongest first; skills by name.
    Vendored and generated files show nothing of the candidate."""
    local = _local_names(files)
    seen = sorted(
        [
            *_seen_in_imports(metrics, classes, catalogue, local),
            *_seen_in_requirements(files, classes, catalogue, local),
        ]
    )
    found: dict[str, list[RepoEvidence]] = {}
    for item in seen:
        kept = found.setdefault(item.skill, [])
        if len(kept) < EVIDENCE_PER_REPO and all(other.path != item.path for other in kept):
            kept.append(RepoEvidence(item.skill, item.path, item.why))
    return [item for name in sorted(found) for item in found[name]]


def evidence_weight(path: str) -> float:
    """How much one evidence file counts, by its class: code fully, docs little."""
    return STRENGTH_WEIGHTS[class_by_place(path)]
