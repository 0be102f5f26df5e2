"""The distributions a requirement file asks for directly.

A pin counts as the project's own choice only when the project asked for it: a
pip-compile (or ``uv pip compile``) output lists every transitive dependency too, each
followed by ``# via`` lines naming what pulled it in, and only those pulled in by a
requirement file (``-r tests.in``) or the project's own metadata (``via x (pyproject.toml)``)
were asked for. Constraint files only bound versions, so they ask for nothing.
"""

import configparser
import posixpath
import re
import tomllib
from collections.abc import Iterator
from typing import Any

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
#: ``# via x`` on the pin's own line, or ``# via`` opening a block of ``#   x`` lines.
_VIA = re.compile(r"#\s*via\b(.*)$")
_VIA_MORE = re.compile(r"^\s*#\s{2,}(\S.*)$")
#: What a direct ask looks like in a ``via`` list: an included file or the metadata.
_DIRECT_VIA = re.compile(r"^-[rc]\s|\((?:pyproject\.toml|setup\.py|setup\.cfg|Pipfile)\)")


_SETUP_CFG_KEYS = ("install_requires", "tests_require", "setup_requires")


def normalise_requirement(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def is_constraints_file(path: str) -> bool:
    return "constraint" in posixpath.basename(path).lower()


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


def _setup_cfg_requirements(text: str) -> list[str]:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return []
    values = [parser.get("options", key, fallback="") for key in _SETUP_CFG_KEYS]
    if parser.has_section("options.extras_require"):
        values.extend(value for _, value in parser.items("options.extras_require"))
    return [line for value in values for line in value.splitlines()]


def _direct_pins(text: str) -> Iterator[str]:
    """The requirement lines of a ``requirements*.txt``/``.in`` that were asked for."""
    pins: list[tuple[str, list[str]]] = []
    in_via_block = False
    for line in text.splitlines():
        via = _VIA.search(line)
        more = _VIA_MORE.match(line)
        if not line.lstrip().startswith("#"):
            pins.append((line.split("#", 1)[0], []))
            in_via_block = via is not None and not via.group(1).strip()
            if via is not None and via.group(1).strip():
                pins[-1][1].append(via.group(1).strip())
        elif via is not None and pins:
            in_via_block = not via.group(1).strip()
            if not in_via_block:
                pins[-1][1].append(via.group(1).strip())
        elif in_via_block and more is not None and pins:
            pins[-1][1].append(more.group(1).strip())
        else:
            in_via_block = False
    for spec, vias in pins:
        if not vias or any(_DIRECT_VIA.search(item) for item in vias):
            yield spec


def requirement_names(path: str, data: bytes) -> set[str]:
    """The distribution names a requirement file asks for directly (normalised); none
    for a constraints file."""
    if is_constraints_file(path):
        return set()
    text = data.decode("utf-8", "replace")
    name = posixpath.basename(path)
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
        specs = _setup_cfg_requirements(text)
    else:
        specs = list(_direct_pins(text))
    found = {_name_of(spec) for spec in specs}
    found.discard(None)
    found.discard("python")
    return {name for name in found if name is not None}


def project_name(data: bytes) -> str | None:
    """The normalised ``[project] name`` (or Poetry's) of a ``pyproject.toml``."""
    try:
        parsed = tomllib.loads(data.decode("utf-8", "replace"))
    except tomllib.TOMLDecodeError:
        return None
    for table in (parsed.get("project"), parsed.get("tool", {}).get("poetry")):
        if isinstance(table, dict) and isinstance(table.get("name"), str):
            return normalise_requirement(table["name"])
    return None
