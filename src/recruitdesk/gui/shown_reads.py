"""How a page reads what it shows (docs/architecture.md, "The change signal"): in the
background, the newest read winning, and only while the page is in sight.

A page holds one :class:`ShownReads` and says two things: how to refresh itself
(``refresh``, which starts its reads through :meth:`ShownReads.query`) and what to
show when a read lands (each query's ``show``). A change that concerns a hidden page
only marks it stale; the page refreshes when it is shown. After an import's
``everything`` every hidden page reading at once held the GIL while the visible one
painted, and the ranked matches of 100,000 candidates took most of a second each time
a card moved on the board.
"""

import inspect
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from recruitdesk.gui.operations import Operations
from recruitdesk.progress import Cancelled, Progress

T = TypeVar("T")


class ShownReads(QObject):
    """The stale flag, the refresh when shown, and the read running now of one page."""

    def __init__(
        self,
        page: QWidget,
        operations: Operations,
        refresh: Callable[[], None],
        *,
        stale: bool = True,
    ) -> None:
        super().__init__(page)
        self.operations = operations
        # Neither the page nor its method is held: this object is the page's child, and
        # a Python reference cycle between the two wrappers was left to the cyclic
        # collector, which then deleted the page's C++ object under its children
        # (a segmentation fault, right after a background read turned it back on).
        self._page = weakref.ref(page)
        self._refresh: Callable[[], Callable[[], None] | None] = (
            weakref.WeakMethod(refresh) if inspect.ismethod(refresh) else lambda: refresh
        )
        #: Something the page shows changed while it was hidden (or it never read):
        #: it refreshes when shown.
        self.stale = stale
        #: The read running now (an operation id), if any; tests wait on it.
        self.loading: int | None = None
        # A filter on the page alone (never the application): its own events only.
        page.installEventFilter(self)

    @property
    def page(self) -> QWidget | None:
        return self._page()

    def deferred(self) -> bool:
        """Whether the page is hidden, and so now stale: the change slot reads nothing."""
        page = self.page
        if page is not None and page.isVisible():
            return False
        self.stale = True
        return True

    def changed(self) -> None:
        """Something the page shows changed: refresh now if it is in sight, else later."""
        if not self.deferred():
            self._call_refresh()

    def _call_refresh(self) -> None:
        refresh = self._refresh()
        if refresh is not None:
            refresh()

    def query(
        self, work: Callable[[Progress], T], show: Callable[[T], None], *, title: str = ""
    ) -> None:
        """Read in the background; the read running now is cancelled and what it would
        have shown is dropped, so an older read landing late never shows over a newer."""
        self.stale = False
        self.drop()
        operation = self.operations.query(
            self,
            work,
            lambda found: self._landed(operation, show, found),
            title=title,
            on_failure=lambda error: self._failed(operation, title, error),
        )
        self.loading = operation

    def drop(self) -> None:
        """Forget the read running now: it is cancelled and shows nothing."""
        if self.loading is not None:
            self.operations.cancel(self.loading)
            self.loading = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Show and self.stale and watched is self.page:
            self._call_refresh()
        return False

    def _landed(self, operation: int, show: Callable[[Any], None], found: object) -> None:
        if operation == self.loading:
            self.loading = None
            show(found)

    def _failed(self, operation: int, title: str, error: BaseException) -> None:
        if operation != self.loading:
            return  # superseded: its cancel or its failure says nothing now
        self.loading = None
        self.stale = True  # shown again, the page tries again
        if not isinstance(error, Cancelled):
            self.operations.report_failure(title, error)
