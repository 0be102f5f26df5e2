"""radon's raw metrics (``radon raw``: sloc, lloc, comments, multi, blank), in one
linear ``tokenize`` pass.

``radon.raw.analyze`` strips each line and tokenizes a growing buffer until a statement
is complete, so a long multi-line statement costs quadratic time (radon issues #223,
#97; a 2,500-line data file took 67 s). The figures only depend on how the lines group
into statements, which one pass over the real token stream gives: a group is a logical
line (up to its ``NEWLINE``), or a blank or comment-only line on its own. Each group is
then counted by radon's own rules, and its logical lines by radon's own ``_logical``.

Where the two could differ (characters that ``str.splitlines`` takes for line breaks
and ``tokenize`` does not, or a token the tokenizer cannot read) this falls back to
radon's function, so the figures are radon's in every case; the tests compare both on
real code.
"""

import io
import re
import tokenize
from typing import NamedTuple

from radon.raw import _logical
from radon.raw import analyze as radon_analyze

_SKIPPED = frozenset({tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT})
#: Line breaks of ``str.splitlines`` (which radon uses) that ``tokenize`` does not know.
_OTHER_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ENDMARKER = tokenize.TokenInfo(tokenize.ENDMARKER, "", (0, 0), (0, 0), "")


class RawFigures(NamedTuple):
    """The fields of radon's ``raw.Module``."""

    loc: int
    lloc: int
    sloc: int
    comments: int
    multi: int
    blank: int
    single_comments: int


def raw_figures(text: str) -> RawFigures:
    """radon's raw metrics of ``text`` (newlines already ``\\n``)."""
    if _OTHER_BREAKS.search(text):
        return RawFigures(*radon_analyze(text))
    try:
        return _one_pass(text)
    except (tokenize.TokenError, IndentationError, SyntaxError, _FallbackError):
        return RawFigures(*radon_analyze(text))


class _FallbackError(Exception):
    pass


def _one_pass(text: str) -> RawFigures:
    stripped = [line.strip() for line in text.splitlines()]  # as radon reads the lines
    lloc = sloc = comments = multi = blank = single = 0
    group: list[tokenize.TokenInfo] = []
    first_row = 1
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        kind = token.type
        if kind == tokenize.ERRORTOKEN:
            raise _FallbackError
        if kind == tokenize.ENDMARKER:
            break
        if kind in (tokenize.INDENT, tokenize.DEDENT):
            continue
        if kind == tokenize.COMMENT:
            comments += 1
        ends = kind == tokenize.NEWLINE or (
            kind == tokenize.NL and all(t.type in (tokenize.COMMENT, tokenize.NL) for t in group)
        )
        group.append(token)
        if not ends:
            continue
        last_row = token.start[0]
        lines = stripped[first_row - 1 : last_row]
        meaningful = [t for t in group if t.type not in _SKIPPED]
        if len(meaningful) == 1 and meaningful[0].type == tokenize.COMMENT:
            single += 1
        elif len(meaningful) == 1 and meaningful[0].type == tokenize.STRING:
            if meaningful[0].start[0] == meaningful[0].end[0]:
                single += 1
            else:
                multi += sum(1 for line in lines if line)
                blank += sum(1 for line in lines if not line)
        elif not meaningful and len(lines) == 1 and not lines[0]:
            blank += 1
        else:
            code = sum(1 for line in lines if line)
            sloc += code
            blank += len(lines) - code
        lloc += _logical([*group, _ENDMARKER])
        group = []
        first_row = last_row + 1
    if group or first_row <= len(stripped):
        raise _FallbackError  # lines the pass did not account for: let radon count
    loc = sloc + blank + multi + single
    return RawFigures(loc, lloc, sloc, comments, multi, blank, single)
