"""The latest analysis of a candidate, read as plain values."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from recruitdesk.storage.analysis_views import latest_analysis
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.analysis import Analysis, AnalysisRedFlag, AnalysisSkill

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_the_latest_analysis_with_skills_and_flags(database: Database) -> None:
    candidate_id, _ = create_candidate(database, {"full_name": "Ana"})
    assert latest_analysis(database, candidate_id) is None
    with database.write() as session:
        session.add(Analysis(candidate_id=candidate_id, source="github", analyzed_at=NOW))
        newest = Analysis(
            candidate_id=candidate_id,
            source="github",
            login="ana",
            analyzed_at=NOW + timedelta(1),
            scores={"overall": 72, "testing": 40},
            explanations={"testing": ["3 of 9 repositories have tests"]},
        )
        newest.skills.append(
            AnalysisSkill(
                name="FastAPI",
                confidence=0.9,
                evidence=[{"repo": "api", "path": "main.py", "why": "imports fastapi"}],
            )
        )
        newest.red_flags.append(AnalysisRedFlag(code="no_tests", message="Few tests"))
        session.add(newest)
    view = latest_analysis(database, candidate_id)
    assert view is not None
    assert view.scores == {"overall": 72.0, "testing": 40.0}
    assert view.explanations["testing"] == ("3 of 9 repositories have tests",)
    assert view.skills[0].evidence == (("api", "main.py", "imports fastapi"),)
    assert view.red_flags == (("no_tests", "Few tests"),)
    with database.read() as session:
        assert session.scalar(select(Analysis.login).where(Analysis.id == view.id)) == "ana"
