"""Code of Python 3.12 and later rewritten into Python 3.11 grammar, so that ``ast`` and
radon's visitors measure it on any interpreter.

libcst's parser follows the newest grammar whatever interpreter runs it; it decides
whether a file is valid Python 3 and where each newer construct is. Each construct is
then rewritten in the source text, on the same lines, into the 3.11 form that gives the
same complexity, Halstead operators and definitions:

- type parameters (PEP 695, defaults of PEP 696) are dropped: radon does not count them;
- ``type X = ...`` becomes ``X = ...``;
- ``except A, B:`` (PEP 758) becomes ``except (A, B):``; ``except E, e:`` is Python 2's
  binding, rewritten to ``except E as e:`` and reported as such;
- an f-string that only 3.12 reads (PEP 701: the same quotes inside, backslashes,
  comments or line breaks in a replacement field) keeps its fields, with each string
  inside one replaced by a name (one per distinct string, so Halstead's distinct operands
  are kept) and its comments dropped; a template string (PEP 750) becomes an f-string.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from recruitdesk.analysis.python2 import is_python2_binding, tokens

_STRINGS = (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString, cst.TemplatedString)
_Interpolated = cst.FormattedString | cst.TemplatedString
_Field = cst.FormattedStringExpression | cst.TemplatedStringExpression
#: CPython's own limit of nested brackets: deeper source is no Python at all.
MAX_BRACKETS = 200
#: Operators that nest to the right, counted per statement; libcst's parser recurses on
#: them and overflows its native stack (a crash, not an exception) some thousands deep.
MAX_RIGHT_NESTING = 500
_RIGHT_NESTING = frozenset({"-", "+", "~", "not", "lambda", "await", "**", "if"})


@dataclass(frozen=True, slots=True)
class Rewritten:
    """Source in 3.11 grammar, the newer features it used, and whether it showed Python 2."""

    text: str
    features: frozenset[str]
    python2: bool


class _Offsets:
    """Character offsets of libcst's (line, column) positions."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        self.starts.extend(index + 1 for index, char in enumerate(text) if char == "\n")

    def span(self, where: CodeRange) -> tuple[int, int]:
        return (
            self.starts[where.start.line - 1] + where.start.column,
            self.starts[where.end.line - 1] + where.end.column,
        )


class _Finder(cst.CSTVisitor):
    """Where each newer construct is; libcst calls ``visit_<NodeClass>`` by name."""

    def __init__(self, text: str, positions: dict[cst.CSTNode, CodeRange]) -> None:
        self.text = text
        self.positions = positions
        self.offsets = _Offsets(text)
        self.edits: list[tuple[int, int, str]] = []
        self.features: set[str] = set()
        self.python2 = False
        self.placeholders: dict[str, str] = {}

    def span(self, node: cst.CSTNode) -> tuple[int, int]:
        return self.offsets.span(self.positions[node])

    def _drop_parameters(self, parameters: cst.TypeParameters, keep_parens: bool) -> None:
        """Remove ``[...]``; its line breaks move into the parentheses that follow, so
        the file keeps its lines."""
        self.features.add("type_parameters")
        if any(param.default is not None for param in parameters.params):
            self.features.add("type_parameter_defaults")
        start, end = self.span(parameters)
        breaks = self.text.count("\n", start, end) * "\n"
        if keep_parens:
            opening = self.text.index("(", end)
            self.edits.append((start, opening + 1, "(" + breaks))
        else:
            self.edits.append((start, end, f"({breaks})" if breaks else ""))

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:  # noqa: N802
        if node.type_parameters is not None:
            self._drop_parameters(node.type_parameters, keep_parens=True)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:  # noqa: N802
        if node.type_parameters is not None:
            self._drop_parameters(
                node.type_parameters, keep_parens=isinstance(node.lpar, cst.LeftParen)
            )

    def visit_TypeAlias(self, node: cst.TypeAlias) -> None:  # noqa: N802
        self.features.add("type_aliases")
        start = self.span(node)[0]
        name_start, name_end = self.span(node.name)
        value_start, _value_end = self.span(node.value)
        breaks = self.text.count("\n", start, value_start) * "\n"
        if node.type_parameters is not None:
            self.features.add("type_parameters")
        name = self.text[name_start:name_end]
        self.edits.append((start, value_start, f"{name} = ({breaks}" if breaks else f"{name} = "))
        if breaks:
            end = self.span(node.value)[1]
            self.edits.append((end, end, ")"))

    def _handler(self, node: cst.ExceptHandler | cst.ExceptStarHandler) -> None:
        caught = node.type
        if not isinstance(caught, cst.Tuple) or caught.lpar or node.name is not None:
            return
        elements = caught.elements
        last = elements[-1].value
        if len(elements) == 2 and isinstance(last, cst.Name) and is_python2_binding(last.value):
            self.python2 = True
            comma = self.text.rindex(",", 0, self.span(last)[0])
            self.edits.append((comma, comma + 1, " as"))
            return
        self.features.add("except_without_parentheses")
        start, end = self.span(caught)
        self.edits.append((start, start, "("))
        self.edits.append((end, end, ")"))

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:  # noqa: N802
        self._handler(node)

    def visit_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:  # noqa: N802
        self._handler(node)

    def visit_FormattedString(self, node: cst.FormattedString) -> bool:  # noqa: N802
        self._interpolated(node)
        return False

    def visit_TemplatedString(self, node: cst.TemplatedString) -> bool:  # noqa: N802
        self.features.add("template_strings")
        self._interpolated(node)
        return False

    def _interpolated(self, node: _Interpolated) -> None:
        start, end = self.span(node)
        quote = node.quote
        fields = list(_fields(node.parts))
        texts = [self.text[slice(*self.span(field))] for field in fields]
        newer = any(
            quote[0] in text or "\\" in text or "#" in text or (len(quote) == 1 and "\n" in text)
            for text in texts
        )
        if not newer and isinstance(node, cst.FormattedString):
            return
        if newer:
            self.features.add("f_string_nesting")
        inner: list[tuple[int, int, str]] = []
        for field in fields:
            inner.extend(self._field_edits(field))
        prefix = node.prefix.replace("t", "f").replace("T", "F")
        closing: str = quote
        if len(quote) == 1 and any("\n" in text for text in texts):
            closing = quote * 3
        inner.append((start, start + len(node.prefix) + len(quote), prefix + closing))
        inner.append((end - len(quote), end, closing))
        piece = _apply(self.text, inner, start, end)
        self.edits.append((start, end, piece))

    def _field_edits(self, field: _Field) -> list[tuple[int, int, str]]:
        """Strings inside a replacement field become names; comments go."""
        edits: list[tuple[int, int, str]] = []
        for string in _outer_strings(field.expression):
            begin, finish = self.span(string)
            literal = self.text[begin:finish]
            name = self.placeholders.setdefault(literal, f"_str{len(self.placeholders)}")
            edits.append((begin, finish, name))
        begin = self.span(field)[0]
        finish = _after_blanks(self.text, self.span(field.expression)[1])
        edits.extend(_comment_edits(self.text, begin, finish, edits))
        return edits


def _after_blanks(text: str, position: int) -> int:
    """Where the spaces, line breaks and comments that follow ``position`` end."""
    while position < len(text):
        if text[position] in " \t\n":
            position += 1
        elif text[position] == "#":
            line_end = text.find("\n", position)
            position = len(text) if line_end == -1 else line_end
        else:
            break
    return position


def _fields(parts: Sequence[cst.CSTNode]) -> list[_Field]:
    found: list[_Field] = []
    for part in parts:
        if isinstance(part, cst.FormattedStringExpression | cst.TemplatedStringExpression):
            found.append(part)
            if part.format_spec is not None:
                found.extend(_fields(part.format_spec))
    return found


def _outer_strings(expression: cst.CSTNode) -> list[cst.CSTNode]:
    """String literals in ``expression`` that are not inside another one."""
    if isinstance(expression, _STRINGS):
        return [expression]
    return [found for child in expression.children for found in _outer_strings(child)]


def _comment_edits(
    text: str, begin: int, finish: int, strings: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Comments between ``begin`` and ``finish`` that are outside the string literals."""
    edits: list[tuple[int, int, str]] = []
    position = begin
    for string_start, string_end, _name in sorted(strings):
        edits.extend(_comments_in(text, position, min(string_start, finish)))
        position = max(position, string_end)
    edits.extend(_comments_in(text, position, finish))
    return edits


def _comments_in(text: str, begin: int, finish: int) -> list[tuple[int, int, str]]:
    edits: list[tuple[int, int, str]] = []
    hash_at = text.find("#", begin, finish)
    while hash_at != -1:
        line_end = text.find("\n", hash_at, finish)
        line_end = finish if line_end == -1 else line_end
        edits.append((hash_at, line_end, ""))
        hash_at = text.find("#", line_end, finish)
    return edits


def _apply(text: str, edits: list[tuple[int, int, str]], start: int, end: int) -> str:
    """``text[start:end]`` with ``edits`` (absolute offsets, not overlapping) applied."""
    pieces: list[str] = []
    position = start
    for edit_start, edit_end, replacement in sorted(edits):
        pieces.append(text[position:edit_start])
        pieces.append(replacement)
        position = edit_end
    pieces.append(text[position:end])
    return "".join(pieces)


def _too_deep(text: str) -> bool:
    depth = nesting = 0
    for token in tokens(text):
        if token.text in ("(", "[", "{"):
            depth += 1
            if depth > MAX_BRACKETS:
                return True
        elif token.text in (")", "]", "}"):
            depth = max(depth - 1, 0)
        elif token.kind == "newline" and depth == 0:
            nesting = 0
        elif token.text in _RIGHT_NESTING:
            nesting += 1
            if nesting > MAX_RIGHT_NESTING:
                return True
    return False


def rewrite(text: str) -> Rewritten | None:
    """``text`` in Python 3.11 grammar, or ``None`` when it is not valid Python 3 of any
    version libcst knows (or nests deeper than its parser can take)."""
    if _too_deep(text):
        return None
    try:
        module = cst.parse_module(text)
    except (cst.ParserSyntaxError, RecursionError):
        return None
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = dict(wrapper.resolve(PositionProvider))
    finder = _Finder(text, positions)
    wrapper.visit(finder)
    rewritten = _apply(text, finder.edits, 0, len(text))
    return Rewritten(rewritten, frozenset(finder.features), finder.python2)
