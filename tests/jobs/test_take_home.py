"""A take-home submission, a real folder and a real git history, analysed offline and
attached to the candidate's review exercise."""

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from recruitdesk.analysis.errors import AnalysisError
from recruitdesk.jobs.take_home import analyse_submission
from recruitdesk.storage.analysis_views import latest_analysis
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.erasure import erase_candidate
from recruitdesk.storage.exercises import add_assignment, assignments
from recruitdesk.storage.models.analysis import Analysis
from recruitdesk.storage.models.hiring import ExerciseAssignment

CODE = '''"""Revenue per country."""


def revenue(rows: list[dict[str, str]]) -> dict[str, float]:
    """Sum the amounts per country, skipping refunds."""
    totals: dict[str, float] = {}
    for row in rows:
        if row["type"] == "refund":
            continue
        totals[row["country"]] = totals.get(row["country"], 0.0) + float(row["amount"])
    return totals
'''

TEST = """from revenue import revenue


def test_refunds_are_skipped() -> None:
    rows = [{"type": "refund", "country": "PL", "amount": "5"}]
    assert revenue(rows) == {}
"""


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


def test_a_submission_is_analysed_and_attached_not_made_the_github_analysis(
    database: Database, tmp_path: Path
) -> None:
    candidate_id, _ = create_candidate(database, {"full_name": "Zoë Nowak"})
    assignment_id, _ = add_assignment(database, candidate_id, "data", message_id=None)
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / "revenue.py").write_text(CODE)
    (folder / "test_revenue.py").write_text(TEST)
    git(folder, "init", "-q")
    git(folder, "-c", "user.name=Zoë", "-c", "user.email=zoe@example.com", "add", ".")
    git(
        folder,
        "-c",
        "user.name=Zoë",
        "-c",
        "user.email=zoe@example.com",
        "commit",
        "-q",
        "-m",
        "Sum revenue per country, skipping refunds",
    )
    changes = analyse_submission(database, assignment_id, folder, authors=("zoe@example.com",))
    (assigned,) = assignments(database, candidate_id)
    assert assigned.submission is not None
    assert changes.analyses == {assigned.submission.analysis_id}
    assert assigned.submission.path is not None
    assert assigned.submission.path.endswith("submission")
    assert assigned.submission.scores["typing"] > 50
    assert latest_analysis(database, candidate_id) is None


def test_a_missing_folder_is_one_sentence_and_attaches_nothing(
    database: Database, tmp_path: Path
) -> None:
    candidate_id, _ = create_candidate(database, {"full_name": "Zoë Nowak"})
    assignment_id, _ = add_assignment(database, candidate_id, "data", message_id=None)
    with pytest.raises(AnalysisError):
        analyse_submission(database, assignment_id, tmp_path / "nowhere")
    assert assignments(database, candidate_id)[0].submission is None


def test_erasing_the_candidate_erases_their_submission_s_analysis(
    database: Database, tmp_path: Path
) -> None:
    candidate_id, _ = create_candidate(database, {"full_name": "Zoë Nowak"})
    assignment_id, _ = add_assignment(database, candidate_id, "data", message_id=None)
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / "revenue.py").write_text(CODE)
    analyse_submission(database, assignment_id, folder)
    analysis_id = assignments(database, candidate_id)[0].submission
    assert analysis_id is not None
    erase_candidate(database, candidate_id)
    with database.read() as session:
        assert session.get(Analysis, analysis_id.analysis_id) is None
        assert session.scalars(select(ExerciseAssignment)).all() == []
