"""The figures of one Python file: one parse, radon's metrics from that tree, and one
``ast`` pass for typing, docstrings, modern features and imports.

radon's definitions are kept (docs/architecture.md, "The analysis": ``sloc``, ``cc_*``
and ``mi_mean`` agree with radon's own command line): the blocks of ``radon cc``
(functions, classes, methods), ``radon raw``'s source lines and ``radon mi`` with
multi-line strings counted as comments, its default. Only the parsing is shared:
``mi_visit`` would parse the file and run ``raw.analyze`` again.

The raw figures come from one linear ``tokenize`` pass that gives radon's numbers
(:mod:`.rawmetrics`; ``raw.analyze`` itself is quadratic on long multi-line statements,
radon issues #223, #97, and is only used where that pass cannot be sure). Each file
still has a size cap and, where the process can take a signal (the main thread of a
worker process), a time budget; a file over either is skipped and counted.
"""

import ast
import re
import signal
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from types import FrameType

from radon.complexity import ComplexityVisitor
from radon.metrics import h_visit_ast, mi_compute

from recruitdesk.analysis.rawmetrics import raw_figures
from recruitdesk.analysis.testcounts import count_tests

#: Files larger than this are not measured (generated code, data dumps).
DEFAULT_MAX_FILE_BYTES = 1_000_000
#: Seconds one file may take; radon's raw metrics can be quadratic.
DEFAULT_TIME_BUDGET = 10.0


class FileStatus(StrEnum):
    OK = "ok"
    #: Not Python 3 (and shows no Python 2 syntax).
    PARSE_ERROR = "parse_error"
    #: Not Python 3, and shows Python 2 syntax.
    PYTHON2 = "python2"
    #: Binary or not UTF-8.
    UNDECODABLE = "undecodable"
    TOO_LARGE = "too_large"
    TOO_SLOW = "too_slow"
    #: Nested too deeply for the parser or radon's visitors.
    TOO_DEEP = "too_deep"

    @property
    def parse_error(self) -> bool:
        return self in (FileStatus.PARSE_ERROR, FileStatus.PYTHON2, FileStatus.UNDECODABLE)

    @property
    def skipped(self) -> bool:
        return self in (FileStatus.TOO_LARGE, FileStatus.TOO_SLOW, FileStatus.TOO_DEEP)


@dataclass(frozen=True, slots=True)
class FileMetrics:
    path: str
    status: FileStatus = FileStatus.OK
    sloc: int = 0
    loc: int = 0
    comments: int = 0
    #: Complexity of each radon ``cc`` block (functions, methods, classes).
    block_complexities: tuple[int, ...] = ()
    mi: float | None = None
    halstead_volume: float = 0.0
    functions: int = 0
    typed_functions: int = 0
    public_definitions: int = 0
    documented_definitions: int = 0
    features: frozenset[str] = field(default_factory=frozenset)
    #: Top-level names of absolute imports.
    imports: frozenset[str] = field(default_factory=frozenset)
    #: Test functions and methods (:mod:`.testcounts`), and those at module level.
    test_cases: int = 0
    top_level_tests: int = 0
    assertions: int = 0


# --- Python 2 ---------------------------------------------------------------------

_PY2_PATTERNS = (
    re.compile(r"^\s*print\s+(?![\s(=.,)\[]|$)[^\n]*$", re.MULTILINE),  # print "x"
    re.compile(r"^\s*print\s*$", re.MULTILINE),  # bare print statement
    re.compile(r"^\s*except\s+[\w.]+\s*,\s*\w+\s*:", re.MULTILINE),  # except E, e:
    re.compile(r"^\s*raise\s+[\w.]+\s*,\s*\S", re.MULTILINE),  # raise E, "message"
    re.compile(r"^\s*exec\s+['\"]", re.MULTILINE),  # exec "code"
    re.compile(r"`[^`\n]+`"),  # backticks
    re.compile(r"[\w)\]'\"]\s*<>\s*[\w(\['\"]"),  # <>
    re.compile(r"(?<![\w'\"])[uU][rR]['\"]"),  # ur'' literals
    re.compile(r"(?<![\w.])0\d+(?![\d.eEjJxXoObB])"),  # 0777 octal
    re.compile(r"(?<![\w.])\d+[lL]\b"),  # 10L longs
)


#: String literals (kept as an empty pair of quotes) and comments (dropped), so that
#: backticks in a docstring or ``<>`` in a comment are not taken for Python 2.
_STRINGS_AND_COMMENTS = re.compile(
    r'(?s)("""(?:.*?)"""'
    r"|'''(?:.*?)'''"
    r'|"(?:\\.|[^"\\\n])*"'
    r"|'(?:\\.|[^'\\\n])*'"
    r"|#[^\n]*)"
)


def _blank_strings(match: re.Match[str]) -> str:
    return "" if match.group(0).startswith("#") else '""'


def shows_python2(text: str) -> bool:
    """Whether source that does not parse as Python 3 shows Python 2 syntax."""
    code = _STRINGS_AND_COMMENTS.sub(_blank_strings, text)
    return any(pattern.search(code) for pattern in _PY2_PATTERNS)


# --- the ast pass -----------------------------------------------------------------

_ASYNC_NODES = (ast.AsyncFunctionDef, ast.Await, ast.AsyncFor, ast.AsyncWith)


def _annotation_has_union(node: ast.expr | None) -> bool:
    if node is None:
        return False
    return any(
        isinstance(child, ast.BinOp) and isinstance(child.op, ast.BitOr) for child in ast.walk(node)
    )


def _name_of(node: ast.expr) -> str:
    """``dataclass`` for ``dataclass``, ``dataclasses.dataclass`` or ``dataclass(...)``."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _is_typed(function: ast.FunctionDef | ast.AsyncFunctionDef, is_method: bool) -> bool:
    args = function.args
    positional = [*args.posonlyargs, *args.args]
    if (
        is_method
        and positional
        and not any(_name_of(decorator) == "staticmethod" for decorator in function.decorator_list)
    ):
        positional = positional[1:]  # self / cls
    every = [*positional, *args.kwonlyargs]
    every += [arg for arg in (args.vararg, args.kwarg) if arg is not None]
    if any(arg.annotation is None for arg in every):
        return False
    return function.returns is not None or function.name == "__init__"


def _is_public(name: str) -> bool:
    return not name.startswith("_")


class _Pass:
    """Everything the one walk over a module's tree collects."""

    def __init__(self) -> None:
        self.functions = 0
        self.typed = 0
        self.public = 0
        self.documented = 0
        self.features: set[str] = set()
        self.imports: set[str] = set()

    def run(self, tree: ast.Module) -> None:
        self._visit_body(tree.body, in_class=False)
        for node in ast.walk(tree):
            self._feature(node)

    def _visit_body(self, body: list[ast.stmt], in_class: bool) -> None:
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self.functions += 1
                self.typed += _is_typed(node, in_class)
                if _is_public(node.name):
                    self.public += 1
                    self.documented += ast.get_docstring(node, clean=False) is not None
                self._visit_body(node.body, in_class=False)
            elif isinstance(node, ast.ClassDef):
                if _is_public(node.name):
                    self.public += 1
                    self.documented += ast.get_docstring(node, clean=False) is not None
                self._visit_body(node.body, in_class=True)
            else:
                for child in ast.iter_child_nodes(node):
                    if isinstance(child, ast.stmt):
                        self._visit_body([child], in_class)

    def _feature(self, node: ast.AST) -> None:
        features = self.features
        if isinstance(node, ast.Import):
            self.imports.update(alias.name.split(".", 1)[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                self.imports.add(node.module.split(".", 1)[0])
                if node.module == "typing" and any(a.name == "Protocol" for a in node.names):
                    features.add("protocol")
                if node.module == "dataclasses":
                    features.add("dataclasses")
        elif isinstance(node, ast.Match):
            features.add("match")
        elif isinstance(node, ast.NamedExpr):
            features.add("walrus")
        elif isinstance(node, ast.JoinedStr):
            features.add("f_strings")
        elif isinstance(node, ast.TryStar):
            features.add("except_star")
        elif isinstance(node, _ASYNC_NODES):
            features.add("async")
        elif isinstance(node, ast.Attribute | ast.Name):
            name = node.attr if isinstance(node, ast.Attribute) else node.id
            if name == "TaskGroup":
                features.add("task_group")
            elif name == "Protocol":
                features.add("protocol")
            elif name == "dataclass":
                features.add("dataclasses")
        annotation: ast.expr | None = None
        if isinstance(node, ast.arg | ast.AnnAssign):
            annotation = node.annotation
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            annotation = node.returns
        if _annotation_has_union(annotation):
            features.add("union_types")


# --- the time budget ----------------------------------------------------------------


class _OutOfTimeError(Exception):
    pass


class _Budget:
    """Whether the timer fired. The signal's exception can land where CPython swallows
    it (a weakref callback during ``ast.parse``) or turn into a ``SystemError`` there
    ("AST constructor recursion depth mismatch"): the flag says what happened anyway."""

    expired = False


def _raise_out_of_time(_signum: int, _frame: FrameType | None) -> None:
    _Budget.expired = True
    raise _OutOfTimeError


def can_budget_time() -> bool:
    """Whether a timer signal can interrupt a slow file here (the main thread, POSIX)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def _time_budget(seconds: float | None) -> Iterator[None]:
    """Interrupt the block after ``seconds`` where a timer signal can do it; elsewhere
    the size cap alone protects (and :mod:`.pool` sends larger files to a worker)."""
    if seconds is None or not can_budget_time():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise_out_of_time)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- one file -----------------------------------------------------------------------


def decode_source(data: bytes) -> str | None:
    """The text as radon's command line reads it (UTF-8, universal newlines), or
    ``None`` for a binary or non-UTF-8 file."""
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def measure_file(
    path: str,
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> FileMetrics:
    """The figures of one file; never raises for a bad file (the status says why)."""
    if len(data) > max_bytes:
        return FileMetrics(path, FileStatus.TOO_LARGE)
    text = decode_source(data)
    if text is None:
        return FileMetrics(path, FileStatus.UNDECODABLE)
    _Budget.expired = False
    try:
        with _time_budget(time_budget):
            measured = _measure_text(path, text)
    except _OutOfTimeError:
        return FileMetrics(path, FileStatus.TOO_SLOW)
    except (RecursionError, MemoryError):
        return FileMetrics(path, FileStatus.TOO_DEEP)
    except SystemError:
        if not _Budget.expired:
            raise
        return FileMetrics(path, FileStatus.TOO_SLOW)
    if _Budget.expired:  # the timer's exception was swallowed on the way
        return FileMetrics(path, FileStatus.TOO_SLOW)
    return measured


def _parse(text: str, path: str) -> ast.Module:
    """The tree; the parser's warnings about the code (invalid escapes) say nothing of
    whether it parses, and must not turn into errors where warnings are errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(text, filename=path)


def _measure_text(path: str, text: str) -> FileMetrics:
    try:
        tree = _parse(text, path)
    except (SyntaxError, ValueError):
        status = FileStatus.PYTHON2 if shows_python2(text) else FileStatus.PARSE_ERROR
        return FileMetrics(path, status)
    visitor = ComplexityVisitor.from_ast(tree)
    blocks = tuple(int(block.complexity) for block in visitor.blocks)
    volume = float(h_visit_ast(tree).total.volume)
    raw = raw_figures(text)
    comment_lines = raw.comments + raw.multi  # radon mi's default: multi-line strings count
    comment_share = comment_lines / float(raw.sloc) * 100 if raw.sloc != 0 else 0
    mi = float(mi_compute(volume, visitor.total_complexity, raw.lloc, comment_share))
    walk = _Pass()
    walk.run(tree)
    tests = count_tests(tree)
    return FileMetrics(
        path=path,
        sloc=int(raw.sloc),
        loc=int(raw.loc),
        comments=int(raw.comments),
        block_complexities=blocks,
        mi=mi,
        halstead_volume=volume,
        functions=walk.functions,
        typed_functions=walk.typed,
        public_definitions=walk.public,
        documented_definitions=walk.documented,
        features=frozenset(walk.features),
        imports=frozenset(walk.imports),
        test_cases=tests.cases,
        top_level_tests=tests.top_level,
        assertions=tests.assertions,
    )


def measure_batch(
    batch: list[tuple[str, bytes]], max_bytes: int, time_budget: float | None
) -> list[FileMetrics]:
    """:func:`measure_file` over a batch: the unit of work of a worker process."""
    return [
        measure_file(path, data, max_bytes=max_bytes, time_budget=time_budget)
        for path, data in batch
    ]
