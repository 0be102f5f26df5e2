"""Correcting and removing submissions, editing and removing placements, and saving a
kept CV, on a real SQLite file: each edit is refused in one sentence when a value is
bad or the record changed meanwhile, is recorded in the candidate's trail with its
actor, and a removal can be put back whole."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from recruitdesk.atomic_files import sqlite_files
from recruitdesk.domain.placements import submission_time_problem
from recruitdesk.errors import KnownError, RefusedError, ValidationError
from recruitdesk.storage.audit import list_audit
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.clients import add_contact, list_clients
from recruitdesk.storage.cv_files import add_candidate_with_file, list_files, save_file
from recruitdesk.storage.database import Database
from recruitdesk.storage.placements import (
    edit_placement,
    get_placement,
    list_placements,
    record_placement,
    remove_placement,
    restore_placement,
)
from recruitdesk.storage.positions import create_position
from recruitdesk.storage.submissions import (
    SubmissionRecord,
    correct_submission,
    get_submission,
    list_submissions,
    record_submission,
    remove_submission,
    restore_submission,
)

SENT = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _submitted(database: Database) -> tuple[int, int, int]:
    """A candidate submitted to a client for a position: (candidate, client, submission)."""
    candidate_id, _ = create_candidate(database, {"full_name": "Ana Novak"})
    position_id, _ = create_position(database, {"title": "Backend", "company": "Helio"})
    [client] = list_clients(database)
    client_id = client.id
    submission_id, _ = record_submission(
        database, candidate_id, client_id, position_id=position_id, now=SENT
    )
    return candidate_id, client_id, submission_id


def _links(entry: SubmissionRecord) -> dict[str, int | None]:
    """The entry's position and contact, kept as they are by a correction."""
    return {"position_id": entry.position_id, "contact_id": entry.contact_id}


def _trail(database: Database, candidate_id: int, action: str) -> list[tuple[str, str | None]]:
    return [(e.actor, e.detail) for e in list_audit(database, candidate_id) if e.action == action]


def test_a_submission_is_corrected_with_who_and_what_changed(database: Database) -> None:
    database.actor = "Bea"
    candidate_id, client_id, submission_id = _submitted(database)
    seen = get_submission(database, submission_id)
    earlier = SENT - timedelta(days=3)
    after, changes = correct_submission(
        database,
        seen,
        submitted_at=earlier,
        kind="pdf",
        file_name="Ana.pdf",
        **_links(seen),
        now=NOW,
    )
    assert (changes.candidates, changes.clients) == ({candidate_id}, {client_id})
    assert after == get_submission(database, submission_id)
    [entry] = list_submissions(database, client_id=client_id)
    assert (entry.submitted_at, entry.kind, entry.file_name) == (earlier, "pdf", "Ana.pdf")
    assert entry.submitted_by == "Bea"  # who sent it stays; the trail says who corrected it
    assert _trail(database, candidate_id, "submission") == [
        ("Bea", "Corrected the submission to Helio: date, what was sent")
    ]
    # Undoing is the same correction made back over what the first one left.
    correct_submission(
        database,
        after,
        submitted_at=SENT,
        kind="profile",
        file_name="ignored.pdf",
        **_links(after),
        now=NOW,
    )
    assert get_submission(database, submission_id) == seen


def test_a_bad_or_stale_correction_is_refused_with_nothing_written(database: Database) -> None:
    candidate_id, _client_id, submission_id = _submitted(database)
    seen = get_submission(database, submission_id)
    with pytest.raises(ValidationError) as refused:
        correct_submission(
            database, seen, submitted_at=NOW + timedelta(days=2), kind="profile",
            file_name=None, **_links(seen), now=NOW,
        )  # fmt: skip
    assert refused.value.problems == {
        "submitted_at": "A submission cannot be dated after today (got 03 Jun 2026)."
    }
    with pytest.raises(ValidationError, match="file's name only"):
        correct_submission(
            database,
            seen,
            submitted_at=SENT,
            kind="pdf",
            file_name="cvs/a.pdf",
            **_links(seen),
            now=NOW,
        )
    with pytest.raises(RefusedError, match=r"^Nothing to correct"):
        correct_submission(
            database, seen, submitted_at=SENT, kind="profile", file_name=None, **_links(seen)
        )
    correct_submission(
        database, seen, submitted_at=SENT, kind="pdf", file_name=None, **_links(seen), now=NOW
    )
    with pytest.raises(RefusedError, match="changed elsewhere meanwhile"):
        correct_submission(
            database, seen, submitted_at=SENT - timedelta(days=1), kind="profile",
            file_name=None, **_links(seen), now=NOW,
        )  # fmt: skip
    assert get_submission(database, submission_id).kind == "pdf"
    assert len(_trail(database, candidate_id, "submission")) == 1


def test_the_position_and_contact_are_corrected_within_the_client(database: Database) -> None:
    candidate_id, client_id, submission_id = _submitted(database)
    other_position, _ = create_position(database, {"title": "Data", "company": "Helio"})
    elsewhere, _ = create_position(database, {"title": "Ops", "company": "Kestrel"})
    contact_id, _ = add_contact(database, client_id, "Mia Berg", role="CTO")
    [kestrel] = [c for c in list_clients(database) if c.name == "Kestrel"]
    stranger, _ = add_contact(database, kestrel.id, "Olaf Lund")
    seen = get_submission(database, submission_id)
    after, _ = correct_submission(
        database, seen, submitted_at=SENT, kind="profile", file_name=None,
        position_id=other_position, contact_id=contact_id, now=NOW,
    )  # fmt: skip
    [entry] = list_submissions(database, client_id=client_id)
    assert (entry.position, entry.contact) == ("Data", "Mia Berg")
    assert _trail(database, candidate_id, "submission")[-1][1] == (
        "Corrected the submission to Helio: position, contact"
    )
    for position_id, contact_id, says in (
        (elsewhere, None, "not one of Helio's"),
        (None, stranger, "does not work at Helio"),
    ):
        with pytest.raises(ValidationError, match=says):
            correct_submission(
                database, after, submitted_at=SENT, kind="profile", file_name=None,
                position_id=position_id, contact_id=contact_id, now=NOW,
            )  # fmt: skip
    assert get_submission(database, submission_id) == after


def test_a_removed_submission_can_be_put_back_whole(database: Database) -> None:
    database.actor = "Cy"
    candidate_id, client_id, submission_id = _submitted(database)
    seen = get_submission(database, submission_id)
    before = list_submissions(database, client_id=client_id)
    remove_submission(database, seen, now=NOW)
    assert list_submissions(database, client_id=client_id) == []
    with pytest.raises(KnownError, match="removed meanwhile"):
        get_submission(database, submission_id)
    with pytest.raises(RefusedError, match="removed meanwhile"):
        remove_submission(database, seen)
    restore_submission(database, seen, now=NOW)
    assert get_submission(database, submission_id) == seen
    assert list_submissions(database, client_id=client_id) == before
    with pytest.raises(RefusedError, match="is there already"):
        restore_submission(database, seen)
    assert _trail(database, candidate_id, "submission") == [
        ("Cy", "Put back the submission to Helio"),
        ("Cy", "Removed the submission to Helio"),
    ]


def _placed(database: Database) -> tuple[int, int, int]:
    candidate_id, client_id, _submission = _submitted(database)
    placement_id, _ = record_placement(
        database,
        client_id,
        candidate_id,
        start_date=date(2026, 5, 4),
        fee_amount=24_000,
        fee_currency="EUR",
        guarantee_days=90,
    )
    return candidate_id, client_id, placement_id


def test_a_placements_fee_start_and_guarantee_are_edited(database: Database) -> None:
    database.actor = "Dee"
    candidate_id, client_id, placement_id = _placed(database)
    seen = get_placement(database, placement_id)
    after, changes = edit_placement(
        database,
        seen,
        start_date=date(2026, 5, 11),
        fee_amount=26_500,
        fee_currency="EUR",
        guarantee_days=120,
        now=NOW,
    )
    assert changes.clients == {client_id}
    [placed] = list_placements(database, client_id)
    assert (placed.start_date, placed.fee_amount, placed.guarantee_days) == (
        date(2026, 5, 11),
        26_500,
        120,
    )
    assert placed.guarantee_until == date(2026, 9, 8)
    assert after == get_placement(database, placement_id)
    assert _trail(database, candidate_id, "placement") == [
        ("Dee", "Edited the placement with Helio: start, fee, guarantee")
    ]


@pytest.mark.parametrize(
    ("terms", "field", "sentence"),
    [
        ({"fee_amount": -1}, "fee_amount", "The fee cannot be negative (got -1)."),
        (
            {"guarantee_days": 400},
            "guarantee_days",
            "A guarantee runs from 0 to 365 days (got 400).",
        ),
        (
            {"start_date": date(2028, 1, 3)},
            "start_date",
            "A start on 03 Jan 2028 is more than 365 days ahead; check the year.",
        ),
    ],
)
def test_a_bad_placement_edit_is_refused_in_one_sentence(
    database: Database, terms: dict[str, object], field: str, sentence: str
) -> None:
    candidate_id, _client_id, placement_id = _placed(database)
    seen = get_placement(database, placement_id)
    values: dict[str, object] = {
        "start_date": seen.start_date,
        "fee_amount": seen.fee_amount,
        "fee_currency": seen.fee_currency,
        "guarantee_days": seen.guarantee_days,
        **terms,
    }
    with pytest.raises(ValidationError) as refused:
        edit_placement(database, seen, now=NOW, **values)  # type: ignore[arg-type]
    assert refused.value.problems == {field: sentence}
    assert get_placement(database, placement_id) == seen
    assert _trail(database, candidate_id, "placement") == []


def test_a_removed_placement_can_be_put_back_and_a_stale_edit_is_refused(
    database: Database,
) -> None:
    candidate_id, client_id, placement_id = _placed(database)
    seen = get_placement(database, placement_id)
    remove_placement(database, seen, now=NOW)
    assert list_placements(database, client_id) == []
    with pytest.raises(RefusedError, match="removed meanwhile"):
        edit_placement(
            database, seen, start_date=seen.start_date, fee_amount=1, fee_currency="EUR",
            guarantee_days=0, now=NOW,
        )  # fmt: skip
    restore_placement(database, seen, now=NOW)
    assert get_placement(database, placement_id) == seen
    edit_placement(
        database, seen, start_date=seen.start_date, fee_amount=1, fee_currency="EUR",
        guarantee_days=0, now=NOW,
    )  # fmt: skip
    with pytest.raises(RefusedError, match="changed elsewhere meanwhile"):
        remove_placement(database, seen)
    assert [detail for _actor, detail in _trail(database, candidate_id, "placement")] == [
        "Edited the placement with Helio: fee, guarantee",
        "Put back the placement with Helio",
        "Removed the placement with Helio",
    ]


def test_a_kept_cv_is_saved_whole_and_never_over_the_database(
    database: Database, db_path: Path, tmp_path: Path
) -> None:
    data = b"%PDF-1.7\n" + bytes(range(256)) * 40
    candidate_id, _ = add_candidate_with_file(
        database, {"full_name": "Ana Novak"}, "Ana Novak.pdf", "application/pdf", data
    )
    [kept] = list_files(database, candidate_id)
    target = tmp_path / "saved.pdf"
    assert save_file(database, kept.id, target) == len(data)
    assert target.read_bytes() == data
    for protected in sqlite_files(db_path):
        with pytest.raises(KnownError, match="it is the database recruitdesk has open"):
            save_file(database, kept.id, protected)
    with pytest.raises(KnownError, match=r"^Cannot write .*does not exist\.$"):
        save_file(database, kept.id, tmp_path / "missing" / "x.pdf")


def test_a_submission_may_be_dated_up_to_this_moment() -> None:
    assert submission_time_problem(NOW, NOW) is None
    assert submission_time_problem(NOW - timedelta(days=400), NOW) is None
    assert submission_time_problem(NOW + timedelta(minutes=1), NOW) == (
        "A submission cannot be dated after today (got 01 Jun 2026)."
    )
