"""``ShownReads`` leaves no reference cycle between a page and itself: with one, a page
nobody held any more waited for the cyclic collector, which deleted the page's C++
object under its own children's wrappers (worker processes died with a segmentation
fault in "Garbage-collecting" right after a background read turned the collector back
on)."""

import gc
import weakref
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QWidget

from recruitdesk.gui.operations import Operations
from recruitdesk.gui.shown_reads import ShownReads


class Page(QWidget):
    def __init__(self, operations: Operations) -> None:
        super().__init__()
        self.refreshed = 0
        self.reads = ShownReads(self, operations, self.refresh)

    def refresh(self) -> None:
        self.refreshed += 1


@pytest.fixture
def no_collector() -> Iterator[None]:
    """Only reference counting frees anything while the test runs."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_a_page_nobody_holds_is_freed_without_the_collector(
    operations: Operations, no_collector: None
) -> None:
    page = Page(operations)
    page.show()
    assert page.refreshed == 1  # the read when shown still runs
    page.hide()
    page.reads.changed()
    assert page.reads.stale
    gone = weakref.ref(page)
    del page
    assert gone() is None
