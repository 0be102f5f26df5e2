"""``recruitdesk erase CANDIDATE... [--on-request]``."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests import templates
from tests.cli.running import run_cli
from tests.keyrings import MemoryKeyring

from recruitdesk.domain.sourced import Found, Profile
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.models.consent import Suppression
from recruitdesk.storage.models.pipeline import Candidate
from recruitdesk.storage.positions import create_position
from recruitdesk.storage.sourcing import Status, source_people
from recruitdesk.tokens import suppression_key


def _found(login: str) -> Found:
    profile = Profile(login, None, None, None, None, None, None, None, 0, 0, None)
    return Found(profile, "GitHub search 'x'")


def test_erase_on_request_keeps_them_off_sourcing(
    db_path: Path, memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    database = templates.open_empty(db_path)
    create_candidate(database, {"full_name": "Olga", "github_login": "olga"})
    create_candidate(database, {"full_name": "Piotr", "email": "piotr@example.com"})
    database.dispose()
    ran = run_cli(capsys, "--db", str(db_path), "erase", "olga", "--on-request")
    assert ran.returncode == 0, ran.stderr
    assert "Erased 1 candidate everywhere" in ran.stdout
    assert "keyed hash" in ran.stdout
    plain = run_cli(capsys, "--db", str(db_path), "erase", "piotr@example.com")
    assert plain.returncode == 0, plain.stderr
    database = open_database(str(db_path))
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Candidate)) == 0
        assert session.scalar(select(func.count()).select_from(Suppression)) == 1
    target = create_position(database, {"title": "Backend"})[0]
    key = suppression_key(create=False)
    outcome = source_people(
        database,
        [_found("olga"), _found("piotr")],
        position_id=target,
        key=key,
        now=datetime.now(UTC),
    )
    assert [p.status for p in outcome.people] == [Status.DO_NOT_CONTACT, Status.ADDED]
    database.dispose()


def test_erase_someone_unknown_is_bad_usage(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ran = run_cli(capsys, "--db", str(db_path), "erase", "nobody-here")
    assert ran.returncode == 2
    assert "nobody-here" in ran.stderr
