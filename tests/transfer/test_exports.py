"""Exports: CSV, JSON Resume and bundles; private notes, tokens, files written whole."""

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from tests import templates

from recruitdesk.domain.csv_columns import EXPORTED_CSV_KEYS
from recruitdesk.domain.redaction import without_credentials
from recruitdesk.errors import KnownError
from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.models.analysis import (
    Analysis,
    AnalysisRedFlag,
    AnalysisRepository,
    AnalysisSkill,
)
from recruitdesk.storage.models.pipeline import Application, Candidate, Note, Scorecard
from recruitdesk.transfer.bundle_format import FORMAT_VERSION
from recruitdesk.transfer.export_bundle import bundle_members
from recruitdesk.transfer.formats import export, import_file

AS_OF = date(2026, 11, 21)
SECRET = "ghp_SuperSecretToken0123456789abcdef"


def add_analysis_and_scorecard(database: Database) -> None:
    """Give the sample what the demo lacks: a scorecard and a full analysis."""
    with database.write() as session:
        application = session.scalars(select(Application).order_by(Application.id)).first()
        assert application is not None
        session.add(
            Scorecard(
                application_id=application.id,
                kind="technical",
                ratings={"q1": {"rating": 3, "comment": "solid"}},
                recommendation="yes",
                interviewer="Sam",
                interviewed_on=date(2026, 11, 2),
            )
        )
        analysis = Analysis(
            candidate_id=application.candidate_id,
            source="github",
            login="someone",
            analyzed_at=datetime(2026, 11, 3, 10, 0, tzinfo=UTC),
            api_requests=12,
            scores={"overall": 71, "testing": 60},
            overall_score=71.0,
            track="web_backend",
            explanations={"testing": ["tests in 3 of 4 repositories"]},
        )
        analysis.repositories.append(
            AnalysisRepository(
                name="api",
                url=f"https://x-access-token:{SECRET}@github.com/someone/api",
                stars=4,
                files=30,
                sloc=2_000,
                etag='W/"abc"',
                metrics={"cc_mean": 2.5},
            )
        )
        analysis.skills.append(
            AnalysisSkill(
                name="FastAPI",
                confidence=0.9,
                evidence=[{"repo": "api", "path": "main.py", "why": "imports fastapi"}],
            )
        )
        analysis.red_flags.append(AnalysisRedFlag(code="no_tests", message="One repo untested"))
        session.add(analysis)


@pytest.fixture
def sample(database: Database) -> Database:
    load_demo(database, candidates=80, seed=5, as_of=AS_OF)
    add_analysis_and_scorecard(database)
    return database


def members(database: Database, *, include_private: bool = True) -> dict[str, Any]:
    with database.read() as session:
        found, _private = bundle_members(session, include_private=include_private)
    return found


def read_member(path: Path, name: str) -> Any:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read(name))


def test_a_bundle_round_trip_gives_the_same_data(sample: Database, tmp_path: Path) -> None:
    bundle = tmp_path / "all.zip"
    summary = export(sample, bundle, format="bundle", include_private=True)
    assert summary.candidates == 80
    assert summary.scorecards == summary.analyses == 1
    with templates.open_empty(tmp_path / "empty.sqlite") as other:
        import_file(other, bundle)
        assert members(other) == members(sample)


def test_the_manifest_names_the_format_and_version(sample: Database, tmp_path: Path) -> None:
    export(sample, tmp_path / "b.zip", format="bundle")
    manifest = read_member(tmp_path / "b.zip", "manifest.json")
    assert manifest["format"] == "recruitdesk-bundle"
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["counts"]["candidates"] == 80
    with zipfile.ZipFile(tmp_path / "b.zip") as archive:
        assert archive.testzip() is None


def test_private_notes_stay_home_unless_asked(sample: Database, tmp_path: Path) -> None:
    with sample.read() as session:
        private = session.scalars(select(Note).where(Note.private)).all()
        assert private
        bodies = {note.uid for note in private}
    export(sample, tmp_path / "public.zip", format="bundle")
    exported = {note["uid"] for note in read_member(tmp_path / "public.zip", "notes.json")}
    assert not exported & bodies
    assert read_member(tmp_path / "public.zip", "manifest.json")["include_private"] is False
    summary = export(sample, tmp_path / "private.zip", format="bundle", include_private=True)
    exported = {note["uid"] for note in read_member(tmp_path / "private.zip", "notes.json")}
    assert bodies <= exported
    assert summary.private_notes == len(bodies)


def test_never_a_token(sample: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", SECRET)
    with sample.write() as session:
        person = session.scalars(select(Candidate)).first()
        assert person is not None
        person.links = [*person.links, f"https://user:{SECRET}@example.com/cv"]
    for format, name in (("bundle", "b.zip"), ("csv", "c.csv"), ("json", "j.json")):
        export(sample, tmp_path / name, format=format, include_private=format == "bundle")
        data = (tmp_path / name).read_bytes()
        if format == "bundle":
            with zipfile.ZipFile(tmp_path / name) as archive:
                data = b"".join(archive.read(member) for member in archive.namelist())
        assert SECRET.encode() not in data, format
        assert b"etag" not in data.lower()
    repositories = read_member(tmp_path / "b.zip", "analyses.json")[0]["repositories"]
    assert repositories[0]["url"] == "https://github.com/someone/api"


def test_without_credentials() -> None:
    assert without_credentials("https://a:b@host:8443/p?q=1") == "https://host:8443/p?q=1"
    assert without_credentials("https://host/p") == "https://host/p"


def test_the_csv_export(sample: Database, tmp_path: Path) -> None:
    export(sample, tmp_path / "c.csv", format="csv")
    raw = (tmp_path / "c.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 80
    assert list(rows[0]) == list(EXPORTED_CSV_KEYS)


def test_a_formula_cannot_ride_out_in_a_csv(database: Database, tmp_path: Path) -> None:
    with database.write() as session:
        session.add(
            Candidate(
                full_name='=HYPERLINK("http://evil")',
                email="f@example.com",
                source="@x",
                phone="+1 555 0100",
                location="-2+3",
                skills=["=cmd|' /C calc'!A0", "python"],
            )
        )
    export(database, tmp_path / "c.csv", format="csv")
    row = next(csv.DictReader(io.StringIO((tmp_path / "c.csv").read_text("utf-8-sig"))))
    assert row["full_name"].startswith("'=")
    assert row["source"] == "'@x"
    assert row["phone"] == "'+1 555 0100"
    assert row["location"] == "'-2+3"
    assert row["skills"].startswith("'=cmd")
    with templates.open_empty(tmp_path / "other.sqlite") as other:
        import_file(other, tmp_path / "c.csv")
        with other.read() as session:
            person = session.scalars(select(Candidate)).one()
            assert (person.full_name, person.source) == ('=HYPERLINK("http://evil")', "@x")
            assert (person.phone, person.location) == ("+1 555 0100", "-2+3")


def test_include_private_is_for_bundles(sample: Database, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="bundles only"):
        export(sample, tmp_path / "c.csv", format="csv", include_private=True)
    assert not (tmp_path / "c.csv").exists()


def test_an_export_into_a_missing_folder(sample: Database, tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="does not exist"):
        export(sample, tmp_path / "nowhere" / "b.zip", format="bundle")


def test_an_export_replaces_the_file_whole(sample: Database, tmp_path: Path) -> None:
    target = tmp_path / "b.zip"
    target.write_bytes(b"an older export")
    export(sample, target, format="bundle")
    with zipfile.ZipFile(target) as archive:
        assert "manifest.json" in archive.namelist()
    assert not [path for path in tmp_path.iterdir() if path.name.endswith(".tmp")]
