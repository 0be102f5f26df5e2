"""Jobs for :func:`recruitdesk.processes.run_in_process` in the tests: functions of an
importable module, as a child process needs them."""

import os

from recruitdesk.errors import KnownError
from recruitdesk.progress import Progress


def process_id(*, progress: Progress) -> int:
    progress.step(1, 1, "asked")
    return os.getpid()


def refuse(*, progress: Progress) -> None:
    raise KnownError("The child refused.")


def divide(numerator: int, denominator: int, *, progress: Progress) -> float:
    return numerator / denominator
