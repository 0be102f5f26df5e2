"""One file's syntax tree, whatever Python it was written for and whatever Python runs
the app (docs/architecture.md, "The analysis", "Any Python version").

In order: ``ast`` in Python 3.11 grammar (ordinary code: the only cost); libcst, whose
parser follows the newest grammar, with the newer constructs rewritten into 3.11's
(:mod:`.modern`); Python 2's forms rewritten into Python 3 (:mod:`.python2`). Every
rewrite keeps the lines, so the raw figures are counted on the text the tree came from.
Grammar 3.11 is asked for on every interpreter: a newer one would read some 3.12 code
itself and give a tree the rewrite does not.
"""

import ast
import sys
import warnings
from dataclasses import dataclass

from recruitdesk.analysis.python2 import convert

#: The grammar every file is finally parsed in: the oldest interpreter the app runs on.
GRAMMAR = (3, 11)


@dataclass(frozen=True, slots=True)
class Parsed:
    """A file's tree (``None`` when nothing reads it) and the text it was parsed from."""

    tree: ast.Module | None
    text: str
    #: Features of Python 3.12 and later that the rewrite found.
    features: frozenset[str] = frozenset()
    python2: bool = False


def _tree(text: str, path: str) -> ast.Module | None:
    # An invalid escape such as "\\d" warns (a SyntaxWarning from 3.12): under an
    # "error" warnings filter the file would not parse.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if sys.version_info >= (3, 12):
                return ast.parse(text, filename=path, feature_version=GRAMMAR)
            return ast.parse(text, filename=path)
        except (SyntaxError, ValueError):
            return None


def parse_source(text: str, path: str) -> Parsed:
    """``text``'s tree; never raises for bad source (``tree`` is ``None`` then)."""
    tree = _tree(text, path)
    if tree is not None:
        return Parsed(tree, text)
    # libcst takes a quarter of a second to import: only a file that ast refuses pays.
    from recruitdesk.analysis.modern import rewrite

    modern = rewrite(text)
    if modern is not None:
        tree = _tree(modern.text, path)
        if tree is None:
            return Parsed(None, text, modern.features, modern.python2)
        return Parsed(tree, modern.text, modern.features, modern.python2)
    old = convert(text)
    tree = _tree(old.text, path) if old.text != text else None
    if tree is None:
        return Parsed(None, text, python2=bool(old.forms))
    # What only the tabs kept from parsing ran on Python 2 alone, which allowed the mix.
    return Parsed(tree, old.text, python2=True)
