"""Finding the words a recruiter types in stored text: case and accents folded, so
"zurich", "ZÜRICH" and "Zürich" all find "Zürich", and "developpeur" finds
"développeur".

The folding is the one the full-text index does (SQLite FTS5's ``unicode61`` tokenizer
with ``remove_diacritics 2``, schema 0003), so the filters that use LIKE and the search
that uses the index agree: lower case, then a Latin letter with diacritics becomes its
base letter (a letter without a decomposition, such as "ø" or "ł", stays itself).

The same table folds on every backend: in Python for what the user typed; in SQLite
through :data:`SQL_FUNCTION`, which :mod:`recruitdesk.storage.database` registers on
every connection (SQLite's own ``lower`` and ``LIKE`` fold ASCII only); in PostgreSQL
as ``translate(lower(...))`` with the table spelled out.
"""

import unicodedata
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, ColumnExpressionArgument, String, and_, func, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

#: The SQLite function that folds its arguments, joined by a line break.
SQL_FUNCTION = "recruitdesk_fold"
#: Between two folded values: a typed word has no line break, so a word is never found
#: across two columns.
_SEPARATOR = "\n"
# The Latin letters that carry diacritics: Latin-1, Latin Extended-A and -B, and Latin
# Extended Additional (Vietnamese).
_LATIN_BLOCKS = (range(0xC0, 0x250), range(0x1E00, 0x1F00))
_COMBINING_MARKS = range(0x300, 0x370)
#: Letters of those blocks that the FTS5 tokenizer leaves as they are (its table has no
#: entry for them), so the LIKE filters leave them too.
_INDEX_KEEPS = frozenset("ǠǡǢǣǮǯǼǽǾǿ")


def _table() -> dict[str, str]:
    """Each letter that folds to another single letter -> that letter, upper case too
    (PostgreSQL's ``lower`` leaves non-ASCII letters alone in the C locale). NFKD, not
    NFD, so the long s (U+017F) folds to "s" as in the index; a ligature such as "ĳ" becomes
    two letters there and stays itself (as in the index)."""
    table: dict[str, str] = {}
    for block in _LATIN_BLOCKS:
        for code in block:
            letter = chr(code)
            decomposed = unicodedata.normalize("NFKD", letter)
            base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
            if len(base) == 1 and base != letter and letter not in _INDEX_KEEPS:
                table[letter] = base
    return table


_LETTERS = _table()
_MARKS = "".join(chr(code) for code in _COMBINING_MARKS)
# translate() deletes the characters of its second argument that have no counterpart
# in the third: the combining marks of text stored decomposed.
_SQL_FROM = "".join(_LETTERS) + _MARKS
_SQL_TO = "".join(_LETTERS.values())
_FOLD = str.maketrans({**_LETTERS, **dict.fromkeys(_MARKS)})


def fold(text: str) -> str:
    """``text`` as the search compares it: lower case, Latin diacritics removed."""
    lowered = text.lower()
    return lowered if lowered.isascii() else lowered.translate(_FOLD)


def fold_values(*values: object) -> str:
    """The SQLite function :data:`SQL_FUNCTION`: the values that are not NULL, folded
    and joined by a line break (one call for all the columns a word is looked for in)."""
    folded = []
    for value in values:
        if value is None:
            continue
        lowered = str(value).lower()
        folded.append(lowered if lowered.isascii() else lowered.translate(_FOLD))
    return _SEPARATOR.join(folded)


class Folded(FunctionElement[str]):
    """SQL for :func:`fold_values` of some columns: the text a LIKE pattern made of
    folded words is matched against."""

    type = String()
    inherit_cache = True


@compiles(Folded, "sqlite")
def _folded_sqlite(element: Folded, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(getattr(func, SQL_FUNCTION)(*element.clauses), **kw)


@compiles(Folded)
def _folded_elsewhere(element: Folded, compiler: SQLCompiler, **kw: Any) -> str:
    joined = func.concat_ws(literal(_SEPARATOR), *element.clauses)
    expression = func.translate(func.lower(joined), literal(_SQL_FROM), literal(_SQL_TO))
    return compiler.process(expression, **kw)


def escape_like(text: str) -> str:
    """``text`` for a LIKE pattern with ``escape="\\"``: its ``%``, ``_`` and ``\\``
    stand for themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains_word(
    columns: Sequence[ColumnExpressionArgument[Any]], word: str
) -> ColumnElement[bool]:
    """True where ``word`` is in one of ``columns`` (case and accents folded)."""
    pattern = f"%{escape_like(fold(word))}%"
    return Folded(*columns).like(pattern, escape="\\")


def every_word(
    text: str, columns: Sequence[ColumnExpressionArgument[Any]]
) -> ColumnElement[bool] | None:
    """True where every word of ``text`` is in one of ``columns`` (case and accents
    folded); ``None`` when ``text`` has no words."""
    words = text.split()
    if not words:
        return None
    return and_(*(contains_word(columns, word) for word in words))
