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
    tab is enabled or disabled."""

    def __init__(self, tabs: QTabWidget) -> None:
        self.tabs = tabs
        buttons = []
        for index in range(tabs.count()):
            button = QToolButton()
            button.setObjectName("paneTab")
            button.setText(tabs.tabText(index))
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            buttons.append(button)
        super().__init__(buttons, spacing=2)
        self.setObjectName("paneTabStrip")
        self.group = QButtonGroup(self)
        for index, button in enumerate(buttons):
            self.group.addButton(button, index)
        self.group.idClicked.connect(tabs.setCurrentIndex)
        tabs.tabBar().hide()
        tabs.currentChanged.connect(self.refresh)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        # The titles' widths are known once the style is applied, after the first
        # resize may have placed them all on one row.
        super().showEvent(event)
        self._place(self.columns_for(self.width()))

    def refresh(self) -> None:
        for index, button in enumerate(self.cells):
            button.setEnabled(self.tabs.isTabEnabled(index))
            assert isinstance(button, QToolButton)
            button.setChecked(index == self.tabs.currentIndex())
