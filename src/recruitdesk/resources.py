"""Where the static data lives: ``resources/`` inside the installed package.

The wheel carries the top-level ``resources/`` folder as ``recruitdesk/resources``;
a source checkout (an editable install, the tests) reads the folder at the top of the
repository instead.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def resources_dir() -> Path:
    """The folder that holds the shipped data files."""
    for candidate in (_PACKAGE_DIR / "resources", _PACKAGE_DIR.parents[1] / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"recruitdesk's resources folder is missing (looked in {_PACKAGE_DIR})")


def resource_path(name: str) -> Path:
    """The path of one shipped file, by its name relative to ``resources/``."""
    return resources_dir() / name


def load_json(name: str) -> Any:
    """Read one shipped JSON file."""
    with resource_path(name).open(encoding="utf-8") as handle:
        return json.load(handle)
