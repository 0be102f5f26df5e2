"""The outreach log of each candidate: messages sent and replies logged, the
do-not-contact flag, and the follow-ups that fall due (docs/architecture.md, "Secrets and
personal data")."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from recruitdesk.domain.outreach import (
    DEFAULT_FOLLOW_UP_DAYS,
    NEXT_STEP,
    Channel,
    Direction,
    MessageKind,
    ensure_contactable,
)
from recruitdesk.errors import KnownError
from recruitdesk.storage.audit import record
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.outreach import OutreachMessage
from recruitdesk.storage.models.pipeline import Candidate, Position


@dataclass(frozen=True, slots=True)
class Contact:
    """Who a message goes to."""

    candidate_id: int
    name: str
    email: str | None
    do_not_contact: bool
    reason: str | None


@dataclass(frozen=True, slots=True)
class MessageView:
    id: int
    candidate_id: int
    position_id: int | None
    position_title: str | None
    direction: Direction
    kind: MessageKind | None
    template: str | None
    channel: Channel
    subject: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A message with no reply whose sequence's next step is due."""

    candidate_id: int
    name: str
    position_id: int | None
    sent: MessageKind
    next_step: MessageKind
    due_at: datetime


def contact_of(database: Database, candidate_id: int) -> Contact:
    with database.read() as session:
        candidate = session.get(Candidate, candidate_id)
        if candidate is None:
            raise KnownError(f"There is no candidate with id {candidate_id}.")
        return Contact(
            candidate.id,
            candidate.full_name,
            candidate.email,
            candidate.do_not_contact,
            candidate.do_not_contact_reason,
        )


def set_do_not_contact(
    database: Database, candidate_id: int, flag: bool, reason: str | None = None
) -> Changes:
    """Mark (or unmark) a person who asked not to be contacted; ``reason`` says how."""
    with database.write() as session:
        candidate = session.get(Candidate, candidate_id)
        if candidate is None:
            raise KnownError(f"There is no candidate with id {candidate_id}.")
        candidate.do_not_contact = flag
        kept = (reason or "").strip()[:200] if flag else ""
        candidate.do_not_contact_reason = kept or None
        done = "Asked not to be contacted" if flag else "May be contacted again"
        record(session, database.actor, [candidate_id], "outreach", done, datetime.now(UTC))
        return announce(session, Changes(candidates=frozenset({candidate_id})))


def log_message(
    database: Database,
    candidate_id: int,
    *,
    direction: Direction,
    channel: Channel,
    kind: MessageKind | None = None,
    template: str | None = None,
    position_id: int | None = None,
    subject: str | None = None,
    body: str | None = None,
    at: datetime | None = None,
) -> tuple[int, Changes]:
    """Add one message to the candidate's timeline. An outgoing one is refused for
    someone who asked not to be contacted, in the same transaction that reads the flag."""
    with database.write() as session:
        candidate = session.get(Candidate, candidate_id)
        if candidate is None:
            raise KnownError(f"There is no candidate with id {candidate_id}.")
        if direction is Direction.OUT:
            ensure_contactable(
                candidate.full_name, candidate.do_not_contact, candidate.do_not_contact_reason
            )
        when = at or datetime.now(UTC)
        if direction is Direction.OUT and kind is MessageKind.SOURCING_NOTICE:
            # Informed (GDPR Art. 14): the notice is no longer due, on every laptop the
            # record reaches (the stamp lets a bundle merge carry the clearing).
            candidate.inform_by = None
            candidate.stamp(["inform_by"], when)
        message = OutreachMessage(
            candidate_id=candidate_id,
            position_id=position_id,
            direction=direction.value,
            kind=kind.value if kind else None,
            template=template,
            channel=channel.value,
            subject=subject,
            body=body,
            at=when,
        )
        session.add(message)
        session.flush()
        sent = "Sent" if direction is Direction.OUT else "Received"
        record(
            session,
            database.actor,
            [candidate_id],
            "outreach",
            f"{sent} by {channel.value}",
            message.at,
        )
        return message.id, announce(session, Changes(candidates=frozenset({candidate_id})))


def timeline(database: Database, candidate_id: int) -> list[MessageView]:
    """The candidate's messages, newest first."""
    with database.read() as session:
        rows = session.execute(
            select(OutreachMessage, Position.title)
            .outerjoin(Position, Position.id == OutreachMessage.position_id)
            .where(OutreachMessage.candidate_id == candidate_id)
            .order_by(OutreachMessage.at.desc(), OutreachMessage.id.desc())
        )
        return [
            MessageView(
                message.id,
                message.candidate_id,
                message.position_id,
                title,
                Direction(message.direction),
                MessageKind(message.kind) if message.kind else None,
                message.template,
                Channel(message.channel),
                message.subject,
                message.at,
            )
            for message, title in rows
        ]


def due_follow_ups(
    database: Database, now: datetime | None = None, days: int = DEFAULT_FOLLOW_UP_DAYS
) -> list[FollowUp]:
    """Each candidate's newest outgoing message of a kind with a next step, sent at least
    ``days`` ago, with nothing from them and nothing more to them since; oldest first.
    Nobody who asked not to be contacted is listed."""
    now = now or datetime.now(UTC)
    later = aliased(OutreachMessage)
    newer = (
        select(later.id)
        .where(later.candidate_id == OutreachMessage.candidate_id, later.at > OutreachMessage.at)
        .exists()
    )
    with database.read() as session:
        rows = session.execute(
            select(OutreachMessage, Candidate.full_name)
            .join(Candidate, Candidate.id == OutreachMessage.candidate_id)
            .where(
                and_(
                    OutreachMessage.direction == Direction.OUT.value,
                    OutreachMessage.kind.in_([kind.value for kind in NEXT_STEP]),
                    OutreachMessage.at <= now - timedelta(days=days),
                    ~newer,
                    Candidate.do_not_contact.is_(False),
                )
            )
            .order_by(OutreachMessage.at)
        )
        due: list[FollowUp] = []
        for message, name in rows:
            sent = MessageKind(message.kind or "")
            due.append(
                FollowUp(
                    message.candidate_id,
                    name,
                    message.position_id,
                    sent,
                    NEXT_STEP[sent],
                    message.at + timedelta(days=days),
                )
            )
        return due
