"""The collector stays off while any pause holds, from any thread, and comes back on
after the last."""

import gc
import threading
import weakref

from recruitdesk import collector


def test_pauses_nest_across_threads() -> None:
    assert gc.isenabled()
    inside = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with collector.paused():
            inside.set()
            release.wait(10)

    worker = threading.Thread(target=hold)
    worker.start()
    inside.wait(10)
    collector.pause()
    assert not gc.isenabled()
    release.set()
    worker.join()
    assert not gc.isenabled()  # this thread's pause still holds
    collector.resume()
    assert gc.isenabled()


def test_a_collector_already_off_stays_off() -> None:
    gc.disable()
    try:
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_what_paused_work_keeps_is_not_walked_by_young_collections() -> None:
    collector.keep_results_frozen()
    try:
        with collector.paused():
            kept = [(index, str(index)) + (None,) * (index % 2) for index in range(50_000)]
            kept_ids = {id(item) for item in kept[:100]}
        young = {id(item) for item in gc.get_objects(0) + gc.get_objects(1)}
        assert not kept_ids & young
        assert gc.get_freeze_count() >= len(kept)
    finally:
        collector.keep_results_frozen(False)
        collector.reclaim()
        gc.unfreeze()


def test_reclaim_frees_a_cycle_that_became_garbage_while_frozen() -> None:
    collector.keep_results_frozen()
    try:
        with collector.paused():
            first, second = _Node(), _Node()
            first.other, second.other = second, first
        alive = weakref.ref(first)
        del first, second
        gc.collect()
        assert alive() is not None  # frozen: an ordinary full collection leaves it
        assert collector.reclaim() >= 2
        assert alive() is None
    finally:
        collector.keep_results_frozen(False)
        gc.unfreeze()


def test_reclaim_waits_while_bulk_work_runs() -> None:
    with collector.paused():
        assert collector.reclaim() == 0


class _Item:
    pass


def test_free_gradually_frees_every_item_but_those_held_elsewhere() -> None:
    first = [_Item() for _ in range(collector.FREE_SLICE * 3 + 7)]
    kept = _Item()
    second = [kept, _Item()]
    watched = [weakref.ref(item) for item in (*first, *second)]
    collector.free_gradually(first, second)
    assert first == []
    assert second == []
    assert [ref() for ref in watched if ref() is not None] == [kept]
