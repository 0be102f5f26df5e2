"""What the message dialog's buttons do in the background: the message as the recruiter
edited it (its braces kept as typed) leaves by its channel and is logged, and what the
opener records of it (an exercise sent) is written in the same work."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from recruitdesk.domain.outreach import Channel, Template
from recruitdesk.outreach import smtp
from recruitdesk.outreach.send import Sender, Sent, send_message
from recruitdesk.progress import Progress
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database

#: What the dialog says happened, by channel.
CHANNEL_DONE = {
    Channel.MAILTO: "opened in your mail client",
    Channel.EML: "saved as an .eml file",
    Channel.SMTP: "sent by SMTP",
}


@dataclass(frozen=True, slots=True)
class Delivered:
    sent: Sent
    changes: Changes


def literal(text: str) -> str:
    """Edited text as a template with no fields: its braces stay braces."""
    return text.replace("{", "{{").replace("}", "}}")


def edited(template: Template, subject: str, body: str) -> Template:
    """``template`` with the subject and body as the recruiter left them."""
    return Template(template.id, template.kind, template.title, literal(subject), literal(body))


@dataclass(frozen=True, slots=True)
class Delivery:
    """One message on its way, as plain values for a pool thread."""

    database: Database
    candidate_id: int
    template: Template
    sender: Sender
    channel: Channel
    position_id: int | None
    account: smtp.SmtpSettings | None
    eml_path: Path | None
    attachments: tuple[tuple[str, str, bytes], ...]
    #: Records what the message carried once it has left and is logged.
    after_send: Callable[[Sent, int | None], Changes] | None

    def run(self, _progress: Progress) -> Delivered:
        sent = send_message(
            self.database,
            self.candidate_id,
            self.template,
            {},
            sender=self.sender,
            channel=self.channel,
            position_id=self.position_id,
            smtp_settings=self.account,
            eml_path=self.eml_path,
            attachments=self.attachments,
        )
        changes = Changes(candidates=frozenset({self.candidate_id}))
        if self.after_send is not None:
            changes = changes | self.after_send(sent, self.position_id)
        return Delivered(sent, changes)
