"""What a crash leaves behind is cleaned up: the temporary file of a killed export, and
the backups each retried upgrade takes are bounded."""

import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from tests import templates

from recruitdesk.errors import DatabaseError
from recruitdesk.storage import database as database_module
from recruitdesk.storage.migrate import KEPT_UPGRADE_BACKUPS, open_database
from recruitdesk.transfer.formats import export

FIXTURES = Path(__file__).parents[1] / "fixtures"


#: An export in a process that kills itself halfway through writing the file: the
#: function every export format writes through, whose writer here stops for good after
#: the first bytes, as a user's kill or a power cut would stop the command.
_KILLED_EXPORT = """
import os, signal, sys
from pathlib import Path
from recruitdesk.transfer.export_files import write_export

def write(handle):
    handle.write(b"PK half a bundle")
    handle.flush()
    os.kill(os.getpid(), signal.SIGKILL)

write_export(Path(sys.argv[1]), write)
"""


def test_a_killed_export_leaves_no_temporary_file_after_the_next_export(
    db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "people.zip"
    killed = subprocess.run([sys.executable, "-c", _KILLED_EXPORT, str(target)], check=False)
    assert killed.returncode == -signal.SIGKILL
    assert not target.exists(), "killed while it wrote"
    assert any(out.iterdir())
    with templates.open_empty(db_path) as database:
        export(database, target, format="bundle", include_private=False)
    assert [path.name for path in out.iterdir()] == ["people.zip"]


def test_a_temporary_file_of_a_running_writer_is_left_alone(tmp_path: Path) -> None:
    """Only files of processes that are gone are removed: this one's is its own."""
    from recruitdesk.atomic_files import atomic_path, atomic_write_bytes

    target = tmp_path / "a.csv"
    with atomic_path(target) as mine:
        mine.write_bytes(b"half")
        atomic_write_bytes(tmp_path / "a.csv", b"other")
        assert mine.exists()


def test_retried_upgrades_keep_a_bounded_number_of_backups(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program holds the write lock, so each upgrade fails after its backup."""
    shutil.copyfile(FIXTURES / "schema_0006.sqlite", db_path)
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 50)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        for _ in range(KEPT_UPGRADE_BACKUPS + 3):
            with pytest.raises(DatabaseError):
                open_database(str(db_path))
    finally:
        other.execute("ROLLBACK")
        other.close()
    backups = list(db_path.parent.glob(f"{db_path.name}.pre-*.bak"))
    assert len(backups) == KEPT_UPGRADE_BACKUPS
    with open_database(str(db_path)):
        pass
    assert len(list(db_path.parent.glob(f"{db_path.name}.pre-*.bak"))) == KEPT_UPGRADE_BACKUPS


def test_a_killed_pre_upgrade_backup_is_removed_by_the_next_one(db_path: Path) -> None:
    """A backup's temporary file has a new name each time (the backup's name holds the
    time): the next write into the folder removes the one a dead process left."""
    shutil.copyfile(FIXTURES / "schema_0006.sqlite", db_path)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    left = db_path.with_name(f".{db_path.name}.pre-0007-1.bak.recruitdesk-partial-{dead}-x.tmp")
    left.write_bytes(b"half a backup")
    journal = left.with_name(left.name + "-journal")
    journal.write_bytes(b"")
    with open_database(str(db_path)):
        pass
    assert not left.exists()
    assert not journal.exists()
