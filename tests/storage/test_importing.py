"""Importing CSV and JSON Resume files: mapping, encodings, bad rows, idempotence."""

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from recruitdesk.errors import KnownError
from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.exporting import bundle_members, export
from recruitdesk.storage.importing import (
    InvalidImportError,
    github_login,
    import_file,
    import_people,
    read_csv,
    rows_from_csv,
)
from recruitdesk.storage.models import Candidate, Note

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"


def snapshot(database: Database) -> dict[str, Any]:
    """Every row the database holds, by uid, private notes too."""
    with database.read() as session:
        members, _private = bundle_members(session, include_private=True)
    return members


def people(database: Database) -> dict[str, dict[str, Any]]:
    with database.read() as session:
        return {
            person.full_name: {
                "email": person.email,
                "github_login": person.github_login,
                "phone": person.phone,
                "location": person.location,
                "links": person.links,
                "skills": person.skills,
                "tags": person.tags,
                "source": person.source,
                "years_experience": person.years_experience,
            }
            for person in session.scalars(select(Candidate))
        }


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------------------
# Real-world shapes


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


@pytest.mark.parametrize(
    ("text", "login"),
    [
        ("octocat", "octocat"),
        ("@octo-cat", "octo-cat"),
        ("https://github.com/Octo-Cat", "Octo-Cat"),
        ("github.com/octocat/", "octocat"),
        ("http://www.github.com/octocat?tab=repositories", "octocat"),
    ],
)
def test_a_github_url_or_a_bare_login_gives_the_login(text: str, login: str) -> None:
    assert github_login(text) == login


@pytest.mark.parametrize(
    "text",
    ["-octocat", "octo--cat", "https://github.com/octocat/repo", "https://gitlab.com/x", "a" * 40],
)
def test_what_is_not_a_github_login(text: str) -> None:
    with pytest.raises(ValueError, match="not a GitHub"):
        github_login(text)


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


# --------------------------------------------------------------------------------------
# Encodings

NAMES_CSV = "full name,email\nJosé Müller,jose@example.com\nŁucja Żak,lucja@example.pl\n"


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16", b""),  # Python writes the BOM
        ("utf-16-le", b""),  # no BOM: recognised by its zero bytes
        ("utf-16-be", b""),
    ],
)
def test_unicode_encodings_are_read(
    database: Database, tmp_path: Path, encoding: str, prefix: bytes
) -> None:
    path = write(tmp_path, "people.csv", prefix + NAMES_CSV.encode(encoding))
    import_file(database, path)
    assert set(people(database)) == {"José Müller", "Łucja Żak"}


def test_latin_1_is_read(database: Database, tmp_path: Path) -> None:
    text = "full name,email,location\nJosé Müller,jose@example.com,Zürich\n"
    path = write(tmp_path, "latin.csv", text.encode("latin-1"))
    assert read_csv(path).encoding == "cp1252"
    import_file(database, path)
    assert people(database)["José Müller"]["location"] == "Zürich"


def test_ten_megabytes_of_garbage_are_refused(database: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "garbage.csv", os.urandom(10 * 1024 * 1024))
    before = snapshot(database)
    with pytest.raises(KnownError, match=r"garbage\.csv is not a text file: line \d+"):
        import_file(database, path)
    assert snapshot(database) == before


def test_text_that_is_not_a_csv_of_people(database: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "notes.csv", b"lorem ipsum dolor\nsit amet\n" * 1000)
    with pytest.raises(KnownError, match="names no column recruitdesk knows"):
        import_file(database, path)
    assert snapshot(database)["candidates.json"] == []


def test_a_control_character_in_a_text_file(database: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "odd.csv", b"name,email\nA B,a@example.com\nC\x07D,c@example.com\n")
    with pytest.raises(KnownError, match="line 3 holds the control character U\\+0007"):
        import_file(database, path)


def test_an_empty_file(database: Database, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="empty"):
        import_file(database, write(tmp_path, "empty.csv", b""))


def test_a_missing_file(database: Database, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="There is no file"):
        import_file(database, tmp_path / "nope.csv")


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
        (3, "the name is empty"),
        (4, "'not-an-email' is not an e-mail address"),
        (
            5,
            "'-not-valid-' is not a GitHub login (letters, digits and single hyphens, at most 39)",
        ),
        (8, "it has neither an e-mail nor a GitHub login to tell who it is"),
        (10, "the same e-mail as line 2 (good.one@example.com)"),
    ]
    assert error.valid == 3
    assert "bad_rows.csv: 5 rows are invalid, nothing was imported" in str(error)
    assert "line 3: the name is empty" in str(error)
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
    assert "'mars' is not a region" in reasons[2]
    assert "'many' is not a number" in reasons[3]
    assert "'next year' is not a date" in reasons[4]
    assert "'euro' is not a currency code" in reasons[5]


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


# --------------------------------------------------------------------------------------
# Idempotence and matching


def test_importing_the_same_file_twice_changes_nothing(database: Database) -> None:
    for name in ("ats_export.csv", "linkedin_connections.csv", "resume.json", "resumes.json"):
        import_file(database, FIXTURES / name)
    before = snapshot(database)
    for name in ("ats_export.csv", "linkedin_connections.csv", "resume.json", "resumes.json"):
        report = import_file(database, FIXTURES / name)
        assert report.created == report.updated == 0, name
        assert not report.changes, name
    assert snapshot(database) == before


def test_a_known_person_gets_blanks_filled_never_overwritten(
    database: Database, tmp_path: Path
) -> None:
    import_file(
        database,
        write(tmp_path, "a.csv", b"name,email,phone\nAna Silva,ANA@example.com,+351 1 234 5678\n"),
    )
    report = import_file(
        database,
        write(
            tmp_path,
            "b.csv",
            b"name,email,phone,github,location,skills\n"
            b"Ana S.,ana@example.com,+1 999 999 9999,anasilva,Lisbon,Python; Django\n",
        ),
    )
    assert (report.created, report.updated) == (0, 1)
    ana = people(database)["Ana Silva"]
    assert ana["phone"] == "+351 1 234 5678"
    assert ana["email"] == "ANA@example.com"
    assert (ana["github_login"], ana["location"]) == ("anasilva", "Lisbon")
    assert ana["skills"] == ["Python", "Django"]
    with database.read() as session:
        person = session.scalars(select(Candidate)).one()
        assert set(person.field_times) == {"github_login", "location", "skills", "links"}


def test_a_person_is_matched_by_github_login_too(database: Database, tmp_path: Path) -> None:
    import_file(database, write(tmp_path, "a.csv", b"name,github\nKim Lee,KimLee\n"))
    report = import_file(
        database, write(tmp_path, "b.csv", b"name,email,github\nKim Lee,kim@example.com,kimlee\n")
    )
    assert (report.created, report.updated) == (0, 1)
    assert people(database)["Kim Lee"]["email"] == "kim@example.com"


# --------------------------------------------------------------------------------------
# JSON Resume


def test_one_json_resume(database: Database) -> None:
    report = import_file(database, FIXTURES / "resume.json")
    assert report.created == 1
    ines = people(database)["Ines Duarte"]
    assert ines["github_login"] == "inesduarte"
    assert ines["location"] == "Lisbon, PT"
    assert ines["skills"] == ["Python", "asyncio", "FastAPI", "Django", "PostgreSQL"]
    assert ines["years_experience"] >= 10
    assert "https://www.linkedin.com/in/ines-duarte" in ines["links"]
    assert "https://ines.example.pt" in ines["links"]
    with database.read() as session:
        note = session.scalars(select(Note)).one()
    assert "Backend Engineer at Caravela (2016-02 to 2020-06)" in note.body


def test_many_json_resumes(database: Database) -> None:
    report = import_file(database, FIXTURES / "resumes.json")
    assert report.created == 3
    found = people(database)
    assert found["Jonas Petersen"]["github_login"] == "jpetersen"
    assert found["Kavya Rao"]["github_login"] == "kavyarao"
    assert found["Kavya Rao"]["years_experience"] == 5
    assert found["Liam O'Brien"]["email"] == "liam.obrien@example.ie"


def test_bad_json_resumes_name_their_lines(database: Database) -> None:
    with pytest.raises(InvalidImportError) as caught:
        import_file(database, FIXTURES / "bad_resumes.json")
    assert [(p.line, p.reason) for p in caught.value.problems] == [
        (3, "it has neither an e-mail nor a GitHub login to tell who it is"),
        (4, "'2020-13' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
        (6, "a resume must be a JSON object"),
    ]
    assert snapshot(database)["candidates.json"] == []
    report = import_file(database, FIXTURES / "bad_resumes.json", skip_invalid=True)
    assert report.created == 1


def test_json_that_does_not_parse(database: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "broken.json", b'[\n {"basics": {"name": "A"}},\n {"basics": \n]')
    with pytest.raises(KnownError, match=r"broken\.json is not valid JSON: line 4"):
        import_file(database, path)


# --------------------------------------------------------------------------------------
# Round trips


def _comparable(members: dict[str, Any]) -> list[dict[str, Any]]:
    fields = ("full_name", "email", "phone", "location", "github_login", "region", "track")
    more = ("level", "years_experience", "employment", "ask_amount", "ask_currency")
    rest = ("ask_period", "notice_weeks", "source", "skills", "tags", "consent_until")
    rows = [
        {name: person[name] for name in (*fields, *more, *rest)}
        | {"links": sorted(person["links"])}
        for person in members["candidates.json"]
    ]
    return sorted(rows, key=lambda row: row["email"])


@pytest.mark.parametrize(("format", "name"), [("csv", "people.csv"), ("json", "people.json")])
def test_export_then_import_gives_the_same_people(
    database: Database, tmp_path: Path, format: str, name: str
) -> None:
    load_demo(database, candidates=60, seed=4, as_of=date(2026, 11, 21))
    export(database, tmp_path / name, format=format)
    from recruitdesk.storage.migrate import open_database

    with open_database(str(tmp_path / "other.sqlite")) as other:
        report = import_file(other, tmp_path / name)
        assert report.created == 60
        assert _comparable(snapshot(other)) == _comparable(snapshot(database))
        again = import_file(other, tmp_path / name)
        assert again.created == again.updated == 0


def test_the_gui_path_imports_rows_with_a_fixed_mapping(database: Database) -> None:
    source = read_csv(FIXTURES / "linkedin_connections.csv")
    mapping = list(source.mapping)
    # The user decides the Company column is where they keep the source.
    mapping[source.header.index("Company")] = "source"
    rows, problems = rows_from_csv(source, mapping)
    report = import_people(database, rows, problems, source="linkedin.csv", kind="csv")
    assert report.created == 3
    assert people(database)["Ana Silva"]["source"] == "Nimbus"


def test_resume_json_export_is_valid_json_resume_shape(database: Database, tmp_path: Path) -> None:
    load_demo(database, candidates=5, seed=4, as_of=date(2026, 11, 21))
    export(database, tmp_path / "r.json", format="json")
    resumes = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert len(resumes) == 5
    for resume in resumes:
        assert resume["basics"]["name"]
        assert {"basics", "meta"} <= resume.keys()
        for profile in resume["basics"].get("profiles", []):
            assert profile["url"].startswith("https://")


def test_a_resume_nested_too_deeply(database: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "deep.json", b'{"basics": ' + b"[" * 100_000)
    with pytest.raises(KnownError, match=r"deep\.json: the item on line 1 is nested too deeply"):
        import_file(database, path)


def test_a_file_whose_bytes_break_its_own_encoding(database: Database, tmp_path: Path) -> None:
    mixed = write(
        tmp_path,
        "mixed.csv",
        b"\xef\xbb\xbfname,email\nAna,ana@example.com\nJos\xe9,jose@example.com\n",
    )
    with pytest.raises(KnownError, match=r"mixed\.csv is not valid UTF-8-SIG: line 3 holds"):
        import_file(database, mixed)
    torn = write(tmp_path, "torn.csv", "name,email\nAna,a@example.com\n".encode("utf-16") + b"\x00")
    with pytest.raises(KnownError, match=r"torn\.csv is not valid UTF-16"):
        import_file(database, torn)
    assert snapshot(database)["candidates.json"] == []
