"""Every model survives a write and a read in a fresh session of a real SQLite file."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from recruitdesk.storage.database import Database
from recruitdesk.storage.models.analysis import (
    Analysis,
    AnalysisJob,
    AnalysisRedFlag,
    AnalysisRepository,
    AnalysisSkill,
)
from recruitdesk.storage.models.pipeline import (
    Application,
    Candidate,
    Note,
    Position,
    Scorecard,
    StageChange,
)

WHEN = datetime(2026, 11, 2, 14, 30, tzinfo=UTC)


def _candidate(**overrides: object) -> Candidate:
    fields: dict[str, object] = {
        "full_name": "Zofia Wiśniewska",
        "email": "zofia@example.com",
        "phone": "+48 600 100 200",
        "location": "Kraków, Poland",
        "region": "eastern_europe",
        "github_login": "zwisniewska",
        "links": ["https://github.com/zwisniewska"],
        "track": "data_ml",
        "level": "senior",
        "years_experience": 9,
        "employment": "contract",
        "ask_amount": 85,
        "ask_currency": "USD",
        "ask_period": "hour",
        "notice_weeks": 4,
        "source": "Referral",
        "skills": ["pandas", "Apache Airflow"],
        "tags": ["referral"],
        "consent_until": date(2027, 11, 1),
    }
    fields.update(overrides)
    return Candidate(**fields)


def test_a_full_record_round_trips(database: Database) -> None:
    with database.write() as session:
        person = _candidate()
        position = Position(
            title="Senior Data Engineer",
            track="data_ml",
            level="senior",
            regions=["eastern_europe"],
            must_have=["Apache Airflow"],
            nice_to_have=["Polars"],
            min_scores={"overall": 60},
            budget_min=60000,
            budget_max=90000,
            budget_currency="EUR",
            budget_period="year",
        )
        application = Application(
            candidate=person, position=position, stage="technical", rank=1.5, entered_stage_at=WHEN
        )
        application.stage_changes.append(
            StageChange(from_stage="screening", to_stage="technical", changed_at=WHEN)
        )
        application.scorecards.append(
            Scorecard(
                kind="technical",
                ratings={"gil": {"rating": 4, "comment": "clear"}},
                recommendation="yes",
                interviewer="Ana",
                interviewed_on=date(2026, 11, 3),
            )
        )
        person.notes.append(Note(body="Knows Airflow cold.", private=True, author="Sam"))
        analysis = Analysis(
            source="github",
            login="zwisniewska",
            analyzed_at=WHEN,
            api_requests=7,
            scores={"overall": 71.0, "testing": 80.0},
            overall_score=71.0,
            track="data_ml",
            explanations={"testing": ["pytest in 3 of 4 repositories."]},
        )
        analysis.repositories.append(
            AnalysisRepository(
                name="etl", stars=12, pushed_at=WHEN, files=30, sloc=2400, metrics={"cc_mean": 2.1}
            )
        )
        analysis.skills.append(
            AnalysisSkill(
                name="Apache Airflow",
                confidence=0.9,
                evidence=[{"repo": "etl", "path": "dags/a.py", "why": "imports airflow"}],
            )
        )
        analysis.red_flags.append(AnalysisRedFlag(code="no_readme", message="No README."))
        person.analyses.append(analysis)
        session.add(person)
        session.flush()
        session.add(AnalysisJob(candidate_id=person.id, login="zwisniewska", next_attempt_at=WHEN))

    with database.read() as session:
        stored = session.scalars(select(Candidate)).one()
        assert stored.full_name == "Zofia Wiśniewska"
        assert stored.skills == ["pandas", "Apache Airflow"]
        assert stored.consent_until == date(2027, 11, 1)
        assert stored.created_at.tzinfo is UTC
        card = stored.applications[0]
        assert (card.stage, card.rank, card.entered_stage_at) == ("technical", 1.5, WHEN)
        assert card.position.min_scores == {"overall": 60}
        assert card.stage_changes[0].to_stage == "technical"
        assert card.scorecards[0].ratings["gil"]["rating"] == 4
        assert stored.notes[0].private is True
        result = stored.analyses[0]
        assert result.repositories[0].metrics == {"cc_mean": 2.1}
        assert result.skills[0].evidence[0]["path"] == "dags/a.py"
        assert result.red_flags[0].code == "no_readme"
        job = session.scalars(select(AnalysisJob)).one()
        assert (job.state, job.attempts, job.next_attempt_at) == ("queued", 0, WHEN)


def test_github_login_and_email_are_unique_when_set(database: Database) -> None:
    with database.write() as session:
        session.add_all([_candidate(), _candidate(email=None, github_login=None, full_name="B")])
        session.add(_candidate(email=None, github_login=None, full_name="C"))
    with pytest.raises(IntegrityError), database.write() as session:
        session.add(_candidate(email="other@example.com"))
    with database.read() as session:
        assert len(session.scalars(select(Candidate)).all()) == 3


def test_deleting_a_candidate_removes_their_rows_everywhere(database: Database) -> None:
    with database.write() as session:
        person = _candidate()
        position = Position(title="Backend")
        application = Application(
            candidate=person, position=position, stage="sourced", rank=1, entered_stage_at=WHEN
        )
        application.stage_changes.append(StageChange(to_stage="sourced", changed_at=WHEN))
        person.notes.append(Note(body="x"))
        session.add(person)
    with database.write() as session:
        session.delete(session.scalars(select(Candidate)).one())
    with database.read() as session:
        for model in (Candidate, Application, StageChange, Note):
            assert session.scalars(select(model)).all() == []
        assert len(session.scalars(select(Position)).all()) == 1


def test_naive_datetimes_are_refused(database: Database) -> None:
    with pytest.raises(Exception, match="naive"), database.write() as session:
        session.add(
            StageChange(application_id=1, to_stage="sourced", changed_at=datetime(2026, 1, 1))
        )
