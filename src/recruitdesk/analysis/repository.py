"""One repository's figures, from its files (already read) and its commits."""

import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypedDict

from recruitdesk.analysis.archive import CollectedFiles, is_requirement_file
from recruitdesk.analysis.catalogue import (
    Catalogue,
    load_catalogue,
    pyproject_tools,
    requirement_names,
)
from recruitdesk.analysis.metrics import FileMetrics, FileStatus
from recruitdesk.analysis.pool import measure_files
from recruitdesk.analysis.result import CommitStats, RepoEvidence, RepoResult

#: How many files are kept as evidence of one skill in one repository.
EVIDENCE_PER_REPO = 3

TEST_FRAMEWORK_IMPORTS = {"pytest": "pytest", "unittest": "unittest", "hypothesis": "hypothesis"}


def is_test_file(path: str) -> bool:
    name = posixpath.basename(path)
    if not name.endswith(".py"):
        return False
    folders = path.split("/")[:-1]
    return (
        name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
        or any(folder in ("tests", "test", "testing") for folder in folders)
    )


@dataclass(frozen=True, slots=True)
class RepoInfo:
    """What is known of a repository besides its files."""

    name: str
    url: str | None = None
    fork: bool = False
    stars: int = 0
    pushed_at: str | None = None
    etag: str | None = None


def _matches(path: str, patterns: Iterable[str]) -> bool:
    for pattern in patterns:
        if pattern.endswith("/"):
            if path.startswith(pattern):
                return True
        elif path == pattern:
            return True
    return False


def _tooling(files: CollectedFiles, catalogue: Catalogue) -> tuple[bool, tuple[str, ...]]:
    tooling = catalogue.tooling
    found: set[str] = set()
    has_ci = any(_matches(path, tooling.get("ci", ())) for path in files.paths)
    if has_ci:
        found.add("ci")
    for kind in ("packaging", "locks", "linters", "containers"):
        if any(_matches(path, tooling.get(kind, ())) for path in files.paths):
            found.add(kind)
    pyproject = files.contents.get("pyproject.toml")
    if pyproject is not None:
        tools = pyproject_tools(pyproject) & set(tooling.get("pyproject_tools", ()))
        if tools:
            found.add("linters")
        found.update(f"tool:{tool}" for tool in tools)
    if any(_matches(path, tooling.get("devops_files", ())) for path in files.paths):
        found.add("devops_files")
    return has_ci, tuple(sorted(found))


def _local_modules(paths: Iterable[str]) -> set[str]:
    """Top-level names the repository defines itself (so ``import docker`` of its own
    ``docker/`` package is not the Docker SDK)."""
    names: set[str] = set()
    for path in paths:
        for root in ("", "src/"):
            if path.startswith(root) and path.endswith(".py"):
                first = path[len(root) :].split("/", 1)[0]
                names.add(first.removesuffix(".py"))
    return names


def _evidence(
    files: CollectedFiles, metrics: list[FileMetrics], catalogue: Catalogue
) -> list[RepoEvidence]:
    found: dict[str, list[RepoEvidence]] = {}
    local = _local_modules(files.paths)

    def add(skill: str, path: str, why: str) -> None:
        items = found.setdefault(skill, [])
        if len(items) < EVIDENCE_PER_REPO and all(item.path != path for item in items):
            items.append(RepoEvidence(skill, path, why))

    for path in sorted(files.contents):
        if is_requirement_file(path):
            for requirement in sorted(requirement_names(path, files.contents[path])):
                skill = catalogue.by_requirement(requirement)
                if skill is not None:
                    add(skill.name, path, f"declares the dependency {requirement}")
    for metric in sorted(metrics, key=lambda item: item.path):
        for module in sorted(metric.imports - local):
            skill = catalogue.by_import(module)
            if skill is not None:
                add(skill.name, metric.path, f"imports {module}")
    return [item for name in sorted(found) for item in found[name]]


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 2) if values else 0.0


def _python_features(measured: list[FileMetrics]) -> tuple[str, ...]:
    return tuple(sorted({feature for metric in measured for feature in metric.features}))


class _CodeFigures(TypedDict):
    """The :class:`RepoResult` fields measured from the files that parsed."""

    sloc: int
    cc_mean: float
    cc_max: int
    mi_mean: float
    functions: int
    typed_functions_ratio: float
    docstring_ratio: float
    python_features: tuple[str, ...]


def _code_figures(measured: list[FileMetrics]) -> _CodeFigures:
    blocks = [value for metric in measured for value in metric.block_complexities]
    functions = sum(metric.functions for metric in measured)
    public = sum(metric.public_definitions for metric in measured)
    return _CodeFigures(
        sloc=sum(metric.sloc for metric in measured),
        cc_mean=_mean(blocks),
        cc_max=max(blocks, default=0),
        mi_mean=_mean([metric.mi for metric in measured if metric.mi is not None]),
        functions=functions,
        typed_functions_ratio=_ratio(sum(m.typed_functions for m in measured), functions),
        docstring_ratio=_ratio(sum(m.documented_definitions for m in measured), public),
        python_features=_python_features(measured),
    )


class _UnmeasuredFiles(TypedDict):
    """The :class:`RepoResult` fields counting the Python files that were not measured."""

    py2_files: int
    parse_errors: int
    skipped_files: int


def _unmeasured_files(
    metrics: list[FileMetrics], python: list[str], files: CollectedFiles
) -> _UnmeasuredFiles:
    # A file too large to be read never reached the measuring, so it is counted here.
    oversized = sum(1 for path in python if path in files.oversized)
    return _UnmeasuredFiles(
        py2_files=sum(metric.status is FileStatus.PYTHON2 for metric in metrics),
        parse_errors=sum(metric.status.parse_error for metric in metrics),
        skipped_files=sum(metric.status.skipped for metric in metrics) + oversized,
    )


def _test_frameworks(tests: list[str], measured: list[FileMetrics]) -> tuple[str, ...]:
    """The frameworks the test files import; a ``conftest.py`` means pytest even when
    no test imports it (fixtures and plain asserts need no import)."""
    frameworks = {
        TEST_FRAMEWORK_IMPORTS[module]
        for metric in measured
        if is_test_file(metric.path)
        for module in metric.imports
        if module in TEST_FRAMEWORK_IMPORTS
    }
    if any(posixpath.basename(path) == "conftest.py" for path in tests):
        frameworks.add("pytest")
    return tuple(sorted(frameworks))


def _has_readme(paths: Iterable[str]) -> bool:
    return any("/" not in path and path.lower().startswith("readme") for path in paths)


def _python_files(files: CollectedFiles) -> tuple[list[str], list[tuple[str, bytes]]]:
    """Every Python file's path, sorted, and ``(path, content)`` of those that were read."""
    python = sorted(path for path in files.paths if path.endswith(".py"))
    return python, [(path, files.contents[path]) for path in python if path in files.contents]


def build_repo_result(
    info: RepoInfo,
    files: CollectedFiles,
    *,
    commits: CommitStats | None = None,
    workers: int | None = None,
    catalogue: Catalogue | None = None,
) -> RepoResult:
    """Measure the Python files of one repository and gather its evidence."""
    catalogue = catalogue or load_catalogue()
    python, sources = _python_files(files)
    metrics = measure_files(sources, workers=workers)
    measured = [metric for metric in metrics if metric.status.measured]
    tests = [path for path in python if is_test_file(path)]
    has_ci, tooling = _tooling(files, catalogue)
    evidence = _evidence(files, measured, catalogue)
    return RepoResult(
        name=info.name,
        url=info.url,
        fork=info.fork,
        stars=info.stars,
        pushed_at=info.pushed_at,
        files=len(python),
        **_code_figures(measured),
        test_files=len(tests),
        has_tests=bool(tests),
        has_ci=has_ci,
        has_readme=_has_readme(files.paths),
        frameworks=tuple(sorted({item.skill for item in evidence})),
        **_unmeasured_files(metrics, python, files),
        commits=commits or CommitStats(),
        etag=info.etag,
        tooling=tooling,
        test_frameworks=_test_frameworks(tests, measured),
        evidence=tuple(evidence),
        has_history=commits is not None,
    )
