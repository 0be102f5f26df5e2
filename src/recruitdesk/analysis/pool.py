"""Spreading files over worker processes, behind one function: :func:`measure_files`.

radon is CPU-bound and the GIL serialises threads (docs/architecture.md, "Threads"), so
large workloads go to a process pool started with ``forkserver`` (``spawn`` where there
is none): forking a process that holds Qt threads can deadlock. Small workloads stay in
the calling process, where starting workers would cost more than it saves. The pool
lives only for one call and is shut down before the function returns.

A worker imports the metrics module and nothing of the app around it
(docs/architecture.md, "The analysis"): see :func:`map_in_workers`.
"""

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import TypeVar

from recruitdesk.analysis.errors import AnalysisError
from recruitdesk.analysis.metrics import (
    DEFAULT_MAX_FILE_BYTES,
    DEFAULT_TIME_BUDGET,
    FileMetrics,
    can_budget_time,
    measure_batch,
)
from recruitdesk.processes import without_main_module

#: Below this many bytes of source, the files are measured in the calling process.
IN_PROCESS_BYTES = 400_000
#: Bytes of source sent to a worker at a time.
BATCH_BYTES = 200_000
#: Off the main thread (a Qt worker) no timer signal can stop a slow file, so a file
#: larger than this goes to a worker process, where the time budget holds.
UNBUDGETED_FILE_BYTES = 16_000
#: What a worker needs, imported once by the fork server before any worker forks.
WORKER_MODULES = ["recruitdesk.analysis.metrics"]

_Item = TypeVar("_Item")
_Result = TypeVar("_Result")


def _context() -> multiprocessing.context.BaseContext:
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(WORKER_MODULES)
    return context


def map_in_workers(
    job: Callable[[_Item], _Result], items: Sequence[_Item], processes: int
) -> list[_Result]:
    """``[job(item) for item in items]`` in up to ``processes`` worker processes.

    ``job`` must be picklable by name: a function of an importable module, or a
    :func:`functools.partial` of one. A worker that dies raises
    :class:`~concurrent.futures.process.BrokenProcessPool`.
    """
    with ProcessPoolExecutor(max_workers=processes, mp_context=_context()) as pool:
        # The executor starts a worker when a job is submitted and none is idle.
        with without_main_module():
            futures = [pool.submit(job, item) for item in items]
        return [future.result() for future in futures]


def _all_small(sources: Sequence[tuple[str, bytes]]) -> bool:
    return all(len(data) <= UNBUDGETED_FILE_BYTES for _path, data in sources)


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def _batches(sources: Sequence[tuple[str, bytes]]) -> list[list[tuple[str, bytes]]]:
    """Batches of about ``BATCH_BYTES``, largest files first so the workers finish
    together."""
    ordered = sorted(sources, key=lambda item: len(item[1]), reverse=True)
    batches: list[list[tuple[str, bytes]]] = []
    current: list[tuple[str, bytes]] = []
    size = 0
    for item in ordered:
        current.append(item)
        size += len(item[1])
        if size >= BATCH_BYTES:
            batches.append(current)
            current, size = [], 0
    if current:
        batches.append(current)
    return batches


def measure_files(
    sources: Sequence[tuple[str, bytes]],
    *,
    workers: int | None = None,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
    in_process_bytes: int = IN_PROCESS_BYTES,
) -> list[FileMetrics]:
    """The metrics of each ``(path, contents)``, in the order given.

    ``workers`` defaults to the number of CPUs; ``1`` keeps everything in this process,
    as does a workload under ``in_process_bytes``.
    """
    workers = default_workers() if workers is None else max(1, workers)
    total = sum(len(data) for _path, data in sources)
    small = workers == 1 or total < in_process_bytes or len(sources) < 2
    if small and (can_budget_time() or time_budget is None or _all_small(sources)):
        return measure_batch(list(sources), max_bytes, time_budget)
    batches = _batches(sources)
    job = partial(measure_batch, max_bytes=max_bytes, time_budget=time_budget)
    processes = max(1, min(workers, len(batches)))
    try:
        measured = [m for batch in map_in_workers(job, batches, processes) for m in batch]
    except BrokenProcessPool:
        raise AnalysisError(
            "A worker process measuring the Python files stopped unexpectedly (out of "
            "memory?); try again with --workers 1."
        ) from None
    by_path = {metric.path: metric for metric in measured}
    return [by_path[path] for path, _data in sources]
