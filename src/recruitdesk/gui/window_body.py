"""The main window's body: the sidebar with the app's name and the navigation list,
each page under its title in a stack, and the candidate pane beside the pages in a
splitter."""

from collections.abc import Sequence

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
    """The pages (``(title, widget)`` in navigation order) and the pane; Ctrl+1.. pick
    the pages in that order (the menus make those shortcuts)."""

    def __init__(
        self, pages: Sequence[tuple[str, QWidget]], pane: QWidget, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("centralFrame")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(168)
        brand = QLabel("recruitdesk")
        brand.setObjectName("brand")
        side = QFrame()
        side.setObjectName("sidebar")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(10, 18, 10, 12)
        side_layout.addWidget(brand)
        side_layout.addWidget(self.navigation, 1)
        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        for number, (heading, page) in enumerate(pages):
            item = QListWidgetItem(heading)
            item.setToolTip(f"{heading} (Ctrl+{number + 1})")
            self.navigation.addItem(item)
            holder = QWidget()
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(18, 16, 18, 12)
            title = QLabel(heading)
            title.setObjectName("pageTitle")
            holder_layout.addWidget(title)
            holder_layout.addWidget(page, 1)
            self.pages.addWidget(holder)
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        outer.addWidget(side)
        outer.addWidget(self.splitter, 1)
