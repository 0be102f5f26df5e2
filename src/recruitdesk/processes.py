"""Work in a child process (docs/architecture.md, "Background operations").

Some long C calls hold the GIL from start to end (PySide6 lays out and draws a
``QTextDocument`` without releasing it), so in a worker thread they stall the GUI thread
for as long. :func:`run_in_process` runs such a step in a fresh ``spawn`` process
instead: its own interpreter, its own GIL, its own Qt objects. Only plain values cross:
the function (by its module and name), its arguments, its result or exception, and the
steps it reports.

The caller's :class:`~recruitdesk.progress.Progress` keeps working across the boundary:
the child's steps reach it, and a cancel there stops the child at its next step (the
child raises :class:`~recruitdesk.progress.Cancelled`, which comes back as itself). A
known error comes back as the same :class:`~recruitdesk.errors.KnownError`; anything
else stays a bug, with the child's traceback attached as its cause.

This module imports nothing of ours but :mod:`recruitdesk.progress`, so every layer may
use it.
"""

import multiprocessing
import queue
import sys
import threading
import types
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, wait
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

from recruitdesk.progress import NO_PROGRESS, Cancelled, Progress, Step

T = TypeVar("T")
#: How often the parent passes the child's steps on and looks for a cancel.
POLL_S = 0.02

#: Held while worker processes start under the stand-in main module (below).
_starting = threading.Lock()


@contextmanager
def without_main_module() -> Iterator[None]:
    """Start worker processes that do not run the parent's main module.

    A ``spawn`` or ``forkserver`` worker first runs the parent's ``__main__`` again
    (as ``__mp_main__``; ``multiprocessing.spawn.get_preparation_data`` names it), so
    that functions defined there can be unpickled. The jobs sent to workers are
    functions of this package, so that is pure cost: the ``recruitdesk`` console script
    imports the whole command line, a test runner all of its plugins. While a stand-in
    main with neither a file nor a module name is in place, the workers' preparation
    names none, and a worker imports only what its job needs.
    """
    with _starting:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = main


#: The child's progress, set up by :func:`_connect` when the child starts.
_child_progress: list[Progress] = []


def _connect(steps: "multiprocessing.Queue[Step]", cancel: Any) -> None:
    """In the child: report steps to the parent, stop once it asks."""
    _child_progress.append(Progress(steps.put, cancel.is_set))


def _call(function: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
    """In the child: the job, with the progress that talks to the parent."""
    return function(*args, progress=_child_progress[0], **kwargs)


def _pass_on(steps: "multiprocessing.Queue[Step]", progress: Progress) -> None:
    while True:
        try:
            step = steps.get_nowait()
        except queue.Empty:
            return
        progress.step(step.done, step.total, step.text)


def run_in_process(
    function: Callable[..., T],
    *args: Any,
    progress: Progress = NO_PROGRESS,
    **kwargs: Any,
) -> T:
    """``function(*args, progress=..., **kwargs)`` in a child process, and its result.

    ``function`` must be picklable by name (a module-level function of this package)
    and take a ``progress`` keyword; the arguments and the result must be plain
    picklable values. A cancel through ``progress`` stops the child at its next step
    and raises :class:`Cancelled` here once the child has ended. A child that dies
    raises :class:`~concurrent.futures.process.BrokenProcessPool`.
    """
    context = multiprocessing.get_context("spawn")
    steps: multiprocessing.Queue[Step] = context.Queue()
    cancel = context.Event()
    with ProcessPoolExecutor(
        max_workers=1, mp_context=context, initializer=_connect, initargs=(steps, cancel)
    ) as pool:
        # The executor starts its worker when the job is submitted.
        with without_main_module():
            future = pool.submit(_call, function, args, kwargs)
        try:
            while not wait([future], timeout=POLL_S).done:
                _pass_on(steps, progress)
                progress.check()
        except Cancelled:
            cancel.set()
            # Wait for the child to stop: a cancel there leaves nothing half written.
            if future.exception() is not None:
                raise
            # Otherwise the child finished before it saw the cancel: its work is done.
    # The child has ended, so its last steps are all in the queue.
    with suppress(Cancelled):  # too late to stop anything
        _pass_on(steps, progress)
    return future.result()
