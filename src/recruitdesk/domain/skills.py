"""Skill names: how two spellings of one skill compare, and the list a position editor
offers (pure Python: the callers read the files and pass their contents in).

Claimed skills are typed by people ("Apache Airflow", "Django REST Framework"); verified
skills are named by the analysis engine's catalogue ("Airflow", "Django REST framework",
"boto3 (AWS)"). :func:`skill_key` maps both to one key: case, spacing and a trailing
note in brackets do not matter, and a few well-known aliases fold together.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

_BRACKETS = re.compile(r"\s*\([^)]*\)\s*$")
_ALIASES = {
    "apache airflow": "airflow",
    "apache spark": "pyspark",
    "spark": "pyspark",
    "drf": "django rest framework",
    "hugging face transformers": "hugging face",
    "huggingface": "hugging face",
    "k8s": "kubernetes",
    "kubernetes client": "kubernetes",
    "postgres": "postgresql",
    "sklearn": "scikit-learn",
    "async": "asyncio",
    "async/await": "asyncio",
    "python 3.11": "python 3.11+",
    "type hints": "typing",
    "type annotations": "typing",
}


_KEYS: dict[str, str] = {}


def skill_key(name: str) -> str:
    """The key two spellings of one skill share: ``"boto3 (AWS)"`` and ``"Boto3"``."""
    key = _KEYS.get(name)
    if key is None:
        key = _compute_key(name)
        if len(_KEYS) < 100_000:
            _KEYS[name] = key
    return key


def _compute_key(name: str) -> str:
    text = " ".join(name.lower().split())
    stripped = _BRACKETS.sub("", text)
    key = stripped or text
    return _ALIASES.get(key, key)


def spellings(name: str) -> frozenset[str]:
    """The lower-case spellings known to share ``name``'s key: the name itself, its key,
    and the aliases that fold into it."""
    key = skill_key(name)
    found = {key, " ".join(name.lower().split())}
    found.update(alias for alias, target in _ALIASES.items() if target == key)
    return frozenset(found)


def catalogue_names(catalogue: Mapping[str, Any] | None) -> list[str]:
    """The skill names of the analysis engine's catalogue (``skills[].name``), if any."""
    if not catalogue:
        return []
    names: list[str] = []
    for entry in catalogue.get("skills", ()):
        if isinstance(entry, Mapping) and isinstance(entry.get("name"), str):
            names.append(entry["name"])
    return names


def skill_choices(*groups: Iterable[str]) -> list[str]:
    """One list of skill names from several sources, each skill once (the first
    spelling wins), sorted case-insensitively."""
    chosen: dict[str, str] = {}
    for group in groups:
        for name in group:
            text = " ".join(str(name).split())
            if text:
                chosen.setdefault(skill_key(text), text)
    return sorted(chosen.values(), key=str.casefold)


def sample_skill_names(sample: Mapping[str, Any] | None) -> list[str]:
    """Every skill of the demo sample's ``skills`` lists."""
    if not sample:
        return []
    skills = sample.get("skills", {})
    return [name for group in skills.values() if isinstance(group, list) for name in group]
