"""One message as the three ways out want it: a ``mailto:`` link for the system's mail
client, an ``.eml`` file, or an :class:`email.message.EmailMessage` for SMTP."""

from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr, make_msgid
from pathlib import Path
from urllib.parse import quote

from recruitdesk.atomic_files import atomic_write_bytes
from recruitdesk.domain.outreach import Rendered
from recruitdesk.errors import KnownError

#: Longest ``mailto:`` link handed to the desktop: some mail clients and the Windows
#: shell cut longer ones silently.
MAILTO_MAX = 2000


def build_message(
    *,
    sender: str,
    sender_name: str,
    to: str,
    to_name: str,
    message: Rendered,
    attachments: tuple[tuple[str, str, bytes], ...] = (),
) -> EmailMessage:
    """The message with its headers; ``attachments`` are ``(file name, MIME type, data)``."""
    email = EmailMessage(policy=SMTP)
    email["From"] = formataddr((sender_name, sender))
    email["To"] = formataddr((to_name, to))
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    email.set_content(message.body)
    for name, mime, data in attachments:
        main, _slash, sub = mime.partition("/")
        email.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return email


def mailto_url(to: str, message: Rendered) -> str:
    """A ``mailto:`` link that opens the message in the system's mail client."""
    url = (
        f"mailto:{quote(to, safe='@')}?subject={quote(message.subject, safe='')}"
        f"&body={quote(message.body, safe='')}"
    )
    if len(url) > MAILTO_MAX:
        raise KnownError(
            "The message is too long for the mail client's link; save it as an .eml "
            "file or send it by SMTP instead."
        )
    return url


def write_eml(path: Path, email: EmailMessage) -> Path:
    """The message as an ``.eml`` file any mail client opens, written atomically."""
    atomic_write_bytes(path, email.as_bytes())
    return path
