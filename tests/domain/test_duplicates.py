"""Who may be one person: exact keys, phones in any writing, close names in one place,
and people of one name told apart by their accounts."""

from datetime import date

from recruitdesk.domain.cv_reading import read_cv
from recruitdesk.domain.duplicates import DuplicateIndex, Person, Reason
from recruitdesk.domain.phones import find_phone, phone_key


def test_one_number_in_its_writings() -> None:
    same = {"+49 30 1234567", "0049 (30) 123-45-67", "030 1234567", "+49 (0)30 1234567"}
    assert {phone_key(text) for text in same} == {"301234567"}
    assert phone_key("+44 20 7946 0958") == phone_key("020 7946 0958")
    assert phone_key("12-34") is None
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
