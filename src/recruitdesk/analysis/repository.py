"""One repository's figures, from its files (already read) and its commits."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypedDict

from recruitdesk.analysis.archive import CollectedFiles
from recruitdesk.analysis.catalogue import Catalogue, load_catalogue
from recruitdesk.analysis.evidence import skill_evidence
from recruitdesk.analysis.file_classes import classify
from recruitdesk.analysis.metrics import FileMetrics
from recruitdesk.analysis.pool import measure_files
from recruitdesk.analysis.repo_figures import class_figures, judged_code, test_figures
from recruitdesk.analysis.repo_parts import CommitStats
from recruitdesk.analysis.result import RepoResult
from recruitdesk.analysis.tooling import find_tooling
from recruitdesk.analysis.vendored import declared_names
from recruitdesk.domain.scoring import COMPLEX_BLOCK, VERY_COMPLEX_BLOCK


@dataclass(frozen=True, slots=True)
class RepoInfo:
    """What is known of a repository besides its files."""

    name: str
    url: str | None = None
    fork: bool = False
    stars: int = 0
    pushed_at: str | None = None
    etag: str | None = None


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
    blocks: int
    complex_blocks: int
    very_complex_blocks: int
    public_definitions: int
    stub_typed_modules: int


def _stubbed_modules(paths: Iterable[str]) -> frozenset[str]:
    """The modules a ``.pyi`` stub beside them types (``pkg/mod.py`` for
    ``pkg/mod.pyi``): their functions are typed there, not in the code."""
    return frozenset(path.removesuffix("i") for path in paths if path.endswith(".pyi"))


def _code_figures(measured: list[FileMetrics], stubbed: frozenset[str]) -> _CodeFigures:
    blocks = [value for metric in measured for value in metric.block_complexities]
    functions = sum(metric.functions for metric in measured)
    public = sum(metric.public_definitions for metric in measured)
    typed = sum(m.functions if m.path in stubbed else m.typed_functions for m in measured)
    return _CodeFigures(
        sloc=sum(metric.sloc for metric in measured),
        cc_mean=_mean(blocks),
        cc_max=max(blocks, default=0),
        mi_mean=_mean([metric.mi for metric in measured if metric.mi is not None]),
        functions=functions,
        typed_functions_ratio=_ratio(typed, functions),
        docstring_ratio=_ratio(sum(m.documented_definitions for m in measured), public),
        python_features=_python_features(measured),
        blocks=len(blocks),
        complex_blocks=sum(value > COMPLEX_BLOCK for value in blocks),
        very_complex_blocks=sum(value > VERY_COMPLEX_BLOCK for value in blocks),
        public_definitions=public,
        stub_typed_modules=sum(metric.path in stubbed for metric in measured),
    )


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
    classes = classify(files, info.name)
    tooling = find_tooling(files, classes, catalogue)
    evidence = skill_evidence(files, classes, measured, catalogue)
    return RepoResult(
        name=info.name,
        url=info.url,
        fork=info.fork,
        stars=info.stars,
        pushed_at=info.pushed_at,
        files=len(python),
        **_code_figures(judged_code(classes, measured), _stubbed_modules(files.paths)),
        **test_figures(classes, measured, files),
        has_ci=any(item.kind == "ci" for item in tooling),
        has_readme=_has_readme(files.paths),
        frameworks=tuple(sorted({item.skill for item in evidence})),
        **class_figures(classes, metrics, python, files),
        commits=commits or CommitStats(),
        etag=info.etag,
        tooling=tooling,
        evidence=tuple(evidence),
        has_history=commits is not None,
        package=next(iter(declared_names(files, info.name)[1:]), None),
    )
