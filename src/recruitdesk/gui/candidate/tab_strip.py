"""The candidate pane's tabs as a strip of buttons that wraps onto a second row.

At 1024 pixels the pane is about 380 pixels wide: its tab bar showed four of its tabs
and hid the others behind two small scroll arrows, so Outreach, Exercise and History
were found only by clicking through. The strip shows every tab's whole title, in as
many rows as the width needs; the tab widget under it keeps its pages, its current
index and its keys (Ctrl+Tab).
"""

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QButtonGroup, QSizePolicy, QTabWidget, QToolButton

from recruitdesk.gui.wrapping_row import WrappingRow


class TabStrip(WrappingRow):
    """A button per tab of ``tabs`` (whose own bar it hides); :meth:`refresh` after a
    tab is added, enabled or disabled."""

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__([], spacing=2)
        self.setObjectName("paneTabStrip")
        self.tabs = tabs
        self.buttons: list[QToolButton] = []
        self.group = QButtonGroup(self)
        self.group.idClicked.connect(tabs.setCurrentIndex)
        tabs.tabBar().hide()
        tabs.currentChanged.connect(self.refresh)
        self.refresh()

    def _button(self, index: int) -> QToolButton:
        button = QToolButton()
        button.setObjectName("paneTab")
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.group.addButton(button, index)
        return button

    def refresh(self) -> None:
        """Show the tabs as they are: their titles, which are enabled, which is open."""
        if len(self.buttons) != self.tabs.count():
            for button in self.buttons:
                self.group.removeButton(button)
                button.deleteLater()
            self.buttons = [self._button(index) for index in range(self.tabs.count())]
            self.cells = list(self.buttons)
            self.columns = 0
            self._place(self.columns_for(self.width()))
        for index, button in enumerate(self.buttons):
            button.setText(self.tabs.tabText(index))
            button.setEnabled(self.tabs.isTabEnabled(index))
            button.setChecked(index == self.tabs.currentIndex())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        # The titles' widths are known once the style is applied, after the first
        # resize may have placed them all on one row.
        super().showEvent(event)
        self.refresh()
        self._place(self.columns_for(self.width()))
