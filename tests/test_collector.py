"""The collector stays off while any pause holds, from any thread, and comes back on
after the last."""

import gc
import threading

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
