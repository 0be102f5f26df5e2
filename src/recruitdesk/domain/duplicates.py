"""Who may be the same person twice: the same e-mail, GitHub login or phone number, or a
close name in the same place (pure Python; ``rapidfuzz`` compares the names).

An index keeps each exact key (e-mail and login in lower case, the phone's national
significant number, :mod:`recruitdesk.domain.phones`) and blocks of names: a name is
filed under its place (the first part of the location, lower case without accents) and
the first two letters of each of its words, so two names are compared only when they
share a place and a word's start; a typo in one word still leaves the other word to meet
by. Within a block each distinct name is compared once (many people share a name) with
a token-sorted similarity ratio ("Doe, Jane" and "Jane Doe" are one name), in C, against
the rest of its block at a time. Two people of one name whose GitHub logins or phone
numbers differ are two people: a name is common, an account or a number is not.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz, process

from recruitdesk.domain.phones import phone_key
from recruitdesk.domain.places import plain

#: The similarity (0..100) from which two names in one place are one person's.
CLOSE_NAME = 85
#: Letters of a name's word that file it in a block.
_BLOCK_PREFIX = 2


class Reason(StrEnum):
    EMAIL = "the same e-mail"
    LOGIN = "the same GitHub login"
    PHONE = "the same phone number"
    NAME = "a close name in the same place"


# An enum member's lookup costs a little; a whole base looks them up 300,000 times.
_EMAIL, _LOGIN, _PHONE = Reason.EMAIL, Reason.LOGIN, Reason.PHONE


@dataclass(frozen=True, slots=True)
class Person:
    """What duplicates are judged by."""

    id: int
    full_name: str
    email: str | None = None
    github_login: str | None = None
    phone: str | None = None
    location: str | None = None


@dataclass(frozen=True, slots=True)
class Suspect:
    """Someone on file who may be the person asked about, and why."""

    candidate_id: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Match:
    """Two people who may be one: ``first`` < ``second`` (ids), and why."""

    first: int
    second: int
    reasons: tuple[Reason, ...]


_PUNCTUATION = re.compile(r"[\W_]+")


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """A name as compared: lower case, no accents, punctuation as spaces (cached: a
    base repeats its first names, surnames and places many times)."""
    return _PUNCTUATION.sub(" ", plain(name)).strip()


@lru_cache(maxsize=20_000)
def place_key(location: str | None) -> str | None:
    """The place a location names, for filing names: its first part (the city)."""
    if not location:
        return None
    first = location.split(",")[0]
    key = name_key(first)
    return key or None


def _exact_keys(person: Person) -> list[tuple[Reason, str]]:
    keys = []
    if person.email:
        keys.append((_EMAIL, person.email.strip().lower()))
    if person.github_login:
        keys.append((_LOGIN, person.github_login.strip().lower()))
    phone = phone_key(person.phone)
    if phone:
        keys.append((_PHONE, phone))
    return keys


def _blocks(person: Person) -> tuple[str, list[tuple[str, str]]]:
    """The person's compared name and the blocks it is filed in."""
    name = name_key(person.full_name)
    place = place_key(person.location)
    if place is None:
        return name, []
    prefixes = {word[:_BLOCK_PREFIX] for word in name.split() if len(word) >= _BLOCK_PREFIX}
    return name, [(place, prefix) for prefix in sorted(prefixes)]


class DuplicateIndex:
    """Every person's keys, to find the duplicates of the whole base or of one person."""

    def __init__(self, people: Iterable[Person] = ()) -> None:
        self._exact: dict[tuple[Reason, str], list[int]] = defaultdict(list)
        #: Block -> compared name -> the ids of the people of that name.
        self._blocks: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(dict)
        self._names: dict[int, str] = {}
        #: Each person's login and phone key, which tell two people of one name apart.
        self._told: dict[int, tuple[str | None, str | None]] = {}
        for person in people:
            self.add(person)

    def __len__(self) -> int:
        return len(self._names)

    def add(self, person: Person) -> None:
        exact = _exact_keys(person)
        for key in exact:
            self._exact[key].append(person.id)
        name, blocks = _blocks(person)
        self._names[person.id] = name
        self._told[person.id] = _told_apart(exact)
        for block in blocks:
            self._blocks[block].setdefault(name, []).append(person.id)

    def suspects(self, person: Person) -> list[Suspect]:
        """Who in the index may be ``person`` (who need not be in it), closest first."""
        found: dict[int, set[Reason]] = defaultdict(set)
        exact = _exact_keys(person)
        for key in exact:
            for other in self._exact.get(key, ()):
                found[other].add(key[0])
        name, blocks = _blocks(person)
        told = _told_apart(exact)
        for block in blocks:
            named = self._blocks.get(block, {})
            for close_name, _score, _index in process.extract(
                name, list(named), scorer=fuzz.token_sort_ratio, score_cutoff=CLOSE_NAME, limit=None
            ):
                for other in named[close_name]:
                    if not _different(told, self._told[other]):
                        found[other].add(Reason.NAME)
        found.pop(person.id, None)
        return sorted(
            (Suspect(other, _ordered(reasons)) for other, reasons in found.items()),
            key=lambda suspect: (-len(suspect.reasons), suspect.candidate_id),
        )

    def all_matches(self) -> list[Match]:
        """Every pair in the index that may be one person, most reasons first."""
        found: dict[tuple[int, int], set[Reason]] = defaultdict(set)
        for (reason, _key), ids in self._exact.items():
            if len(ids) > 1:
                _pair_up(found, ids, reason)
        for named in self._blocks.values():
            names = list(named)
            for row, name in enumerate(names):
                close = [named[name]]
                if row + 1 < len(names):
                    close.extend(
                        named[other]
                        for other, _score, _column in process.extract(
                            name,
                            names[row + 1 :],
                            scorer=fuzz.token_sort_ratio,
                            score_cutoff=CLOSE_NAME,
                            limit=None,
                        )
                    )
                self._pair_names(found, close)
        return sorted(
            (_match(first, second, reasons) for (first, second), reasons in found.items()),
            key=lambda match: (-len(match.reasons), match.first, match.second),
        )

    def _pair_names(
        self, found: dict[tuple[int, int], set[Reason]], close: list[list[int]]
    ) -> None:
        """Pair the people of the first name with each other and with those of the close
        names after it, unless their logins or phones tell them apart."""
        first, *others = close
        told = self._told
        rest = [i for group in others for i in group]
        for group_index, one in enumerate(first):
            mine = told[one]
            for other in first[group_index + 1 :] + rest:
                if not _different(mine, told[other]):
                    found[min(one, other), max(one, other)].add(Reason.NAME)


def _told_apart(exact: list[tuple[Reason, str]]) -> tuple[str | None, str | None]:
    keys = dict(exact)
    return keys.get(_LOGIN), keys.get(_PHONE)


def _different(one: tuple[str | None, str | None], other: tuple[str | None, str | None]) -> bool:
    """Whether two people of one name are told apart: two GitHub accounts, or two phone
    numbers (a person has one of each on file)."""
    (login, phone), (other_login, other_phone) = one, other
    return bool(
        (login and other_login and login != other_login)
        or (phone and other_phone and phone != other_phone)
    )


def _pair_up(found: dict[tuple[int, int], set[Reason]], ids: list[int], reason: Reason) -> None:
    unique = sorted(set(ids))
    for index, first in enumerate(unique):
        for second in unique[index + 1 :]:
            found[first, second].add(reason)


def _ordered(reasons: Iterable[Reason]) -> tuple[Reason, ...]:
    return tuple(sorted(reasons, key=list(Reason).index))


def _match(one: int, other: int, reasons: Iterable[Reason]) -> Match:
    return Match(min(one, other), max(one, other), _ordered(reasons))
