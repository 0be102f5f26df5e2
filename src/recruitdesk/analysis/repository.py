"""One repository's figures, from its files (already read) and its commits."""

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass

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
    python = sorted(path for path in files.paths if path.endswith(".py"))
    sources = [(path, files.contents[path]) for path in python if path in files.contents]
    metrics = measure_files(sources, workers=workers)
    measured = [metric for metric in metrics if metric.status is FileStatus.OK]
    blocks = [value for metric in measured for value in metric.block_complexities]
    mis = [metric.mi for metric in measured if metric.mi is not None]
    functions = sum(metric.functions for metric in measured)
    public = sum(metric.public_definitions for metric in measured)
    tests = [path for path in python if is_test_file(path)]
    test_frameworks = {
        TEST_FRAMEWORK_IMPORTS[module]
        for metric in measured
        if is_test_file(metric.path)
        for module in metric.imports
        if module in TEST_FRAMEWORK_IMPORTS
    }
    if any(posixpath.basename(path) == "conftest.py" for path in tests):
        test_frameworks.add("pytest")
    has_ci, tooling = _tooling(files, catalogue)
    evidence = _evidence(files, measured, catalogue)
    return RepoResult(
        name=info.name,
        url=info.url,
        fork=info.fork,
        stars=info.stars,
        pushed_at=info.pushed_at,
        files=len(python),
        sloc=sum(metric.sloc for metric in measured),
        cc_mean=round(sum(blocks) / len(blocks), 2) if blocks else 0.0,
        cc_max=max(blocks, default=0),
        mi_mean=round(sum(mis) / len(mis), 2) if mis else 0.0,
        functions=functions,
        typed_functions_ratio=_ratio(sum(m.typed_functions for m in measured), functions),
        docstring_ratio=_ratio(sum(m.documented_definitions for m in measured), public),
        test_files=len(tests),
        has_tests=bool(tests),
        has_ci=has_ci,
        has_readme=any(
            "/" not in path and path.lower().startswith("readme") for path in files.paths
        ),
        frameworks=tuple(sorted({item.skill for item in evidence})),
        python_features=tuple(sorted({f for metric in measured for f in metric.features})),
        py2_files=sum(metric.status is FileStatus.PYTHON2 for metric in metrics),
        parse_errors=sum(metric.status.parse_error for metric in metrics),
        commits=commits or CommitStats(),
        etag=info.etag,
        tooling=tooling,
        test_frameworks=tuple(sorted(test_frameworks)),
        skipped_files=sum(metric.status.skipped for metric in metrics)
        + sum(1 for path in python if path in files.oversized),
        evidence=tuple(evidence),
        has_history=commits is not None,
    )
