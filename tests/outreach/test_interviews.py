"""Interviews: scheduled in a time zone, refused in the past, exported as an ``.ics``
invitation that a calendar library reads back to the same moment, listed while upcoming,
and reminding of a scorecard still empty the day after."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from recruitdesk.domain.interview import ScorecardAnswers
from recruitdesk.domain.interview_schedule import InterviewKind, InterviewPlan
from recruitdesk.errors import ValidationError
from recruitdesk.outreach.calendar import invitation, write_invitation
from recruitdesk.storage.board.new_cards import add_to_board
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.interviews import (
    interview,
    schedule_interview,
    scorecards_overdue,
    upcoming_interviews,
)
from recruitdesk.storage.positions import create_position
from recruitdesk.storage.scorecards import save_scorecard

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def application(database: Database) -> int:
    candidate_id, _ = create_candidate(
        database, {"full_name": "Zoë Nowak", "email": "zoe@example.com"}
    )
    position_id, _ = create_position(
        database, {"title": "Senior Python Engineer", "company": "Acme"}
    )
    application_id, _ = add_to_board(database, candidate_id, position_id)
    return application_id


def plan(local: datetime, zone: str = "Europe/Warsaw", minutes: int = 60) -> InterviewPlan:
    return InterviewPlan(
        InterviewKind.TECHNICAL, local, zone, minutes, ("Ana", "Bartosz"), "https://meet.ex/abc"
    )


def test_the_invitation_reads_back_to_the_same_moment(
    database: Database, application: int, tmp_path: Path
) -> None:
    # 10:00 in Warsaw on 3 December is 09:00 UTC (CET, UTC+1).
    interview_id, _ = schedule_interview(
        database, application, plan(datetime(2026, 12, 3, 10, 0)), NOW
    )
    scheduled = interview(database, interview_id)
    assert scheduled.starts_at == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    path = write_invitation(tmp_path / "invite.ics", invitation(scheduled, "Rita", "r@ag.ex", NOW))
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start.astimezone(UTC) == scheduled.starts_at
    assert str(start.tzinfo) == "Europe/Warsaw"
    assert event.decoded("dtend") - start == timedelta(minutes=60)
    assert "Senior Python Engineer at Acme" in str(event["summary"])
    assert str(event["attendee"]) == "mailto:zoe@example.com"
    assert str(event["location"]) == "https://meet.ex/abc"
    assert [component.name for component in calendar.walk("VTIMEZONE")] == ["VTIMEZONE"]


def test_a_summer_time_interview_keeps_its_local_hour(database: Database, application: int) -> None:
    interview_id, _ = schedule_interview(
        database, application, plan(datetime(2027, 7, 1, 10, 0)), NOW
    )
    assert interview(database, interview_id).starts_at == datetime(2027, 7, 1, 8, 0, tzinfo=UTC)


def test_bad_plans_are_refused_with_every_problem(database: Database, application: int) -> None:
    with pytest.raises(ValidationError) as refused:
        schedule_interview(
            database, application, plan(datetime(2026, 11, 30, 10, 0), minutes=5), NOW
        )
    assert set(refused.value.problems) == {"start", "minutes"}
    assert "already passed" in refused.value.problems["start"]
    with pytest.raises(ValidationError) as zone:
        schedule_interview(database, application, plan(datetime(2027, 1, 4, 10), "Mars/Olympus"))
    assert "Mars/Olympus" in str(zone.value)
    assert upcoming_interviews(database, NOW) == []


def test_upcoming_and_overdue_scorecards(database: Database, application: int) -> None:
    soon, _ = schedule_interview(database, application, plan(datetime(2026, 12, 2, 10)), NOW)
    done, _ = schedule_interview(database, application, plan(datetime(2026, 12, 1, 11), "UTC"), NOW)
    assert [item.id for item in upcoming_interviews(database, NOW)] == [done, soon]
    two_days_later = NOW + timedelta(days=2)
    assert [item.id for item in upcoming_interviews(database, two_days_later)] == []
    # Both interviews are more than a day past, and no scorecard was written.
    assert {item.id for item in scorecards_overdue(database, two_days_later + timedelta(1))} == {
        soon,
        done,
    }
    assert scorecards_overdue(database, NOW + timedelta(hours=12)) == []
    save_scorecard(
        database,
        application,
        ScorecardAnswers(ratings={"q1_new_vs_init": 3}),
        interviewed_on=date(2026, 12, 3),
        now=NOW + timedelta(days=3),
    )
    assert scorecards_overdue(database, NOW + timedelta(days=4)) == []
