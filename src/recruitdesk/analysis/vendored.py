"""Someone else's code copied into a repository: where it is and why we think so.

Four signs, each naming the folder or file it covers (a *root*):

- a folder named for third-party code (``vendor/``, ``_vendor/``, ``third_party/``...);
- a folder that pip installed into (it holds ``*.dist-info`` folders), as an App Engine
  application's ``lib/``;
- a package or module named for a well-known distribution
  (``resources/vendored.json``) that shows a distribution's marks (a version,
  an author, a licence), unless the repository is that project;
- a licence naming another holder than the repository's: a licence file next to Python
  files in a subfolder (not docs), or a Python file whose header carries a copyright
  line and a licence.

The repository's own holders are those of its top-level licence files, those named in
the headers of at least half of its Python files, and any holder sharing a word with
the repository's or its package's name; a file named for the project, or whose header
names it, is the project's own whoever holds it.
"""

import posixpath
import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from recruitdesk.analysis.archive import CollectedFiles, is_licence_file
from recruitdesk.resources import load_json

DATA_FILE = "vendored.json"

#: Folders that by their name hold third-party code.
#: Folders where applications kept copies of their dependencies, among their own modules.
LIBRARY_FOLDERS = frozenset({"lib", "libs"})
VENDOR_FOLDERS = frozenset(
    {
        "vendor",
        "vendors",
        "vendored",
        "_vendor",
        "_vendored",
        "third_party",
        "thirdparty",
        "third-party",
        "3rdparty",
        "_third_party",
        "extern",
        "externals",
    }
)
#: A licence file in these is a page about the repository's own licence.
_DOCS_FOLDERS = frozenset({"docs", "doc", "documentation"})
#: Files that hold a package's version and authorship besides its ``__init__.py``.
_ABOUT_FILES = ("__init__.py", "__version__.py", "_version.py", "version.py", "__about__.py")
#: Module-level names a distribution sets and an application rarely does.
_MARKS = re.compile(r"^__(?:version|author|license|copyright|maintainer)__\s*=", re.MULTILINE)
#: How much of a file is its header.
_HEADER_CHARS = 4000
#: A copyright line: at the start of a line (after comment marks), with a year or (c).
_COPYRIGHT = re.compile(
    r"^[\s#*/\"'!.-]*:?copyright:?\s+(?P<rest>(?:\(c\)|©|\d{4}).*)$", re.IGNORECASE | re.MULTILINE
)
_LICENCE_WORDS = re.compile(
    r"licen[cs]e|permission is hereby granted|redistribution and use|public domain",
    re.IGNORECASE,
)
_NOT_A_HOLDER = re.compile(r"[\[{<]|name of|\byyyy\b", re.IGNORECASE)
#: Share of Python files whose headers must name a holder for it to be the repository's.
OWN_HOLDER_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class VendoredRoot:
    """A folder (ending in ``/``) or a file of someone else's code, and why."""

    path: str
    why: str

    def covers(self, path: str) -> bool:
        return path.startswith(self.path) if self.path.endswith("/") else path == self.path


@cache
def known_packages() -> dict[str, str]:
    """Import name -> distribution name of the well-known distributions."""
    return dict(load_json(DATA_FILE)["packages"])


@cache
def _stopwords(kind: str) -> frozenset[str]:
    return frozenset(load_json(DATA_FILE)[kind])


def _words(text: str, kind: str) -> frozenset[str]:
    stopwords = _stopwords(kind)
    return frozenset(
        word
        for word in re.findall(r"[a-z0-9]+", text.lower())
        if word not in stopwords and not word.isdigit() and len(word) > 1
    )


@dataclass(frozen=True, slots=True)
class Holder:
    """A copyright holder: the line's text after "Copyright", and its telling words."""

    text: str
    words: frozenset[str]


def copyright_holders(text: str) -> list[Holder]:
    """The holders named by the copyright lines of ``text``."""
    holders = []
    for match in _COPYRIGHT.finditer(text):
        line = match.group("rest").strip()
        if _NOT_A_HOLDER.search(line):
            continue
        words = _words(re.sub(r"<[^>]*>|\([^)]*\)", " ", line), "holder_stopwords")
        if words:
            holders.append(Holder(line, words))
    return holders


def _decoded(data: bytes, limit: int | None = None) -> str:
    return data[:limit].decode("utf-8", errors="replace")


def declared_names(files: CollectedFiles, repo_name: str) -> list[str]:
    """The names of this repository's own project: its name, and the name its packaging
    declares (``pyproject.toml``, ``setup.cfg``, ``setup.py``)."""
    names = [repo_name]
    pyproject = files.contents.get("pyproject.toml")
    if pyproject is not None:
        try:
            project = tomllib.loads(_decoded(pyproject)).get("project", {})
        except tomllib.TOMLDecodeError:
            project = {}
        if isinstance(project, dict) and isinstance(project.get("name"), str):
            names.append(project["name"])
    for path in ("setup.cfg", "setup.py"):
        data = files.contents.get(path)
        if data is not None:
            names += re.findall(r"""^\s*name\s*[=:]\s*["']?([\w.-]+)""", _decoded(data), re.M)
    return names


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "", name).lower()


class _Finder:
    """The vendored roots of one repository (see the module's docstring)."""

    def __init__(self, files: CollectedFiles, repo_name: str) -> None:
        self.files = files
        self.python = sorted(path for path in files.paths if path.endswith(".py"))
        names = declared_names(files, repo_name)
        #: The words of those names, and the names whole (an sdist's version cut off).
        self.own_names = frozenset().union(*(_words(name, "name_stopwords") for name in names))
        self.own_whole = {
            whole for name in names if len(whole := _normal(re.sub(r"-\d[\w.]*$", "", name))) > 3
        }
        self.roots: list[VendoredRoot] = []

    def find(self) -> list[VendoredRoot]:
        self._vendor_folders()
        self._pip_targets()
        self._library_folders()
        self._distribution_copies()
        own = self._own_holders()
        self._foreign_licence_files(own)
        self._foreign_headers(own)
        return self.roots

    def covered(self, path: str) -> bool:
        return any(root.covers(path) for root in self.roots)

    def _add(self, path: str, why: str) -> None:
        if not self.covered(path):
            self.roots = [root for root in self.roots if not root.path.startswith(path)]
            self.roots.append(VendoredRoot(path, why))

    def _vendor_folders(self) -> None:
        for path in self.files.paths:
            parts = path.split("/")[:-1]
            for depth, part in enumerate(parts):
                if part.lower() in VENDOR_FOLDERS:
                    folder = "/".join(parts[: depth + 1]) + "/"
                    self._add(folder, f"under {folder}, a folder for third-party code")
                    break

    def _pip_targets(self) -> None:
        for path in self.files.paths:
            parts = path.split("/")
            for depth, part in enumerate(parts[:-1]):
                if part.endswith(".dist-info") and depth > 0:
                    folder = "/".join(parts[:depth]) + "/"
                    self._add(folder, f"packages installed by pip into {folder} ({part})")
                    break

    def _library_folders(self) -> None:
        """A package or module named for a known distribution straight inside ``lib/``:
        where applications copied their dependencies before pip, marks or none."""
        for path in self.python:
            parts = path.split("/")
            for depth, part in enumerate(parts[:-1]):
                if part.lower() not in LIBRARY_FOLDERS:
                    continue
                name = parts[depth + 1].removesuffix(".py")
                distribution = self._copy_of(name)
                if distribution is not None:
                    inside = "/".join(parts[: depth + 2])
                    root = inside if inside == path else inside + "/"
                    self._add(root, f"a copy of the {distribution} distribution inside {part}/")
                break

    def _shows_marks(self, texts: Iterable[bytes]) -> bool:
        for data in texts:
            text = _decoded(data, _HEADER_CHARS * 4)
            if _MARKS.search(text) or copyright_holders(text[:_HEADER_CHARS]):
                return True
        return False

    def _copy_of(self, name: str) -> str | None:
        """The distribution a module or package of this name copies, if any."""
        distribution = known_packages().get(name)
        if distribution is None:
            return None
        if {_normal(name), _normal(distribution)} & {_normal(own) for own in self.own_names}:
            return None
        return distribution

    def _distribution_copies(self) -> None:
        contents = self.files.contents
        licensed = {posixpath.dirname(path) for path in self.files.paths if is_licence_file(path)}
        for path in self.python:
            folder, base = posixpath.split(path)
            if base == "__init__.py" and folder:
                distribution = self._copy_of(posixpath.basename(folder))
                about = [contents.get(f"{folder}/{name}", b"") for name in _ABOUT_FILES]
                if distribution and (folder in licensed or self._shows_marks(about)):
                    self._add(f"{folder}/", f"a copy of the {distribution} distribution")
            elif base != "__init__.py":
                distribution = self._copy_of(base.removesuffix(".py"))
                if distribution and path in contents and self._shows_marks([contents[path]]):
                    self._add(path, f"a copy of the {distribution} distribution")

    def _own_holders(self) -> list[frozenset[str]]:
        own: list[frozenset[str]] = [self.own_names] if self.own_names else []
        for path, licence in self.files.contents.items():
            if "/" not in path and is_licence_file(path):
                own += [holder.words for holder in copyright_holders(_decoded(licence))]
        counts: Counter[frozenset[str]] = Counter()
        python = [path for path in self.python if not self.covered(path)]
        for path in python:
            source = self.files.contents.get(path)
            if source is not None:
                header = _decoded(source, _HEADER_CHARS)
                counts.update({holder.words for holder in copyright_holders(header)})
        least = OWN_HOLDER_SHARE * len(python)
        return own + [words for words, count in counts.items() if count >= least]

    @staticmethod
    def _foreign(holders: list[Holder], own: list[frozenset[str]]) -> bool:
        return bool(holders) and not any(holder.words & mine for holder in holders for mine in own)

    def _foreign_licence_files(self, own: list[frozenset[str]]) -> None:
        top = [data for path, data in self.files.contents.items() if "/" not in path]
        with_code = {posixpath.dirname(path) for path in self.python}
        for path in sorted(self.files.contents):
            folder = posixpath.dirname(path)
            if (
                folder not in with_code
                or _DOCS_FOLDERS & set(folder.lower().split("/"))
                or not is_licence_file(path)
                or self.covered(path)
            ):
                continue
            data = self.files.contents[path]
            holders = copyright_holders(_decoded(data))
            unlike_top = not holders and data not in top
            if unlike_top or self._foreign(holders, own):
                self._add(f"{folder}/", f"{folder}/ carries its own licence ({path})")

    def _names_own_project(self, path: str, header: str) -> bool:
        """Whether a file is named for the repository's project or its header names it
        (``docopt.py`` in docopt's repository is docopt's, whoever holds it)."""
        folder, base = posixpath.split(path)
        module = posixpath.basename(folder) if base == "__init__.py" else base.removesuffix(".py")
        text = _normal(re.sub(r"\W+", "", header))
        return _normal(module) in self.own_whole or any(name in text for name in self.own_whole)

    def _foreign_headers(self, own: list[frozenset[str]]) -> None:
        for path in self.python:
            data = self.files.contents.get(path)
            if data is None or self.covered(path):
                continue
            header = _decoded(data, _HEADER_CHARS)
            holders = copyright_holders(header)
            if (
                _LICENCE_WORDS.search(header)
                and self._foreign(holders, own)
                and not self._names_own_project(path, header)
            ):
                folder, base = posixpath.split(path)
                root = f"{folder}/" if base == "__init__.py" and folder else path
                self._add(root, f"its licence header names another holder: {holders[0].text}")


def vendored_roots(files: CollectedFiles, repo_name: str) -> list[VendoredRoot]:
    """Every folder or file of someone else's code in ``files``, with why."""
    return _Finder(files, repo_name).find()
