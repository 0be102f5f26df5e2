"""Sourcing into the database: matching known people, the do-not-contact marks, and
the suppression list an erasure on request leaves (and nothing else)."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from tests.keyrings import MemoryKeyring

from recruitdesk.domain.sourced import Found, Profile
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.consent import Suppression
from recruitdesk.storage.models.pipeline import Candidate
from recruitdesk.storage.positions import create_position
from recruitdesk.storage.sourcing import Status, source_people
from recruitdesk.storage.suppression import SuppressionKeyError, erase_on_request
from recruitdesk.tokens import suppression_key

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
KEY = bytes(range(32))


def person(login: str, *, email: str | None = None, bio: str | None = None) -> Found:
    profile = Profile(
        login=login,
        name=login.title() + " Person",
        location="Gdańsk, Poland",
        company=None,
        blog=None,
        bio=bio,
        email=email,
        hireable=None,
        followers=3,
        public_repos=2,
        created_at=None,
    )
    return Found(profile, "contributor to example/project, 9 commits")


def position(database: Database, title: str = "Backend") -> int:
    return create_position(database, {"title": title})[0]


def test_known_by_email_is_linked_and_put_on_the_position(database: Database) -> None:
    known, _ = create_candidate(database, {"full_name": "Zofia Z", "email": "zofia@example.com"})
    first, second = position(database, "Backend"), position(database, "Data")
    outcome = source_people(
        database, [person("zofia", email="Zofia@Example.com")], position_id=first, key=KEY, now=NOW
    )
    (zofia,) = outcome.people
    assert (zofia.status, zofia.candidate_id) == (Status.ADDED, known)
    assert outcome.queued == (known,)
    with database.read() as session:
        assert session.get_one(Candidate, known).github_login == "zofia"
    again = source_people(database, [person("zofia")], position_id=second, key=KEY, now=NOW)
    assert again.people[0].status is Status.ADDED
    assert "Backend (position" in again.people[0].reason
    assert "sourced" in again.people[0].reason
    preview = source_people(database, [person("zofia")], position_id=None, key=KEY, now=NOW)
    assert preview.people[0].status is Status.ALREADY_KNOWN
    assert [p.position_title for p in preview.people[0].placements] == ["Backend", "Data"]


def test_a_known_person_who_refuses_is_marked_not_added(database: Database) -> None:
    known, _ = create_candidate(database, {"full_name": "Rex", "github_login": "rex"})
    target = position(database)
    outcome = source_people(
        database, [person("rex", bio="Keine Recruiter bitte")], position_id=target, key=KEY, now=NOW
    )
    assert outcome.people[0].status is Status.DO_NOT_CONTACT
    assert outcome.queued == ()
    # The mark is a change the views showing Rex must hear, in a preview too.
    assert outcome.changes.candidates == {known}
    with database.read() as session:
        rex = session.get_one(Candidate, known)
        assert rex.do_not_contact
        assert "Keine Recruiter" in (rex.do_not_contact_reason or "")
        assert rex.applications == []
        # An unknown person who refuses is not stored at all.
    source_people(
        database, [person("new", bio="no recruiters")], position_id=target, key=KEY, now=NOW
    )
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Candidate)) == 1


def test_erasure_on_request_keeps_only_keyed_hashes(database: Database, db_path: Path) -> None:
    target = position(database)
    found = person("erin", email="erin.private@example.org")
    outcome = source_people(database, [found], position_id=target, key=KEY, now=NOW)
    (candidate_id,) = outcome.queued
    erase_on_request(database, [candidate_id], KEY)
    with database.read() as session:
        rows = session.execute(select(Suppression.digest, Suppression.key_id)).all()
        assert len(rows) == 2  # the login and the e-mail, nothing more
        assert session.scalar(select(func.count()).select_from(Candidate)) == 0
    database.dispose()
    raw = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
    for trace in (b"erin", b"Erin", b"private@example", b"example.org", b"Gda"):
        assert trace not in raw, trace
    # Sourcing never adds them again, by login or by e-mail alone.
    database = Database(database.url)
    again = source_people(
        database,
        [person("erin"), person("erin-new-login", email="ERIN.private@example.org")],
        position_id=target,
        key=KEY,
        now=NOW,
    )
    assert [p.status for p in again.people] == [Status.DO_NOT_CONTACT] * 2
    assert "erased from this database on their request" in again.people[0].reason
    # Without the key that made the list, sourcing refuses rather than add them again.
    for other in (None, b"another key" * 3):
        with pytest.raises(SuppressionKeyError, match="copy that key"):
            source_people(database, [person("erin")], position_id=target, key=other, now=NOW)
    database.dispose()


def test_the_key_lives_in_the_keyring(memory_keyring: MemoryKeyring) -> None:
    assert suppression_key(create=False) is None
    made = suppression_key(create=True)
    assert made is not None
    assert len(made) == 32
    assert suppression_key(create=False) == made


def test_without_a_keyring_there_is_no_key(no_keyring: None) -> None:
    assert suppression_key(create=False) is None


def test_sourced_candidates_carry_inform_by(database: Database) -> None:
    target = position(database)
    source_people(database, [person("ines")], position_id=target, key=None, now=NOW)
    with database.read() as session:
        ines = session.scalars(select(Candidate)).one()
        assert ines.inform_by is not None
        assert (ines.inform_by - NOW.date()).days == 30
        assert ines.region == "eastern_europe"
        assert ines.links == ["https://github.com/ines"]
        assert session.execute(text("SELECT count(*) FROM suppressions")).scalar() == 0
