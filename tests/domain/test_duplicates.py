"""Who may be one person: exact keys, phones in any writing, close names in one place,
and people of one name told apart by their accounts."""

import random
from datetime import date
from itertools import combinations

from rapidfuzz import fuzz

from recruitdesk.domain.cv_reading import read_cv
from recruitdesk.domain.duplicates import (
    CLOSE_NAME,
    DuplicateIndex,
    Person,
    Reason,
    name_key,
    name_starts,
    place_key,
)
from recruitdesk.domain.phones import find_phone, phone_key
from recruitdesk.domain.places import plain


def test_one_number_in_its_writings() -> None:
    same = {"+49 30 1234567", "0049 (30) 123-45-67", "030 1234567", "+49 (0)30 1234567"}
    assert {phone_key(text) for text in same} == {"301234567"}
    assert phone_key("+44 20 7946 0958") == phone_key("020 7946 0958")
    assert phone_key("12-34") is None
    # Digits of another script are the same digits.
    assert phone_key("+٤٩ ٣٠ ١٢٣٤٥٦٧") == "301234567"
    assert phone_key(None) is None


def test_a_phone_is_found_in_text_but_not_a_year_range() -> None:
    assert find_phone("Call +33 6 12 34 56 78 after six") == "+33 6 12 34 56 78"
    assert find_phone("Mobile: 0612 345678") == "0612 345678"
    assert find_phone("Worked 2015 - 2020 at 12 Main St") is None


PEOPLE = [
    Person(1, "Jane Doe", "jane@example.org", "janedoe", "+49 30 1234567", "Berlin, Germany"),
    Person(2, "Doe, Jane", None, None, None, "Berlin"),  # same name reversed, same place
    Person(3, "Jane Doe", None, None, None, "Munich, Germany"),  # another place
    Person(4, "J. Smith", "JANE@example.org", None, None, None),  # same e-mail, any case
    Person(5, "Someone Else", None, "JaneDoe", None, "Paris"),  # same login
    Person(6, "Jana Doe", None, None, "030 1234567", "Berlin"),  # typo, same phone
    Person(7, "Jane Doe", None, "other-jane", None, "Berlin"),  # another account
]


def test_the_whole_base_pairs_and_reasons() -> None:
    pairs = {(m.first, m.second): set(m.reasons) for m in DuplicateIndex(PEOPLE).all_matches()}
    assert pairs[1, 2] == {Reason.NAME}
    assert pairs[1, 4] == {Reason.EMAIL}
    assert pairs[1, 5] == {Reason.LOGIN}
    assert pairs[1, 6] == {Reason.NAME, Reason.PHONE}
    assert pairs[2, 6] == {Reason.NAME}
    assert (1, 3) not in pairs  # one name, two places
    assert (1, 7) not in pairs  # one name, two GitHub accounts
    assert (2, 7) in pairs  # nothing tells 2 and 7 apart
    first = DuplicateIndex(PEOPLE).all_matches()[0]
    assert (first.first, first.second) == (1, 6)  # two reasons come first


def test_one_new_person_against_the_index() -> None:
    index = DuplicateIndex(PEOPLE)
    found = index.suspects(Person(0, "Jane  DOE", None, None, "+49 30 123 4567", "berlin"))
    assert [(s.candidate_id, set(s.reasons)) for s in found][:2] == [
        (1, {Reason.NAME, Reason.PHONE}),
        (6, {Reason.NAME, Reason.PHONE}),
    ]
    assert 3 not in {s.candidate_id for s in found}
    assert index.suspects(Person(0, "Nobody Known", None, None, None, "Berlin")) == []


def test_reading_rules_on_plain_text() -> None:
    text = """RESUME
    Name: Zoë van der Berg
    zoe@example.com
    Skills: Rich text editors, rich, Click; FastAPI and fastapi, k8s
    Education: BSc, University of Utrecht, 2001 - 2005
    Acme 2010 - 2012; Initech 2011 - 2014; Globex Jan 2020 - present
    """
    facts = read_cv(text, ["Rich", "Click", "FastAPI", "Kubernetes client"], date(2026, 6, 15))
    assert facts.full_name == "Zoë van der Berg"
    assert facts.email == "zoe@example.com"
    # A plain-word skill counts as the catalogue writes it only; aliases fold in.
    assert facts.skills == ("Click", "FastAPI", "Kubernetes client", "Rich")
    # 2010 to 2014 overlap into 5 years, 2020 to mid-2026 adds 6.5; school is not work.
    assert facts.years_experience == 11
    stated = read_cv("Jo Ann Lee\n15 years of Python experience", [], date(2026, 1, 1))
    assert stated.years_experience == 15
    assert stated.full_name == "Jo Ann Lee"


# Generated people: names of several languages and scripts, each planted twin written
# another way (transliterated, without accents, in capitals, surname first, one letter
# wrong) in the same place, and namesakes in other places who are not duplicates.
_FIRST = ["Łukasz", "Zoë", "Jürgen", "Dmytro", "Søren", "İlker", "Anna", "João", "Chloé"]
_LAST = ["Wójcik", "Müller", "Novák", "Sørensen", "Çelik", "Kovalskyi", "Gonçalves", "Li"]
_CYRILLIC = {"Dmytro": "Дмитро", "Anna": "Анна", "Novák": "Новак", "Kovalskyi": "Ковальський"}
_PLACES = ["Kraków, Poland", "Berlin", "Kyiv, Ukraine", "São Paulo, Brazil", "Oslo"]


def _rewritten(name: str, way: int) -> str:
    first, last = name.split()
    if way == 0:
        return f"{_CYRILLIC.get(first, first)} {_CYRILLIC.get(last, last)}"
    if way == 1:
        return plain(name).title()
    if way == 2:
        return f"{last.upper()}, {first.upper()}"
    # A letter wrong in a long surname (in "Li", it is another surname).
    wrong = last if len(last) < 5 else f"{last[:-2]}x{last[-1]}"
    return f"{first} {wrong}"


def _generated(seed: int) -> tuple[list[Person], set[tuple[int, int]], set[tuple[int, int]]]:
    """People, the planted twins' pairs and the namesakes' pairs in other places."""
    chance = random.Random(seed)
    people: list[Person] = []
    twins: set[tuple[int, int]] = set()
    apart: set[tuple[int, int]] = set()
    for first in _FIRST:
        for last in _LAST:
            name, place = f"{first} {last}", chance.choice(_PLACES)
            one = len(people) + 1
            people.append(Person(one, name, location=place))
            twin = _rewritten(name, chance.randrange(4))
            people.append(Person(one + 1, twin, location=place.split(",")[0].upper()))
            twins.add((one, one + 1))
            elsewhere = chance.choice([other for other in _PLACES if other != place])
            people.append(Person(one + 2, name, location=elsewhere))
            apart.update({(one, one + 2), (one + 1, one + 2)})
    return people, twins, apart


def test_generated_twins_are_found_in_any_writing_and_namesakes_elsewhere_are_not() -> None:
    for seed in range(5):
        people, twins, apart = _generated(seed)
        pairs = {(m.first, m.second) for m in DuplicateIndex(people).all_matches()}
        assert twins <= pairs, sorted(twins - pairs)[:5]
        assert not apart & pairs


def test_the_whole_base_and_one_person_agree_with_comparing_every_pair() -> None:
    """The blocks and the all-against-all comparison of a block find exactly the pairs a
    plain comparison of every two people of one place finds (names sharing a word's
    start), and looking one person up finds the same partners."""
    people, _twins, _apart = _generated(7)
    index = DuplicateIndex(people)
    expected = {
        (one.id, other.id)
        for one, other in combinations(people, 2)
        if place_key(one.location) == place_key(other.location)
        and name_starts(name_key(one.full_name)) & name_starts(name_key(other.full_name))
        and fuzz.ratio(name_key(one.full_name), name_key(other.full_name)) >= CLOSE_NAME
    }
    found = {(m.first, m.second) for m in index.all_matches()}
    assert found == expected
    for person in people:
        partners = {s.candidate_id for s in index.suspects(person)}
        assert partners == {b if a == person.id else a for a, b in found if person.id in (a, b)}
