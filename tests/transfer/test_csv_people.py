"""Importing CSV files: real-world shapes, the header mapping, bad rows all or nothing."""

from datetime import date
from pathlib import Path

import pytest
from tests.transfer.samples import FIXTURES, people, snapshot, write

from recruitdesk.errors import KnownError
from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.transfer.csv_people import read_csv, rows_from_csv
from recruitdesk.transfer.formats import import_file
from recruitdesk.transfer.people_writer import import_people
from recruitdesk.transfer.results import InvalidImportError


def test_a_linkedin_connections_export_with_its_preamble(database: Database) -> None:
    report = import_file(database, FIXTURES / "linkedin_connections.csv")
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    found = people(database)
    assert found["Ana Silva"]["email"] == "ana.silva@example.com"
    assert found["Ana Silva"]["links"] == ["https://www.linkedin.com/in/ana-silva-42"]
    assert found["Bartek Nowak"]["github_login"] is None
    assert report.changes.everything
    assert len(report.changes.candidates) == 3


def test_an_ats_export_github_urls_and_bare_logins(database: Database) -> None:
    import_file(database, FIXTURES / "ats_export.csv")
    found = people(database)
    assert found["Dana Kim"]["github_login"] == "danakim"
    assert found["Emil Berg"]["github_login"] == "emilberg"
    assert found["Emil Berg"]["email"] is None
    assert found["Farah Haddad"]["github_login"] == "farah-h"
    assert found["Dana Kim"]["location"] == "San Francisco, CA"
    assert found["Dana Kim"]["tags"] == ["backend", "fastapi"]
    assert found["Dana Kim"]["links"] == [
        "https://www.linkedin.com/in/danakim",
        "https://github.com/danakim",
    ]
    assert found["Farah Haddad"]["source"] == "Inbound"


def test_the_delimiter_is_detected(database: Database, tmp_path: Path) -> None:
    source = read_csv(FIXTURES / "semicolon.csv")
    assert source.delimiter == ";"
    import_file(database, FIXTURES / "semicolon.csv")
    found = people(database)
    assert found["Hans Vogel"]["location"] == "Berlin; Mitte"
    tabbed = write(
        tmp_path, "tabbed.csv", b"name\temail\tgithub\nIvo Ilic\tivo@example.hr\tivoilic\n"
    )
    assert read_csv(tabbed).delimiter == "\t"
    import_file(database, tabbed)
    assert people(database)["Ivo Ilic"]["github_login"] == "ivoilic"


def test_missing_required_columns(database: Database, tmp_path: Path) -> None:
    no_key = write(tmp_path, "no_key.csv", b"First Name,Last Name,Company\nAna,Silva,Nimbus\n")
    with pytest.raises(KnownError, match="no column gives an e-mail or a GitHub profile"):
        import_file(database, no_key)
    no_name = write(tmp_path, "no_name.csv", b"Email,Phone\na@example.com,+1 555 0100\n")
    with pytest.raises(KnownError, match="no column gives a name"):
        import_file(database, no_name)
    assert snapshot(database)["candidates.json"] == []


def test_a_broken_quote_names_its_line(database: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "quote.csv", b'name,email\nA B,a@example.com\n"C D"x,c@example.com\n')
    with pytest.raises(KnownError, match="at line 3"):
        import_file(database, path)


# --------------------------------------------------------------------------------------
# Bad rows: all or nothing


def test_a_file_with_bad_rows_is_refused_whole(database: Database) -> None:
    load_demo(database, candidates=20, seed=1, as_of=date(2026, 11, 21))
    before = snapshot(database)
    with pytest.raises(InvalidImportError) as caught:
        import_file(database, FIXTURES / "bad_rows.csv")
    error = caught.value
    assert [(p.line, p.reason) for p in error.problems] == [
        (3, "Full Name: A candidate needs a name"),
        (4, "Email: An e-mail address has exactly one @"),
        (5, "GitHub: A GitHub login cannot start or end with a hyphen"),
        (8, "Email: Neither an e-mail nor a GitHub login tells who it is"),
        (10, "the same e-mail as line 2 (good.one@example.com)"),
    ]
    assert error.valid == 3
    assert "bad_rows.csv: 5 rows are invalid, nothing was imported" in str(error)
    assert "line 3: Full Name: A candidate needs a name" in str(error)
    assert snapshot(database) == before


def test_skip_invalid_imports_the_valid_rows_only(database: Database) -> None:
    report = import_file(database, FIXTURES / "bad_rows.csv", skip_invalid=True)
    assert report.created == 3
    assert [problem.line for problem in report.skipped] == [3, 4, 5, 8, 10]
    assert set(people(database)) == {"Good One", "Multi Line Name", "Good Two"}
    assert "5 invalid skipped" in report.summary()


def test_a_row_with_more_fields_than_the_header(database: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "wide.csv", b"name,email\nA B,a@example.com\nC,D,c@example.com\n")
    with pytest.raises(InvalidImportError, match="line 3: it has 3 fields but the header has 2"):
        import_file(database, path)
    assert snapshot(database)["candidates.json"] == []


def test_bad_values_of_known_fields(database: Database, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "values.csv",
        b"name,email,region,years_experience,consent_until,ask_currency\n"
        b"A B,a@example.com,mars,5,2027-01-01,EUR\n"
        b"C D,c@example.com,asia,many,2027-01-01,EUR\n"
        b"E F,e@example.com,asia,5,next year,EUR\n"
        b"G H,g@example.com,Western Europe,5,2027-01-01,euro\n",
    )
    with pytest.raises(InvalidImportError) as caught:
        import_file(database, path)
    reasons = {problem.line: problem.reason for problem in caught.value.problems}
    assert reasons[2].startswith("region: 'mars' is not one of: us_canada, ")
    assert reasons[3] == "years_experience: 'many' is not a whole number"
    assert reasons[4].startswith("consent_until: 'next year' is not a date")
    assert reasons[5] == "ask_currency: A currency is a three-letter code such as EUR or USD"


def test_a_row_matching_two_different_people(database: Database, tmp_path: Path) -> None:
    first = write(
        tmp_path,
        "first.csv",
        b"name,email,github\nAna A,ana@example.com,ana-a\nBo B,bo@example.com,bo-b\n",
    )
    import_file(database, first)
    before = snapshot(database)
    clash = write(tmp_path, "clash.csv", b"name,email,github\nAna B,ana@example.com,bo-b\n")
    with pytest.raises(InvalidImportError, match="line 2: its e-mail is Ana A's"):
        import_file(database, clash)
    assert snapshot(database) == before


def test_the_gui_path_imports_rows_with_a_fixed_mapping(database: Database) -> None:
    source = read_csv(FIXTURES / "linkedin_connections.csv")
    mapping = list(source.mapping)
    # The user decides the Company column is where they keep the source.
    mapping[source.header.index("Company")] = "source"
    rows, problems = rows_from_csv(source, mapping)
    report = import_people(database, rows, problems, source="linkedin.csv", kind="csv")
    assert report.created == 3
    assert people(database)["Ana Silva"]["source"] == "Nimbus"


def test_a_list_cell_splits_on_commas_too(database: Database, tmp_path: Path) -> None:
    """ATS exports separate a list cell's items with commas inside a quoted field:
    "Django, FastAPI; pandas" is three skills, so matching finds FastAPI."""
    source = write(
        tmp_path,
        "skills.csv",
        b'Name,Email,Skills\nAna,ana@example.com,"Django, FastAPI; pandas"\n',
    )
    import_file(database, source)
    assert people(database)["Ana"]["skills"] == ["Django", "FastAPI", "pandas"]
