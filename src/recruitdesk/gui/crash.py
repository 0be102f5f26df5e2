"""Bugs are never silent (docs/architecture.md, "Errors"; after qutebrowser's
``misc/crashsignal.py``).

An exception nobody caught, in a slot on the GUI thread (PySide6 hands it to
``sys.excepthook``) or in any other thread (``threading.excepthook``), is logged with
its traceback, then shown in a dialog from the GUI thread: the signal that carries it is
queued to the thread the reporter lives in. The dialog says what failed and where the
log is; the traceback stays in the log, which passes the redacting formatter.
"""

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from recruitdesk.domain.redaction import redact_secrets

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class CrashReporter(QObject):
    """Installs the hooks; ``crashed`` carries one line per bug to the GUI thread."""

    crashed = Signal(str)
    #: Emitted in whatever thread failed; queued to :meth:`_relay` in the reporter's.
    _reported = Signal(str)

    def __init__(self, log_path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self._reported.connect(self._relay)
        self._previous_hook: ExceptHook | None = None
        self._previous_thread_hook: Callable[[threading.ExceptHookArgs], object] | None = None

    def install(self) -> None:
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.exception_hook
        threading.excepthook = self.thread_hook

    def uninstall(self) -> None:
        if self._previous_hook is not None:
            sys.excepthook = self._previous_hook
        if self._previous_thread_hook is not None:
            threading.excepthook = self._previous_thread_hook
        self._previous_hook = self._previous_thread_hook = None

    def exception_hook(
        self,
        kind: type[BaseException],
        error: BaseException,
        traceback: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            if self._previous_hook is not None:
                self._previous_hook(kind, error, traceback)
            return
        self._report(kind, error, traceback, "the app")

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        where = f"thread {args.thread.name}" if args.thread is not None else "a thread"
        self._report(args.exc_type, args.exc_value, args.exc_traceback, where)

    def _report(
        self,
        kind: type[BaseException],
        error: BaseException,
        traceback: TracebackType | None,
        where: str,
    ) -> None:
        log.error("uncaught exception in %s", where, exc_info=(kind, error, traceback))
        self._reported.emit(redact_secrets(f"{kind.__name__} in {where}: {error}")[:300])

    def _relay(self, text: str) -> None:
        self.crashed.emit(text)


def show_crash_dialog(parent: QWidget | None, text: str, log_path: Path | None) -> QMessageBox:
    """A non-modal dialog for one bug; the app goes on, since the write that failed
    rolled back."""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "recruitdesk: something went wrong",
        "recruitdesk hit a bug. What you were doing may not have finished; nothing "
        "half-written was kept.",
        parent=parent,
    )
    where = f"The details are in {log_path}." if log_path else "The details are in the log."
    box.setInformativeText(f"{text}\n\n{where}")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("crashDialog")
    box.open()
    return box
