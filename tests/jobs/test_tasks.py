"""The one background API: results, failures and progress land on the GUI thread."""

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QThread
from pytestqt.qtbot import QtBot
from tests.conftest import ErrorLogs

from recruitdesk.errors import KnownError
from recruitdesk.jobs.tasks import TaskContext, TaskManager


@pytest.fixture
def tasks() -> Iterator[TaskManager]:
    manager = TaskManager(2)
    yield manager
    assert manager.shutdown(10_000)
    assert manager.pool.activeThreadCount() == 0


def test_success_and_progress_callbacks_run_on_the_gui_thread(
    qtbot: QtBot, tasks: TaskManager
) -> None:
    gui = QThread.currentThread()
    seen: list[tuple[str, object, bool]] = []
    worker_threads: list[int] = []

    def work(context: TaskContext) -> int:
        worker_threads.append(threading.get_ident())
        context.report(1)
        context.report(2)
        return 42

    def done(value: int) -> None:
        seen.append(("done", value, QThread.currentThread() is gui))

    def progress(value: object) -> None:
        seen.append(("progress", value, QThread.currentThread() is gui))

    tasks.run(work, on_success=done, on_progress=progress)
    qtbot.waitUntil(lambda: any(kind == "done" for kind, _v, _g in seen))
    assert seen == [("progress", 1, True), ("progress", 2, True), ("done", 42, True)]
    assert worker_threads[0] != threading.get_ident()
    assert tasks.pending == 0


def test_a_failure_goes_to_on_failure_and_a_bug_without_one_to_the_bug_signal(
    qtbot: QtBot, tasks: TaskManager, caplog: pytest.LogCaptureFixture, error_logs: ErrorLogs
) -> None:
    error_logs.expect("background task failed")
    errors: list[BaseException] = []

    def refuse(_context: TaskContext) -> None:
        raise KnownError("The keyring is locked.")

    def crash(_context: TaskContext) -> None:
        raise ZeroDivisionError

    tasks.run(refuse, on_failure=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert str(errors[0]) == "The keyring is locked."
    with qtbot.waitSignal(tasks.bug) as bug:
        tasks.run(crash)
    assert bug.args == ["Unexpected error in background work (ZeroDivisionError)."]
    assert "ZeroDivisionError" in caplog.text  # the traceback goes to the log


def test_shutdown_drops_queued_work_and_delivers_nothing_after(qtbot: QtBot) -> None:
    manager = TaskManager(1)
    release = threading.Event()
    delivered: list[object] = []
    started: list[int] = []

    def slow(context: TaskContext) -> str:
        started.append(1)
        release.wait(5)
        return "slow"

    manager.run(slow, on_success=delivered.append)
    manager.run(slow, on_success=delivered.append)  # queued behind the first
    qtbot.waitUntil(lambda: bool(started))
    timer = threading.Timer(0.2, release.set)  # the first ends while shutdown waits
    timer.start()
    assert manager.shutdown(10_000)
    timer.join()
    QCoreApplication.sendPostedEvents()  # the pool drained: every delivery is posted
    assert delivered == []
    assert len(started) == 1
    with pytest.raises(RuntimeError, match="shut down"):
        manager.run(slow)
