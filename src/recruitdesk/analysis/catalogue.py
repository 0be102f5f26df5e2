"""The skill catalogue (``resources/skill_catalogue.json``): the libraries the analysis
recognises and the rules that find a repository's tooling.

The file is shipped data, checked whole when it is read: a malformed entry, a track or
weight out of range, or an import or distribution name claimed by two skills is a bug in
the release, so it raises ``ValueError`` naming every bad entry at once.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from recruitdesk.analysis.repo_parts import CHECKER_KINDS
from recruitdesk.analysis.requirements import normalise_requirement
from recruitdesk.resources import load_json

CATALOGUE_FILE = "skill_catalogue.json"
TRACKS = ("web_backend", "data_ml", "devops_automation")
MAX_WEIGHT = 3
#: The kinds of tooling found by file; checkers add their own (``CHECKER_KINDS``).
FILE_KINDS = ("ci", "packaging", "locks", "containers", "devops_files", "linters")
_REQUIREMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True, slots=True)
class CatalogueSkill:
    name: str
    imports: frozenset[str]
    requirements: frozenset[str]
    track: str | None
    weight: int


@dataclass(frozen=True, slots=True)
class ToolingFiles:
    """Files whose presence is tooling of one kind and name (a CI service, a lock)."""

    kind: str
    name: str
    globs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ToolingRules:
    files: tuple[ToolingFiles, ...] = ()
    #: Checker name (as run or configured) -> its kind (one of ``CHECKER_KINDS``).
    checkers: Mapping[str, str] = field(default_factory=dict)
    #: A config file's name -> the checker it configures.
    checker_files: Mapping[str, str] = field(default_factory=dict)
    test_runners: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Catalogue:
    skills: tuple[CatalogueSkill, ...]
    tooling: ToolingRules = field(default_factory=ToolingRules)
    _by_import: dict[str, CatalogueSkill] = field(init=False, repr=False, compare=False)
    _by_requirement: dict[str, CatalogueSkill] = field(init=False, repr=False, compare=False)
    _by_name: dict[str, CatalogueSkill] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_import = {module: skill for skill in self.skills for module in skill.imports}
        by_requirement = {
            normalise_requirement(name): skill
            for skill in self.skills
            for name in skill.requirements
        }
        object.__setattr__(self, "_by_import", by_import)
        object.__setattr__(self, "_by_requirement", by_requirement)
        object.__setattr__(self, "_by_name", {skill.name: skill for skill in self.skills})

    def by_import(self, module: str) -> CatalogueSkill | None:
        return self._by_import.get(module)

    def by_requirement(self, name: str) -> CatalogueSkill | None:
        return self._by_requirement.get(normalise_requirement(name))

    def skill(self, name: str) -> CatalogueSkill | None:
        return self._by_name.get(name)


def _strings(value: Any) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(item, str) and item for item in value):
        return value
    return None


def _skill(entry: Any, problems: list[str]) -> CatalogueSkill | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"]:
        problems.append(f"a skill without a name: {entry!r}")
        return None
    name = entry["name"]
    imports = _strings(entry.get("imports", []))
    requirements = _strings(entry.get("requirements", []))
    track, weight = entry.get("track"), entry.get("weight")
    if imports is None or not all(module.isidentifier() for module in imports):
        problems.append(f"{name}: imports must be a list of module names")
    if requirements is None or not all(_REQUIREMENT.match(item) for item in requirements):
        problems.append(f"{name}: requirements must be a list of distribution names")
    if not imports and not requirements:
        problems.append(f"{name}: neither imports nor requirements")
    if track is not None and track not in TRACKS:
        problems.append(f"{name}: unknown track {track!r}")
    if not isinstance(weight, int) or not 0 <= weight <= MAX_WEIGHT:
        problems.append(f"{name}: weight must be an integer from 0 to {MAX_WEIGHT}")
    elif (weight == 0) != (track is None):
        problems.append(f"{name}: a weight needs a track and a track a weight")
    if imports is None or requirements is None or not isinstance(weight, int):
        return None
    return CatalogueSkill(name, frozenset(imports), frozenset(requirements), track, weight)


def _claimed_twice(skills: list[CatalogueSkill], problems: list[str]) -> None:
    seen_names: set[str] = set()
    imports: dict[str, str] = {}
    requirements: dict[str, str] = {}
    for skill in skills:
        if skill.name in seen_names:
            problems.append(f"{skill.name}: listed twice")
        seen_names.add(skill.name)
        for module in skill.imports:
            if imports.setdefault(module, skill.name) != skill.name:
                problems.append(f"import {module}: both {imports[module]} and {skill.name}")
        for name in map(normalise_requirement, skill.requirements):
            if requirements.setdefault(name, skill.name) != skill.name:
                problems.append(f"requirement {name}: both {requirements[name]} and {skill.name}")


def _tooling(data: Any, problems: list[str]) -> ToolingRules:
    if not isinstance(data, dict):
        problems.append("tooling must be an object")
        return ToolingRules()
    files: list[ToolingFiles] = []
    for entry in data.get("files", []):
        globs = _strings(entry.get("globs")) if isinstance(entry, dict) else None
        if globs is None or entry.get("kind") not in FILE_KINDS or not entry.get("name"):
            problems.append(f"tooling file rule {entry!r}: needs a kind, a name and globs")
            continue
        files.append(ToolingFiles(entry["kind"], str(entry["name"]), tuple(globs)))
    checkers = data.get("checkers", {})
    checker_files = data.get("checker_files", {})
    runners = _strings(data.get("test_runners", []))
    if not isinstance(checkers, dict) or not set(checkers.values()) <= set(CHECKER_KINDS):
        problems.append(f"tooling checkers: each kind must be one of {CHECKER_KINDS}")
        checkers = {}
    if not isinstance(checker_files, dict) or not set(checker_files.values()) <= set(checkers):
        problems.append("tooling checker_files: each must name a listed checker")
        checker_files = {}
    if runners is None:
        problems.append("tooling test_runners must be a list of commands")
    return ToolingRules(tuple(files), dict(checkers), dict(checker_files), frozenset(runners or ()))


def parse_catalogue(data: Any) -> Catalogue:
    """The catalogue from its JSON, checked whole (see the module's docstring)."""
    problems: list[str] = []
    entries = data.get("skills") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ValueError(f"{CATALOGUE_FILE}: no list of skills")
    skills = [skill for entry in entries if (skill := _skill(entry, problems)) is not None]
    _claimed_twice(skills, problems)
    tooling = _tooling(data.get("tooling", {}), problems)
    if problems:
        raise ValueError(f"{CATALOGUE_FILE} is malformed: " + "; ".join(problems))
    return Catalogue(tuple(skills), tooling)


@cache
def load_catalogue() -> Catalogue:
    return parse_catalogue(load_json(CATALOGUE_FILE))
