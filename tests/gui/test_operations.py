"""The one background-operation API: work off the GUI thread, results on it, progress
with Cancel, changes with their initiator, callbacks dropped with their owner, and bugs
that reach the log and a dialog."""

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from tests.conftest import ErrorLogs

from recruitdesk.errors import KnownError
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.crash import CrashReporter
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.progress_panel import ProgressPanel
from recruitdesk.progress import Progress
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import DemoSummary, load_demo
from recruitdesk.storage.models.pipeline import Candidate


@pytest.fixture
def owner(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_a_query_runs_off_the_gui_thread_and_lands_on_it(
    qtbot: QtBot, operations: Operations, owner: QWidget
) -> None:
    threads: dict[str, threading.Thread] = {}

    def work(_progress: Progress) -> int:
        threads["work"] = threading.current_thread()
        return 42

    got: list[int] = []

    def landed(value: int) -> None:
        threads["callback"] = threading.current_thread()
        got.append(value)

    operations.query(owner, work, landed)
    qtbot.waitUntil(lambda: got == [42])
    assert threads["work"] is not threading.main_thread()
    assert threads["callback"] is threading.main_thread()
    assert not operations.running


def test_a_write_publishes_its_changes_with_the_owner_as_initiator(
    qtbot: QtBot, operations: Operations, owner: QWidget, hub: ChangesHub
) -> None:
    seen: list[Changes] = []
    hub.changed.connect(seen.append)
    writing: list[bool] = []
    operations.writing_changed.connect(writing.append)
    done: list[Changes] = []
    operations.write(owner, lambda _p: Changes(candidates=frozenset({7})), done.append)
    assert operations.writing
    qtbot.waitUntil(lambda: bool(done))
    assert seen == [Changes(candidates=frozenset({7}))]
    assert seen[0].initiator is owner
    assert writing == [True, False]


def test_cancel_rolls_a_write_back_and_says_so(
    qtbot: QtBot, operations: Operations, owner: QWidget, database: Database
) -> None:
    panel = ProgressPanel(operations)
    qtbot.addWidget(panel)
    messages: list[str] = []
    operations.message.connect(messages.append)
    reached = threading.Event()
    release = threading.Event()

    def work(progress: Progress) -> DemoSummary:
        reached.set()
        release.wait(10)  # the user presses Cancel meanwhile
        return load_demo(database, candidates=2_000, progress=progress)

    succeeded: list[DemoSummary] = []
    operations.write(owner, work, succeeded.append, title="Loading", cancellable=True)
    assert not panel.isHidden()
    assert panel.cancel_button.isVisibleTo(panel)
    qtbot.waitUntil(reached.is_set)
    panel.cancel_button.click()
    release.set()
    qtbot.waitUntil(lambda: bool(messages))
    assert succeeded == []
    assert "cancelled; nothing was changed" in messages[0]
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Candidate)) == 0
    assert panel.isHidden()


def test_progress_reaches_the_panel(qtbot: QtBot, operations: Operations, owner: QWidget) -> None:
    panel = ProgressPanel(operations)
    qtbot.addWidget(panel)
    step_seen = threading.Event()
    release = threading.Event()

    def work(progress: Progress) -> None:
        progress.step(5, 10, "half way")
        step_seen.set()
        release.wait(10)

    operations.query(owner, work, lambda _none: None, title="Counting")
    qtbot.waitUntil(lambda: panel.bar.value() == 500)
    assert panel.label.text() == "Counting: half way"
    assert not panel.cancel_button.isVisibleTo(panel)  # this work cannot stop
    release.set()
    qtbot.waitUntil(panel.isHidden)


def test_callbacks_are_dropped_with_their_owner(qtbot: QtBot, operations: Operations) -> None:
    owner = QObject()
    release = threading.Event()
    called: list[object] = []

    def work(_progress: Progress) -> int:
        release.wait(10)
        return 1

    operations.query(owner, work, called.append)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not operations.running)
    release.set()
    assert operations.tasks.pool.waitForDone(10_000)
    # Nothing queued for the gone owner may run: let the event loop deliver everything.
    finished = threading.Event()
    QTimer.singleShot(0, finished.set)
    qtbot.waitUntil(finished.is_set)
    assert called == []


def test_a_refusal_is_a_message_and_a_bug_is_logged_and_shown(
    qtbot: QtBot, operations: Operations, owner: QWidget, error_logs: ErrorLogs
) -> None:
    messages: list[str] = []
    bugs: list[str] = []
    operations.message.connect(messages.append)
    operations.bug.connect(bugs.append)

    def refused(_progress: Progress) -> None:
        raise KnownError("That file is not a bundle.")

    def broken(_progress: Progress) -> None:
        raise ZeroDivisionError("oops")

    operations.query(owner, refused, lambda _none: None)
    qtbot.waitUntil(lambda: messages == ["That file is not a bundle."])
    error_logs.expect("Exporting failed")
    operations.query(owner, broken, lambda _none: None, title="Exporting")
    qtbot.waitUntil(lambda: bool(bugs))
    assert "Exporting" in bugs[0]
    assert any(record.exc_info for record in error_logs.records)


def test_a_bug_in_a_slot_or_a_thread_reaches_the_log_and_the_gui_thread(
    qtbot: QtBot, tmp_path: Path, error_logs: ErrorLogs
) -> None:
    reporter = CrashReporter(tmp_path / "recruitdesk.log")
    reporter.install()
    shown: list[tuple[str, threading.Thread]] = []
    reporter.crashed.connect(lambda text: shown.append((text, threading.current_thread())))
    error_logs.expect("uncaught exception")
    try:
        try:
            raise ValueError("in a slot")
        except ValueError as error:
            reporter.exception_hook(type(error), error, error.__traceback__)

        def fail() -> None:
            raise RuntimeError("in a worker thread")

        worker = threading.Thread(target=fail, name="worker")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(shown) == 2)
    finally:
        reporter.uninstall()
    texts = [text for text, _thread in shown]
    assert texts[0] == "ValueError in the app: in a slot"
    assert texts[1] == "RuntimeError in thread worker: in a worker thread"
    assert all(thread is threading.main_thread() for _text, thread in shown)
    assert len(error_logs.records) == 2
