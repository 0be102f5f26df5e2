"""The skill catalogue (``resources/skill_catalogue.json``) and the requirement files
it is matched against."""

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from recruitdesk.resources import load_json

CATALOGUE_FILE = "skill_catalogue.json"


@dataclass(frozen=True, slots=True)
class CatalogueSkill:
    name: str
    imports: frozenset[str]
    requirements: frozenset[str]
    track: str | None
    weight: int


@dataclass(frozen=True, slots=True)
class Catalogue:
    skills: tuple[CatalogueSkill, ...]
    tooling: dict[str, tuple[str, ...]]
    _by_import: dict[str, CatalogueSkill] = field(init=False, repr=False, compare=False)
    _by_requirement: dict[str, CatalogueSkill] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_import = {module: skill for skill in self.skills for module in skill.imports}
        by_requirement = {
            normalise_requirement(name): skill
            for skill in self.skills
            for name in skill.requirements
        }
        object.__setattr__(self, "_by_import", by_import)
        object.__setattr__(self, "_by_requirement", by_requirement)

    def by_import(self, module: str) -> CatalogueSkill | None:
        return self._by_import.get(module)

    def by_requirement(self, name: str) -> CatalogueSkill | None:
        return self._by_requirement.get(normalise_requirement(name))

    def skill(self, name: str) -> CatalogueSkill | None:
        return next((skill for skill in self.skills if skill.name == name), None)


def _parse(data: Any) -> Catalogue:
    skills = tuple(
        CatalogueSkill(
            name=str(entry["name"]),
            imports=frozenset(entry.get("imports", ())),
            requirements=frozenset(entry.get("requirements", ())),
            track=entry.get("track"),
            weight=int(entry.get("weight", 1)),
        )
        for entry in data["skills"]
    )
    tooling = {key: tuple(values) for key, values in data.get("tooling", {}).items()}
    return Catalogue(skills, tooling)


@cache
def load_catalogue() -> Catalogue:
    return _parse(load_json(CATALOGUE_FILE))


# --- requirement files -----------------------------------------------------------------

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def normalise_requirement(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _name_of(spec: str) -> str | None:
    spec = spec.strip()
    if not spec or spec.startswith(("#", "-", "git+", "http:", "https:")):
        return None
    match = _NAME.match(spec)
    return normalise_requirement(match.group(1)) if match else None


def _toml_requirements(data: dict[str, Any]) -> Iterator[str]:
    project = data.get("project", {})
    yield from project.get("dependencies", [])
    for group in project.get("optional-dependencies", {}).values():
        yield from group
    for group in data.get("dependency-groups", {}).values():
        yield from (item for item in group if isinstance(item, str))
    poetry = data.get("tool", {}).get("poetry", {})
    yield from poetry.get("dependencies", {})
    yield from poetry.get("dev-dependencies", {})
    for group in poetry.get("group", {}).values():
        yield from group.get("dependencies", {})
    yield from data.get("packages", {})  # Pipfile
    yield from data.get("dev-packages", {})


def requirement_names(path: str, data: bytes) -> set[str]:
    """The distribution names a requirement file asks for (normalised)."""
    text = data.decode("utf-8", "replace")
    name = path.rsplit("/", 1)[-1]
    specs: list[str] = []
    if name in ("pyproject.toml", "Pipfile"):
        try:
            specs = list(_toml_requirements(tomllib.loads(text)))
        except (tomllib.TOMLDecodeError, AttributeError, TypeError):
            return set()
    elif name.startswith("environment."):
        specs = [line.strip().lstrip("-").strip() for line in text.splitlines()]
        specs = [re.split(r"[=<> ]", spec, maxsplit=1)[0] for spec in specs if spec]
    elif name == "setup.cfg":
        specs = [line for line in text.splitlines() if line.startswith((" ", "\t"))]
    else:
        specs = [line.split("#", 1)[0] for line in text.splitlines()]
    found = {_name_of(spec) for spec in specs}
    found.discard(None)
    found.discard("python")
    return {name for name in found if name is not None}


def pyproject_tools(data: bytes) -> set[str]:
    """The ``[tool.X]`` tables of a ``pyproject.toml``."""
    try:
        parsed = tomllib.loads(data.decode("utf-8", "replace"))
    except tomllib.TOMLDecodeError:
        return set()
    tools = parsed.get("tool", {})
    return set(tools) if isinstance(tools, dict) else set()
