"""Messages to candidates: templates and their fields, the three ways out (a real SMTP
server on loopback, an ``.eml`` file, a ``mailto:`` link), the timeline, do-not-contact
and follow-ups."""

import email
import email.policy
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from tests.keyrings import MemoryKeyring
from tests.smtp_server import Inbox, serve

from recruitdesk.domain.outreach import (
    Channel,
    Direction,
    MessageKind,
    Template,
    render,
    shipped_templates,
)
from recruitdesk.errors import KnownError, RefusedError, ValidationError
from recruitdesk.outreach import smtp
from recruitdesk.outreach.send import Sender, Sent, send_message
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.outreach import (
    due_follow_ups,
    log_message,
    set_do_not_contact,
    timeline,
)
from recruitdesk.storage.positions import create_position

ME = Sender("Rita Recruiter", "rita@agency.example")
FIELDS = {"position": "Senior Python Engineer", "company": "Acme", "evidence": "your parser"}


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


@pytest.fixture
def server(inbox: Inbox) -> Iterator[smtp.SmtpSettings]:
    yield from serve(inbox)


@pytest.fixture
def someone(database: Database) -> int:
    candidate_id, _changes = create_candidate(
        database, {"full_name": "Zoë Nowak", "email": "zoe@example.com"}
    )
    return candidate_id


def template(kind: MessageKind) -> Template:
    return next(item for item in shipped_templates() if item.kind is kind)


def first_contact(database: Database, candidate_id: int, channel: Channel, **options: Any) -> Sent:
    """The shipped first-contact message with :data:`FIELDS`, sent by ``channel``."""
    fields = options.pop("fields", FIELDS)
    return send_message(
        database,
        candidate_id,
        template(MessageKind.FIRST_CONTACT),
        fields,
        sender=ME,
        channel=channel,
        **options,
    )


def test_every_shipped_template_renders_with_the_known_fields() -> None:
    kinds = {item.kind for item in shipped_templates()}
    assert kinds == set(MessageKind)
    for item in shipped_templates():
        rendered = render(
            item, {"name": "Zoë", "sender": "Rita", "reason": "x", "exercise": "x", **FIELDS}
        )
        assert "{" not in rendered.subject + rendered.body


def test_an_unknown_field_is_refused_in_one_sentence() -> None:
    bad = Template("t", MessageKind.FIRST_CONTACT, "Mine", "Hi {name}", "About {salary}")
    with pytest.raises(ValidationError) as refused:
        render(bad, {"name": "Zoë", "salary": "1"})
    assert "{salary}" in str(refused.value)
    assert "\n" not in str(refused.value)


def test_an_empty_field_is_refused_before_anything_leaves(
    database: Database, someone: int, server: smtp.SmtpSettings, inbox: Inbox
) -> None:
    with pytest.raises(ValidationError) as refused:
        first_contact(
            database,
            someone,
            Channel.SMTP,
            fields={**FIELDS, "evidence": " "},
            smtp_settings=server,
        )
    assert "evidence" in refused.value.problems
    assert inbox.messages == []
    assert timeline(database, someone) == []


def test_smtp_delivers_and_logs_the_message(
    database: Database, someone: int, server: smtp.SmtpSettings, inbox: Inbox
) -> None:
    position_id, _ = create_position(database, {"title": "Senior Python Engineer"})
    sent = first_contact(
        database, someone, Channel.SMTP, smtp_settings=server, position_id=position_id
    )
    (received,) = inbox.messages
    assert received["To"] == "Zoë Nowak <zoe@example.com>"
    assert received["Subject"] == sent.rendered.subject
    body = received.get_body()
    assert body is not None
    assert "your parser" in body.get_content()
    (logged,) = timeline(database, someone)
    assert (logged.direction, logged.channel, logged.kind) == (
        Direction.OUT,
        Channel.SMTP,
        MessageKind.FIRST_CONTACT,
    )
    assert logged.position_title == "Senior Python Engineer"


def test_a_refusing_server_logs_nothing(database: Database, someone: int) -> None:
    for settings in serve(Inbox(refuse_with="554 5.7.1 Message rejected as spam")):
        with pytest.raises(smtp.SendError) as failed:
            first_contact(database, someone, Channel.SMTP, smtp_settings=settings)
        assert "554" in str(failed.value)
        assert "nothing was sent" in str(failed.value)
    assert timeline(database, someone) == []


def test_a_silent_server_times_out_in_one_sentence(
    database: Database, someone: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts the connection in the kernel, never says hello
    monkeypatch.setattr(smtp, "TIMEOUT", 0.5)
    settings = smtp.SmtpSettings("127.0.0.1", silent.getsockname()[1], "", smtp.Security.NONE)
    try:
        with pytest.raises(smtp.SendError, match="did not answer"):
            first_contact(database, someone, Channel.SMTP, smtp_settings=settings)
    finally:
        silent.close()
    assert timeline(database, someone) == []


def test_the_password_comes_from_the_keyring_and_stays_out_of_errors(
    memory_keyring: MemoryKeyring,
) -> None:
    settings = smtp.SmtpSettings("127.0.0.1", 1, "rita", smtp.Security.NONE)
    with pytest.raises(smtp.SendError, match="No SMTP password"):
        smtp.send(settings, EmailMessage())
    smtp.store_password(settings, "s3cret-value")
    assert memory_keyring.secrets == {(smtp.SERVICE, "rita@127.0.0.1:1"): "s3cret-value"}
    with pytest.raises(smtp.SendError) as failed:  # nothing listens on port 1
        smtp.send(settings, EmailMessage())
    assert "s3cret" not in str(failed.value)


@pytest.mark.usefixtures("no_keyring")
def test_no_keyring_is_one_sentence() -> None:
    settings = smtp.SmtpSettings("127.0.0.1", 25, "rita")
    with pytest.raises(KnownError) as refused:
        smtp.store_password(settings, "x")
    assert "\n" not in str(refused.value)


def test_eml_and_mailto(database: Database, someone: int, tmp_path: Path) -> None:
    path = tmp_path / "first.eml"
    sent = first_contact(database, someone, Channel.EML, eml_path=path)
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert parsed["Subject"] == sent.rendered.subject
    linked = send_message(
        database,
        someone,
        template(MessageKind.FOLLOW_UP),
        FIELDS,
        sender=ME,
        channel=Channel.MAILTO,
    )
    assert linked.mailto is not None
    query = parse_qs(urlsplit(linked.mailto).query)
    assert urlsplit(linked.mailto).path == "zoe@example.com"
    assert query["body"] == [linked.rendered.body]
    assert [item.channel for item in timeline(database, someone)] == [
        Channel.MAILTO,
        Channel.EML,
    ]


def test_do_not_contact_blocks_every_way_out_and_says_why(
    database: Database, someone: int, server: smtp.SmtpSettings, inbox: Inbox, tmp_path: Path
) -> None:
    set_do_not_contact(database, someone, True, "bio says: no recruiters")
    for channel in Channel.MAILTO, Channel.EML, Channel.SMTP:
        with pytest.raises(RefusedError) as refused:
            first_contact(
                database, someone, channel, smtp_settings=server, eml_path=tmp_path / "x.eml"
            )
        assert "no recruiters" in str(refused.value)
    with pytest.raises(RefusedError):
        log_message(database, someone, direction=Direction.OUT, channel=Channel.MANUAL)
    assert inbox.messages == []
    assert not (tmp_path / "x.eml").exists()
    assert timeline(database, someone) == []
    # A reply they send is still logged: it is theirs.
    log_message(database, someone, direction=Direction.IN, channel=Channel.MANUAL)
    assert len(timeline(database, someone)) == 1


def test_follow_ups_fall_due_unless_a_reply_came(database: Database) -> None:
    now = datetime(2026, 12, 1, 9, tzinfo=UTC)
    ids = [
        create_candidate(database, {"full_name": name, "email": f"{name.lower()}@ex.com"})[0]
        for name in ("Quiet", "Replied", "Recent", "Blocked")
    ]
    quiet, replied, recent, blocked = ids
    for candidate_id in ids:
        at = now - timedelta(days=2 if candidate_id == recent else 8)
        log_message(
            database,
            candidate_id,
            direction=Direction.OUT,
            channel=Channel.SMTP,
            kind=MessageKind.FIRST_CONTACT,
            at=at,
        )
    log_message(
        database, replied, direction=Direction.IN, channel=Channel.MANUAL, at=now - timedelta(1)
    )
    set_do_not_contact(database, blocked, True)
    due = due_follow_ups(database, now)
    assert [(item.candidate_id, item.next_step) for item in due] == [(quiet, MessageKind.FOLLOW_UP)]
    assert due[0].due_at == now - timedelta(days=1)
