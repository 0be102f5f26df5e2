"""The main window's body: the sidebar with the app's name and the navigation list,
each page under its title in a stack, and the candidate pane beside the pages in a
splitter."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)


class WindowBody(QWidget):
    """The sidebar, the stack of pages and the splitter that will hold the pane; pages'
    places are added in navigation order (Ctrl+1.. pick them in that order: the menus
    make those shortcuts), and :mod:`recruitdesk.gui.lazy_pages` shows the page chosen.

    Made inside its window, before anything goes in: under the app's style sheet, each
    time a widget moves to a new parent Qt restyles all it holds, so a page built apart
    and then passed down holder, stack, splitter and body into the window was restyled
    at every step (0.2 s of the window's start).
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("centralFrame")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        side = QFrame(self)
        side.setObjectName("sidebar")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(side)
        outer.addWidget(self.splitter, 1)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(10, 18, 10, 12)
        brand = QLabel("recruitdesk", side)
        brand.setObjectName("brand")
        self.navigation = QListWidget(side)
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(168)
        side_layout.addWidget(brand)
        side_layout.addWidget(self.navigation, 1)
        self.pages = QStackedWidget(self.splitter)
        self.pages.setObjectName("pages")
        self.splitter.addWidget(self.pages)
        self._holders: list[QVBoxLayout] = []

    def add_page(self, heading: str) -> None:
        """A place for the next page under its title, next in the navigation; the page
        goes in with :meth:`put_page`."""
        number = self.navigation.count()
        item = QListWidgetItem(heading)
        item.setToolTip(f"{heading} (Ctrl+{number + 1})")
        self.navigation.addItem(item)
        holder = QWidget(self.pages)
        self.pages.addWidget(holder)
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(18, 16, 18, 12)
        self._holders.append(holder_layout)
        title = QLabel(heading, holder)
        title.setObjectName("pageTitle")
        holder_layout.addWidget(title)

    def put_page(self, index: int, page: QWidget) -> None:
        """``page`` in the place made for it, under its title."""
        self._holders[index].addWidget(page, 1)

    def add_pane(self, pane: QWidget) -> None:
        """The candidate pane (made in :attr:`splitter`, for the reason above), beside
        the pages."""
        self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
