"""No command writes a file over the database it has open, nor over its WAL or
shared-memory file: it says so in one line and the database stays as it was."""

import os
from pathlib import Path

import pytest
from tests import templates
from tests.cli.running import run_cli

from recruitdesk.atomic_files import atomic_write_bytes
from recruitdesk.storage.demo import DEFAULT_SEED


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    return templates.demo_file(tmp_path / "team.sqlite", candidates=20, seed=DEFAULT_SEED)


def refused_and_intact(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> str:
    """Run the command; it must fail in one line and leave the database as it was."""
    before = db.read_bytes()
    ran = run_cli(capsys, "--db", str(db), *args)
    assert ran.returncode == 1
    assert len(ran.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == before
    assert run_cli(capsys, "--db", str(db), "db", "check").returncode == 0
    return ran.stderr


@pytest.mark.parametrize("format_", ["csv", "json", "bundle"])
@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_export_refuses_to_write_over_the_open_database(
    capsys: pytest.CaptureFixture[str], demo_db: Path, format_: str, suffix: str
) -> None:
    target = demo_db.with_name(demo_db.name + suffix)
    said = refused_and_intact(capsys, demo_db, "export", "--format", format_, "-o", str(target))
    assert "it is the database recruitdesk has open" in said


def test_a_report_refuses_to_write_over_the_open_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    database = tmp_path / "shortlist.pdf"  # a database whose name a report would take
    templates.demo_file(database, candidates=20, seed=DEFAULT_SEED)
    said = refused_and_intact(capsys, database, "report", "1", "-o", str(database))
    assert "it is the database recruitdesk has open" in said


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_a_backup_refuses_to_write_over_the_open_database(
    capsys: pytest.CaptureFixture[str], demo_db: Path, suffix: str
) -> None:
    target = demo_db.with_name(demo_db.name + suffix)
    refused_and_intact(capsys, demo_db, "db", "backup", "-o", str(target))


def test_the_guard_ends_with_the_database(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite"
    with templates.open_empty(path), pytest.raises(PermissionError):
        atomic_write_bytes(path, b"not a database")
    atomic_write_bytes(path, b"closed: any file may be written again")
    assert path.read_bytes().startswith(b"closed")


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_an_import_refuses_the_open_database_without_reading_it(
    capsys: pytest.CaptureFixture[str], demo_db: Path, suffix: str
) -> None:
    source = demo_db.with_name(demo_db.name + suffix)
    said = refused_and_intact(capsys, demo_db, "import", str(source))
    assert "it is the database recruitdesk has open" in said


@pytest.mark.parametrize("name", ["people.csv", "resumes.json", "bundle.zip", "no-suffix"])
def test_an_import_refuses_the_open_database_under_another_name(
    capsys: pytest.CaptureFixture[str], demo_db: Path, name: str
) -> None:
    link = demo_db.with_name(name)
    os.link(demo_db, link)
    said = refused_and_intact(capsys, demo_db, "import", str(link))
    assert "it is the database recruitdesk has open" in said


def test_screenshots_refuse_to_write_over_the_open_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    database = tmp_path / "board.png"  # a database whose name a screenshot would take
    templates.demo_file(database, candidates=20, seed=DEFAULT_SEED)
    said = refused_and_intact(capsys, database, "screenshot", "--out", str(tmp_path))
    assert "it is the database recruitdesk has open" in said
    assert [path.name for path in tmp_path.glob("*.png")] == ["board.png"]
