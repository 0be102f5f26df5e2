"""The one-pass raw figures equal radon's ``raw.analyze`` on real and tricky code."""

import sys
from pathlib import Path

import pytest
import radon
from radon.raw import analyze

from recruitdesk.analysis.metrics import decode_source
from recruitdesk.analysis.rawmetrics import RawFigures, _one_pass, raw_figures

TRICKY = {
    "compound": "if x: return 0  # done\nelse:\n    pass; y = 1\n",
    "docstrings": '"""One line."""\n\n"""\nMany\n\nlines.\n"""\nx = """not\na docstring"""\n',
    "comments_inside": "call(1,\n     # a comment\n\n     2)  # end\n# alone\n",
    "continuation": "total = 1 + \\\n    2\nd = {1: 2,\n     3: 4}\n",
    "decorated": "@dec\nclass A:\n    '''Doc.'''\n    def f(self): return {1: 2}\n",
    "no_final_newline": "x = 1\n\n\n# tail",
    "strings": "s = ('a'\n     'b')\nt = f'{s!r:>10}'\nu = rb'\\\\d'\n",
    "empty": "",
    "blank_only": "\n\n   \n",
    "indented_blocks": (
        "def f():\n    if a:\n        return [\n            1,\n        ]\n\n    return 2\n"
    ),
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_code_gives_radons_figures_without_falling_back(name: str) -> None:
    source = TRICKY[name]
    assert _one_pass(source) == RawFigures(*analyze(source))


def test_every_file_of_a_real_package_gives_radons_figures() -> None:
    files = sorted(Path(radon.__file__).parent.rglob("*.py"))
    assert len(files) > 20
    for path in files:
        text = decode_source(path.read_bytes())
        assert text is not None
        assert raw_figures(text) == RawFigures(*analyze(text)), path


def _calls(source: str) -> int:
    """How many Python and C functions counting ``source`` calls: a measure of work
    that does not depend on the machine's speed or load."""
    count = 0

    def profile(_frame: object, event: str, _arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        raw_figures(source)
    finally:
        sys.setprofile(None)
    return count


def test_a_long_statement_is_linear() -> None:
    """radon's own count takes minutes on a 20,000-line statement: its work grows with
    the square of the statement's length. Four times the lines must cost at most about
    four times the calls. The square shows at small sizes already: radon's count made
    579,125 calls for 250 lines and 9,066,125 for 1,000 (15.7 times); this one, 18,106
    for 500 lines and 72,106 for 2,000 (4.0 times)."""

    def statement(lines: int) -> str:
        return "DATA = [\n" + "".join(f"    {i},\n" for i in range(lines)) + "]\n"

    figures = raw_figures(statement(2_000))
    assert (figures.sloc, figures.lloc, figures.loc) == (2_002, 1, 2_002)
    assert _calls(statement(2_000)) < 5 * _calls(statement(500))
