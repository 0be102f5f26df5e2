"""Per-file metrics: one parse, radon's own figures, the ast pass, bad files."""

import contextlib
import io
import json
import threading
from pathlib import Path

import pytest
import radon
from radon.cli import program

from recruitdesk.analysis.engine import analyze_path
from recruitdesk.analysis.metrics import FileStatus, measure_file
from recruitdesk.analysis.pool import measure_files
from recruitdesk.analysis.python2 import convert

RADON_SOURCE = Path(radon.__file__).parent


def radon_cli(command: str, folder: Path, ignore: str = "") -> dict[str, object]:
    """radon's own command line, JSON out; ``ignore``: folders left out. Its entry point
    runs here (``radon`` is ``radon.cli.program()``): the same output as the process
    gave, without starting three interpreters."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        program.execute([command, "-j", "-i", ignore, str(folder)])
    data: dict[str, object] = json.loads(out.getvalue())
    return data


def test_figures_agree_with_radons_own_command_line() -> None:
    """Total sloc, mean complexity and mean MI of radon's own code (its tests are
    judged as tests, not as code), as `radon raw`, `radon cc` and `radon mi` give them
    on the same files."""
    repo = analyze_path(RADON_SOURCE, workers=1).repos[0]
    raw = radon_cli("raw", RADON_SOURCE, ignore="tests")
    cc = radon_cli("cc", RADON_SOURCE, ignore="tests")
    mi = radon_cli("mi", RADON_SOURCE, ignore="tests")
    sloc = sum(int(v["sloc"]) for v in raw.values() if isinstance(v, dict) and "sloc" in v)
    blocks = [b["complexity"] for v in cc.values() if isinstance(v, list) for b in v]
    mis = [float(v["mi"]) for v in mi.values() if isinstance(v, dict) and "mi" in v]
    code = next(item for item in repo.file_classes if item.name == "code")
    assert code.files == len(mis) > 10
    assert repo.files > code.files
    assert repo.sloc == sloc > 1500
    assert repo.cc_mean == pytest.approx(sum(blocks) / len(blocks), abs=0.01)
    assert repo.cc_max == max(blocks)
    assert repo.mi_mean == pytest.approx(sum(mis) / len(mis), abs=1.0)


def test_worker_processes_give_the_same_figures_as_one_process() -> None:
    sources = sorted(
        (path.relative_to(RADON_SOURCE).as_posix(), path.read_bytes())
        for path in RADON_SOURCE.rglob("*.py")
    )
    alone = measure_files(sources, workers=1)
    spread = measure_files(sources, workers=2, in_process_bytes=0)
    assert [m.path for m in spread] == [path for path, _data in sources]
    assert spread == alone


def test_one_pass_sees_typing_docstrings_and_modern_features() -> None:
    source = b'''"""Module."""
import asyncio
from typing import Protocol
from dataclasses import dataclass

class Greeter(Protocol):
    def greet(self, name: str) -> str: ...

@dataclass
class Point:
    """A point."""
    x: int | None = None

def public(a, b: int) -> int:
    return a + b

def _private(a: int) -> int:
    return a

async def main() -> None:
    """Run."""
    async with asyncio.TaskGroup() as group:
        group.create_task(asyncio.sleep(0))
    try:
        pass
    except* ValueError:
        pass
    if (n := 3) > 2:
        print(f"{n}")
'''
    metrics = measure_file("m.py", source)
    assert metrics.status is FileStatus.OK
    assert metrics.functions == 4  # greet, public, _private, main
    assert metrics.typed_functions == 3  # public lacks an annotation on a
    assert (metrics.public_definitions, metrics.documented_definitions) == (5, 2)
    assert metrics.features == {
        "async",
        "dataclasses",
        "except_star",
        "f_strings",
        "protocol",
        "task_group",
        "union_types",
        "walrus",
    }
    assert metrics.imports == {"asyncio", "typing", "dataclasses"}


@pytest.mark.parametrize(
    "source",
    [
        'print "hello"\n',
        "try:\n    pass\nexcept ValueError, error:\n    pass\n",
        "x = `1`\n",
        "if 1 <> 2:\n    pass\n",
        "s = ur'raw'\n",
    ],
)
def test_python2_syntax_is_told_from_other_parse_errors(source: str) -> None:
    assert measure_file("old.py", source.encode()).status is FileStatus.PYTHON2
    assert convert(source).forms


@pytest.mark.parametrize(
    "source",
    [
        "def broken(:\n    return 1\n",
        'def broken(:\n    """Use ``x <> y`` or `print "x"` in prose."""  # a <> b\n',
    ],
)
def test_a_broken_python3_file_is_a_parse_error_not_python2(source: str) -> None:
    assert measure_file("bad.py", source.encode()).status is FileStatus.PARSE_ERROR


def test_bad_files_are_counted_and_skipped_never_a_crash() -> None:
    deep = ("x = " + "(" * 5000 + "1" + ")" * 5000 + "\n").encode()
    nested = "".join("    " * i + f"if x{i}:\n" for i in range(120)) + "    " * 120 + "pass\n"
    statuses = {
        name: measure_file(name, data, max_bytes=200_000).status
        for name, data in {
            "binary.py": b"\x00\x01\x02 not text",
            "latin1.py": "name = 'café'\n".encode("latin-1"),
            "deep.py": deep,
            "nested.py": nested.encode(),
            "huge.py": b"x = 1\n" * 40_000,
        }.items()
    }
    assert statuses["binary.py"] is FileStatus.UNDECODABLE
    assert statuses["latin1.py"] is FileStatus.UNDECODABLE
    assert statuses["deep.py"] in (FileStatus.TOO_DEEP, FileStatus.PARSE_ERROR)
    assert statuses["nested.py"] in (FileStatus.OK, FileStatus.TOO_DEEP, FileStatus.PARSE_ERROR)
    assert statuses["huge.py"] is FileStatus.TOO_LARGE


#: A long multi-line statement, and a form feed that makes the raw figures fall back to
#: radon's own quadratic function: slow on purpose.
SLOW = ("\x0c\nDATA = [\n" + "".join(f"    {i},\n" for i in range(6000)) + "]\n").encode()


def test_off_the_main_thread_a_slow_file_still_meets_its_budget_in_a_worker() -> None:
    """A Qt worker thread cannot take a timer signal: the file goes to a process."""
    data = SLOW
    found: list[FileStatus] = []
    thread = threading.Thread(
        target=lambda: found.extend(
            m.status for m in measure_files([("data.py", data)], time_budget=0.2)
        )
    )
    thread.start()
    thread.join(timeout=60)
    assert found == [FileStatus.TOO_SLOW]


# The timer's exception may land in a weakref callback that CPython reports as
# unraisable and swallows; the flag still marks the file too slow (metrics._Budget).
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_file_over_its_time_budget_is_skipped() -> None:
    assert measure_file("data.py", SLOW, time_budget=0.05).status is FileStatus.TOO_SLOW
