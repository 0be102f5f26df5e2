"""Processes the tests start for work of their own (another workstation, a run to
kill), forked from ``multiprocessing``'s fork server: a fresh interpreter, so no Qt
thread of the test's process is copied into them, that imported the modules below once.
A process forked from it starts in milliseconds where a spawned one imported the storage
layer again, about a second of CPU each."""

import multiprocessing
from multiprocessing.context import ForkServerContext

#: What the fork server imports before the first process forks from it. The server is
#: one per test process and starts at its first use: a module the app's own pool (the
#: analysis) started it without is imported by each process that needs it instead.
PRELOAD = ["tests.team_processes", "tests.transfer.killed_runs"]


def context() -> ForkServerContext:
    forked = multiprocessing.get_context("forkserver")
    forked.set_forkserver_preload(PRELOAD)
    return forked
