"""Who may be the same person twice: the same e-mail, GitHub login or phone number, or a
close name in the same place (pure Python; ``rapidfuzz`` compares the names).

An index keeps each exact key (e-mail and login in lower case, the phone's national
significant number, :mod:`recruitdesk.domain.phones`) and each place's names. A name is
compared as a key: lower case, accents dropped, other scripts transliterated to Latin
letters (``anyascii``: "Łukasz" is "Lukasz", "Дмитро" is "Dmitro"), punctuation as
spaces and its words sorted ("Doe, Jane" and "Jane Doe" are one name). Within a place,
names are blocked by the first two letters of each of their words, so two names are
compared only when they share a word's start (a typo in one word leaves the other word
to meet by); each block's distinct names are compared all against all at once, in C
(``rapidfuzz.process.cdist``, on every core for a large block). Two people of one name
whose GitHub logins or phone numbers differ are two people: a name is common, an account
or a number is not.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz, process

from recruitdesk.domain.phones import phone_key
from recruitdesk.domain.places import plain

#: The similarity (0..100) from which two names in one place are one person's.
CLOSE_NAME = 85
#: Letters of a name's word that file it in a block.
_BLOCK_PREFIX = 2
#: Names in a block from which comparing them is spread over every core: below it,
#: starting the threads costs more than the comparisons.
_PARALLEL_NAMES = 300


class Reason(StrEnum):
    EMAIL = "the same e-mail"
    LOGIN = "the same GitHub login"
    PHONE = "the same phone number"
    NAME = "a close name in the same place"


# An enum member's lookup costs a little; a whole base looks them up 300,000 times.
_EMAIL, _LOGIN, _PHONE, _NAME = Reason.EMAIL, Reason.LOGIN, Reason.PHONE, Reason.NAME
#: What tells two people of one name apart: their GitHub login and phone keys.
_Told = tuple[str | None, str | None]
#: A person as a row: id, full name, e-mail, GitHub login, phone, location.
_Row = tuple[int, str, str | None, str | None, str | None, str | None]


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
#: Apostrophes inside a word: dropped, not a word's end ("O'Neil" is "oneil", and a
#: transliterated soft sign, "Koval'skyi", keeps the word whole).
_APOSTROPHES = re.compile(r"['\u2019\u02bc]")


def _latin(text: str) -> str:
    """Lower case Latin letters without accents; other scripts transliterated."""
    flat = plain(text)
    return flat if flat.isascii() else anyascii(flat).lower()


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """A name as compared (cached: a base repeats its names many times)."""
    words = _PUNCTUATION.sub(" ", _APOSTROPHES.sub("", _latin(name))).split()
    return " ".join(sorted(words))


@lru_cache(maxsize=20_000)
def place_key(location: str | None) -> str | None:
    """The place a location names, for filing names: its first part (the city)."""
    if not location:
        return None
    key = _PUNCTUATION.sub(" ", _latin(location.split(",")[0])).strip()
    return key or None


@lru_cache(maxsize=200_000)
def name_starts(key: str) -> frozenset[str]:
    """The blocks a name key is filed in: its words' first letters."""
    return frozenset(word[:_BLOCK_PREFIX] for word in key.split() if len(word) >= _BLOCK_PREFIX)


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


def _told_apart(exact: list[tuple[Reason, str]]) -> _Told:
    keys = dict(exact)
    return keys.get(_LOGIN), keys.get(_PHONE)


class DuplicateIndex:
    """Every person's keys, to find the duplicates of the whole base or of one person."""

    def __init__(self, people: Iterable[Person] = ()) -> None:
        #: Reason -> key -> the ids of the people with that key.
        self._exact: dict[Reason, dict[str, list[int]]] = {_EMAIL: {}, _LOGIN: {}, _PHONE: {}}
        #: Place -> compared name -> the ids of the people of that name there.
        self._places: dict[str, dict[str, list[int]]] = defaultdict(dict)
        self._told: dict[int, _Told] = {}
        for person in people:
            self.add(person)

    def __len__(self) -> int:
        return len(self._told)

    def add(self, person: Person) -> None:
        """File everything of ``person``: their exact keys and their name."""
        self.add_rows(
            [
                (
                    person.id,
                    person.full_name,
                    person.email,
                    person.github_login,
                    person.phone,
                    person.location,
                )
            ]
        )

    def add_rows(self, rows: Iterable[_Row]) -> None:
        """File people given as rows (id, full name, e-mail, GitHub login, phone,
        location): a whole base, a column at a time (``map`` and ``zip`` loop in C)."""
        people = list(rows)
        if not people:
            return
        ids, full_names, emails, logins, phones, locations = zip(*people, strict=True)
        login_keys = [login.strip().lower() if login else None for login in logins]
        phone_keys = list(map(phone_key, phones))
        email_keys = [email.strip().lower() if email else None for email in emails]
        for reason, keys in ((_EMAIL, email_keys), (_LOGIN, login_keys), (_PHONE, phone_keys)):
            keyed = self._exact[reason]
            for key, row_id in zip(keys, ids, strict=True):
                if key:
                    _file(keyed, key, row_id)
        self._told.update(zip(ids, zip(login_keys, phone_keys, strict=True), strict=True))
        places = self._places
        for place, name, row_id in zip(
            map(place_key, locations), map(name_key, full_names), ids, strict=True
        ):
            if place is not None:
                _file(places[place], name, row_id)

    def suspects(self, person: Person) -> list[Suspect]:
        """Who in the index may be ``person`` (who need not be in it), closest first."""
        found: dict[int, set[Reason]] = defaultdict(set)
        exact = _exact_keys(person)
        for reason, key in exact:
            for other in self._exact[reason].get(key, ()):
                found[other].add(reason)
        place = place_key(person.location)
        name = name_key(person.full_name)
        starts = name_starts(name)
        named = self._places.get(place, {}) if place else {}
        blocked = [other for other in named if starts & name_starts(other)]
        told = _told_apart(exact)
        for close_name, _score, _index in process.extract(
            name, blocked, scorer=fuzz.ratio, score_cutoff=CLOSE_NAME, limit=None
        ):
            for other in named[close_name]:
                if not _different(told, self._told[other]):
                    found[other].add(_NAME)
        found.pop(person.id, None)
        return sorted(
            (Suspect(other, _ordered(reasons)) for other, reasons in found.items()),
            key=lambda suspect: (-len(suspect.reasons), suspect.candidate_id),
        )

    def all_matches(self, shared: Iterable[tuple[Reason, int, int]] = ()) -> list[Match]:
        """Every pair in the index that may be one person, most reasons first;
        ``shared`` adds pairs sharing a key the caller found itself (rows filed without
        that key)."""
        found: dict[tuple[int, int], set[Reason]] = defaultdict(set)
        for reason, one, other in shared:
            found[min(one, other), max(one, other)].add(reason)
        for reason, keyed in self._exact.items():
            for ids in keyed.values():
                if len(ids) > 1:
                    _pair_up(found, ids, reason)
        told = self._told
        for named in self._places.values():
            names = list(named)
            for ids in named.values():
                if len(ids) > 1:
                    _pair_namesakes(found, ids, told)
            for one, other in _close_names(names):
                _pair_across(found, named[names[one]], named[names[other]], told)
        return sorted(
            (_match(first, second, reasons) for (first, second), reasons in found.items()),
            key=lambda match: (-len(match.reasons), match.first, match.second),
        )


def _file(keyed: dict[str, list[int]], key: str, row_id: int) -> None:
    """File ``row_id`` under ``key`` (no list made for a key already filed: a whole
    base files 300,000 keys)."""
    ids = keyed.get(key)
    if ids is None:
        keyed[key] = [row_id]
    else:
        ids.append(row_id)


def _close_names(names: list[str]) -> Iterator[tuple[int, int]]:
    """The pairs of ``names`` (their indexes, each pair once) that are close: compared
    within each block of names sharing a word's start."""
    # Here, not at the top: the CV dialog's module imports this one at the window's
    # start, and NumPy is a tenth of a second of it.
    import numpy

    blocks: dict[str, list[int]] = defaultdict(list)
    for row, name in enumerate(names):
        for start in name_starts(name):
            blocks[start].append(row)
    seen: set[tuple[int, int]] = set()
    for rows in blocks.values():
        if len(rows) < 2:
            continue
        block = [names[row] for row in rows]
        scores = process.cdist(
            block,
            block,
            scorer=fuzz.ratio,
            score_cutoff=CLOSE_NAME,
            dtype=numpy.uint8,
            workers=-1 if len(block) >= _PARALLEL_NAMES else 1,
        )
        for one, other in zip(*numpy.nonzero(numpy.triu(scores, 1)), strict=True):
            pair = (rows[one], rows[other])
            if pair not in seen:
                seen.add(pair)
                yield pair


def _pair_namesakes(
    found: dict[tuple[int, int], set[Reason]], ids: list[int], told: dict[int, _Told]
) -> None:
    """Pair the people of one name in one place, unless their logins or phones differ."""
    people = sorted(ids)
    keys = [told[i] for i in people]
    phones = {phone for _login, phone in keys}
    if len(phones) == len(people) and None not in phones:
        return  # each has a number of their own
    for index, one in enumerate(people):
        mine = keys[index]
        for other_index in range(index + 1, len(people)):
            if not _different(mine, keys[other_index]):
                found[one, people[other_index]].add(_NAME)


def _pair_across(
    found: dict[tuple[int, int], set[Reason]],
    first: list[int],
    second: list[int],
    told: dict[int, _Told],
) -> None:
    """Pair the people of two close names, unless their logins or phones differ."""
    for one in first:
        mine = told[one]
        for other in second:
            if not _different(mine, told[other]):
                found[min(one, other), max(one, other)].add(_NAME)


def _different(one: _Told, other: _Told) -> bool:
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
