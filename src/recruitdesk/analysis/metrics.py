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
import io
import signal
import threading
import tokenize
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from types import FrameType

from radon.complexity import ComplexityVisitor
from radon.metrics import h_visit_ast, mi_compute

from recruitdesk.analysis.parsing import parse_source
from recruitdesk.analysis.rawmetrics import raw_figures, tolerant_figures
from recruitdesk.analysis.testcounts import count_tests

#: Files larger than this are not measured (generated code, data dumps).
DEFAULT_MAX_FILE_BYTES = 1_000_000
#: Seconds one file may take; radon's raw metrics can be quadratic.
DEFAULT_TIME_BUDGET = 10.0


class FileStatus(StrEnum):
    OK = "ok"
    #: Not Python of any version: only its raw lines are counted.
    PARSE_ERROR = "parse_error"
    #: Python 2: measured in full where its rewrite into Python 3 parses, else its lines.
    PYTHON2 = "python2"
    #: Binary, or text in neither UTF-8 nor the encoding its coding line declares.
    UNDECODABLE = "undecodable"
    TOO_LARGE = "too_large"
    TOO_SLOW = "too_slow"
    #: Nested too deeply for the parser or radon's visitors.
    TOO_DEEP = "too_deep"

    @property
    def parse_error(self) -> bool:
        return self in (FileStatus.PARSE_ERROR, FileStatus.PYTHON2, FileStatus.UNDECODABLE)

    @property
    def measured(self) -> bool:
        """Whether the file has figures (at least its raw lines)."""
        return self in (FileStatus.OK, FileStatus.PARSE_ERROR, FileStatus.PYTHON2)

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


# --- the ast pass -----------------------------------------------------------------

_ASYNC_NODES = (ast.AsyncFunctionDef, ast.Await, ast.AsyncFor, ast.AsyncWith)
#: The kinds of node :meth:`_Pass._feature` looks at: every other node (most of a tree:
#: constants, calls, contexts) is passed over at the cost of one lookup.
_FEATURE_NODES = frozenset(
    {
        ast.Import,
        ast.ImportFrom,
        ast.Match,
        ast.NamedExpr,
        ast.JoinedStr,
        ast.TryStar,
        *_ASYNC_NODES,
        ast.Attribute,
        ast.Name,
        ast.arg,
        ast.AnnAssign,
        ast.FunctionDef,
    }
)


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
    # mypy's rule: an ``__init__`` needs no return annotation once a parameter has one;
    # ``def __init__(self)`` alone is unannotated.
    return function.returns is not None or (function.name == "__init__" and bool(every))


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

    def run(self, tree: ast.Module, nodes: list[ast.AST]) -> None:
        """``nodes``: every node of ``tree``."""
        self._visit_body(tree.body, in_class=False)
        for node in nodes:
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
        if type(node) not in _FEATURE_NODES:
            return
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
    """The text as radon's command line reads it (UTF-8, universal newlines), or in the
    encoding its coding line declares (PEP 263, common in Python 2), or ``None`` for a
    binary file or one in neither."""
    if b"\x00" in data:
        return None
    try:
        text: str | None = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _declared_decoding(data)
    if text is None:
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _declared_decoding(data: bytes) -> str | None:
    try:
        encoding, _lines = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        return None


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


def _measure_text(path: str, source: str) -> FileMetrics:
    parsed = parse_source(source, path)
    status = FileStatus.PYTHON2 if parsed.python2 else FileStatus.OK
    tree, text = parsed.tree, parsed.text
    if tree is None:
        lines = tolerant_figures(text)
        status = FileStatus.PYTHON2 if parsed.python2 else FileStatus.PARSE_ERROR
        return FileMetrics(path, status, sloc=lines.sloc, loc=lines.loc, comments=lines.comments)
    visitor = ComplexityVisitor.from_ast(tree)
    blocks = tuple(int(block.complexity) for block in visitor.blocks)
    volume = float(h_visit_ast(tree).total.volume)
    raw = raw_figures(text)
    comment_lines = raw.comments + raw.multi  # radon mi's default: multi-line strings count
    comment_share = comment_lines / float(raw.sloc) * 100 if raw.sloc != 0 else 0
    mi = float(mi_compute(volume, visitor.total_complexity, raw.lloc, comment_share))
    nodes = list(ast.walk(tree))  # walked once for the features and the assertions
    walk = _Pass()
    walk.run(tree, nodes)
    tests = count_tests(tree, nodes)
    return FileMetrics(
        path=path,
        status=status,
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
        features=frozenset(walk.features | parsed.features),
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
