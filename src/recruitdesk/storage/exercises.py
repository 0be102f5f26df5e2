"""Review exercises of a candidate: which one was sent and when (its message is on the
timeline), their written review, the recruiter's confirmed grade per planted problem, and
the analysis of a take-home submission (docs/architecture.md, "The review exercise")."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from recruitdesk.domain.exercise import Grade, exercise_by_id
from recruitdesk.errors import KnownError
from recruitdesk.storage.audit import record
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.analysis import Analysis
from recruitdesk.storage.models.hiring import ExerciseAssignment
from recruitdesk.storage.models.pipeline import Candidate


@dataclass(frozen=True, slots=True)
class Submission:
    """The stored analysis of a take-home submission."""

    analysis_id: int
    path: str | None
    overall: float | None
    scores: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class AssignmentView:
    id: int
    candidate_id: int
    position_id: int | None
    exercise: str
    message_id: int | None
    sent_at: datetime
    review: str | None
    reviewed_at: datetime | None
    grades: Mapping[str, Grade] = field(default_factory=dict)
    graded_at: datetime | None = None
    graded_by: str | None = None
    submission: Submission | None = None


def _grades(raw: Mapping[str, object] | None) -> dict[str, Grade]:
    grades: dict[str, Grade] = {}
    for problem_id, value in (raw or {}).items():
        if isinstance(value, Mapping):
            grades[str(problem_id)] = Grade(bool(value.get("found")), bool(value.get("explained")))
    return grades


def _view(row: ExerciseAssignment, analysis: Analysis | None) -> AssignmentView:
    submission = None
    if analysis is not None:
        submission = Submission(
            analysis.id,
            analysis.path,
            analysis.overall_score,
            {str(k): float(v) for k, v in (analysis.scores or {}).items()},
        )
    return AssignmentView(
        id=row.id,
        candidate_id=row.candidate_id,
        position_id=row.position_id,
        exercise=row.exercise,
        message_id=row.message_id,
        sent_at=row.sent_at,
        review=row.review,
        reviewed_at=row.reviewed_at,
        grades=_grades(row.grades),
        graded_at=row.graded_at,
        graded_by=row.graded_by,
        submission=submission,
    )


def add_assignment(
    database: Database,
    candidate_id: int,
    exercise_id: str,
    *,
    message_id: int | None,
    position_id: int | None = None,
    sent_at: datetime | None = None,
) -> tuple[int, Changes]:
    """Record that ``exercise_id`` went to the candidate (by the timeline's message)."""
    try:
        exercise_by_id(exercise_id)
    except KeyError:
        raise KnownError(f"There is no review exercise named {exercise_id!r}.") from None
    now = datetime.now(UTC)
    with database.write() as session:
        if session.get(Candidate, candidate_id) is None:
            raise KnownError(f"There is no candidate with id {candidate_id}.")
        row = ExerciseAssignment(
            candidate_id=candidate_id,
            position_id=position_id,
            exercise=exercise_id,
            message_id=message_id,
            sent_at=sent_at or now,
            grades={},
        )
        session.add(row)
        session.flush()
        detail = f"Sent the review exercise {exercise_id}"
        record(session, database.actor, [candidate_id], "exercise", detail, now)
        return row.id, Changes(candidates=frozenset({candidate_id}))


def _locked(session: Session, assignment_id: int) -> ExerciseAssignment:
    row = session.get(ExerciseAssignment, assignment_id, with_for_update=True)
    if row is None:
        raise KnownError("That review exercise has been deleted meanwhile.")
    return row


def record_review(
    database: Database, assignment_id: int, text: str, at: datetime | None = None
) -> Changes:
    """Keep the candidate's written review as they sent it."""
    kept = text.strip()
    if not kept:
        raise KnownError("The review is empty; paste what the candidate wrote.")
    with database.write() as session:
        row = _locked(session, assignment_id)
        row.review = kept
        row.reviewed_at = at or datetime.now(UTC)
        detail = f"Recorded the review of {row.exercise}"
        record(session, database.actor, [row.candidate_id], "exercise", detail, datetime.now(UTC))
        return Changes(candidates=frozenset({row.candidate_id}))


def save_grades(
    database: Database, assignment_id: int, grades: Mapping[str, Grade], at: datetime | None = None
) -> Changes:
    """The recruiter's verdict per planted problem; problems not in the exercise's
    rubric are refused (a bug, not the user's)."""
    with database.write() as session:
        row = _locked(session, assignment_id)
        known = {problem.id for problem in exercise_by_id(row.exercise).problems}
        unknown = set(grades) - known
        if unknown:
            raise ValueError(f"not planted in {row.exercise}: {sorted(unknown)}")
        if row.review is None:
            raise KnownError("Record the candidate's review before grading it.")
        row.grades = {
            problem_id: {"found": grade.found, "explained": grade.found and grade.explained}
            for problem_id, grade in grades.items()
        }
        row.graded_at = at or datetime.now(UTC)
        row.graded_by = database.actor
        detail = f"Graded the review of {row.exercise}"
        record(session, database.actor, [row.candidate_id], "exercise", detail, datetime.now(UTC))
        return Changes(candidates=frozenset({row.candidate_id}))


def attach_submission(database: Database, assignment_id: int, analysis_id: int) -> Changes:
    """Attach the stored analysis of a take-home submission to the exercise."""
    with database.write() as session:
        row = _locked(session, assignment_id)
        if session.get(Analysis, analysis_id) is None:
            raise KnownError(f"There is no analysis with id {analysis_id}.")
        row.submission_analysis_id = analysis_id
        return Changes(candidates=frozenset({row.candidate_id}), analyses=frozenset({analysis_id}))


def assignments(database: Database, candidate_id: int) -> list[AssignmentView]:
    """The candidate's review exercises, newest first."""
    with database.read() as session:
        rows = session.execute(
            select(ExerciseAssignment, Analysis)
            .outerjoin(Analysis, Analysis.id == ExerciseAssignment.submission_analysis_id)
            .where(ExerciseAssignment.candidate_id == candidate_id)
            .order_by(ExerciseAssignment.sent_at.desc(), ExerciseAssignment.id.desc())
        )
        return [_view(row, analysis) for row, analysis in rows]
