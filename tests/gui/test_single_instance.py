"""One window per database file: a later start on the same file is asked whether to
switch to the first window, and a crashed start never blocks the next."""

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import make_url

from recruitdesk.errors import KnownError
from recruitdesk.gui.single_instance import Choice, SingleInstance, ask_user, claim
from recruitdesk.storage.database import resolve_url

#: A start that claims the file, says so, then waits to be killed.
CLAIMING_PROCESS = """
import sys
from PySide6.QtWidgets import QApplication
from recruitdesk.gui.single_instance import claim
from recruitdesk.storage.database import resolve_url
app = QApplication([])
instance = claim(resolve_url(sys.argv[1]))
print("first" if instance is not None and instance.is_first else "not first", flush=True)
sys.stdin.read()
"""


@pytest.fixture(autouse=True)
def runtime_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "runtime"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "team.sqlite"
    path.write_bytes(b"")
    return path


class Asked:
    """A user who answers ``choice`` and remembers being asked."""

    def __init__(self, choice: Choice) -> None:
        self.choice = choice
        self.questions: list[tuple[Path, int]] = []

    def __call__(self, database: Path, pid: int) -> Choice:
        self.questions.append((database, pid))
        return self.choice


def never_asked(database: Path, pid: int) -> Choice:
    raise AssertionError(f"asked about {database} held by {pid}")


@pytest.fixture
def first(db_file: Path) -> Iterator[SingleInstance]:
    instance = claim(resolve_url(str(db_file)), never_asked)
    assert instance is not None
    assert instance.is_first
    yield instance
    instance.release()


@pytest.mark.qt_log_ignore("does not support raise")  # the offscreen platform's
def test_a_second_start_switches_to_the_first_window(
    qtbot: QtBot, first: SingleInstance, db_file: Path, tmp_path: Path
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    first.bring_to_front(window)
    assert not window.isVisible()
    link = tmp_path / "another name.sqlite"
    link.symlink_to(db_file)  # the same file by another path
    user = Asked(Choice.SWITCH)
    with qtbot.waitSignal(first.activate_requested):
        assert claim(resolve_url(str(link)), user) is None
    assert user.questions == [(db_file, os.getpid())]
    qtbot.waitUntil(window.isVisible)


def test_a_second_window_on_request_leaves_the_first_in_charge(
    qtbot: QtBot, first: SingleInstance, db_file: Path
) -> None:
    second = claim(resolve_url(str(db_file)), Asked(Choice.OPEN_ANOTHER))
    assert second is not None
    assert not second.is_first
    with qtbot.waitSignal(first.activate_requested):
        assert claim(resolve_url(str(db_file)), Asked(Choice.SWITCH)) is None
    second.release()


def test_other_files_and_a_closed_window_are_not_in_the_way(
    first: SingleInstance, db_file: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.sqlite"
    other.write_bytes(b"")
    separate = claim(resolve_url(str(other)), never_asked)
    assert separate is not None
    assert separate.is_first
    separate.release()
    first.release()
    again = claim(resolve_url(str(db_file)), never_asked)
    assert again is not None
    assert again.is_first
    again.release()


def test_a_crashed_start_does_not_block_the_next(
    db_file: Path, runtime_folder: Path, qtbot: QtBot
) -> None:
    source = Path(__file__).resolve().parents[2] / "src"
    env = {**os.environ, "PYTHONPATH": f"{source}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    with subprocess.Popen(
        [sys.executable, "-c", CLAIMING_PROCESS, str(db_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    ) as crashed:
        try:
            assert crashed.stdout is not None
            assert crashed.stdout.readline().strip() == "first"
            user = Asked(Choice.OPEN_ANOTHER)
            while_alive = claim(resolve_url(str(db_file)), user)
            assert while_alive is not None
            assert not while_alive.is_first
            assert user.questions == [(db_file, crashed.pid)]
        finally:
            crashed.send_signal(signal.SIGKILL)
    assert list(runtime_folder.glob("*.lock"))  # the crash left its lock behind
    after = claim(resolve_url(str(db_file)), never_asked)
    assert after is not None
    assert after.is_first
    after.release()


def test_a_database_server_has_no_claim() -> None:
    instance = claim(make_url("postgresql+psycopg://db.example/team"), never_asked)
    assert instance is not None
    assert not instance.is_first


def test_with_nobody_to_ask_a_second_start_stops_with_one_line(db_file: Path) -> None:
    with pytest.raises(KnownError, match=r"team.sqlite is already open in recruitdesk"):
        ask_user(db_file, 1234)
