"""Messages that carry a file: the review exercise (its code attached, or inline in the
body) and the interview invitation with its ``.ics``. Both go through
:func:`recruitdesk.outreach.send.send_message`, so the do-not-contact rule, the template
check and the timeline apply as to any message."""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from recruitdesk.domain.exercise import Exercise, exercise_by_id
from recruitdesk.domain.outreach import Channel, MessageKind, Template, shipped_templates
from recruitdesk.outreach import smtp
from recruitdesk.outreach.calendar import invitation
from recruitdesk.outreach.send import Sender, Sent, send_message
from recruitdesk.storage.database import Database
from recruitdesk.storage.exercises import add_assignment
from recruitdesk.storage.interviews import InterviewView, interview

#: ``(file name, MIME type, data)``, as :func:`send_message` takes them.
Attachment = tuple[str, str, bytes]


@dataclass(frozen=True, slots=True)
class ExerciseSent:
    sent: Sent
    assignment_id: int


def shipped_template(kind: MessageKind) -> Template:
    return next(t for t in shipped_templates() if t.kind is kind)


def exercise_text(exercise: Exercise, *, inline: bool) -> str:
    """The ``{exercise}`` field: the instructions, then the code or where it is."""
    if inline:
        fence = "-" * 60
        return f"{exercise.instructions}\n\n{exercise.file}:\n{fence}\n{exercise.code()}{fence}"
    return f"{exercise.instructions}\n\nThe code is attached as {exercise.file}."


def exercise_attachment(exercise: Exercise) -> Attachment:
    return (exercise.file, "text/x-python", exercise.code().encode("utf-8"))


def send_exercise(
    database: Database,
    candidate_id: int,
    exercise_id: str,
    fields: dict[str, str],
    *,
    inline: bool,
    sender: Sender,
    channel: Channel,
    position_id: int | None = None,
    smtp_settings: smtp.SmtpSettings | None = None,
    eml_path: Path | None = None,
) -> ExerciseSent:
    """Send a review exercise by the shipped template and record it as assigned, linked
    to its message on the timeline."""
    exercise = exercise_by_id(exercise_id)
    sent = send_message(
        database,
        candidate_id,
        shipped_template(MessageKind.REVIEW_EXERCISE),
        {**fields, "exercise": exercise_text(exercise, inline=inline)},
        sender=sender,
        channel=channel,
        position_id=position_id,
        smtp_settings=smtp_settings,
        eml_path=eml_path,
        attachments=() if inline else (exercise_attachment(exercise),),
    )
    assignment_id, _changes = add_assignment(
        database, candidate_id, exercise_id, message_id=sent.message_id, position_id=position_id
    )
    return ExerciseSent(sent, assignment_id)


def invitation_attachment(
    found: InterviewView, sender: Sender, now: datetime | None = None
) -> Attachment:
    data = invitation(found, sender.name or sender.email, sender.email, now or datetime.now(UTC))
    return ("invitation.ics", "text/calendar", data)


def send_invitation(
    database: Database,
    interview_id: int,
    fields: dict[str, str],
    *,
    sender: Sender,
    channel: Channel,
    smtp_settings: smtp.SmtpSettings | None = None,
    eml_path: Path | None = None,
) -> Sent:
    """The interview invitation template, with the interview's ``.ics`` attached."""
    found = interview(database, interview_id)
    return send_message(
        database,
        found.candidate_id,
        shipped_template(MessageKind.INTERVIEW_INVITATION),
        {"position": found.position_title, "company": found.company or "", **fields},
        sender=sender,
        channel=channel,
        position_id=found.position_id,
        smtp_settings=smtp_settings,
        eml_path=eml_path,
        attachments=(invitation_attachment(found, sender),),
    )
