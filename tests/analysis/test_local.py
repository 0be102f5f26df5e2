"""`recruitdesk analyze --path`: a checkout with its history, stored when a database
is named; the storage of results."""

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests import templates
from tests.analysis.corpus import make_legacy, make_well_kept
from tests.analysis.github_server import git_tarball

from recruitdesk.analysis.engine import analyze_path
from recruitdesk.analysis.result import RepoResult
from recruitdesk.cli import main
from recruitdesk.storage.analyses import (
    analysis_history,
    latest_github_repositories,
    store_analysis,
)
from recruitdesk.storage.database import Database
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.models.analysis import Analysis, AnalysisSkill
from recruitdesk.storage.models.pipeline import Candidate


def test_analyze_path_json_through_the_command_is_stored_without_a_candidate(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_well_kept(tmp_path / "shop")
    templates.empty_file(db_path)
    assert main(["--db", str(db_path), "analyze", "--path", str(repo), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["source"], data["login"], data["path"]) == ("path", None, str(repo))
    assert data["api_requests"] == 0
    (entry,) = data["repos"]
    assert entry["commits"]["count"] == 5
    assert entry["commits"]["conventional_ratio"] == 1.0
    assert entry["test_files"] == 2
    assert {"FastAPI", "SQLAlchemy", "pydantic"} <= set(entry["frameworks"])
    assert {"match", "walrus", "union_types", "dataclasses", "async", "f_strings"} <= set(
        entry["python_features"]
    )
    assert data["red_flags"] == []
    with open_database(str(db_path)) as database, database.read() as session:
        analysis = session.scalars(select(Analysis)).one()
        assert analysis.candidate_id is None
        assert analysis.path == str(repo)
        assert analysis.overall_score == data["scores"]["overall"]
        assert session.scalar(select(func.count()).select_from(Candidate)) == 0


def test_analyze_path_without_a_database_prints_a_summary_and_stores_nothing(
    tmp_path: Path, isolated_folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_legacy(tmp_path / "legacy")
    archive = tmp_path / "legacy.tar.gz"
    archive.write_bytes(git_tarball(repo, "legacy"))
    assert main(["analyze", "--path", str(archive)]) == 0
    out = capsys.readouterr().out
    assert f"Analysis of {archive}" in out
    assert "red flag (python2_syntax)" in out
    assert "red flag (no_tests)" in out
    assert not list(isolated_folders.rglob("*.sqlite"))


def test_bad_usage_and_a_missing_path(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--db", str(db_path), "analyze"])
    assert caught.value.code == 2
    assert main(["--db", str(db_path), "analyze", "--path", str(tmp_path / "nope")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == f"recruitdesk: There is no folder or archive at {tmp_path / 'nope'}."


def test_storing_keeps_history_and_finds_the_candidate_by_login(
    tmp_path: Path, database: Database
) -> None:
    result = analyze_path(make_well_kept(tmp_path / "shop"))
    record = result.to_record() | {"source": "github", "login": "Ada", "path": None}
    record["listing_etag"] = 'W/"listing"'
    record["repos"][0]["etag"] = '"tarball"'
    first, changes = store_analysis(database, record)
    assert changes.analyses == {first}
    assert len(changes.candidates) == 1
    later = record | {"analyzed_at": "2030-01-01T00:00:00+00:00"}
    second, again = store_analysis(database, later)
    assert again.candidates == changes.candidates  # the same candidate, found by login
    assert [row[0] for row in analysis_history(database, "ada")] == [second, first]
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Candidate)) == 1
        names = set(session.scalars(select(AnalysisSkill.name)))
        assert {"FastAPI", "SQLAlchemy"} <= names
    stored = latest_github_repositories(database, "ada")
    assert stored is not None
    assert stored.analysis_id == second
    assert stored.listing_etag == 'W/"listing"'
    (repo_record,) = stored.repos.values()
    assert repo_record["etag"] == '"tarball"'
    assert RepoResult.from_record(repo_record) == replace(result.repos[0], etag='"tarball"')
