"""Pausing Python's cyclic garbage collector while bulk work runs, from any thread
(docs/architecture.md, "Background operations").

Bulk work (ranking 100,000 candidates, an export, an import) makes hundreds of thousands
of small objects, none of them in a cycle: reference counting frees them all when the
work ends. A full collection in the middle walks every one of them while it holds the
GIL, which stalls the GUI thread (measured: 86 ms in a 10,000-candidate export) and
slows the work (a third of a ranking). :func:`paused` turns the collector off while at
least one such block runs anywhere in the process, and back on when the last ends.

What bulk work keeps (a ranking of 100,000 candidates: 200,000 tuples the matches view
shows) would still be walked by the first young collection after the pause: 100 ms with
the GIL held, on a quiet machine. In the GUI process (:func:`keep_results_frozen`) the
last pause therefore moves every tracked object into the permanent generation before the
collector comes back on. Reference counting still frees them; only a reference cycle that
became garbage meanwhile waits for :func:`reclaim`, which the app calls when its window
loses focus, when nobody sees a stall.

This module imports nothing of ours, so every layer may use it.
"""

import gc
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: Items freed per step by :func:`free_gradually`.
FREE_SLICE = 100
#: Seconds :func:`free_gradually` frees before it sleeps, and how long it sleeps.
FREE_BURST_S = 0.001
FREE_REST_S = 0.002

_lock = threading.Lock()
_depth = 0
_was_enabled = False
_freeze_at_resume = False


def keep_results_frozen(enabled: bool = True) -> None:
    """From now on the last :func:`resume` freezes what the paused work left alive."""
    global _freeze_at_resume
    with _lock:
        _freeze_at_resume = enabled


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
        if _depth == 0:
            if _freeze_at_resume:
                gc.freeze()
            if _was_enabled:
                gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection while the block runs (nor while any other pause holds)."""
    pause()
    try:
        yield
    finally:
        resume()


def reclaim() -> int:
    """A full collection of everything, the frozen generation included, then everything
    left frozen again; the number of unreachable objects found. Nothing while a pause
    holds (bulk work is running)."""
    with _lock:
        if _depth:
            return 0
        gc.unfreeze()
        found = gc.collect()
        gc.freeze()
        return found


def free_gradually(*bulks: list[Any]) -> None:
    """Empty large lists a slice at a time. Dropping 100,000 results at once is one
    deallocation that holds the GIL (on whichever thread) for tens of milliseconds.
    Slices alone were not enough: a thread that frees without a pause holds the GIL
    nearly all the time, so each of the many calls into Python a repaint makes on the
    GUI thread waited a switch interval for it (a ranking's free stalled the window for
    up to 117 ms). After each millisecond of freeing the thread therefore sleeps,
    holding no GIL. The caller must hold no other reference to the lists, or their
    items stay alive anyway."""
    burst_ends = time.perf_counter() + FREE_BURST_S
    for bulk in bulks:
        while bulk:
            del bulk[-FREE_SLICE:]
            if time.perf_counter() >= burst_ends:
                time.sleep(FREE_REST_S)
                burst_ends = time.perf_counter() + FREE_BURST_S
