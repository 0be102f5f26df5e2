"""A repository's figures by file class (:mod:`.file_classes`): which files judge the
code, what the tests show, and what was left out and why."""

import posixpath
from typing import TypedDict

from recruitdesk.analysis.archive import CollectedFiles
from recruitdesk.analysis.file_classes import NOT_THEIRS, FileClass, FileClasses
from recruitdesk.analysis.metrics import FileMetrics, FileStatus
from recruitdesk.analysis.repo_parts import ClassFigures, ExcludedFiles, SkippedFile

#: Imports that name the test framework a test file uses.
TEST_FRAMEWORK_IMPORTS = {
    "pytest": "pytest",
    "unittest": "unittest",
    "hypothesis": "hypothesis",
    "nose": "nose",
    "nose2": "nose2",
}
#: Entries listed in the result's ``skipped`` and ``excluded`` (the counts cover all).
MAX_LISTED = 100

_WHY_NOT_MEASURED = {
    FileStatus.PARSE_ERROR: "does not parse as Python 3",
    FileStatus.PYTHON2: "Python 2 syntax",
    FileStatus.UNDECODABLE: "binary or not UTF-8",
    FileStatus.TOO_LARGE: "too large to measure",
    FileStatus.TOO_SLOW: "too slow to measure",
    FileStatus.TOO_DEEP: "nested too deeply to measure",
}


def judged_code(classes: FileClasses, measured: list[FileMetrics]) -> list[FileMetrics]:
    """The files whose typing, docstrings and complexity judge the candidate: their
    library or application code; in a repository of only examples or docs, those."""
    code = [metric for metric in measured if classes.of(metric.path) is FileClass.CODE]
    if code:
        return code
    return [
        metric
        for metric in measured
        if classes.of(metric.path) in (FileClass.EXAMPLES, FileClass.DOCS)
    ]


class FiguresOfTests(TypedDict):
    """The :class:`RepoResult` fields about the tests."""

    test_files: int
    has_tests: bool
    test_cases: int
    assertions: int
    test_frameworks: tuple[str, ...]


def _pytest_configured(files: CollectedFiles) -> bool:
    if "pytest.ini" in files.paths:
        return True
    pyproject = files.contents.get("pyproject.toml", b"")
    setup_cfg = files.contents.get("setup.cfg", b"")
    return b"[tool.pytest" in pyproject or b"[tool:pytest]" in setup_cfg


def _frameworks(tests: list[FileMetrics], paths: list[str], files: CollectedFiles) -> set[str]:
    """The frameworks the test files import; pytest also when only it would collect
    them: a ``conftest.py``, test functions at module level, or pytest's settings."""
    frameworks = {
        TEST_FRAMEWORK_IMPORTS[module]
        for metric in tests
        for module in metric.imports
        if module in TEST_FRAMEWORK_IMPORTS
    }
    if sum(metric.test_cases for metric in tests) and (
        any(posixpath.basename(path) == "conftest.py" for path in paths)
        or any(metric.top_level_tests for metric in tests)
        or _pytest_configured(files)
    ):
        frameworks.add("pytest")
    return frameworks


def test_figures(
    classes: FileClasses, measured: list[FileMetrics], files: CollectedFiles
) -> FiguresOfTests:
    """Test cases and assertions of the test files, and their frameworks: a script in
    ``tests/`` that checks nothing is not a test."""
    paths = [path for path in classes.paths(FileClass.TESTS) if path.endswith(".py")]
    tests = [metric for metric in measured if classes.of(metric.path) is FileClass.TESTS]
    cases = sum(metric.test_cases for metric in tests)
    assertions = sum(metric.assertions for metric in tests)
    return FiguresOfTests(
        test_files=len(paths),
        has_tests=bool(cases or assertions),
        test_cases=cases,
        assertions=assertions,
        test_frameworks=tuple(sorted(_frameworks(tests, paths, files))),
    )


class ClassesFigures(TypedDict):
    """The :class:`RepoResult` fields about the classes and the unmeasured files."""

    file_classes: tuple[ClassFigures, ...]
    vendored_share: float
    excluded: tuple[ExcludedFiles, ...]
    py2_files: int
    parse_errors: int
    skipped_files: int
    skipped: tuple[SkippedFile, ...]


def _lines(data: bytes | None) -> int:
    if not data:
        return 0
    return data.count(b"\n") + (not data.endswith(b"\n"))


def class_figures(
    classes: FileClasses, metrics: list[FileMetrics], python: list[str], files: CollectedFiles
) -> ClassesFigures:
    """Each class's Python files and lines, what was left out as someone else's, and
    the candidate's files that could not be measured, with why."""
    figures = []
    for file_class in FileClass:
        paths = [path for path in classes.paths(file_class) if path.endswith(".py")]
        lines = sum(_lines(files.contents.get(path)) for path in paths)
        figures.append(ClassFigures(file_class.value, len(paths), lines))
    total = sum(item.lines for item in figures)
    vendored = next(item.lines for item in figures if item.name == FileClass.VENDORED)
    excluded = [
        ExcludedFiles(found.root, found.file_class.value, found.why, count)
        for found, count in classes.roots(*NOT_THEIRS)
    ]
    theirs = [metric for metric in metrics if classes.of(metric.path) not in NOT_THEIRS]
    # A file too large to be read never reached the measuring, so it is counted here.
    oversized = [
        path for path in python if path in files.oversized and classes.of(path) not in NOT_THEIRS
    ]
    skipped = [
        SkippedFile(metric.path, _WHY_NOT_MEASURED[metric.status])
        for metric in theirs
        if metric.status is not FileStatus.OK
    ] + [SkippedFile(path, "too large to read") for path in oversized]
    return ClassesFigures(
        file_classes=tuple(figures),
        vendored_share=round(vendored / total, 3) if total else 0.0,
        excluded=tuple(excluded[:MAX_LISTED]),
        py2_files=sum(metric.status is FileStatus.PYTHON2 for metric in theirs),
        parse_errors=sum(metric.status.parse_error for metric in theirs),
        skipped_files=sum(metric.status.skipped for metric in theirs) + len(oversized),
        skipped=tuple(sorted(skipped, key=lambda item: item.path)[:MAX_LISTED]),
    )
