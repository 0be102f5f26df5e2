"""The thread pool under all background work (docs/architecture.md, "Background
operations"; after Anki's taskman). Views use :mod:`recruitdesk.gui.operations` on top
of it; the analysis queue uses it directly.

:meth:`TaskManager.run` runs a function on a ``QThreadPool`` thread; its result, its
exception and anything it reports go out as signals of the :class:`TaskManager`, a
``QObject`` created in the GUI thread, connected to the manager's own methods. Qt
queues them to the GUI thread, where the manager calls the callbacks it was given.
Callbacks are never connected to a signal a worker emits (under PySide6 a bare lambda
could run in the worker's thread).

The function gets a :class:`TaskContext`: ``report(value)`` for progress, ``stopping``
to notice a shutdown or a :meth:`TaskManager.cancel`, and ``progress``, a
:class:`~recruitdesk.progress.Progress` for storage and report functions. A task started
with an ``owner`` loses its callbacks when the owner is destroyed.
:meth:`TaskManager.shutdown` drops what has not started, asks the running ones to stop
and waits for the pool to drain (``waitForDone``); after it no callback runs and no
thread touches the manager.
"""

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from recruitdesk.errors import KnownError
from recruitdesk.progress import Cancelled, Progress

log = logging.getLogger(__name__)
T = TypeVar("T")


class TaskContext:
    """What a background function may use: progress reports and the stop flag."""

    def __init__(
        self,
        task_id: int,
        manager: "TaskManager",
        stop: threading.Event,
        cancel: threading.Event | None = None,
    ) -> None:
        self.task_id = task_id
        self._manager = manager
        self._stop = stop
        self._cancel = cancel or threading.Event()
        self.progress = Progress(self.report, lambda: self.stopping)

    @property
    def stopping(self) -> bool:
        """The app is closing or the task was cancelled: stop at the next safe point."""
        return self._stop.is_set() or self._cancel.is_set()

    def report(self, value: object) -> None:
        """Send ``value`` to the task's ``on_progress`` callback, on the GUI thread."""
        if not self.stopping:
            self._manager.emit_progress(self.task_id, value)


@dataclass(slots=True)
class _Callbacks(Generic[T]):
    on_success: Callable[[T], None] | None
    on_failure: Callable[[BaseException], None] | None
    on_progress: Callable[[Any], None] | None
    cancel: threading.Event
    owner: QObject | None


class _Runnable(QRunnable):
    def __init__(
        self, manager: "TaskManager", context: TaskContext, fn: Callable[[TaskContext], object]
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._manager = manager
        self._context = context
        self._fn = fn

    def run(self) -> None:
        task_id = self._context.task_id
        try:
            result = self._fn(self._context)
        except BaseException as error:  # delivered to on_failure, on the GUI thread
            self._manager.emit_result(task_id, False, error)
        else:
            self._manager.emit_result(task_id, True, result)
        finally:
            self._fn = _nothing  # drop references to the work's objects in this thread


def _nothing(_context: TaskContext) -> None:
    return None


class TaskManager(QObject):
    """Runs functions on its own ``QThreadPool``; callbacks land on the GUI thread."""

    #: (task id, succeeded, result or exception): from workers, to :meth:`_deliver`.
    _finished = Signal(int, bool, object)
    #: (task id, value): from workers, to :meth:`_deliver_progress`.
    _progressed = Signal(int, object)
    #: A bug in background work (an exception that is not a :class:`KnownError` and
    #: that no ``on_failure`` took): the message for a crash dialog, on the GUI thread.
    bug = Signal(str)

    def __init__(self, max_threads: int = 1, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max(1, max_threads))
        self._ids = itertools.count(1)
        self._callbacks: dict[int, _Callbacks[Any]] = {}
        self._stop = threading.Event()
        self._emit_lock = threading.Lock()
        self._closed = False
        # Bound methods of this QObject: queued to the GUI thread it lives in.
        self._finished.connect(self._deliver)
        self._progressed.connect(self._deliver_progress)

    # -- the API ---------------------------------------------------------------------

    def run(
        self,
        fn: Callable[[TaskContext], T],
        *,
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        owner: QObject | None = None,
    ) -> int:
        """Run ``fn(context)`` in the background; returns the task's id.

        With an ``owner``, the callbacks are dropped (and the task asked to stop) when
        the owner is destroyed: a closed dialog never hears from its work.
        """
        if self._closed:
            raise RuntimeError("the task manager is shut down")
        task_id = next(self._ids)
        cancel = threading.Event()
        self._callbacks[task_id] = _Callbacks(on_success, on_failure, on_progress, cancel, owner)
        if owner is not None:
            owner.destroyed.connect(self._owner_destroyed)
        context = TaskContext(task_id, self, self._stop, cancel)
        self.pool.start(_Runnable(self, context, fn))
        return task_id

    def cancel(self, task_id: int) -> None:
        """Ask the task to stop at its next progress step (it raises ``Cancelled``)."""
        callbacks = self._callbacks.get(task_id)
        if callbacks is not None:
            callbacks.cancel.set()

    @property
    def pending(self) -> int:
        """Tasks started whose callbacks have not run yet."""
        return len(self._callbacks)

    @property
    def closed(self) -> bool:
        return self._closed

    def set_max_threads(self, count: int) -> None:
        self.pool.setMaxThreadCount(max(1, count))

    def shutdown(self, timeout_ms: int = -1) -> bool:
        """Stop: drop queued tasks, ask running ones to stop, wait for the pool.

        Returns whether every thread finished within ``timeout_ms`` (-1: no limit).
        """
        self._closed = True
        self._stop.set()
        self.pool.clear()
        drained = bool(self.pool.waitForDone(timeout_ms))
        with self._emit_lock:
            self._callbacks.clear()
        return drained

    # -- from the workers ------------------------------------------------------------

    def emit_result(self, task_id: int, ok: bool, value: object) -> None:
        with self._emit_lock:
            if self._closed:
                return
            try:
                self._finished.emit(task_id, ok, value)
            except RuntimeError:  # the manager was deleted without a shutdown: drop it
                self._closed = True

    def emit_progress(self, task_id: int, value: object) -> None:
        with self._emit_lock:
            if self._closed:
                return
            try:
                self._progressed.emit(task_id, value)
            except RuntimeError:
                self._closed = True

    # -- on the GUI thread -----------------------------------------------------------

    def _owner_destroyed(self, owner: QObject) -> None:
        for task_id, callbacks in list(self._callbacks.items()):
            if callbacks.owner is owner or (
                callbacks.owner is not None and not shiboken6.isValid(callbacks.owner)
            ):
                callbacks.cancel.set()
                del self._callbacks[task_id]

    def _deliver(self, task_id: int, ok: bool, value: object) -> None:
        callbacks = self._callbacks.pop(task_id, None)
        if callbacks is None or self._closed:
            return
        if callbacks.owner is not None and not shiboken6.isValid(callbacks.owner):
            return
        if ok:
            if callbacks.on_success is not None:
                callbacks.on_success(value)
            return
        assert isinstance(value, BaseException)
        if callbacks.on_failure is not None:
            callbacks.on_failure(value)
        elif isinstance(value, Cancelled):
            log.info("background task cancelled")
        elif isinstance(value, KnownError):
            log.info("background task refused: %s", value)
        else:
            log.error("background task failed", exc_info=value)
            self.bug.emit(f"Unexpected error in background work ({type(value).__name__}).")

    def _deliver_progress(self, task_id: int, value: object) -> None:
        callbacks = self._callbacks.get(task_id)
        if callbacks is None or callbacks.on_progress is None or self._closed:
            return
        if callbacks.owner is not None and not shiboken6.isValid(callbacks.owner):
            return
        callbacks.on_progress(value)
