"""The main window's pages, each built the first time it is shown or asked for.

At start only one page is in view; building the others (and styling and laying them
out as the window showed) took about a quarter of the window's start, for pages the
user may never open in that session.
"""

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from recruitdesk.gui.pages import PAGE_SPECS, PageContext
from recruitdesk.gui.window_body import WindowBody


class LazyPages:
    """The pages of :data:`~recruitdesk.gui.pages.PAGE_SPECS` in ``body``'s places.

    Choosing a page in the navigation builds it, then shows it. ``built(page)``
    is called once per page, as it is built (the window connects its signals there).
    """

    def __init__(
        self,
        body: WindowBody,
        context: PageContext,
        built: Callable[[QWidget], None],
    ) -> None:
        self._body = body
        self._context = context
        self._built = built
        self._pages: dict[int, QWidget] = {}
        for spec in PAGE_SPECS:
            body.add_page(spec.title)
        body.navigation.currentRowChanged.connect(self._show)

    def page(self, index: int) -> QWidget:
        """The page at ``index`` in the navigation, built now if it is not yet."""
        page = self._pages.get(index)
        if page is None:
            page = PAGE_SPECS[index].build(self._context)
            self._pages[index] = page
            # Put in its place while that is hidden: it is styled and laid out once,
            # when the stack shows it.
            self._body.put_page(index, page)
            self._built(page)
        return page

    def is_built(self, index: int) -> bool:
        return index in self._pages

    def _show(self, index: int) -> None:
        if 0 <= index < len(PAGE_SPECS):
            self.page(index)
        self._body.pages.setCurrentIndex(index)
