"""Pausing Python's cyclic garbage collector while bulk work runs, from any thread
(docs/architecture.md, "Background operations").

Bulk work (ranking 100,000 candidates, an export, an import) makes hundreds of thousands
of small objects, none of them in a cycle: reference counting frees them all when the
work ends. A full collection in the middle walks every one of them while it holds the
GIL, which stalls the GUI thread (measured: 86 ms in a 10,000-candidate export) and
slows the work (a third of a ranking). :func:`paused` turns the collector off while at
least one such block runs anywhere in the process, and back on when the last ends.

This module imports nothing of ours, so every layer may use it.
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


def pause() -> None:
    """Turn the collector off until the matching :func:`resume`."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1


def resume() -> None:
    """End one :func:`pause`; the last one turns the collector back on."""
    global _depth
    with _lock:
        _depth -= 1
        if _depth == 0 and _was_enabled:
            gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection while the block runs (nor while any other pause holds)."""
    pause()
    try:
        yield
    finally:
        resume()
