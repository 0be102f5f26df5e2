"""The demo's stored analyses: made by the engine, stored with the sample in one
transaction, and enough for the README's own search example to find people."""

import re
import shlex
from datetime import date
from pathlib import Path

import pytest
from tests import templates

from recruitdesk.analysis.contribution_parts import Contributions
from recruitdesk.analysis.result import AnalysisResult, RepoResult
from recruitdesk.cli import main
from recruitdesk.jobs.demo_analyses import MAX_ANALYSES, demo_analyses
from recruitdesk.storage.analysis_views import latest_analysis
from recruitdesk.storage.demo_sample import build_sample
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.models.analysis import Analysis

README = Path(__file__).parents[2] / "README.md"
AS_OF = date(2026, 11, 21)


def test_the_records_are_the_engines_and_prove_claimed_skills() -> None:
    sample = build_sample(600, seed=5, as_of=AS_OF)
    records = demo_analyses(sample.candidates, seed=5, as_of=AS_OF)
    assert records == demo_analyses(sample.candidates, seed=5, as_of=AS_OF)  # deterministic
    assert 50 <= len(records) <= MAX_ANALYSES
    claimed = {p["github_login"]: {s.lower() for s in p["skills"]} for p in sample.candidates}
    keys = set(
        AnalysisResult(
            "github", "x", None, sample.candidates[0]["created_at"], 0, (), {}, (), (), None, {}
        ).to_record()
    )
    repo_keys = set(RepoResult("x").to_record())
    verified = 0
    for record in records:
        assert set(record) == keys
        assert all(set(repo) == repo_keys for repo in record["repos"])
        assert {RepoResult.from_record(repo).to_record() == repo for repo in record["repos"]} == {
            True
        }
        assert set(record["scores"]) >= {"overall", "testing", "typing"}
        assert all(0 <= score <= 100 for score in record["scores"].values())
        assert record["analyzed_at"] < f"{AS_OF}"
        for skill in record["skills"]:
            assert skill["evidence"], skill
            verified += 1
    assert verified > len(records)
    # A verified skill is one the person claims (the catalogue's spelling may differ).
    names = {s["name"].lower() for r in records for s in r["skills"]}
    assert "fastapi" in names
    logins = [r["login"] for r in records]
    assert len(set(logins)) == len(logins)
    fastapi = [r for r in records if any(s["name"] == "FastAPI" for s in r["skills"])]
    assert all("fastapi" in claimed[r["login"]] for r in fastapi)


def test_the_demo_stores_them_and_the_readmes_search_example_finds_people(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command's demo stores the analyses with the sample, and the README's own
    search example finds people in it by a verified skill."""
    line = next(line for line in README.read_text().splitlines() if "recruitdesk search" in line)
    example = re.search(r"e\.g\. (.+)$", line)
    assert example is not None
    templates.empty_file(db_path)
    assert main(["--db", str(db_path), "demo"]) == 0
    loaded = re.search(r"(\d+) stored analyses", capsys.readouterr().out)
    assert loaded is not None
    assert int(loaded[1]) > 20
    with open_database(str(db_path)) as database:
        with database.read() as session:
            stored = session.query(Analysis).all()
            assert len(stored) == int(loaded[1])
            candidate_id = stored[0].candidate_id
        assert candidate_id is not None
        view = latest_analysis(database, candidate_id)
        assert view is not None
        assert view.scores
    assert main(["--db", str(db_path), "search", *shlex.split(example[1])]) == 0
    found = capsys.readouterr().out.strip().splitlines()
    assert found[-1] != "0 found", example[1]
    assert "verified: FastAPI" in found[0]


def test_some_analysed_people_worked_in_others_projects_without_links() -> None:
    sample = build_sample(900, seed=8, as_of=AS_OF)
    records = demo_analyses(sample.candidates, seed=8, as_of=AS_OF)
    level = {p["github_login"]: p["level"] for p in sample.candidates}
    with_work = [r for r in records if r["contributions"]]
    assert 0.15 * len(records) < len(with_work) < 0.85 * len(records)
    share = {
        group: sum(bool(r["contributions"]) for r in records if level[r["login"]] in group)
        / max(1, sum(level[r["login"]] in group for r in records))
        for group in (("junior", "mid"), ("senior", "lead"))
    }
    assert share[("senior", "lead")] > share[("junior", "mid")]
    writings = set()
    for record in with_work:
        work = Contributions.from_record(record["contributions"])
        assert work is not None
        assert "open_source" in record["scores"]
        assert work.merged_total >= len(work.projects) >= 1
        for pull in work.pulls:
            assert pull.url == ""  # fictional people link to no real pull request
            assert pull.merged_at is not None
            assert pull.merged_at < str(record["analyzed_at"])
            writings.add(pull.writing.says_why)
    # Some descriptions say why, others do not: the writing is judged, not assumed.
    assert writings == {True, False}
