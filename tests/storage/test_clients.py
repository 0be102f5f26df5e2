"""Clients, contacts, the submission log and placements on a real SQLite file: a
position belongs to a client by its company name, who sent whom is logged with its
claim window, and bad terms are refused in one sentence with nothing written."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from recruitdesk.errors import KnownError, ValidationError
from recruitdesk.storage.audit import list_audit
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.clients import (
    add_contact,
    client_position_ids,
    create_client,
    list_clients,
    list_contacts,
    remove_contact,
    update_client,
)
from recruitdesk.storage.database import Database
from recruitdesk.storage.erasure import erase_candidate
from recruitdesk.storage.models.clients import Placement, Submission
from recruitdesk.storage.placements import list_placements, record_placement
from recruitdesk.storage.positions import (
    create_position,
    get_position,
    list_positions,
    update_position,
)
from recruitdesk.storage.submissions import list_submissions, record_submission

WHEN = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _candidate(database: Database, name: str = "Ana Novak") -> int:
    candidate_id, _changes = create_candidate(database, {"full_name": name})
    return candidate_id


def test_a_positions_company_is_its_client(database: Database) -> None:
    first, _ = create_position(database, {"title": "Backend", "company": "Helio Payments"})
    second, _ = create_position(database, {"title": "Data", "company": "  helio   payments "})
    create_position(database, {"title": "In-house"})
    [client] = list_clients(database)
    assert (client.name, client.positions, client.open_positions) == ("Helio Payments", 2, 2)
    assert client_position_ids(database, client.id) == [first, second]
    listed = list_positions(database, client_id=client.id)
    assert sorted(p.id for p in listed) == [first, second]
    update_position(database, second, {"company": "Kestrel"})
    assert [(c.name, c.positions) for c in list_clients(database)] == [
        ("Helio Payments", 1),
        ("Kestrel", 1),
    ]


def test_renaming_a_client_renames_its_positions_company(database: Database) -> None:
    position_id, _ = create_position(database, {"title": "Backend", "company": "Helio"})
    [client] = list_clients(database)
    changes = update_client(database, client.id, "Helio Payments GmbH", "Pays 20%")
    assert changes.positions == {position_id}
    assert get_position(database, position_id).company == "Helio Payments GmbH"
    assert list_clients(database)[0].notes == "Pays 20%"


def test_client_names_are_refused_in_one_sentence(database: Database) -> None:
    create_client(database, "Northwind")
    with pytest.raises(ValidationError, match="already a client named Northwind"):
        create_client(database, " NORTHWIND ")
    with pytest.raises(ValidationError, match="needs a name"):
        create_client(database, "   ")
    with pytest.raises(ValidationError, match="at most 200"):
        create_client(database, "x" * 201)
    assert len(list_clients(database)) == 1


def test_contacts_belong_to_their_client(database: Database) -> None:
    client_id, _ = create_client(database, "Northwind")
    contact_id, changes = add_contact(database, client_id, "Mia Lund", "Head of Eng", "mia@nw.io")
    assert changes.clients == {client_id}
    add_contact(database, client_id, "Ben Ode")
    assert [c.label for c in list_contacts(database, client_id)] == [
        "Ben Ode",
        "Mia Lund (Head of Eng)",
    ]
    with pytest.raises(ValidationError, match="not an e-mail address"):
        add_contact(database, client_id, "Eve", email="eve-at-nw")
    remove_contact(database, contact_id)
    assert [c.name for c in list_contacts(database, client_id)] == ["Ben Ode"]


def test_a_submission_is_logged_with_who_and_its_claim_window(database: Database) -> None:
    database.actor = "Ana at the agency"
    candidate_id = _candidate(database)
    position_id, _ = create_position(database, {"title": "Backend", "company": "Helio"})
    client_id = list_clients(database)[0].id
    contact_id, _ = add_contact(database, client_id, "Mia Lund")
    record_submission(
        database,
        candidate_id,
        client_id,
        kind="pdf",
        position_id=position_id,
        contact_id=contact_id,
        file_name="Ana Novak.pdf",
        now=WHEN,
    )
    [entry] = list_submissions(database, client_id=client_id)
    assert (entry.candidate, entry.client, entry.position, entry.contact) == (
        "Ana Novak",
        "Helio",
        "Backend",
        "Mia Lund",
    )
    assert (entry.submitted_by, entry.kind, entry.file_name) == (
        "Ana at the agency",
        "pdf",
        "Ana Novak.pdf",
    )
    assert entry.claim_until == date(2027, 3, 2)
    assert entry.days_left(date(2027, 3, 1)) == 1
    assert entry.days_left(date(2027, 3, 3)) == -1
    assert list_submissions(database, candidate_id=candidate_id) == [entry]
    [audit] = [a for a in list_audit(database, candidate_id) if a.action == "submitted"]
    assert (audit.actor, audit.at, audit.detail) == ("Ana at the agency", WHEN, "PDF to Helio")


def test_a_submission_with_foreign_links_is_refused(database: Database) -> None:
    candidate_id = _candidate(database)
    other_position, _ = create_position(database, {"title": "Data", "company": "Kestrel"})
    client_id, _ = create_client(database, "Helio")
    with pytest.raises(ValidationError, match="not one of Helio's"):
        record_submission(database, candidate_id, client_id, position_id=other_position)
    with pytest.raises(ValidationError, match="not a kind of submission"):
        record_submission(database, candidate_id, client_id, kind="fax")
    with pytest.raises(ValidationError, match="file's name only"):
        record_submission(database, candidate_id, client_id, kind="pdf", file_name="/home/a/x.pdf")
    with pytest.raises(KnownError, match=r"^There is no candidate with id 99\.$"):
        record_submission(database, 99, client_id)
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Submission)) == 0


def test_a_placement_names_the_submission_that_earns_its_fee(database: Database) -> None:
    candidate_id = _candidate(database)
    position_id, _ = create_position(database, {"title": "Backend", "company": "Helio"})
    client_id = list_clients(database)[0].id
    record_submission(database, candidate_id, client_id, now=WHEN)
    record_placement(
        database,
        client_id,
        candidate_id,
        position_id=position_id,
        start_date=date(2026, 5, 4),
        fee_amount=24_000,
        fee_currency="EUR",
        guarantee_days=90,
    )
    late = _candidate(database, "Bo Late")
    record_submission(database, late, client_id, now=WHEN)
    record_placement(
        database,
        client_id,
        late,
        start_date=date(2027, 6, 1),
        fee_amount=0,
        fee_currency="USD",
        guarantee_days=0,
    )
    late_one, placed = list_placements(database, client_id)
    assert (placed.candidate, placed.position, placed.submitted_on) == (
        "Ana Novak",
        "Backend",
        WHEN.date(),
    )
    assert placed.guarantee_until == date(2026, 8, 2)
    assert placed.within_claim_window
    assert late_one.candidate == "Bo Late"
    assert not late_one.within_claim_window


@pytest.mark.parametrize(
    ("terms", "field", "sentence"),
    [
        ({"fee_amount": -5000}, "fee_amount", "The fee cannot be negative (got -5,000)."),
        (
            {"fee_amount": 10**9},
            "fee_amount",
            "A fee of 1,000,000,000 is not plausible (at most 2,000,000).",
        ),
        ({"fee_amount": 12.5}, "fee_amount", "The fee is a whole amount of money."),
        (
            {"guarantee_days": 3650},
            "guarantee_days",
            "A guarantee runs from 0 to 365 days (got 3,650).",
        ),
        ({"guarantee_days": -1}, "guarantee_days", "A guarantee runs from 0 to 365 days (got -1)."),
        ({"fee_currency": "GBP"}, "fee_currency", "The fee's currency is one of USD, EUR."),
    ],
)
def test_bad_placement_terms_are_refused(
    database: Database, terms: dict[str, object], field: str, sentence: str
) -> None:
    candidate_id = _candidate(database)
    client_id, _ = create_client(database, "Helio")
    values: dict[str, object] = {"fee_amount": 20_000, "fee_currency": "EUR", "guarantee_days": 90}
    values.update(terms)
    with pytest.raises(ValidationError) as refused:
        record_placement(
            database,
            client_id,
            candidate_id,
            start_date=date(2026, 5, 4),
            **values,  # type: ignore[arg-type]
        )
    assert refused.value.problems == {field: sentence}
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Placement)) == 0


def test_erasing_a_candidate_removes_their_submissions_and_placements(database: Database) -> None:
    kept, gone = _candidate(database, "Kept Person"), _candidate(database)
    client_id, _ = create_client(database, "Helio")
    for candidate_id in (kept, gone):
        record_submission(database, candidate_id, client_id, now=WHEN)
        record_placement(
            database,
            client_id,
            candidate_id,
            start_date=date(2026, 5, 4),
            fee_amount=1,
            fee_currency="USD",
            guarantee_days=30,
        )
    erase_candidate(database, gone)
    assert [s.candidate for s in list_submissions(database)] == ["Kept Person"]
    assert [p.candidate for p in list_placements(database, client_id)] == ["Kept Person"]
