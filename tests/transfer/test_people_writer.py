"""Writing people: matching those stored, filling blanks, importing twice changing nothing,
and exports read back the same."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from tests import templates
from tests.transfer.samples import FIXTURES, people, snapshot, write

from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.models.pipeline import Candidate
from recruitdesk.transfer.formats import export, import_file

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

    with templates.open_empty(tmp_path / "other.sqlite") as other:
        report = import_file(other, tmp_path / name)
        assert report.created == 60
        assert _comparable(snapshot(other)) == _comparable(snapshot(database))
        again = import_file(other, tmp_path / name)
        assert again.created == again.updated == 0
