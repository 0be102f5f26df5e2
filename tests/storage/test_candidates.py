"""Candidate records: created, read back as plain values, edited under the field rules."""

from datetime import UTC, datetime, timedelta

import pytest

from recruitdesk.errors import KnownError, ValidationError
from recruitdesk.storage import candidates as store
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Candidate

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_create_and_read_back_plain_values(database: Database) -> None:
    candidate_id, changes = store.create_candidate(
        database,
        {
            "full_name": "  Ana Lopez ",
            "email": "ana@example.com",
            "github_login": "https://github.com/ana-l",
            "skills": "python, Django, python",
            "years_experience": "7",
            "region": "eastern_europe",
        },
        now=NOW,
    )
    assert changes.candidates == {candidate_id}
    details = store.get_candidate(database, candidate_id)
    assert details.full_name == "Ana Lopez"
    assert details.github_login == "ana-l"
    assert details.skills == ("python", "Django")
    assert details.years_experience == 7
    assert isinstance(details, store.CandidateDetails)
    with database.read() as session:
        row = session.get(Candidate, candidate_id)
        assert row is not None
        assert row.field_times["email"] == NOW.isoformat()


def test_an_update_stamps_only_the_fields_that_changed(database: Database) -> None:
    candidate_id, _ = store.create_candidate(
        database, {"full_name": "Ana", "phone": "+34 600 000 001"}, now=NOW
    )
    later = NOW + timedelta(hours=3)
    changes = store.update_candidate(
        database,
        candidate_id,
        {"full_name": "Ana", "phone": "+34 600 000 002", "tags": ["remote"]},
        now=later,
    )
    assert changes.candidates == {candidate_id}
    with database.read() as session:
        row = session.get(Candidate, candidate_id)
        assert row is not None
        assert row.field_times["phone"] == later.isoformat()
        assert row.field_times["tags"] == later.isoformat()
        assert row.field_times["full_name"] == NOW.isoformat()
    assert not store.update_candidate(database, candidate_id, {"phone": "+34 600 000 002"})


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("email", "ana@", "domain"),
        ("github_login", "ana_lopez", "letters, digits and hyphens"),
        ("links", ["https://ok.example.com", "nope"], "nope: "),
        ("full_name", "   ", "needs a name"),
        ("years_experience", "ten", "whole number"),
        ("region", "mars", "not one of"),
        ("ask_currency", "EURO", "three-letter"),
        ("notice_weeks", 99, "from 0 to 52"),
        ("notice_weeks", "60", "from 0 to 52"),
        ("phone", "call me", "phone number"),
        ("consent_until", "2026-13-01", "YYYY-MM-DD"),
    ],
)
def test_invalid_fields_are_refused_with_a_reason(
    database: Database, field: str, value: object, words: str
) -> None:
    candidate_id, _ = store.create_candidate(database, {"full_name": "Ana"})
    with pytest.raises(ValidationError) as caught:
        store.update_candidate(database, candidate_id, {field: value, "location": "Porto"})
    assert words in caught.value.problems[field]
    # Nothing was written, not even the valid field.
    assert store.get_candidate(database, candidate_id).location is None


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"ask_amount": 150_000, "ask_period": "hour"}, "not plausible"),
        ({"ask_amount": 0, "ask_period": "year"}, "more than 0"),
        ({"ask_amount": 90_000_000}, "not plausible"),
    ],
)
def test_absurd_asks_are_refused_for_their_period(
    database: Database, values: dict[str, object], words: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        store.create_candidate(database, {"full_name": "Ana", **values})
    assert words in caught.value.problems["ask_amount"]
    created, _ = store.create_candidate(
        database, {"full_name": "Bo", "ask_amount": 85, "ask_period": "hour"}
    )
    assert store.get_candidate(database, created).ask_amount == 85


def test_changing_only_the_period_checks_the_stored_ask(database: Database) -> None:
    created, _ = store.create_candidate(
        database, {"full_name": "Cy", "ask_amount": 150_000, "ask_period": "year"}
    )
    with pytest.raises(ValidationError) as caught:
        store.update_candidate(database, created, {"ask_period": "hour"})
    assert "not plausible" in caught.value.problems["ask_amount"]
    assert store.get_candidate(database, created).ask_period == "year"


def test_email_and_login_belong_to_one_candidate(database: Database) -> None:
    store.create_candidate(database, {"full_name": "Ana", "email": "a@example.com"})
    other, _ = store.create_candidate(database, {"full_name": "Bo", "github_login": "bo"})
    with pytest.raises(ValidationError) as caught:
        store.update_candidate(database, other, {"email": "A@example.com"})
    assert "Ana" in caught.value.problems["email"]
    with pytest.raises(ValidationError):
        store.create_candidate(database, {"full_name": "Cy", "github_login": "BO"})


def test_unknown_candidates_and_fields(database: Database) -> None:
    with pytest.raises(KnownError, match="no candidate"):
        store.get_candidate(database, 42)
    with pytest.raises(KnownError, match="no candidate"):
        store.update_candidate(database, 42, {"phone": "+34 600 000 001"})
    with pytest.raises(ValidationError, match="cannot be edited"):
        store.create_candidate(database, {"full_name": "Ana", "id": 3})
