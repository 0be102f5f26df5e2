"""Interviews of applications: schedule one, list the upcoming, and find the scorecards
still empty the day after an interview."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Row, Select, and_, select

from recruitdesk.domain.interview_schedule import InterviewKind, InterviewPlan, check_plan
from recruitdesk.errors import KnownError
from recruitdesk.storage.audit import record
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.outreach import Interview
from recruitdesk.storage.models.pipeline import Application, Candidate, Position, Scorecard

#: How long after an interview its scorecard is overdue.
SCORECARD_GRACE = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class InterviewView:
    id: int
    uid: str
    application_id: int
    candidate_id: int
    candidate_name: str
    candidate_email: str | None
    position_title: str
    company: str | None
    kind: InterviewKind
    starts_at: datetime
    time_zone: str
    minutes: int
    interviewers: tuple[str, ...]
    place: str | None
    position_id: int | None = None


def _select() -> Select[Interview, Candidate, Position]:
    return (
        select(Interview, Candidate, Position)
        .join(Application, Application.id == Interview.application_id)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .join(Position, Position.id == Application.position_id)
    )


def _view(row: Row[Interview, Candidate, Position]) -> InterviewView:
    interview, candidate, position = row
    return InterviewView(
        interview.id,
        interview.uid,
        interview.application_id,
        candidate.id,
        candidate.full_name,
        candidate.email,
        position.title,
        position.company,
        InterviewKind(interview.kind),
        interview.starts_at,
        interview.time_zone,
        interview.minutes,
        tuple(interview.interviewers),
        interview.place,
        position.id,
    )


def schedule_interview(
    database: Database, application_id: int, plan: InterviewPlan, now: datetime | None = None
) -> tuple[int, Changes]:
    """Add an interview to an application; a plan in the past or of a wrong length is
    refused with every problem named."""
    now = now or datetime.now(UTC)
    start = check_plan(plan, now)
    with database.write() as session:
        application = session.get(Application, application_id)
        if application is None:
            raise KnownError(f"There is no application with id {application_id}.")
        interview = Interview(
            application_id=application_id,
            kind=plan.kind.value,
            starts_at=start,
            time_zone=plan.time_zone,
            minutes=plan.minutes,
            interviewers=[name.strip() for name in plan.interviewers],
            place=(plan.place or "").strip() or None,
        )
        session.add(interview)
        session.flush()
        detail = f"Scheduled a {plan.kind.value} interview"
        record(session, database.actor, [application.candidate_id], "interview", detail, now)
        return interview.id, announce(
            session,
            Changes(
                candidates=frozenset({application.candidate_id}),
                applications=frozenset({application_id}),
            ),
        )


def interview(database: Database, interview_id: int) -> InterviewView:
    with database.read() as session:
        row = session.execute(_select().where(Interview.id == interview_id)).first()
        if row is None:
            raise KnownError(f"There is no interview with id {interview_id}.")
        return _view(row)


def upcoming_interviews(
    database: Database, now: datetime | None = None, limit: int = 200
) -> list[InterviewView]:
    """Interviews not yet over, soonest first."""
    now = now or datetime.now(UTC)
    with database.read() as session:
        rows = session.execute(
            _select()
            .where(Interview.starts_at >= now - timedelta(hours=8))
            .order_by(Interview.starts_at)
            .limit(limit)
        )
        return [
            view
            for view in (_view(row) for row in rows)
            if view.starts_at + timedelta(minutes=view.minutes) > now
        ]


def scorecards_overdue(database: Database, now: datetime | None = None) -> list[InterviewView]:
    """Interviews that ended more than a day ago whose application has no scorecard of
    that day or later: someone still has to write it up."""
    now = now or datetime.now(UTC)
    written = (
        select(Scorecard.id)
        .where(
            and_(
                Scorecard.application_id == Interview.application_id,
                Scorecard.created_at >= Interview.starts_at,
            )
        )
        .exists()
    )
    with database.read() as session:
        rows = session.execute(
            _select()
            .where(Interview.starts_at <= now - SCORECARD_GRACE, ~written)
            .order_by(Interview.starts_at)
        )
        return [
            view
            for view in (_view(row) for row in rows)
            if view.starts_at + timedelta(minutes=view.minutes) + SCORECARD_GRACE <= now
        ]
