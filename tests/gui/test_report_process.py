"""The app lays its PDF reports out in a child process (docs/architecture.md,
"Background operations"): a real PDF comes back, Cancel stops the child and leaves no
file, and what goes wrong in a child reaches the GUI thread as a refusal or a bug."""

import multiprocessing
import os
from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from tests import templates
from tests.conftest import ErrorLogs
from tests.gui import child_jobs
from tests.pdf_text import page_texts

from recruitdesk.gui.main_window import MainWindow
from recruitdesk.gui.operations import Operations
from recruitdesk.processes import run_in_process
from recruitdesk.progress import Progress, Step
from recruitdesk.storage.positions import get_position


def demo_window(qtbot: QtBot, db_path: Path, tmp_path: Path, name: str) -> MainWindow:
    window = MainWindow(str(templates.demo_file(db_path, candidates=120, seed=5)))
    qtbot.addWidget(window)
    window.show()
    window.files.choose_save_path = lambda *_args: str(tmp_path / name)  # type: ignore[assignment]
    return window


def idle(window: MainWindow) -> bool:
    return not window.operations.running


def test_the_shortlist_comes_back_from_the_child_as_a_real_pdf(
    qtbot: QtBot, db_path: Path, tmp_path: Path
) -> None:
    window = demo_window(qtbot, db_path, tmp_path, "short.pdf")
    title = get_position(window.database, 1).title
    assert window.files.shortlist_report(1, title, top=5)
    qtbot.waitUntil(lambda: idle(window), timeout=60_000)
    pages = page_texts(tmp_path / "short.pdf")
    assert len(pages) > 1  # the summary and a page per candidate
    assert f"Shortlist: {title}" in pages[0]
    assert "Wrote the shortlist short.pdf" in window.statusBar().currentMessage()


def test_cancel_stops_the_child_and_leaves_no_file(
    qtbot: QtBot, db_path: Path, tmp_path: Path
) -> None:
    window = demo_window(qtbot, db_path, tmp_path, "cancelled.pdf")
    steps: list[Step] = []
    window.operations.progressed.connect(lambda _id, step: steps.append(step))
    assert window.files.shortlist_report(1, "Backend", top=120)
    # The child's steps (layout, pages) reach the progress panel: it is running.
    qtbot.waitUntil(
        lambda: any(s.text == "laying out" or s.text.startswith("page") for s in steps),
        timeout=60_000,
    )
    assert multiprocessing.active_children()
    (operation,) = window.operations.running
    window.operations.cancel(operation)
    qtbot.waitUntil(lambda: idle(window), timeout=60_000)
    assert "cancelled; nothing was changed" in window.statusBar().currentMessage()
    assert not (tmp_path / "cancelled.pdf").exists()
    assert [p.name for p in tmp_path.iterdir() if "cancelled" in p.name] == []


def test_the_child_is_another_process_and_its_steps_arrive(qtbot: QtBot) -> None:
    steps: list[Step] = []
    progress = Progress(steps.append)
    assert run_in_process(child_jobs.process_id, progress=progress) != os.getpid()
    assert steps == [Step(1, 1, "asked")]


def test_a_refusal_in_the_child_is_one_line_and_a_bug_reaches_the_crash_dialog(
    qtbot: QtBot, operations: Operations, error_logs: ErrorLogs
) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    messages: list[str] = []
    bugs: list[str] = []
    operations.message.connect(messages.append)
    operations.bug.connect(bugs.append)
    operations.query(owner, lambda p: run_in_process(child_jobs.refuse, progress=p), lambda _: None)
    qtbot.waitUntil(lambda: messages == ["The child refused."], timeout=60_000)
    error_logs.expect("Laying out failed")
    operations.query(
        owner,
        lambda p: run_in_process(child_jobs.divide, 1, 0, progress=p),
        lambda _: None,
        title="Laying out",
    )
    qtbot.waitUntil(lambda: bool(bugs), timeout=60_000)
    assert "Laying out" in bugs[0]
    (record,) = error_logs.records
    assert record.exc_info is not None
    # The child's own traceback is kept for the log.
    assert isinstance(record.exc_info[1], ZeroDivisionError)
    assert "child_jobs.py" in str(record.exc_info[1].__cause__)
