"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the tests that send mail: it keeps
what it received, or refuses every message with a reply the test chose."""

import email
import email.policy
import socket
from collections.abc import Iterator
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from recruitdesk.outreach import smtp


class Inbox:
    """What the loopback SMTP server received, or the reply it gives instead."""

    def __init__(self, refuse_with: str | None = None) -> None:
        self.refuse_with = refuse_with
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        if self.refuse_with:
            return self.refuse_with
        content = envelope.original_content or b""
        parsed = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"


def serve(handler: Inbox) -> Iterator[smtp.SmtpSettings]:
    with socket.socket() as probe:  # aiosmtpd's own readiness check needs a real port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield smtp.SmtpSettings("127.0.0.1", port, "", smtp.Security.NONE)
    finally:
        controller.stop()
