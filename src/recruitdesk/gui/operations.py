"""The one way a view runs long work (docs/architecture.md, "Background operations";
after Anki's ``CollectionOp`` and ``QueryOp``).

``ops.query(owner, work, on_success)`` reads; ``ops.write(owner, work, on_success)``
writes and publishes the result's :class:`Changes` with ``owner`` as the initiator.
Either way:

- ``work(progress)`` runs on a pool thread and opens its own sessions through storage
  functions; it hands back plain values, never ORM objects;
- ``progress`` is a :class:`~recruitdesk.progress.Progress`: its steps reach the
  progress panel (with Cancel when the operation is ``cancellable``), and a cancel
  raises :class:`~recruitdesk.progress.Cancelled` inside the work, which rolls its
  transaction back;
- success and failure land on the GUI thread, and never after ``owner`` is destroyed;
- a :class:`~recruitdesk.errors.KnownError` becomes one sentence on the ``message``
  signal (or ``on_failure``), a cancel says that nothing was written, and anything
  else is a bug for the crash dialog;
- while a write runs, ``writing_changed(True)`` lets the window disable the controls
  that would conflict with it (import, export, the demo).
"""

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal

from recruitdesk import collector
from recruitdesk.errors import KnownError
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.jobs.tasks import TaskContext, TaskManager
from recruitdesk.progress import Cancelled, Progress, Step
from recruitdesk.storage.changes import Changes

log = logging.getLogger(__name__)
T = TypeVar("T")


class HasChanges(Protocol):
    """A write's result: what it changed, for the app-wide change signal."""

    @property
    def changes(self) -> Changes: ...


W = TypeVar("W", bound=HasChanges | Changes)


@dataclass(frozen=True, slots=True)
class Running:
    """An operation the progress panel shows."""

    id: int
    title: str
    cancellable: bool
    writes: bool


class Operations(QObject):
    """Runs the views' long work on a small pool; every signal is on the GUI thread."""

    #: An operation with a title started: its :class:`Running`.
    started = Signal(object)
    #: (operation id, :class:`~recruitdesk.progress.Step`)
    progressed = Signal(int, object)
    #: An operation ended, however it ended: its id.
    ended = Signal(int)
    #: Whether a write is running now.
    writing_changed = Signal(bool)
    #: One sentence for the status bar (a refusal, a cancel).
    message = Signal(str)
    #: A bug in an operation: the text for the crash dialog.
    bug = Signal(str)

    def __init__(self, hub: ChangesHub, threads: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.tasks = TaskManager(threads, self)
        self.tasks.bug.connect(self.bug)
        self._ids = itertools.count(1)
        #: operation id -> (its task id, how it shows)
        self.running: dict[int, tuple[int, Running]] = {}
        self._owners: dict[int, QObject] = {}

    @property
    def writing(self) -> bool:
        return any(running.writes for _task, running in self.running.values())

    def query(
        self,
        owner: QObject,
        work: Callable[[Progress], T],
        on_success: Callable[[T], None],
        *,
        title: str = "",
        cancellable: bool = False,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> int:
        """Read in the background; ``title`` (when given) shows in the progress panel."""
        return self._start(owner, work, on_success, on_failure, title, cancellable, False)

    def write(
        self,
        owner: QObject,
        work: Callable[[Progress], W],
        on_success: Callable[[W], None],
        *,
        title: str = "",
        cancellable: bool = False,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> int:
        """Write in the background, then publish what changed with ``owner`` as the
        initiator before ``on_success`` runs."""

        def published(result: W) -> None:
            changes = result if isinstance(result, Changes) else result.changes
            self.hub.publish(changes, initiator=owner)
            on_success(result)

        return self._start(owner, work, published, on_failure, title, cancellable, True)

    def discard(self, owner: QObject, *bulks: list[Any]) -> None:
        """Free large lists in the background, a slice at a time: dropping 100,000
        results at once holds the GIL (on whichever thread) for some 60 ms. The caller
        must hold no other reference to them."""
        kept = list(bulks)

        def free(_progress: Progress) -> None:
            collector.free_gradually(*kept)
            kept.clear()

        self.query(owner, free, lambda _none: None)

    def report_failure(self, title: str, error: BaseException) -> None:
        """What an operation's failure says when its owner has no ``on_failure`` (or
        hands on what it does not handle itself): a refusal or a cancel in one sentence,
        a bug to the log and the crash dialog."""
        if isinstance(error, Cancelled):
            self.message.emit(f"{title or 'The work'} was cancelled; nothing was changed.")
        elif isinstance(error, KnownError):
            self.message.emit(str(error))
        else:
            log.error("%s failed", title or "a background operation", exc_info=error)
            self.bug.emit(f"Unexpected error in {title or 'background work'}.")

    def cancel(self, operation_id: int) -> None:
        """Ask the operation to stop at its next step; a write rolls back."""
        found = self.running.get(operation_id)
        if found is not None:
            self.tasks.cancel(found[0])

    def shutdown(self, timeout_ms: int = -1) -> bool:
        """Cancel everything and wait for the pool (the window is closing)."""
        for task_id, _running in self.running.values():
            self.tasks.cancel(task_id)
        return self.tasks.shutdown(timeout_ms)

    def _start(
        self,
        owner: QObject,
        work: Callable[[Progress], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None,
        title: str,
        cancellable: bool,
        writes: bool,
    ) -> int:
        operation_id = next(self._ids)
        running = Running(operation_id, title, cancellable, writes)
        was_writing = self.writing

        def run(context: TaskContext) -> object:
            with collector.paused():
                return work(context.progress)

        def succeeded(result: object) -> None:
            self._end(operation_id)
            on_success(result)

        def failed(error: BaseException) -> None:
            self._end(operation_id)
            if on_failure is not None:
                on_failure(error)
            else:
                self.report_failure(title, error)

        def progressed(step: object) -> None:
            if isinstance(step, Step):
                self.progressed.emit(operation_id, step)

        task_id = self.tasks.run(
            run, on_success=succeeded, on_failure=failed, on_progress=progressed, owner=owner
        )
        self.running[operation_id] = (task_id, running)
        if title:
            self.started.emit(running)
        if writes and not was_writing:
            self.writing_changed.emit(True)
        self._owners[operation_id] = owner
        # A bound method, not a lambda: Qt drops the connection when this object goes.
        owner.destroyed.connect(self._owner_destroyed)
        return operation_id

    def _owner_destroyed(self, owner: QObject) -> None:
        for operation_id, known in list(self._owners.items()):
            if known is owner or not shiboken6.isValid(known):
                self._end(operation_id)

    def _end(self, operation_id: int) -> None:
        self._owners.pop(operation_id, None)
        found = self.running.pop(operation_id, None)
        if found is None:
            return
        self.ended.emit(operation_id)
        if found[1].writes and not self.writing:
            self.writing_changed.emit(False)
