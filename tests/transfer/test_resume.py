"""JSON Resume files: one or many, bad ones naming their lines, and the export's shape."""

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.transfer.samples import FIXTURES, people, snapshot, write

from recruitdesk.errors import KnownError
from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.models.pipeline import Note
from recruitdesk.transfer.formats import export, import_file
from recruitdesk.transfer.results import InvalidImportError


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
        (3, "basics.email: Neither an e-mail nor a GitHub login tells who it is"),
        (
            4,
            "work[0].startDate: '2020-13' is not a date: a date is written YYYY-MM-DD, "
            "YYYY-MM or YYYY",
        ),
        (6, "resume: must be a JSON object"),
    ]
    assert snapshot(database)["candidates.json"] == []
    report = import_file(database, FIXTURES / "bad_resumes.json", skip_invalid=True)
    assert report.created == 1


def test_json_that_does_not_parse(database: Database, tmp_path: Path) -> None:
    path = write(tmp_path, "broken.json", b'[\n {"basics": {"name": "A"}},\n {"basics": \n]')
    with pytest.raises(KnownError, match=r"broken\.json is not valid JSON: line 4"):
        import_file(database, path)


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
