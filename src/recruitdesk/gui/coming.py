"""An honest page for a view that another issue brings: what it will do, plainly."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class ComingPage(QWidget):
    """Says what a page will hold once it lands. Swap it for the real view in
    :class:`recruitdesk.gui.main_window.MainWindow` (one line per page)."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comingPage")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        card = QFrame()
        card.setObjectName("comingSoon")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 20, 24, 20)
        badge = QLabel("Coming in a later release")
        badge.setObjectName("comingBadge")
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        inner.addWidget(badge, 0, Qt.AlignmentFlag.AlignLeft)
        inner.addWidget(self.text)
        outer.addWidget(heading)
        outer.addWidget(card)
        outer.addStretch(1)
