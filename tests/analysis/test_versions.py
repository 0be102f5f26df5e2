"""Any Python version: code of Python 3.12-3.14 measured on the running interpreter,
Python 2 told by its forms and measured, files that do not parse still counted."""

from pathlib import Path

import pytest
from tests.analysis.sdists import unpacked

from recruitdesk.analysis.engine import analyze_path
from recruitdesk.analysis.metrics import FileStatus, measure_file

#: Python 3.10 to 3.14, beside the same code written for 3.11 (the figures must agree).
MODERN = '''"""Shapes."""
type Pair[T] = tuple[T, T]
type Table[K, V = str] = dict[K, V]


class Stack[T = int]:
    """A stack."""

    def __init__(self) -> None:
        self.items: list[T] = []

    def push[S: (int, str)](self, item: T, extra: S | None = None) -> None:
        if item is None or extra:
            raise ValueError
        self.items.append(item)


def label(point: dict[str, int], names: list[str]) -> str:
    match point:
        case {"x": 0}:
            kind = "axis"
        case _:
            kind = "plane"
    try:
        value = point["x"] // point["y"]
    except ZeroDivisionError, KeyError:
        value = 0
    return f"{kind}: {point["x"] if value else '-'} {'\\n'.join(names)} {
        value  # the quotient
    }"
'''
AS_PYTHON_311 = '''"""Shapes."""
Pair = tuple[T, T]
Table = dict[K, V]


class Stack:
    """A stack."""

    def __init__(self) -> None:
        self.items: list[T] = []

    def push(self, item: T, extra: S | None = None) -> None:
        if item is None or extra:
            raise ValueError
        self.items.append(item)


def label(point: dict[str, int], names: list[str]) -> str:
    match point:
        case {"x": 0}:
            kind = "axis"
        case _:
            kind = "plane"
    try:
        value = point["x"] // point["y"]
    except (ZeroDivisionError, KeyError):
        value = 0
    return f"""{kind}: {point[_x] if value else _dash} {_nl.join(names)} {
        value
    }"""
'''


def test_code_of_python_3_12_to_3_14_is_measured_as_its_3_11_equivalent() -> None:
    modern = measure_file("modern.py", MODERN.encode())
    equivalent = measure_file("equivalent.py", AS_PYTHON_311.encode())
    assert modern.status is equivalent.status is FileStatus.OK
    # A comment inside an f-string is part of the string's one token on every
    # interpreter (rawmetrics joins 3.12's parts back), so it is not counted.
    assert (modern.sloc, modern.loc, modern.comments) == (
        equivalent.sloc,
        equivalent.loc,
        equivalent.comments,
    )
    assert modern.block_complexities == equivalent.block_complexities
    assert modern.halstead_volume == equivalent.halstead_volume
    assert (modern.functions, modern.typed_functions) == (3, 3)
    assert modern.features >= {
        "type_parameters",
        "type_parameter_defaults",
        "type_aliases",
        "f_string_nesting",
        "except_without_parentheses",
        "match",
        "union_types",
    }


def test_a_repository_of_modern_code_has_no_parse_error(tmp_path: Path) -> None:
    (tmp_path / "shapes.py").write_text(MODERN)
    (tmp_path / "templates.py").write_text(
        'def render(name: str) -> object:\n    return t"Hello {name}"\n'
    )
    (tmp_path / "numbers.py").write_text(
        "def zeros[T]() -> tuple[int, int]:\n    return (00, 00)\n"
    )
    repo = analyze_path(tmp_path, workers=1).repos[0]
    assert (repo.files, repo.parse_errors, repo.py2_files) == (3, 0, 0)
    assert repo.functions == 5
    assert {"template_strings", "type_aliases"} <= set(repo.python_features)


@pytest.mark.parametrize(
    ("form", "source"),
    [
        ("print statement", 'def f():\n    print "x", 1\n'),
        ("print to a file", "import sys\nprint >>sys.stderr, 'x',\nprint 'y'\n"),
        ("long integer", "MASK = 0xFFL\nBIG = 10L\n"),
        ("octal", "MODE = 0777\n"),
        ("backticks", "def show(x):\n    return `x`\n"),
        ("exec statement", 'exec "x = 1"\n'),
        ("exec in", "exec code in namespace\n"),
        ("except comma", "try:\n    pass\nexcept ValueError, error:\n    pass\n"),
        ("except tuple comma", "try:\n    pass\nexcept (IOError, OSError), e:\n    pass\n"),
        ("raise comma", 'raise ValueError, "bad"\n'),
        ("ur string", "PATTERN = ur'\\d+'\n"),
        ("tuple parameters", "def f((a, b), c):\n    return a\n"),
        ("lambda tuple parameters", "f = lambda (a, b): a\n"),
        ("not equal", "if 1 <> 2:\n    pass\n"),
        ("assign to False", "False = False\n"),
    ],
)
def test_python2_forms_are_recognised_and_measured(form: str, source: str) -> None:
    metrics = measure_file("old.py", source.encode())
    assert metrics.status is FileStatus.PYTHON2, form
    assert metrics.sloc == len(source.splitlines()), form
    assert metrics.mi is not None, form


def test_a_latin1_file_with_a_coding_line_is_read_and_its_backticks_seen() -> None:
    source = "# -*- coding: latin-1 -*-\nNAME = 'café'\n\ndef show(x):\n    return `x`\n"
    metrics = measure_file("old.py", source.encode("latin-1"))
    assert metrics.status is FileStatus.PYTHON2
    assert (metrics.functions, metrics.sloc) == (1, 3)


@pytest.mark.parametrize(
    "source",
    [
        "def zeros():\n    return (00, 00)\n",
        "type Zeros = tuple[int, int]\ndef zeros():\n    return (00, 00)\n",
        "try:\n    pass\nexcept ValueError, TypeError:\n    pass\n",
        "try:\n    pass\nexcept socket.timeout, socket.error:\n    pass\n",
        "def f():\n    print ('x')\n    return 0o777, 0, 1_000\n",
    ],
)
def test_valid_modern_code_is_not_python2(source: str) -> None:
    assert measure_file("new.py", source.encode()).status is FileStatus.OK


def test_init_without_annotations_is_not_typed() -> None:
    source = (
        "class A:\n"
        "    def __init__(self):\n        pass\n"
        "class B:\n"
        "    def __init__(self, x: int):\n        self.x = x\n"
    )
    metrics = measure_file("init.py", source.encode())
    assert (metrics.functions, metrics.typed_functions) == (2, 1)


def test_a_file_that_does_not_parse_still_counts_its_lines() -> None:
    source = "import os\n\n# setup\ndef broken(:\n    return os.sep\nx = 1\n"
    metrics = measure_file("bad.py", source.encode())
    assert metrics.status is FileStatus.PARSE_ERROR
    assert (metrics.loc, metrics.sloc, metrics.comments) == (6, 4, 1)


def test_an_unterminated_file_is_counted_by_the_tolerant_scan() -> None:
    source = 'x = 1\ns = """never closed\n\ny = `2`\n'
    metrics = measure_file("bad.py", source.encode())
    assert metrics.status in (FileStatus.PARSE_ERROR, FileStatus.PYTHON2)
    assert metrics.loc == 4
    assert metrics.sloc >= 1


def test_beautifulsoup_3_a_python2_library_is_measured(tmp_path: Path) -> None:
    folder = unpacked("BeautifulSoup", "3.2.2", tmp_path)
    repo = analyze_path(folder, workers=1).repos[0]
    assert repo.py2_files >= 2
    assert repo.parse_errors == repo.py2_files  # every file read, none lost
    assert repo.functions > 100
    assert repo.sloc > 1000  # BeautifulSoup.py alone: its tests file is judged as tests
    assert repo.cc_max > 10


def test_docopt_0_6_a_python2_era_module_is_measured(tmp_path: Path) -> None:
    folder = unpacked("docopt", "0.6.2", tmp_path)
    repo = analyze_path(folder, workers=1).repos[0]
    assert repo.files >= 2
    assert repo.parse_errors == 0
    assert repo.functions > 30
    assert repo.sloc > 400
