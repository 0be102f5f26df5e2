"""Sending one message to a candidate from a template, the way the user picked, and
logging it on their timeline.

The order keeps nothing half-done: the do-not-contact flag and the template's fields are
checked before anything leaves; the log is written only once the message has left (an
SMTP failure logs nothing and says why in one sentence).
"""

from dataclasses import dataclass
from pathlib import Path

from recruitdesk.domain.outreach import (
    Channel,
    Direction,
    Rendered,
    Template,
    ensure_contactable,
    render,
)
from recruitdesk.errors import KnownError
from recruitdesk.outreach import smtp
from recruitdesk.outreach.mail import build_message, mailto_url, write_eml
from recruitdesk.storage.database import Database
from recruitdesk.storage.outreach import contact_of, log_message


@dataclass(frozen=True, slots=True)
class Sender:
    name: str
    email: str


@dataclass(frozen=True, slots=True)
class Sent:
    message_id: int
    rendered: Rendered
    #: The ``mailto:`` link to open (mailto), or the file written (eml).
    mailto: str | None = None
    eml_path: Path | None = None


def send_message(
    database: Database,
    candidate_id: int,
    template: Template,
    fields: dict[str, str],
    *,
    sender: Sender,
    channel: Channel,
    position_id: int | None = None,
    smtp_settings: smtp.SmtpSettings | None = None,
    eml_path: Path | None = None,
    attachments: tuple[tuple[str, str, bytes], ...] = (),
) -> Sent:
    """Render ``template`` for the candidate, deliver it by ``channel`` and log it;
    ``attachments`` are ``(file name, MIME type, data)`` (not by ``mailto:``)."""
    contact = contact_of(database, candidate_id)
    ensure_contactable(contact.name, contact.do_not_contact, contact.reason)
    rendered = render(template, {"name": contact.name, "sender": sender.name, **fields})
    if contact.email is None and channel is not Channel.EML:
        raise KnownError(f"{contact.name} has no e-mail address; add one first.")
    if attachments and channel is Channel.MAILTO:
        raise KnownError(
            "A mail client link cannot carry an attachment; save the message as an .eml "
            "file or send it by SMTP."
        )
    to = contact.email or ""
    mailto = None
    written = None
    if channel is Channel.MAILTO:
        mailto = mailto_url(to, rendered)
    else:
        email = build_message(
            sender=sender.email,
            sender_name=sender.name,
            to=to,
            to_name=contact.name,
            message=rendered,
            attachments=attachments,
        )
        if channel is Channel.EML:
            if eml_path is None:
                raise ValueError("an .eml message needs a path")
            written = write_eml(eml_path, email)
        elif channel is Channel.SMTP:
            if smtp_settings is None:
                raise KnownError("No SMTP server is set up; enter one in Settings first.")
            smtp.send(smtp_settings, email)
        else:
            raise ValueError(f"{channel} is not a way to send")
    message_id, _changes = log_message(
        database,
        candidate_id,
        direction=Direction.OUT,
        channel=channel,
        kind=template.kind,
        template=template.id,
        position_id=position_id,
        subject=rendered.subject,
        body=rendered.body,
    )
    return Sent(message_id, rendered, mailto, written)
