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
    """A name as compared: lower case, no accents, punctuation as spaces, its words
    sorted ("Doe, Jane" is "doe jane"), so a plain ratio of two keys is the token-sorted
    ratio of the names (cached: a base repeats its names many times)."""
    return " ".join(sorted(_PUNCTUATION.sub(" ", plain(name)).split()))


@lru_cache(maxsize=20_000)
def place_key(location: str | None) -> str | None:
    """The place a location names, for filing names: its first part (the city)."""
    if not location:
        return None
    key = _PUNCTUATION.sub(" ", plain(location.split(",")[0])).strip()
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


@lru_cache(maxsize=200_000)
def _filed(full_name: str, location: str | None) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A name as compared and the blocks it is filed in (cached: a base repeats its
    names and places)."""
    name = name_key(full_name)
    place = place_key(location)
    if place is None:
        return name, ()
    prefixes = {word[:_BLOCK_PREFIX] for word in name.split() if len(word) >= _BLOCK_PREFIX}
    return name, tuple((place, prefix) for prefix in sorted(prefixes))


class DuplicateIndex:
    """Every person's keys, to find the duplicates of the whole base or of one person."""

    def __init__(self, people: Iterable[Person] = ()) -> None:
        self._exact: dict[tuple[Reason, str], list[int]] = defaultdict(list)
        #: Block -> compared name -> the ids of the people of that name.
        self._blocks: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(dict)
        #: Each person's login and phone as stored: they tell two people of one name
        #: apart. Their keys are worked out only for someone whose name pairs.
        self._told: dict[int, tuple[str | None, str | None]] = {}
        self._told_keys: dict[int, tuple[str | None, str | None]] = {}
        for person in people:
            self.add(person)

    def __len__(self) -> int:
        return len(self._told)

    def add(self, person: Person) -> None:
        """File everything of ``person``: their exact keys and their name."""
        for key in _exact_keys(person):
            self._exact[key].append(person.id)
        self.tell([(person.id, person.github_login, person.phone)])
        self.file_namesakes([person.id], person.full_name, person.location)

    def tell(self, people: Iterable[tuple[int, str | None, str | None]]) -> None:
        """Keep what tells each of ``people`` (id, GitHub login, phone) apart from a
        namesake."""
        self._told.update((row_id, (login, phone)) for row_id, login, phone in people)

    def file_namesakes(self, ids: list[int], full_name: str, location: str | None) -> None:
        """File the people ``ids`` of one name and location: for a caller that finds the
        exact keys' pairs itself and groups a whole base's names (``storage.duplicates``
        asks the database for both); each must be told (:meth:`tell`)."""
        name, blocks = _filed(full_name, location)
        for block in blocks:
            self._blocks[block].setdefault(name, []).extend(ids)

    def _told_of(self, row_id: int) -> tuple[str | None, str | None]:
        keys = self._told_keys.get(row_id)
        if keys is None:
            login, phone = self._told[row_id]
            keys = (login.strip().lower() if login else None, phone_key(phone))
            self._told_keys[row_id] = keys
        return keys

    def suspects(self, person: Person) -> list[Suspect]:
        """Who in the index may be ``person`` (who need not be in it), closest first."""
        found: dict[int, set[Reason]] = defaultdict(set)
        exact = _exact_keys(person)
        for key in exact:
            for other in self._exact.get(key, ()):
                found[other].add(key[0])
        name, blocks = _filed(person.full_name, person.location)
        told = _told_apart(exact)
        for block in blocks:
            named = self._blocks.get(block, {})
            for close_name, _score, _index in process.extract(
                name, list(named), scorer=fuzz.ratio, score_cutoff=CLOSE_NAME, limit=None
            ):
                for other in named[close_name]:
                    if not _different(told, self._told_of(other)):
                        found[other].add(Reason.NAME)
        found.pop(person.id, None)
        return sorted(
            (Suspect(other, _ordered(reasons)) for other, reasons in found.items()),
            key=lambda suspect: (-len(suspect.reasons), suspect.candidate_id),
        )

    def all_matches(self, exact: Iterable[tuple[Reason, list[int]]] | None = None) -> list[Match]:
        """Every pair in the index that may be one person, most reasons first; ``exact``
        gives the groups sharing a key when the caller found them (else the index's)."""
        found: dict[tuple[int, int], set[Reason]] = defaultdict(set)
        groups = (
            exact
            if exact is not None
            else ((reason, ids) for (reason, _key), ids in self._exact.items())
        )
        for reason, ids in groups:
            if len(ids) > 1:
                _pair_up(found, ids, reason)
        # A name is filed under each of its words: the people of one name in one place
        # are paired once, not once a word.
        paired: set[tuple[str, str]] = set()
        for (place, _prefix), named in self._blocks.items():
            names = list(named)
            for row, name in enumerate(names):
                close = [
                    i
                    for other, _score, _column in process.extract(
                        name,
                        names[row + 1 :],
                        scorer=fuzz.ratio,
                        score_cutoff=CLOSE_NAME,
                        limit=None,
                    )
                    for i in named[other]
                ]
                namesakes = (place, name) not in paired
                paired.add((place, name))
                self._pair_names(found, named[name], close, namesakes=namesakes)
        return sorted(
            (_match(first, second, reasons) for (first, second), reasons in found.items()),
            key=lambda match: (-len(match.reasons), match.first, match.second),
        )

    def _pair_names(
        self,
        found: dict[tuple[int, int], set[Reason]],
        first: list[int],
        close: list[int],
        *,
        namesakes: bool,
    ) -> None:
        """Pair the people of one name with those of the close names (and, with
        ``namesakes``, with each other), unless their logins or phones tell them apart."""
        if not close and (not namesakes or len(first) < 2):
            return
        people = first + close
        told = [self._told_of(i) for i in people]
        for index in range(len(first)):
            one, mine = people[index], told[index]
            start = index + 1 if namesakes else len(first)
            for other_index in range(start, len(people)):
                if not _different(mine, told[other_index]):
                    other = people[other_index]
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
