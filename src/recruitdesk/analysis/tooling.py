"""A repository's tooling (CI, packaging, locks, containers, linters, type checkers,
formatters), each with the file it was found in.

The rules are data (the ``tooling`` part of ``resources/skill_catalogue.json``). A file's
presence shows a CI service, a lock or a container; a checker shows in its own config
file, a ``[tool.NAME]`` table, a ``[NAME]`` section of ``setup.cfg`` or ``tox.ini``, a
pre-commit hook, or a command that tox, nox or a CI file runs. Tox or nox count as CI
when a command of theirs runs the tests. Config files below the root count too (a
project in a subfolder); vendored copies and test data do not.
"""

import configparser
import posixpath
import re
import shlex
import tomllib
from collections.abc import Iterable, Iterator
from fnmatch import fnmatchcase
from typing import Any

from recruitdesk.analysis.archive import CollectedFiles
from recruitdesk.analysis.catalogue import Catalogue, ToolingRules
from recruitdesk.analysis.file_classes import NOT_THEIRS, FileClasses, is_test_data
from recruitdesk.analysis.repo_parts import ToolingFound

#: Words that only launch the command that follows them (``python -m``, ``uv run``).
_LAUNCHERS = frozenset(
    {
        "python",
        "python3",
        "py",
        "{envpython}",
        "uv",
        "uvx",
        "poetry",
        "pipenv",
        "hatch",
        "pdm",
        "run",
        "exec",
        "env",
        "coverage",
        "sudo",
        "pipx",
        "rye",
        "tox",
        "nox",
    }
)
#: What opens a command in YAML or a shell script.
_YAML_PREFIX = re.compile(r"^\s*(?:-\s+)?(?:(?:run|script|command|commands)\s*:\s*)?[|>]?-?\s*")
_NOX_RUN = re.compile(
    r"session\.run\(\s*((?:[rbuf]?[\"'][^\"']*[\"']\s*,\s*)*[rbuf]?[\"'][^\"']*[\"'])"
)
_HOOK_ID = re.compile(r"^\s*-?\s*id:\s*[\"']?([\w.+-]+)")
_SECTION_WORD = re.compile(r"[-.: ]")


def _matches(path: str, glob: str) -> bool:
    if glob.startswith("**/"):
        return fnmatchcase(path, glob[3:]) or fnmatchcase(path, glob)
    return fnmatchcase(path, glob)


def _command_names(line: str) -> Iterator[str]:
    """The program each command of one line (of a script, YAML or tox) runs."""
    text = _YAML_PREFIX.sub("", line, count=1)
    for command in re.split(r"&&|\|\||;|\|", text):
        try:
            words = shlex.split(command, comments=True)
        except ValueError:
            words = command.split()
        for word in words:
            name = posixpath.basename(word).lower()
            if name not in _LAUNCHERS and not word.startswith("-"):
                yield name
                break


def _ini(text: str) -> configparser.ConfigParser | None:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    return parser


class _Finder:
    """Collects what one repository's files show, one item per kind and name."""

    def __init__(self, rules: ToolingRules) -> None:
        self.rules = rules
        self.found: dict[tuple[str, str], ToolingFound] = {}

    def add(self, kind: str, name: str, path: str) -> None:
        self.found.setdefault((kind, name), ToolingFound(kind, name, path))

    def checker(self, name: str, path: str) -> None:
        kind = self.rules.checkers.get(name)
        if kind is not None:
            self.add(kind, name, path)

    def commands(self, lines: Iterable[str], path: str, runner: str | None = None) -> None:
        """Checkers the lines run; ``runner`` (tox, nox) counts as CI if they run tests."""
        for line in lines:
            for name in _command_names(line):
                self.checker(name, path)
                if runner is not None and name in self.rules.test_runners:
                    self.add("ci", runner, path)

    def config_sections(self, parser: configparser.ConfigParser, path: str) -> None:
        for section in parser.sections():
            name = _SECTION_WORD.split(section.lower().removeprefix("tool:"), maxsplit=1)[0]
            self.checker(name, path)
            if section == "testenv" or section.startswith("testenv:"):
                self.commands(
                    parser.get(section, "commands", fallback="").splitlines(), path, "tox"
                )

    def pyproject(self, data: bytes, path: str) -> None:
        try:
            tools: Any = tomllib.loads(data.decode("utf-8", "replace")).get("tool", {})
        except tomllib.TOMLDecodeError:
            return
        if not isinstance(tools, dict):
            return
        for name in tools:
            self.checker(name.lower(), path)
        legacy = tools.get("tox", {})
        legacy_ini = legacy.get("legacy_tox_ini") if isinstance(legacy, dict) else None
        if isinstance(legacy_ini, str) and (parser := _ini(legacy_ini)) is not None:
            self.config_sections(parser, path)

    def pre_commit(self, text: str, path: str) -> None:
        for line in text.splitlines():
            match = _HOOK_ID.match(line)
            if match is not None:
                hook = match.group(1).lower()
                self.checker(hook if hook in self.rules.checkers else hook.split("-")[0], path)

    def noxfile(self, text: str, path: str) -> None:
        calls = (match.group(1) for match in _NOX_RUN.finditer(text))
        lines = (" ".join(re.findall(r"[\"']([^\"']*)[\"']", call)) for call in calls)
        self.commands(lines, path, "nox")


def _read(files: CollectedFiles, path: str) -> str | None:
    data = files.contents.get(path)
    return None if data is None else data.decode("utf-8", "replace")


def _own_paths(files: CollectedFiles, classes: FileClasses) -> list[str]:
    """The repository's own paths, the root's first."""
    own = [p for p in files.paths if classes.of(p) not in NOT_THEIRS and not is_test_data(p)]
    return sorted(own, key=lambda path: (path.count("/"), path))


def find_tooling(
    files: CollectedFiles, classes: FileClasses, catalogue: Catalogue
) -> tuple[ToolingFound, ...]:
    """Every piece of tooling the repository has (not its vendored copies'), with the
    file it was found in."""
    rules = catalogue.tooling
    finder = _Finder(rules)
    for path in _own_paths(files, classes):
        name = posixpath.basename(path)
        ci_file = False
        for rule in rules.files:
            if any(_matches(path, glob) for glob in rule.globs):
                finder.add(rule.kind, rule.name, path)
                ci_file = ci_file or rule.kind == "ci"
        if name in rules.checker_files:
            finder.checker(rules.checker_files[name], path)
        text = _read(files, path)
        if text is None:
            continue
        if name == "pyproject.toml":
            finder.pyproject(files.contents[path], path)
        elif name in ("setup.cfg", "tox.ini") and (parser := _ini(text)) is not None:
            finder.config_sections(parser, path)
        elif name == ".pre-commit-config.yaml":
            finder.pre_commit(text, path)
        elif name == "noxfile.py":
            finder.noxfile(text, path)
        elif ci_file:
            finder.commands(text.splitlines(), path)
    return tuple(sorted(finder.found.values(), key=lambda item: (item.kind, item.name)))
