"""Python 2 told by its forms, and rewritten into Python 3 so that it can be measured.

Only source that the newest Python 3 grammar rejects comes here (:mod:`.parsing`), so
valid modern code (``return (00, 00)``, ``except A, B:`` of Python 3.14) is never taken
for Python 2. One tolerant scan finds each form that only Python 2 accepts and rewrites
it into the Python 3 construct that means the same, on the same lines, so that radon's
figures of the result are those of the original: ``print x`` becomes ``print(x)``,
``except E, e:`` becomes ``except E as e:``, ``0777`` becomes ``0o777`` and so on.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
    |(?P<string>(?i:[rubf]{0,2})
        (?:'''(?:\\.|[^\\])*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\"
          |'(?:\\.|[^\\'\n])*'|"(?:\\.|[^\\"\n])*"))
    |(?P<name>[^\W\d]\w*)
    |(?P<number>(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+
        |(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?)[lLjJ]?)
    |(?P<newline>\n)
    |(?P<continuation>\\\n)
    |(?P<op><>|\*\*=?|//=?|>>=?|<<=?|->|:=|[-+*/%&|^=<>!]=|[-+*/%&|^~<>=.,:;@()\[\]{}`])
    |(?P<space>[ \t\f]+)
    |(?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_INSIGNIFICANT = frozenset({"space", "continuation", "comment"})
_OCTAL = re.compile(r"0+[1-7][0-7_]*")


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    text: str
    start: int
    end: int


def tokens(text: str) -> Iterator[Token]:
    """Every token of ``text``; never fails (an unclosed quote is one ``other`` token)."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        yield Token(kind, match.group(), match.start(), match.end())


def is_python2_binding(name: str) -> bool:
    """Whether ``except E, name:`` binds ``name`` (Python 2) rather than catching a class
    named so (Python 3.14): exception classes are CapWords, or dotted, by convention."""
    return name.isidentifier() and (name[0].islower() or name[0] == "_")


@dataclass(frozen=True, slots=True)
class Conversion:
    """Source rewritten into Python 3, and the Python 2 forms that were found."""

    text: str
    forms: frozenset[str]


class _Rewriter:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = [token for token in tokens(text) if token.kind not in _INSIGNIFICANT]
        self.edits: list[tuple[int, int, str]] = []
        self.forms: set[str] = set()
        self.backticks = 0

    def edit(self, form: str, start: int, end: int, replacement: str) -> None:
        self.forms.add(form)
        self.edits.append((start, end, replacement))

    def statement_end(self, index: int) -> int:
        """The index of the token that ends the simple statement ``index`` is in."""
        depth = 0
        while index < len(self.tokens):
            token = self.tokens[index]
            if token.text in ("(", "[", "{"):
                depth += 1
            elif token.text in (")", "]", "}"):
                depth = max(depth - 1, 0)
            elif depth == 0 and (token.kind == "newline" or token.text == ";"):
                return index
            index += 1
        return index

    def end_offset(self, index: int) -> int:
        return self.tokens[index].start if index < len(self.tokens) else len(self.text)

    def run(self) -> Conversion:
        at_start = True
        depth = 0
        for index, token in enumerate(self.tokens):
            if at_start and depth == 0 and token.kind == "name":
                self.statement(index)
            self.token(index, token)
            if token.text in ("(", "[", "{"):
                depth += 1
            elif token.text in (")", "]", "}"):
                depth = max(depth - 1, 0)
            at_start = token.kind == "newline" or (depth == 0 and token.text in (";", ":"))
        text = self.text
        for start, end, replacement in sorted(self.edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        return Conversion(_expand_tabs(text), frozenset(self.forms))

    def statement(self, index: int) -> None:
        word = self.tokens[index].text
        after = self.tokens[index + 1] if index + 1 < len(self.tokens) else None
        if word in ("print", "exec") and (after is None or after.text not in "(=.,)]}:;"):
            self.call_statement(index, word)
        elif word == "except":
            self.except_clause(index)
        elif word == "raise":
            self.raise_statement(index)
        elif word in ("True", "False") and after is not None and after.text == "=":
            self.edit("assign_to_constant", *self.span(index), f"{word}_")
        elif word == "def":
            self.tuple_parameters(index)

    def span(self, index: int) -> tuple[int, int]:
        return self.tokens[index].start, self.tokens[index].end

    def call_statement(self, index: int, word: str) -> None:
        end = self.statement_end(index)
        first = index + 1
        if word == "print" and first < end and self.tokens[first].text == ">>":
            self.edit("print_statement", *self.span(first), "")
        if word == "exec":
            for inner in range(first, end):
                if self.tokens[inner].text == "in":
                    self.edit("exec_statement", *self.span(inner), ",")
                    break
        start = self.tokens[index].end
        self.edit(f"{word}_statement", start, start, "(")
        close = self.tokens[end - 1].end if end > first else start
        self.edit(f"{word}_statement", close, close, ")")

    def except_clause(self, index: int) -> None:
        end = index + 1
        commas: list[int] = []
        depth = 0
        while end < len(self.tokens) and not (depth == 0 and self.tokens[end].text == ":"):
            text = self.tokens[end].text
            depth += text in "([{"
            depth -= text in ")]}"
            if depth == 0 and text == ",":
                commas.append(end)
            if self.tokens[end].kind == "newline" or text == "as":
                return
            end += 1
        if len(commas) == 1 and end == commas[0] + 2:
            name = self.tokens[commas[0] + 1].text
            if is_python2_binding(name):
                self.edit("except_comma", *self.span(commas[0]), " as")

    def raise_statement(self, index: int) -> None:
        end = self.statement_end(index)
        depth = 0
        for inner in range(index + 1, end):
            text = self.tokens[inner].text
            depth += text in "([{"
            depth -= text in ")]}"
            if depth == 0 and text == ",":
                self.edit("raise_comma", *self.span(inner), "(")
                close = self.tokens[end - 1].end
                self.edit("raise_comma", close, close, ")")
                return

    def tuple_parameters(self, index: int) -> None:
        """``def f((a, b)):`` and ``lambda (a, b): ...``: each parenthesised parameter
        becomes one name."""
        inner = index + (3 if self.tokens[index].text == "def" else 1)
        depth = 1 if self.tokens[index].text == "def" else 0
        previous = self.tokens[inner - 1].text if inner - 1 < len(self.tokens) else ""
        while inner < len(self.tokens):
            token = self.tokens[inner]
            if token.text == "(" and previous in ("(", ",", "lambda") and depth <= 1:
                close = self.matching(inner)
                self.edit("tuple_parameter", token.start, self.tokens[close].end, f" _p{inner}")
                inner, previous = close + 1, ")"
                continue
            if token.text in ("(", "[", "{"):
                depth += 1
            elif token.text in (")", "]", "}"):
                depth -= 1
            if (depth == 0 and token.text in (":", ")")) or token.kind == "newline":
                return
            previous = token.text
            inner += 1

    def matching(self, index: int) -> int:
        depth = 0
        for inner in range(index, len(self.tokens)):
            depth += self.tokens[inner].text == "("
            depth -= self.tokens[inner].text == ")"
            if depth == 0:
                return inner
        return len(self.tokens) - 1

    def token(self, index: int, token: Token) -> None:
        if token.text == "`":
            self.backticks += 1
            self.edit("backticks", token.start, token.end, "repr(" if self.backticks % 2 else ")")
        elif token.text == "lambda":
            self.tuple_parameters(index)
        elif token.text == "<>":
            self.edit("not_equal_operator", token.start, token.end, "!=")
        elif token.kind == "number":
            self.number(token)
        elif token.kind == "string":
            prefix = token.text[: len(token.text) - len(token.text.lstrip("rRuUbBfF"))]
            if "u" in prefix.lower() and "r" in prefix.lower():
                self.edit("ur_string", token.start, token.start + len(prefix), "r")

    def number(self, token: Token) -> None:
        text = token.text
        if text[-1] in "lL":
            self.forms.add("long_integer")
            text = text[:-1]
        if _OCTAL.fullmatch(text):
            self.forms.add("old_octal")
            text = "0o" + text.lstrip("0")
        if text != token.text:
            self.edits.append((token.start, token.end, text))


def _expand_tabs(text: str) -> str:
    """Python 2 counts a tab as up to eight columns of indentation; Python 3 refuses a
    mix of tabs and spaces whose meaning depends on the tab width."""
    if "\t" not in text:
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines):
        body = line.lstrip(" \t")
        indent = line[: len(line) - len(body)]
        if "\t" in indent:
            lines[number] = indent.expandtabs(8) + body
    return "\n".join(lines)


def convert(text: str) -> Conversion:
    """``text`` with each Python 2 form rewritten into Python 3, on the same lines."""
    return _Rewriter(text).run()
