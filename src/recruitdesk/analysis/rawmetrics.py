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

From Python 3.12 ``tokenize`` splits an f-string into parts (PEP 701); they are joined
back into the one string token of 3.11, so the figures do not depend on the interpreter.
A file that no parser reads (:func:`tolerant_figures`) is counted by a tolerant scan
instead, by the same rules where it can tell them.
"""

import bisect
import io
import re
import tokenize
from collections.abc import Iterator
from typing import NamedTuple

from radon.raw import _logical
from radon.raw import analyze as radon_analyze

from recruitdesk.analysis.python2 import tokens

_SKIPPED = frozenset({tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT})
#: Line breaks of ``str.splitlines`` (which radon uses) that ``tokenize`` does not know.
_OTHER_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ENDMARKER = tokenize.TokenInfo(tokenize.ENDMARKER, "", (0, 0), (0, 0), "")
#: The token types that open and close an f-string or t-string on Python 3.12 and later.
_OPENING = {
    getattr(tokenize, name)
    for name in ("FSTRING_START", "TSTRING_START")
    if hasattr(tokenize, name)
}
_CLOSING = {
    getattr(tokenize, name) for name in ("FSTRING_END", "TSTRING_END") if hasattr(tokenize, name)
}


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
    for token in _tokens(text):
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


def _tokens(text: str) -> Iterator[tokenize.TokenInfo]:
    """The tokens of ``text`` as Python 3.11 gives them: an f-string is one token."""
    stream = tokenize.generate_tokens(io.StringIO(text).readline)
    if not _OPENING:
        yield from stream
        return
    depth = 0
    first: tokenize.TokenInfo | None = None
    for token in stream:
        if token.type in _OPENING:
            depth += 1
            first = token if depth == 1 else first
        elif token.type in _CLOSING:
            depth -= 1
            if depth == 0 and first is not None:
                yield tokenize.TokenInfo(tokenize.STRING, "", first.start, token.end, first.line)
        elif depth == 0:
            yield token


def tolerant_figures(text: str) -> RawFigures:
    """radon's raw metrics where ``tokenize`` reads ``text``; otherwise a count by the
    same rules from a scan that never fails (for a file that does not parse)."""
    try:
        return raw_figures(text)
    except (tokenize.TokenError, SyntaxError):
        return _scanned_figures(text)


def _scanned_figures(text: str) -> RawFigures:
    lines = text.splitlines()
    kinds = ["blank" if not line.strip() else "" for line in lines]
    comments = lloc = 0
    line_of = _LineOf(text)
    statement_open = False
    for token in tokens(text):
        row = line_of(token.start)
        if token.kind == "comment":
            comments += 1
            kinds[row] = kinds[row] or "comment"
        elif token.kind == "newline":
            statement_open = False
        elif token.kind not in ("space", "continuation"):
            last = line_of(max(token.end - 1, token.start))
            alone = token.kind == "string" and not statement_open
            for covered in range(row, last + 1):
                if kinds[covered] in ("", "comment") and lines[covered].strip():
                    kinds[covered] = "multi" if alone and last > row else "code"
            lloc += not statement_open
            statement_open = True
    sloc, multi, blank = kinds.count("code"), kinds.count("multi"), kinds.count("blank")
    single = kinds.count("comment")
    return RawFigures(sloc + blank + multi + single, lloc, sloc, comments, multi, blank, single)


class _LineOf:
    """The 0-based line of a character offset."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(index + 1 for index, char in enumerate(text) if char == "\n")]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1
