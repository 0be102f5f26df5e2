"""The one field table of a candidate: each rule once, for the pane and the importer."""

from dataclasses import fields
from datetime import date, datetime

import pytest

from recruitdesk.domain import candidate_fields as table
from recruitdesk.domain import csv_columns
from recruitdesk.domain.validation import InvalidValueError, is_linkedin, parse_date
from recruitdesk.errors import ValidationError
from recruitdesk.storage.candidates import CandidateDetails


def test_the_table_covers_every_field_a_user_edits() -> None:
    stored = {f.name for f in fields(CandidateDetails)} - {
        "id",
        "created_at",
        "updated_at",
        "version",
    }
    assert stored == table.FIELD_NAMES
    assert [spec.name for spec in table.FIELDS] == [
        f.name for f in fields(CandidateDetails) if f.name in stored
    ]


# -- the disagreements the two validators had -----------------------------------------------


def test_a_notice_longer_than_a_year_is_refused_typed_or_as_text() -> None:
    # The importer took up to 104 weeks; the pane refused anything over 52.
    assert table.problem("notice_weeks", "52") is None
    found = table.problem("notice_weeks", "60")
    assert found is not None
    assert "from 0 to 52" in found
    assert "notice_weeks" in table.check_values({"notice_weeks": 60})


@pytest.mark.parametrize("amount", ["150000", "150,000", 150_000])
def test_an_hourly_ask_is_held_to_the_salary_rules(amount: object) -> None:
    # The importer took any ask up to 100,000,000 whatever its period.
    problems = table.check_values({"ask_amount": amount, "ask_period": "hour"})
    assert "not plausible" in problems["ask_amount"]
    assert "2,000" in problems["ask_amount"]
    assert table.check_values({"ask_amount": amount, "ask_period": "year"}) == {}
    assert table.check_values({"ask_amount": 85, "ask_period": "Hour"}) == {}


@pytest.mark.parametrize(("amount", "words"), [("0", "more than 0"), ("90000000", "5,000,000")])
def test_an_ask_alone_is_held_to_the_yearly_bound(amount: str, words: str) -> None:
    found = table.problem("ask_amount", amount)
    assert found is not None
    assert words in found


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("http://localhost:8000/x", "http://localhost:8000/x"),
        ("https://a.b.co/?q=1", "https://a.b.co/?q=1"),
        ("example.com/me", "https://example.com/me"),
    ],
)
def test_a_link_the_pane_takes_the_import_takes(text: str, stored: str) -> None:
    # The importer refused a host without a dot such as localhost.
    assert table.parse("links", text) == [stored]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("https://intranet/page", "not a full host name"),
        ("ftp://example.com", "starts with https://"),
        ("https://-bad-.com", "not a valid host name"),
    ],
)
def test_a_bad_link_names_itself_and_says_why(text: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        table.parse("links", f"https://fine.example.com\n{text}")
    assert caught.value.problems["links"].startswith(f"{text}: ")
    assert words in caught.value.problems["links"]


# -- each kind of field ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "octo-cat",
        "@octo-cat",
        "https://github.com/octo-cat/",
        "github.com/octo-cat",
        "https://www.github.com/octo-cat",
    ],
)
def test_a_github_profile_is_read_as_its_login(text: str) -> None:
    assert table.parse("github_login", text) == "octo-cat"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("https://github.com/orgs", "names a profile"),
        ("https://github.com/octo/repo", "names a profile"),
        ("https://gitlab.com/octo", "letters, digits and hyphens"),
        ("octo_cat", "letters, digits and hyphens"),
    ],
)
def test_what_is_not_a_github_profile_is_refused(text: str, words: str) -> None:
    found = table.problem("github_login", text)
    assert found is not None
    assert words in found


def test_dates_have_one_parser() -> None:
    assert table.parse("consent_until", " 2026-11-20 ") == date(2026, 11, 20)
    assert table.parse("consent_until", "") is None
    for text in ("20/11/2026", "2026-13-01", "2026-11"):
        found = table.problem("consent_until", text)
        assert found is not None
        assert "YYYY-MM-DD" in found
    assert parse_date("2026-11", partial=True) == date(2026, 11, 1)
    assert parse_date("2026", partial=True) == date(2026, 1, 1)
    with pytest.raises(InvalidValueError):
        parse_date("2026-13", partial=True)
    assert table.clean("consent_until", datetime(2026, 11, 20, 9)) == date(2026, 11, 20)
    assert "consent_until" in table.check_values({"consent_until": 20261120})


def test_choices_take_the_value_or_the_label() -> None:
    assert table.parse("region", "Eastern Europe") == "eastern_europe"
    assert table.parse("region", "eastern_europe") == "eastern_europe"
    assert table.parse("employment", "full-time") == "full_time"
    assert table.parse("track", "Web / backend") == "web_backend"
    found = table.problem("region", "mars")
    assert found is not None
    assert "not one of" in found
    assert "asia" in found


def test_numbers_are_whole_and_in_range() -> None:
    assert table.parse("years_experience", " 7 ") == 7
    assert table.parse("years_experience", "7.0") == 7
    for text, words in (("ten", "whole number"), ("7.5", "whole number"), ("71", "0 to 70")):
        found = table.problem("years_experience", text)
        assert found is not None
        assert words in found
    assert "years_experience" in table.check_values({"years_experience": True})


def test_text_is_one_line_within_its_limit() -> None:
    assert table.parse("full_name", "  Ana \t Lopez ") == "Ana Lopez"
    assert table.problem("full_name", "   ") == "A candidate needs a name."
    assert table.problem("location", "x" * 200) is None
    found = table.problem("location", "x" * 201)
    assert found is not None
    assert "At most 200" in found
    assert table.problem("source", "x" * 101) is not None


def test_contact_fields() -> None:
    assert table.parse("email", "mailto:ana@example.com") == "ana@example.com"
    assert "domain" in (table.problem("email", "ana@example") or "")
    assert table.parse("phone", "+351 (900) 000-001") == "+351 (900) 000-001"
    assert table.problem("phone", "call me") is not None
    assert table.problem("phone", "1234") is not None
    assert table.parse("ask_currency", "eur") == "EUR"
    assert "three-letter" in (table.problem("ask_currency", "EURO") or "")


def test_lists_split_on_any_separator_and_keep_the_first_spelling() -> None:
    assert table.parse("skills", "python, Django; PYTHON | SQL") == ["python", "Django", "SQL"]
    assert table.clean("tags", ["remote", " Remote ", ""]) == ["remote"]
    assert table.parse("links", "https://a.example.com  https://A.example.com") == [
        "https://a.example.com"
    ]


def test_clean_values_reports_every_problem_by_name() -> None:
    values, problems = table.clean_values(
        {"full_name": " Ana ", "years_experience": "7", "id": 3, "email": "nope"}
    )
    assert values == {"full_name": "Ana", "years_experience": 7}
    assert set(problems) == {"id", "email"}
    assert problems["id"] == "This field cannot be edited."
    with pytest.raises(ValidationError) as caught:
        table.parse("notice_weeks", "99")
    assert set(caught.value.problems) == {"notice_weeks"}


def test_csv_headers_name_one_column_each() -> None:
    assert (column := csv_columns.by_alias("E-mail Address")) is not None
    assert column.field == "email"
    assert (column := csv_columns.by_alias("GitHub URL")) is not None
    assert (column.key, column.field) == ("github", "github_login")
    assert (column := csv_columns.by_alias("First Name")) is not None
    assert column.field is None
    assert csv_columns.by_alias("Favourite colour") is None
    aliases = [alias for column in csv_columns.CSV_COLUMNS for alias in column.aliases]
    assert len(aliases) == len(set(aliases))
    assert all(alias == csv_columns.normal_header(alias) for alias in aliases)
    assert csv_columns.EXPORTED_CSV_KEYS == (
        "full_name",
        "email",
        "phone",
        "location",
        "github",
        "linkedin",
        "links",
        "region",
        "track",
        "level",
        "years_experience",
        "employment",
        "ask_amount",
        "ask_currency",
        "ask_period",
        "notice_weeks",
        "source",
        "skills",
        "tags",
        "consent_until",
        "do_not_contact",
        "do_not_contact_reason",
    )
    every_field = {column.field for column in csv_columns.CSV_COLUMNS if column.field}
    assert every_field == table.FIELD_NAMES


def test_export_flags() -> None:
    identifying = {spec.name for spec in table.FIELDS if spec.identifying}
    assert identifying == {"full_name", "email", "phone", "location", "github_login", "links"}
    extras = [spec.name for spec in table.FIELDS if spec.resume_extra]
    assert extras[:3] == ["region", "track", "level"]
    assert "skills" not in extras
    assert "email" not in extras
    assert is_linkedin("https://www.linkedin.com/in/ana")
    assert not is_linkedin("https://notlinkedin.com/in/ana")
