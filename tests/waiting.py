"""Waiting on a state another process or thread reaches (no Qt event loop to spin)."""

import time
from collections.abc import Callable


def wait_until(condition: Callable[[], bool], timeout: float = 120) -> None:
    """Poll ``condition`` until it holds; an AssertionError after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the condition did not come true in time")
        time.sleep(0.02)
