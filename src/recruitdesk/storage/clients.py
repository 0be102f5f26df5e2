"""Client companies and their contacts, as plain values.

A position belongs to a client through ``positions.client_id``; its ``company`` text is
the client's name, kept in step both ways: saving a position's company links it to the
client of that name (made if new, names compared without case or extra blanks), and
renaming a client renames its positions' company.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from recruitdesk.errors import KnownError, ValidationError
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.clients import Client, ClientContact
from recruitdesk.storage.models.pipeline import Position

MAX_NAME = 200


@dataclass(frozen=True, slots=True)
class ClientSummary:
    id: int
    name: str
    notes: str | None
    positions: int
    open_positions: int


@dataclass(frozen=True, slots=True)
class ContactView:
    id: int
    client_id: int
    name: str
    role: str | None
    email: str | None
    phone: str | None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


def _name(raw: str, what: str) -> str:
    name = " ".join(raw.split())
    if not name:
        raise ValidationError({"name": f"{what} needs a name."})
    if len(name) > MAX_NAME:
        raise ValidationError({"name": f"{what}'s name has at most {MAX_NAME} characters."})
    return name


def _by_name(session: Session, name: str) -> Client | None:
    return session.scalars(
        select(Client).where(func.lower(Client.name) == name.casefold()).limit(1)
    ).first()


def client_for_company(session: Session, company: str | None, now: datetime) -> int | None:
    """The id of the client named ``company`` (made if there is none), in the caller's
    transaction; ``None`` for no company."""
    name = " ".join((company or "").split())
    if not name:
        return None
    client = _by_name(session, name)
    if client is None:
        client = Client(name=name[:MAX_NAME], created_at=now, updated_at=now)
        session.add(client)
        session.flush()
    return client.id


def link_companies(session: Session, now: datetime) -> None:
    """Give every position that has a company but no client the client of that name
    (positions written in bulk, as the demo writes them)."""
    unlinked = session.execute(
        select(Position.id, Position.company).where(
            Position.client_id.is_(None), Position.company.is_not(None)
        )
    ).all()
    for position_id, company in unlinked:
        client_id = client_for_company(session, company, now)
        if client_id is not None:
            # Linking is no edit of the position: its update time stays.
            session.execute(
                update(Position)
                .where(Position.id == position_id)
                .values(client_id=client_id, updated_at=Position.updated_at)
            )


def create_client(
    database: Database, name: str, notes: str | None = None, *, now: datetime | None = None
) -> tuple[int, Changes]:
    now = now or datetime.now(UTC)
    clean = _name(name, "A client")
    with database.write() as session:
        same = _by_name(session, clean)
        if same is not None:
            raise ValidationError({"name": f"There is already a client named {same.name}."})
        client = Client(name=clean, notes=(notes or "").strip() or None)
        client.created_at = client.updated_at = now
        session.add(client)
        session.flush()
        client_id = client.id
    return client_id, Changes(clients=frozenset({client_id}))


def update_client(
    database: Database,
    client_id: int,
    name: str,
    notes: str | None,
    *,
    now: datetime | None = None,
) -> Changes:
    """Rename a client (its positions' company follows) and set its notes."""
    now = now or datetime.now(UTC)
    clean = _name(name, "A client")
    with database.write() as session:
        client = _get(session, client_id)
        other = _by_name(session, clean)
        if other is not None and other.id != client_id:
            raise ValidationError({"name": f"There is already a client named {other.name}."})
        client.name = clean
        client.notes = (notes or "").strip() or None
        client.updated_at = now
        moved = session.scalars(
            update(Position)
            .where(Position.client_id == client_id, Position.company != clean)
            .values(company=clean, updated_at=now)
            .returning(Position.id)
        ).all()
    return Changes(clients=frozenset({client_id}), positions=frozenset(moved))


def _get(session: Session, client_id: int) -> Client:
    client = session.get(Client, client_id)
    if client is None:
        raise KnownError(f"There is no client with id {client_id}.")
    return client


def list_clients(database: Database) -> list[ClientSummary]:
    """Every client with its count of positions (and open ones), by name."""
    counts = (
        select(
            Position.client_id,
            func.count().label("all"),
            func.count().filter(Position.status == "open").label("open"),
        )
        .group_by(Position.client_id)
        .subquery()
    )
    statement = (
        select(
            Client.id,
            Client.name,
            Client.notes,
            func.coalesce(counts.c.all, 0),
            func.coalesce(counts.c.open, 0),
        )
        .outerjoin(counts, counts.c.client_id == Client.id)
        .order_by(func.lower(Client.name), Client.id)
    )
    with database.read() as session:
        return [ClientSummary(*row) for row in session.execute(statement)]


def get_client(database: Database, client_id: int) -> ClientSummary:
    for summary in list_clients(database):
        if summary.id == client_id:
            return summary
    raise KnownError(f"There is no client with id {client_id}.")


def client_position_ids(database: Database, client_id: int) -> list[int]:
    with database.read() as session:
        return list(
            session.scalars(
                select(Position.id).where(Position.client_id == client_id).order_by(Position.id)
            )
        )


def _contact_fields(
    name: str, role: str | None, email: str | None, phone: str | None
) -> dict[str, str | None]:
    values = {
        "name": _name(name, "A contact"),
        "role": " ".join((role or "").split())[:100] or None,
        "email": (email or "").strip() or None,
        "phone": " ".join((phone or "").split()) or None,
    }
    email_value = values["email"]
    if email_value is not None and ("@" not in email_value or len(email_value) > 320):
        raise ValidationError({"email": f"{email_value} is not an e-mail address."})
    phone_value = values["phone"]
    if phone_value is not None and len(phone_value) > 50:
        raise ValidationError({"phone": "A phone number has at most 50 characters."})
    return values


def add_contact(
    database: Database,
    client_id: int,
    name: str,
    role: str | None = None,
    email: str | None = None,
    phone: str | None = None,
) -> tuple[int, Changes]:
    values = _contact_fields(name, role, email, phone)
    with database.write() as session:
        _get(session, client_id)
        contact = ClientContact(client_id=client_id, **values)
        session.add(contact)
        session.flush()
        contact_id = contact.id
    return contact_id, Changes(clients=frozenset({client_id}))


def remove_contact(database: Database, contact_id: int) -> Changes:
    with database.write() as session:
        contact = session.get(ClientContact, contact_id)
        if contact is None:
            return Changes()
        client_id = contact.client_id
        session.delete(contact)
    return Changes(clients=frozenset({client_id}))


def list_contacts(database: Database, client_id: int) -> list[ContactView]:
    with database.read() as session:
        rows = session.execute(
            select(
                ClientContact.id,
                ClientContact.client_id,
                ClientContact.name,
                ClientContact.role,
                ClientContact.email,
                ClientContact.phone,
            )
            .where(ClientContact.client_id == client_id)
            .order_by(func.lower(ClientContact.name), ClientContact.id)
        )
        return [ContactView(*row) for row in rows]
