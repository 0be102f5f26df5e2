"""A list model's next page, read in the background (docs/architecture.md, "The change
signal"): ``fetchMore`` starts the read and returns, so scrolling never waits for the
database on the GUI thread.

One page is read at a time (the model's ``canFetchMore`` says False meanwhile), and a
page that lands after the model was reset (another filter, position or sort, a reload)
is dropped: it belongs to rows no longer shown.
"""

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject

from recruitdesk.gui.operations import Operations
from recruitdesk.progress import Progress

T = TypeVar("T")


class NextPage(QObject):
    """The page read on its way for one model (a child of the model)."""

    def __init__(self, model: QObject, operations: Operations) -> None:
        super().__init__(model)
        self.operations = operations
        #: The read on its way (an operation id), if any; tests wait on it.
        self.reading: int | None = None
        self._generation = 0

    def reset(self) -> None:
        """The model shows other rows now: a page on its way is cancelled and dropped."""
        self._generation += 1
        if self.reading is not None:
            self.operations.cancel(self.reading)
            self.reading = None

    def read(self, work: Callable[[Progress], T], land: Callable[[T], None]) -> None:
        """Read ``work`` on a pool thread and hand its page to ``land``, unless the
        model was reset meanwhile."""
        generation = self._generation

        def landed(page: T) -> None:
            if generation == self._generation:
                self.reading = None
                land(page)

        def failed(error: BaseException) -> None:
            if generation == self._generation:
                self.reading = None
                self.operations.report_failure("Reading more rows", error)

        self.reading = self.operations.query(self, work, landed, on_failure=failed)
