"""The consent rules a bundle merge keeps: "do not contact" and ``inform_by`` travel,
a merge never clears "do not contact", and a person erased here on their request is
not added again (nor their cards and notes)."""

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests import templates
from tests.keyrings import MemoryKeyring

from recruitdesk.domain.pipeline import Stage
from recruitdesk.storage.board.new_cards import put_on_board
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Application, Candidate, Note
from recruitdesk.storage.outreach import set_do_not_contact
from recruitdesk.storage.positions import create_position
from recruitdesk.storage.suppression import SuppressionKeyError, erase_on_request
from recruitdesk.tokens import suppression_key
from recruitdesk.transfer.formats import export, import_file


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[tuple[Database, Database]]:
    with (
        templates.open_empty(tmp_path / "a.sqlite") as a,
        templates.open_empty(tmp_path / "b.sqlite") as b,
    ):
        yield a, b


def _flag(database: Database, login: str) -> tuple[bool, str | None, date | None]:
    with database.read() as session:
        row = session.scalars(select(Candidate).where(Candidate.github_login == login)).one()
        return row.do_not_contact, row.do_not_contact_reason, row.inform_by


def test_do_not_contact_and_inform_by_travel_and_are_never_cleared(
    laptops: tuple[Database, Database], tmp_path: Path
) -> None:
    a, b = laptops
    cid, _ = create_candidate(a, {"full_name": "Dora", "github_login": "dora"})
    with a.write() as session:
        session.get_one(Candidate, cid).inform_by = date(2026, 12, 31)
    export(a, tmp_path / "first.zip", format="bundle")
    import_file(b, tmp_path / "first.zip")
    assert _flag(b, "dora") == (False, None, date(2026, 12, 31))
    set_do_not_contact(b, _id(b, "dora"), True, "asked by phone")
    # A later edit on A (which still says "contact freely") must not clear B's flag.
    with a.write() as session:
        dora = session.get_one(Candidate, cid)
        dora.location = "Lisbon"
        dora.stamp(["location", "do_not_contact"], datetime.now(UTC))
        dora.updated_at = datetime.now(UTC)
    export(a, tmp_path / "second.zip", format="bundle")
    report = import_file(b, tmp_path / "second.zip")
    assert _flag(b, "dora")[:2] == (True, "asked by phone")
    assert any("kept do_not_contact" in line for line in report.details), report.details
    # And B's flag reaches A however old B's edit looks there.
    export(b, tmp_path / "back.zip", format="bundle")
    import_file(a, tmp_path / "back.zip")
    assert _flag(a, "dora")[:2] == (True, "asked by phone")


def test_a_person_erased_on_request_is_not_merged_back(
    laptops: tuple[Database, Database], tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    a, b = laptops
    position = create_position(a, {"title": "Backend"})[0]
    erin, _ = create_candidate(a, {"full_name": "Erin", "github_login": "erin"})
    create_candidate(a, {"full_name": "Finn", "github_login": "finn"})
    with a.write() as session:
        put_on_board(session, position, [erin], Stage.SOURCED, datetime.now(UTC), "A")
        session.add(Note(candidate_id=erin, body="met at PyCon", author="A"))
    export(a, tmp_path / "old.zip", format="bundle")
    import_file(b, tmp_path / "old.zip")
    key = suppression_key(create=True)
    assert key is not None
    erase_on_request(b, [_id(b, "erin")], key)
    report = import_file(b, tmp_path / "old.zip")
    assert any("left out 1 person erased here on their request" in d for d in report.details)
    with b.read() as session:
        logins = set(session.scalars(select(Candidate.github_login)))
        assert logins == {"finn"}
        assert session.scalar(select(func.count()).select_from(Note)) == 0
        assert session.scalar(select(func.count()).select_from(Application)) == 0
    # Without the key that made the list, the merge refuses rather than add Erin back.
    memory_keyring.secrets.clear()
    with pytest.raises(SuppressionKeyError):
        import_file(b, tmp_path / "old.zip")


def _id(database: Database, login: str) -> int:
    with database.read() as session:
        return session.scalars(select(Candidate.id).where(Candidate.github_login == login)).one()
