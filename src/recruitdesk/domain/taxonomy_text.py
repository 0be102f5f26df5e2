"""Regions, levels and tracks read from what a person types ("Eastern Europe",
"Mid-level", "data / ML"): a key or a human name, in any case."""

import re

from recruitdesk.domain.taxonomy import Level, Region, Track
from recruitdesk.errors import KnownError


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


_REGION_ALIASES = {
    **{_key(r.value): r for r in Region},
    **{_key(r.label): r for r in Region},
    "us": Region.US_CANADA,
    "usa": Region.US_CANADA,
    "united_states": Region.US_CANADA,
    "canada": Region.US_CANADA,
    "india": Region.INDIA_OFFSHORE,
    "offshore": Region.INDIA_OFFSHORE,
    "latam": Region.LATIN_AMERICA,
}
_LEVEL_ALIASES = {"mid_level": "mid", "middle": "mid", "medior": "mid", "staff": "lead"}


def parse_region(text: str) -> Region:
    """A region from its key or its human name, in any case ("Eastern Europe")."""
    region = _REGION_ALIASES.get(_key(text))
    if region is None:
        names = ", ".join(r.value for r in Region)
        raise KnownError(f"Unknown region {text!r}; use one of: {names}.")
    return region


def parse_level(text: str) -> Level:
    key = _key(text)
    try:
        return Level(_LEVEL_ALIASES.get(key, key))
    except ValueError:
        names = ", ".join(level.value for level in Level)
        raise KnownError(f"Unknown level {text!r}; use one of: {names}.") from None


def parse_track(text: str) -> Track:
    key = _key(text)
    for track in Track:
        if key in (track.value, _key(track.label)):
            return track
    names = ", ".join(t.value for t in Track)
    raise KnownError(f"Unknown track {text!r}; use one of: {names}.")
