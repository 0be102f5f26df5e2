"""The region of the rate tables a free-text location (a GitHub profile's) is in.

People write their place as they like: ``Kraków, Poland``, ``Bengaluru``, ``Austin,
TX``, ``Software engineer in Berlin``, ``Remote``. The guess is a rule over the place
names of ``resources/places.json``, matched lower-case and without accents: countries
first, then cities, each comma-separated part tried whole (last part first, where the
country usually is), then word by word; the short forms of US states and Canadian
provinces last, and only as a part of their own, because two letters are often also a
country's code (``Bangalore, IN``). No match is ``None``: the recruiter sets it.
"""

import re
import unicodedata
from functools import cache

from recruitdesk.domain.taxonomy import Region
from recruitdesk.resources import load_json

_PARTS = re.compile(r"[,;/|·•()\[\]]+|\s+-\s+")
_WORD = re.compile(r"[^\W_]+(?:[.'-][^\W_]+)*\.?")
#: Names of up to this many words are matched inside a part ("ho chi minh city").
_LONGEST_NAME = 4
_SHORTEST_INSIDE = 2


def plain(text: str) -> str:
    """Lower case without accents: ``Kraków`` and ``krakow`` are one name."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).strip()


@cache
def _names() -> tuple[dict[str, Region], dict[str, Region], dict[str, Region]]:
    data = load_json("places.json")

    def table(kind: str) -> dict[str, Region]:
        names: dict[str, Region] = {}
        for region, places in data[kind].items():
            for place in places:
                key = plain(place)
                if names.get(key, Region(region)) != Region(region):
                    raise ValueError(f"places.json names {place!r} in two regions")
                names[key] = Region(region)
        return names

    return table("countries"), table("cities"), table("subdivisions")


def _inside(part: str, names: dict[str, Region]) -> Region | None:
    """The longest name of ``names`` among the words of ``part``, the last one first."""
    words = _WORD.findall(part)
    for size in range(min(_LONGEST_NAME, len(words)), 0, -1):
        for start in range(len(words) - size, -1, -1):
            name = " ".join(words[start : start + size])
            found = names.get(name)
            # Two letters inside a sentence are a word ("us", "la"), not a place.
            if found is not None and len(name) > _SHORTEST_INSIDE:
                return found
    return None


def guess_region(location: str | None) -> Region | None:
    """The rate tables' region of ``location``, or ``None`` when no name is known."""
    if not location or not location.strip():
        return None
    parts = [plain(part) for part in _PARTS.split(location) if part.strip()]
    parts.reverse()
    countries, cities, subdivisions = _names()
    for names in (countries, cities):
        for part in parts:
            if part in names:
                return names[part]
        for part in parts:
            found = _inside(part, names)
            if found is not None:
                return found
    for part in parts:
        if part.rstrip(".") in subdivisions:
            return subdivisions[part.rstrip(".")]
    return None
