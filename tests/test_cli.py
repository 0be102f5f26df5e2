"""The command line contract: exit codes, one clear line for bad input, files untouched.

The commands run in the test process (``main``); one test runs the installed console
script, as a user does.
"""

import hashlib
import logging
import os
import sqlite3
import subprocess
import sysconfig
from contextlib import closing
from pathlib import Path

import pytest
from tests import templates
from tests.cli.running import Ran, run_cli
from tests.conftest import ErrorLogs

from recruitdesk.cli import main
from recruitdesk.storage.migrate import head_revision


def console_script() -> Path:
    """The ``recruitdesk`` command installed with this interpreter's environment."""
    name = "recruitdesk.exe" if os.name == "nt" else "recruitdesk"
    script = Path(sysconfig.get_path("scripts")) / name
    assert script.is_file(), f"the project is not installed: no {script}"
    return script


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_one_clear_line(result: Ran, says: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("recruitdesk: ")
    assert says in lines[0]


def test_demo_then_check_through_the_installed_command(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The one start of the console script; what it wrote is checked in this process."""
    templates.empty_file(db_path)  # the migrations are not what this smoke test is about
    demo = subprocess.run(
        [str(console_script()), "--db", str(db_path), "demo", "--candidates", "20", "--seed", "9"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr
    assert "20 candidates" in demo.stdout
    check = run_cli(capsys, "--db", str(db_path), "db", "check")
    assert check.returncode == 0, check.stderr
    assert "integrity check: ok" in check.stdout
    assert "holds 20 candidates" in check.stdout


def test_the_database_comes_from_the_environment_when_no_flag_names_it(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # At the current schema already: what is looked at is which file the demo fills.
    monkeypatch.setenv("RECRUITDESK_DB", str(templates.empty_file(db_path)))
    result = run_cli(capsys, "demo", "--candidates", "5")
    assert result.returncode == 0, result.stderr
    with closing(sqlite3.connect(db_path)) as connection:
        assert connection.execute("SELECT count(*) FROM candidates").fetchone() == (5,)


def test_the_default_database_lives_in_the_user_data_folder(isolated_folders: Path) -> None:
    """The demo fills the file there. It is put there at the current schema first: a new
    file made at the head and the folder made on the first start are
    tests/storage/test_migrations.py's, and migrating was most of this test's time."""
    expected = isolated_folders / "xdg_data_home" / "recruitdesk" / "recruitdesk.sqlite"
    expected.parent.mkdir(parents=True)
    templates.empty_file(expected)
    assert main(["demo", "--candidates", "3"]) == 0
    with closing(sqlite3.connect(expected)) as connection:
        assert connection.execute("SELECT count(*) FROM candidates").fetchone() == (3,)


def test_a_file_that_is_not_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    resume = tmp_path / "resume.pdf"
    resume.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    before = digest(resume)
    result = run_cli(capsys, "--db", str(resume), "demo")
    assert_one_clear_line(result, "is not a recruitdesk database")
    assert digest(resume) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["resume.pdf"]


def test_a_folder_that_cannot_be_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = run_cli(capsys, "--db", str(blocker / "data" / "db.sqlite"), "db", "upgrade")
    assert_one_clear_line(result, "does not exist")


@pytest.mark.skipif(os.geteuid() != 0 and not Path("/proc").exists(), reason="needs /proc")
def test_a_read_only_file_system(capsys: pytest.CaptureFixture[str]) -> None:
    """/proc refuses new files even to root, unlike a chmod'ed folder."""
    result = run_cli(capsys, "--db", "/proc/recruitdesk-test.sqlite", "db", "upgrade")
    assert_one_clear_line(result, "cannot be written")


def test_a_database_from_a_newer_version(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # no dialog over the refusal
    templates.empty_file(db_path)
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff1234'")
        connection.commit()
    before = digest(db_path)
    for command in (["demo"], ["db", "upgrade"], []):
        result = run_cli(capsys, "--db", str(db_path), *command)
        assert_one_clear_line(result, "newer version of recruitdesk")
    assert digest(db_path) == before


def test_demo_into_a_database_with_people_is_refused(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    templates.empty_file(db_path)
    assert main(["--db", str(db_path), "demo", "--candidates", "4"]) == 0
    before = digest(db_path)
    result = run_cli(capsys, "--db", str(db_path), "demo")
    assert_one_clear_line(result, "already holds 4 candidates")
    assert digest(db_path) == before


def test_db_upgrade_says_what_it_did(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "db", "upgrade"]) == 0
    assert "Created" in capsys.readouterr().out
    assert main(["--db", str(db_path), "db", "upgrade"]) == 0
    assert f"already at the current schema ({head_revision()})" in capsys.readouterr().out


def test_db_backup_writes_a_consistent_copy(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    templates.empty_file(db_path)
    assert main(["--db", str(db_path), "demo", "--candidates", "25"]) == 0
    target = tmp_path / "out" / "copy.sqlite"
    assert main(["--db", str(db_path), "db", "backup", "-o", str(target)]) == 0
    assert str(target) in capsys.readouterr().out
    with closing(sqlite3.connect(target)) as connection:
        assert connection.execute("SELECT count(*) FROM candidates").fetchone() == (25,)


def test_db_check_reports_a_broken_reference_with_exit_1(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    templates.empty_file(db_path)
    assert main(["--db", str(db_path), "demo", "--candidates", "25"]) == 0
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("DELETE FROM positions")
        connection.commit()
    capsys.readouterr()
    assert main(["--db", str(db_path), "db", "check"]) == 1
    assert "broken reference: applications row" in capsys.readouterr().out


def test_backup_and_check_of_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_cli(capsys, "--db", str(tmp_path / "nothing.sqlite"), "db", "check")
    assert_one_clear_line(result, "There is no database at")
    assert not (tmp_path / "nothing.sqlite").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["demo", "--candidates", "0"],
        ["demo", "--candidates", "many"],
        ["demo", "--as-of", "yesterday"],
        ["no-such-command"],
        ["db"],
    ],
)
def test_bad_usage_exits_2(
    args: list[str], db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_cli(capsys, "--db", str(db_path), *args)
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert not db_path.exists()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "--version")
    assert result.returncode == 0
    assert result.stdout.startswith("recruitdesk ")


def test_the_log_never_holds_a_token(isolated_folders: Path, error_logs: ErrorLogs) -> None:
    """Even at -v, a library logging a redirect with a token in it leaves no token."""
    error_logs.expect("^header ghp_")
    db = templates.empty_file(isolated_folders / "x.sqlite")  # what runs is the logging set-up
    assert main(["-v", "--db", str(db), "db", "upgrade"]) == 0
    logging.getLogger("github.Requester").info(
        "GET https://codeload.github.com/a/b/legacy.tar.gz/main?token=SECRETPART1234 302"
    )
    logging.getLogger("recruitdesk").error("header ghp_abcdefghijklmnopqrstuvwxyz0123456789")
    assert logging.getLogger("github").level == logging.INFO
    logged = "".join(p.read_text(encoding="utf-8") for p in isolated_folders.rglob("*.log"))
    assert "<redacted>" in logged
    assert "SECRETPART1234" not in logged
    assert "ghp_abcdefghijklmnopqrstuvwxyz0123456789" not in logged


def test_the_demo_has_an_upper_bound(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A typo of a few more digits must not fill the memory before anything is said."""
    db = templates.empty_file(db_path)  # at the current schema: no migration before the check
    result = run_cli(capsys, "--db", str(db), "demo", "--candidates", "99999999999")
    assert_one_clear_line(result, "between 1 and 1,000,000")
