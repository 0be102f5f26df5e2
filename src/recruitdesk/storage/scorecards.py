"""The interview-kit scorecards of an application: read newest first, create, replace."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from recruitdesk.domain.interview import (
    SCORECARD_KIND,
    ScorecardAnswers,
    ScorecardError,
    answers_to_ratings,
    ratings_to_answers,
)
from recruitdesk.errors import KnownError
from recruitdesk.storage.audit import record
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Application, Scorecard
from recruitdesk.storage.versions import check_version, one_save_wins


@dataclass(frozen=True, slots=True)
class ScorecardView:
    id: int
    application_id: int
    answers: ScorecardAnswers
    interviewer: str | None
    interviewed_on: date | None
    updated_at: datetime
    version: int = 1


def list_scorecards(database: Database, application_id: int) -> list[ScorecardView]:
    """The interview-kit scorecards of one application, newest first."""
    with database.read() as session:
        cards = session.scalars(
            select(Scorecard)
            .where(Scorecard.application_id == application_id, Scorecard.kind == SCORECARD_KIND)
            .order_by(Scorecard.updated_at.desc(), Scorecard.id.desc())
        )
        return [
            ScorecardView(
                c.id,
                c.application_id,
                ratings_to_answers(c.ratings or {}, c.recommendation),
                c.interviewer,
                c.interviewed_on,
                c.updated_at,
                c.version,
            )
            for c in cards
        ]


def save_scorecard(
    database: Database,
    application_id: int,
    answers: ScorecardAnswers,
    *,
    scorecard_id: int | None = None,
    interviewer: str | None = None,
    interviewed_on: date | None = None,
    version: int | None = None,
    now: datetime | None = None,
) -> tuple[int, Changes]:
    """Create (or with ``scorecard_id`` replace) a scorecard of the interview kit; a
    replacement made over ``version`` is refused with
    :class:`~recruitdesk.storage.versions.EditConflictError` once the card has moved on."""
    now = now or datetime.now(UTC)
    try:
        ratings = answers_to_ratings(answers)
    except ScorecardError as error:
        raise KnownError(str(error)) from None
    recommendation = answers.recommendation.value if answers.recommendation else None
    mine: dict[str, object] = {
        "ratings": ratings,
        "recommendation": recommendation,
        "interviewer": (interviewer or "").strip() or None,
        "interviewed_on": interviewed_on,
    }
    with one_save_wins("The scorecard"), database.write() as session:
        candidate_id = session.scalar(
            select(Application.candidate_id).where(Application.id == application_id)
        )
        if candidate_id is None:
            raise KnownError(f"There is no application with id {application_id}.")
        if scorecard_id is None:
            card = Scorecard(application_id=application_id, kind=SCORECARD_KIND, created_at=now)
            session.add(card)
        else:
            found = session.get(Scorecard, scorecard_id, with_for_update=True)
            if found is None or found.application_id != application_id:
                raise KnownError(f"There is no scorecard with id {scorecard_id} on that card.")
            check_version(found, version, "The scorecard", mine)
            card = found
        for name, value in mine.items():
            setattr(card, name, value)
        card.updated_at = now
        session.flush()
        saved = card.id
        done = "Wrote a scorecard" if scorecard_id is None else "Edited a scorecard"
        record(session, database.actor, [candidate_id], "scorecard", done, now)
        return saved, announce(
            session,
            Changes(candidates=frozenset({candidate_id}), applications=frozenset({application_id})),
        )
