"""The queue in the main window: "Analyse GitHub" on the pane and on cards, the status
bar, closing with analyses running, and the leak scan of a whole analysis."""

import io
import logging
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from tests import templates
from tests.gui.gui_helpers import pane_loaded
from tests.jobs.helpers import SECRET, TokenServer, add_candidates, add_person
from tests.keyrings import MemoryKeyring

from recruitdesk import APP_NAME
from recruitdesk.cli import build_parser, main
from recruitdesk.domain.taxonomy import JobState
from recruitdesk.gui.jobs_view import JobsView
from recruitdesk.gui.main_window import MainWindow
from recruitdesk.gui.pages import BOARD, JOBS
from recruitdesk.gui.settings_dialog import API_URL_KEY, SettingsDialog
from recruitdesk.storage import jobs_queue
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.jobs_queue import WaitReason
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.models.analysis import Analysis
from recruitdesk.tokens import add_token

SECOND_SECRET = "ghp_secondLeakHunter9876543210zyxwvuZYXWVU"


@pytest.fixture
def api_url_setting(token_server: TokenServer) -> Iterator[str]:
    settings = QSettings(APP_NAME, APP_NAME)
    settings.setValue(API_URL_KEY, token_server.url)
    settings.sync()
    yield token_server.url
    settings.remove(API_URL_KEY)
    settings.sync()


def open_window(qtbot: QtBot, db_path: Path) -> MainWindow:
    window = MainWindow(str(db_path))
    qtbot.addWidget(window)
    window.confirm_stop_jobs = _stop  # no modal question when a test ends mid-analysis
    # No pause between requests to the loopback server (a quarter of a second each, for
    # GitHub's sake): read on the worker thread when a job runs, so set before it starts.
    window.jobs.settings = replace(window.jobs.settings, seconds_between_requests=0.0)
    window.show()
    qtbot.waitUntil(lambda: not window.operations.running, timeout=10_000)
    return window


def _stop(_running: int) -> bool:
    return True


def _analyses(db_path: Path) -> int:
    with open_database(str(db_path)) as database, database.read() as session:
        return int(session.scalar(select(func.count()).select_from(Analysis)) or 0)


def test_analyse_github_from_the_pane_runs_in_the_background(
    qtbot: QtBot,
    db_path: Path,
    token_server: TokenServer,
    git_repo: Path,
    memory_keyring: MemoryKeyring,
    api_url_setting: str,
) -> None:
    add_person(token_server, git_repo, "ada")
    with templates.open_empty(db_path) as database:
        ids = add_candidates(database, ["ada"])
        ids["nologin"], _changes = create_candidate(database, {"full_name": "No Login"})
    window = open_window(qtbot, db_path)
    assert window.findChild(JobsView, "jobsView") is None  # built when first shown
    window.open_candidate(ids["ada"])
    pane_loaded(qtbot, window.pane)
    assert window.pane.header.analyse_button.isEnabled()
    with qtbot.waitSignal(window.jobs.job_ended, timeout=30_000) as ended:
        qtbot.mouseClick(window.pane.header.analyse_button, Qt.MouseButton.LeftButton)
        assert window.statusBar().currentMessage() == "Queued 1 GitHub analysis (see Jobs)."
        assert "Analysis: 1 " in window.jobs_status.text()
    assert ended.args[1] == "done"
    qtbot.waitUntil(lambda: window.jobs_status.text() == "Analysis: idle")

    # The pane's Analysis tab shows the stored result once the change signal arrives.
    def analysis_texts() -> str:
        return " ".join(label.text() for label in window.pane.analysis.findChildren(QLabel))

    qtbot.waitUntil(lambda: "Not analysed yet" not in analysis_texts())
    assert "Scores" in analysis_texts()
    view = window.jobs_page  # built, still hidden
    assert window.findChild(JobsView, "jobsView") is view
    assert not view.model.jobs  # not read while hidden
    window.show_page(JOBS)
    qtbot.waitUntil(lambda: bool(view.model.jobs))
    assert view.model.jobs[0].state is JobState.DONE
    # The same candidate again, and one without a login.
    window.analyse_github([ids["ada"], ids["nologin"]])
    assert window.statusBar().currentMessage() == (
        "Queued 1 GitHub analysis; 1 without a GitHub login (see Jobs)."
    )


def test_analyse_github_on_selected_cards(
    qtbot: QtBot, db_path: Path, memory_keyring: MemoryKeyring
) -> None:
    from tests.gui.gui_helpers import sample_in

    from recruitdesk.domain.pipeline import Stage
    from recruitdesk.storage.candidates import update_candidate

    with templates.open_empty(db_path) as database:
        sample = sample_in(database, {"sourced": ["Ana", "Bo", "Cy"]})
        for name in ("Ana", "Bo"):
            update_candidate(database, sample.candidates[name], {"github_login": name.lower()})
    window = open_window(qtbot, db_path)
    window.jobs.shutdown()  # queue only: nothing runs in this test
    window.show_page(BOARD)  # a hidden board reads its cards only when shown
    board = window.board
    qtbot.waitUntil(lambda: board.card_count() == 3)
    board.select_ids(Stage.SOURCED, [sample.cards["Ana"], sample.cards["Bo"]])
    view = board.views[Stage.SOURCED]
    (action,) = [a for a in view.actions() if a.text() == "Analyse GitHub"]
    requested: list[list[int]] = []
    board.analyse_requested.connect(requested.append)
    action.trigger()
    assert sorted(requested[0]) == sorted([sample.candidates["Ana"], sample.candidates["Bo"]])
    with open_database(str(db_path)) as database:
        jobs = jobs_queue.list_jobs(database)
    assert sorted(job.login for job in jobs) == ["ana", "bo"]
    assert "Queued 2 GitHub analyses" in window.statusBar().currentMessage()


def test_closing_with_analyses_running_asks_then_stops_cleanly(
    qtbot: QtBot,
    db_path: Path,
    token_server: TokenServer,
    git_repo: Path,
    memory_keyring: MemoryKeyring,
    api_url_setting: str,
) -> None:
    add_person(token_server, git_repo, "ada")
    token_server.delay = 0.4
    with templates.open_empty(db_path) as database:
        ids = add_candidates(database, ["ada"])
    window = open_window(qtbot, db_path)
    asked: list[int] = []
    answers = iter([False, True])

    def answer(running: int) -> bool:
        asked.append(running)
        return next(answers)

    window.confirm_stop_jobs = answer
    with qtbot.waitSignal(window.jobs.progress, timeout=20_000):
        window.analyse_github([ids["ada"]])
    assert not window.close()  # "No": the window stays, the job goes on
    assert window.isVisible()
    assert window.jobs.running == 1
    assert window.close()  # "Yes": stopped, drained, then closed
    assert asked == [1, 1]
    assert window.jobs.tasks.pool.activeThreadCount() == 0
    QCoreApplication.sendPostedEvents()  # the pool drained: every delivery lands now
    with open_database(str(db_path)) as database:
        (job,) = jobs_queue.list_jobs(database)
    assert job.state is JobState.WAITING
    assert job.wait_reason is WaitReason.INTERRUPTED
    assert _analyses(db_path) == 0  # nothing half-written
    # The next start resumes it.
    token_server.delay = 0.0
    open_window(qtbot, db_path)
    # Waited on what the job leaves, not on its signal: with no pause between requests it
    # may end before open_window returns, and a signal waited for after that never came.
    qtbot.waitUntil(lambda: _job_states(db_path) == [JobState.DONE], timeout=30_000)
    assert _analyses(db_path) == 1


def _job_states(db_path: Path) -> list[JobState]:
    with open_database(str(db_path)) as database:
        return [job.state for job in jobs_queue.list_jobs(database)]


def _readable(data: bytes) -> bytes:
    """What a file holds, unpacked: a zip's members, a PDF's deflated streams too."""
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b"".join(archive.read(name) for name in archive.namelist())
    if data.startswith(b"%PDF"):
        inflated = []
        for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
            try:
                inflated.append(zlib.decompress(match.group(1)))
            except zlib.error:
                continue
        return data + b"".join(inflated)
    return data


def _leaks(data: bytes, secrets: tuple[str, ...]) -> bool:
    forms = [form for secret in secrets for form in (secret.encode(), secret.encode("utf-16-be"))]
    return any(form in data for form in forms)


def test_a_whole_analysis_never_leaks_the_token(
    qtbot: QtBot,
    db_path: Path,
    tmp_path: Path,
    token_server: TokenServer,
    git_repo: Path,
    memory_keyring: MemoryKeyring,
    api_url_setting: str,
    isolated_folders: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_person(token_server, git_repo, "ada")
    token_server.budgets.update({SECOND_SECRET: 0, SECRET: 100})  # the first is spent
    token_server.token_logins[SECRET] = "ada"
    token_server.token_logins[SECOND_SECRET] = "ada"
    add_token("spent", SECOND_SECRET)
    add_token("work", SECRET)
    with templates.open_empty(db_path) as database:
        ids = add_candidates(database, ["ada"])
    # Logging to the log file under the tmp XDG folders, at DEBUG (requests' own lines).
    assert main(["--db", str(db_path), "token", "list", "--api-url", token_server.url]) == 0
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)
    shown: list[str] = []
    try:
        window = open_window(qtbot, db_path)
        window.jobs.progress.connect(lambda _j, _f, text: shown.append(text))
        window.jobs.summary_changed.connect(shown.append)
        window.open_candidate(ids["ada"])
        pane_loaded(qtbot, window.pane)
        with qtbot.waitSignal(window.jobs.job_ended, timeout=30_000) as ended:
            qtbot.mouseClick(window.pane.header.analyse_button, Qt.MouseButton.LeftButton)
            shown.append(window.statusBar().currentMessage())
        shown.extend(str(arg) for arg in ended.args)
        assert ended.args[1] == "done"
        assert {SECOND_SECRET, SECRET} <= set(token_server.tokens_seen)  # both were used
        window.show_page(JOBS)
        view = window.jobs_page
        qtbot.waitUntil(lambda: bool(view.model.jobs))
        for row in range(view.model.rowCount()):
            for column in range(view.model.columnCount()):
                index = view.model.index(row, column)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    shown.append(str(index.data(role)))
        shown.append(window.pane.message.text())
        shown.append(window.jobs_status.text())
        dialog = SettingsDialog(api_url=token_server.url, tasks=window.jobs.tasks)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: "GitHub user ada" in " ".join(dialog.token_rows()))
        shown.extend(dialog.token_rows())
        shown.extend(label.text() for label in window.findChildren(QLabel))
        window.close()
    finally:
        root.setLevel(level)
    # An export of every kind, and a PDF report if that command exists by now.
    outputs = []
    for kind, name in (("json", "out.json"), ("csv", "out.csv"), ("bundle", "out.bundle")):
        target = tmp_path / name
        assert main(["--db", str(db_path), "export", "--format", kind, "-o", str(target)]) == 0
        outputs.append(target)
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    if "report" in commands:
        pdf = tmp_path / "ada.pdf"
        assert main(["--db", str(db_path), "report", str(ids["ada"]), "-o", str(pdf)]) == 0
        outputs.append(pdf)
    printed = capsys.readouterr()
    shown.extend([printed.out, printed.err])
    QApplication.processEvents()

    secrets = (SECRET, SECOND_SECRET)
    database_files = [p for p in db_path.parent.glob(db_path.name + "*") if p.is_file()]
    assert _analyses(db_path) == 1  # the scan looks at a database holding the analysis
    for path in database_files:
        assert not _leaks(path.read_bytes(), secrets), path
    logs = [p for p in isolated_folders.rglob("*.log*") if p.is_file()]
    assert logs, "the log file is part of the scan"
    assert any(b"job 1 done" in p.read_bytes() for p in logs)  # the analysis logged there
    for path in isolated_folders.rglob("*"):
        if path.is_file():
            assert not _leaks(path.read_bytes(), secrets), path
    for path in outputs:
        data = _readable(path.read_bytes())
        assert b"ada" in data.lower(), path  # the candidate is in it: the scan is meaningful
        assert not _leaks(data, secrets), path
    text = "\n".join(shown)
    assert "GitHub user ada" in text
    assert SECRET not in text
    assert SECOND_SECRET not in text
