"""What the sections of the candidate pane share: the pane as they see it, and the small
widgets and formats they all use."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Protocol, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.storage.candidate_applications import ApplicationView
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database

Shown = TypeVar("Shown", bound=QWidget)


class PaneContext(Protocol):
    """The pane a section lives in: the database, the candidate shown, where a section
    reports what it did, and the background read that shows a section's own write."""

    database: Database
    candidate_id: int | None

    def publish(self, changes: Changes) -> None: ...

    def refresh(self) -> None: ...

    def show_message(self, text: str, *, error: bool = False) -> None: ...


def format_moment(moment: datetime | date | None) -> str:
    """A time in the local zone (``20 Nov 2026, 10:00``), or a day (``20 Nov 2026``)."""
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        return moment.astimezone().strftime("%d %b %Y, %H:%M")
    return moment.strftime("%d %b %Y")


def section_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


def muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("class", "muted")
    return label


def scroll(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless area that scrolls up and down only."""
    area, _holder, layout = scroll_area()
    layout.addWidget(widget)
    return area


def scrolled_tab(tabs: QTabWidget, title: str, make: Callable[[QWidget], Shown]) -> Shown:
    """A new tab of ``tabs`` that scrolls ``make(parent)``'s widget, built in its place
    (a widget moved into another parent after it is built is restyled whole)."""
    area, holder, layout = scroll_area()
    tabs.addTab(area, title)
    shown = make(holder)
    layout.addWidget(shown)
    return shown


def scroll_area() -> tuple[QScrollArea, QWidget, QVBoxLayout]:
    """A frameless area that scrolls up and down only, the empty widget it scrolls and
    that widget's layout, to fill in place.

    The area is given that widget empty: ``setWidget`` shows what it is given, which
    styles its whole tree, and each later move of the tree into the pane, the tabs and
    the window styled it again (a third of the pane's build)."""
    area = QScrollArea()
    area.setObjectName("paneScroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    holder = QWidget()
    area.setWidget(holder)
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    return area, holder, layout


def applications_combo(
    applications: list[ApplicationView], chosen: int | None, name: str
) -> QComboBox:
    """The candidate's applications (as the pane read them) as "Position · Company",
    ``chosen`` selected (else the first); the data of each is its id."""
    combo = QComboBox()
    combo.setObjectName(name)
    for card in applications:
        company = f" · {card.company}" if card.company else ""
        combo.addItem(f"{card.position_title}{company}", card.id)
    if chosen is not None:
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
    return combo
