"""Messages that carry a file, through a real SMTP server on loopback: the review
exercise (attached or inline) recorded as assigned and logged on the timeline, its review
and grade kept, and the interview invitation with its ``.ics``."""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
from tests.smtp_server import Inbox, serve

from recruitdesk.domain.exercise import Grade, exercise_by_id, suggest
from recruitdesk.domain.interview_schedule import InterviewKind, InterviewPlan
from recruitdesk.domain.outreach import Channel, MessageKind
from recruitdesk.errors import KnownError, RefusedError
from recruitdesk.outreach import smtp
from recruitdesk.outreach.attachments import send_exercise, send_invitation
from recruitdesk.outreach.send import Sender
from recruitdesk.storage.audit import list_audit
from recruitdesk.storage.board.new_cards import add_to_board
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.exercises import (
    assignments,
    attach_submission,
    record_review,
    save_grades,
)
from recruitdesk.storage.interviews import schedule_interview
from recruitdesk.storage.outreach import set_do_not_contact, timeline
from recruitdesk.storage.positions import create_position

ME = Sender("Rita Recruiter", "rita@agency.example")
FIELDS = {"position": "Senior Python Engineer", "company": "Acme"}


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


@pytest.fixture
def server(inbox: Inbox) -> Iterator[smtp.SmtpSettings]:
    yield from serve(inbox)


@pytest.fixture
def someone(database: Database) -> int:
    candidate_id, _ = create_candidate(
        database, {"full_name": "Zoë Nowak", "email": "zoe@example.com"}
    )
    return candidate_id


def test_an_exercise_goes_attached_and_is_recorded_and_logged(
    database: Database, someone: int, server: smtp.SmtpSettings, inbox: Inbox
) -> None:
    done = send_exercise(
        database,
        someone,
        "data",
        FIELDS,
        inline=False,
        sender=ME,
        channel=Channel.SMTP,
        smtp_settings=server,
    )
    (message,) = inbox.messages
    (attached,) = list(message.iter_attachments())
    assert attached.get_filename() == "daily_revenue.py"
    assert attached.get_content().encode() == exercise_by_id("data").code().encode()
    body = message.get_body(("plain",))
    assert body is not None
    assert "attached as daily_revenue.py" in body.get_content()
    (logged,) = timeline(database, someone)
    assert logged.kind is MessageKind.REVIEW_EXERCISE
    (assigned,) = assignments(database, someone)
    assert (assigned.id, assigned.exercise, assigned.message_id) == (
        done.assignment_id,
        "data",
        logged.id,
    )
    assert assigned.review is None


def test_an_inline_exercise_carries_the_code_in_the_body(
    database: Database, someone: int, tmp_path: Path
) -> None:
    send_exercise(
        database,
        someone,
        "devops",
        FIELDS,
        inline=True,
        sender=ME,
        channel=Channel.EML,
        eml_path=tmp_path / "exercise.eml",
    )
    text = (tmp_path / "exercise.eml").read_text()
    assert "def backups_of(folder, database, found=3D[]):" in text or "found=[]" in text
    assert "Content-Disposition: attachment" not in text


def test_nothing_is_recorded_when_the_exercise_cannot_leave(
    database: Database, someone: int
) -> None:
    with pytest.raises(KnownError, match="cannot carry an attachment"):
        send_exercise(
            database,
            someone,
            "web_backend",
            FIELDS,
            inline=False,
            sender=ME,
            channel=Channel.MAILTO,
        )
    set_do_not_contact(database, someone, True, "asked by phone")
    with pytest.raises(RefusedError, match="asked not to be contacted"):
        send_exercise(
            database, someone, "web_backend", FIELDS, inline=True, sender=ME, channel=Channel.MAILTO
        )
    assert assignments(database, someone) == []
    assert timeline(database, someone) == []


def test_a_review_is_kept_then_graded_with_the_confirmed_verdicts(
    database: Database, someone: int, tmp_path: Path
) -> None:
    sent = send_exercise(
        database,
        someone,
        "web_backend",
        FIELDS,
        inline=True,
        sender=ME,
        channel=Channel.EML,
        eml_path=tmp_path / "x.eml",
    )
    with pytest.raises(KnownError, match="Record the candidate's review"):
        save_grades(database, sent.assignment_id, {})
    review = "Line 17: mutable default argument, shared between calls.\n\nNo tests."
    record_review(database, sent.assignment_id, review)
    suggestions = suggest(exercise_by_id("web_backend"), review)
    confirmed = {s.problem_id: Grade(s.found, s.explained) for s in suggestions}
    confirmed["no_tests"] = Grade(True, True)  # the recruiter overrides one
    database.actor = "Ana"
    save_grades(database, sent.assignment_id, confirmed)
    (stored,) = assignments(database, someone)
    assert stored.review == review
    assert stored.grades["mutable_default"] == Grade(True, True)
    assert stored.grades["no_tests"] == Grade(True, True)
    assert stored.grades["n_plus_one"] == Grade(False, False)
    assert stored.graded_by == "Ana"
    trail = [(e.actor, e.detail) for e in list_audit(database, someone) if e.action == "exercise"]
    assert trail[:2] == [
        ("Ana", "Graded the review of web_backend"),
        (trail[1][0], "Recorded the review of web_backend"),
    ]
    assert trail[-1][1] == "Sent the review exercise web_backend"
    with pytest.raises(KnownError, match="no analysis"):
        attach_submission(database, sent.assignment_id, 999)


def test_the_interview_invitation_goes_with_its_ics(
    database: Database, someone: int, server: smtp.SmtpSettings, inbox: Inbox
) -> None:
    position_id, _ = create_position(
        database, {"title": "Senior Python Engineer", "company": "Acme"}
    )
    application_id, _ = add_to_board(database, someone, position_id)
    plan = InterviewPlan(
        InterviewKind.TECHNICAL,
        datetime(2027, 1, 12, 10, 0),
        "Europe/Warsaw",
        45,
        ("Ana",),
        "Room 2",
    )
    interview_id, _ = schedule_interview(
        database, application_id, plan, datetime(2026, 12, 1, tzinfo=UTC)
    )
    send_invitation(
        database, interview_id, {}, sender=ME, channel=Channel.SMTP, smtp_settings=server
    )
    (message,) = inbox.messages
    assert message["Subject"] == "Interview for Senior Python Engineer at Acme"
    (attached,) = list(message.iter_attachments())
    assert attached.get_content_type() == "text/calendar"
    calendar = icalendar.Calendar.from_ical(attached.get_payload(decode=True))
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart").astimezone(UTC) == datetime(2027, 1, 12, 9, 0, tzinfo=UTC)
    (logged,) = timeline(database, someone)
    assert logged.kind is MessageKind.INTERVIEW_INVITATION
    assert logged.position_id == position_id
