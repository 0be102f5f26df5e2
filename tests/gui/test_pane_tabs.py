"""Every tab of the candidate pane can be seen and clicked at its narrowest (a 1024-pixel
window): before, the tab bar showed four tabs and scroll arrows (issue 18, looks)."""

import pytest
from gui_helpers import Sample, pane_loaded
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QLabel, QTabBar, QToolButton
from pytestqt.qtbot import QtBot

from recruitdesk.gui.candidate.pane import CandidatePane
from recruitdesk.gui.changes import ChangesHub

#: The tab strip's sizes depend on the style sheet's paddings.
pytestmark = pytest.mark.usefixtures("styled")


def shown_pane(qtbot: QtBot, sample: Sample) -> CandidatePane:
    pane = CandidatePane(sample.database, ChangesHub())
    pane.hub.setParent(pane)  # freed with it, not by the cyclic collector
    qtbot.addWidget(pane)
    pane.resize(pane.minimumWidth(), 700)
    pane.show_candidate(sample.candidates["Dee"])
    pane_loaded(qtbot, pane)
    qtbot.waitExposed(pane)
    return pane


def tab_buttons(pane: CandidatePane) -> list[QToolButton]:
    return pane.findChildren(QToolButton, "paneTab")


def test_every_tab_title_is_whole_on_screen(qtbot: QtBot, sample: Sample) -> None:
    pane = shown_pane(qtbot, sample)
    titles = [pane.tabs.tabText(index) for index in range(pane.tabs.count())]
    buttons = tab_buttons(pane)
    assert [button.text() for button in buttons] == titles
    # Each title whole, once the strip has laid its buttons out in rows.
    qtbot.waitUntil(lambda: all(b.width() >= b.sizeHint().width() for b in buttons))
    inside = QRect(0, 0, pane.width(), pane.height())
    for button in buttons:
        assert button.isVisible(), button.text()
        where = QRect(button.mapTo(pane, button.rect().topLeft()), button.size())
        assert inside.contains(where), button.text()
    assert not any(bar.isVisible() for bar in pane.findChildren(QTabBar))


def test_a_click_opens_its_tab_and_the_strip_follows(qtbot: QtBot, sample: Sample) -> None:
    pane = shown_pane(qtbot, sample)
    buttons = {button.text(): button for button in tab_buttons(pane)}
    qtbot.mouseClick(buttons["History"], Qt.MouseButton.LeftButton)
    assert pane.tabs.tabText(pane.tabs.currentIndex()) == "History"
    assert buttons["History"].isChecked()
    assert not buttons["Details"].isChecked()
    pane.tabs.setCurrentIndex(0)  # Ctrl+Tab and the code move the tab widget itself
    assert buttons["Details"].isChecked()


def test_a_new_candidate_has_only_its_details(qtbot: QtBot, sample: Sample) -> None:
    pane = shown_pane(qtbot, sample)
    pane.new_candidate()
    enabled = [button.text() for button in tab_buttons(pane) if button.isEnabled()]
    assert enabled == ["Details"]
    pane.show_candidate(sample.candidates["Eli"])
    pane_loaded(qtbot, pane)
    assert all(button.isEnabled() for button in tab_buttons(pane))


def test_a_tab_added_later_gets_its_button(qtbot: QtBot, sample: Sample) -> None:
    pane = shown_pane(qtbot, sample)
    pane.tabs.addTab(QLabel("more"), "Offers")
    pane.tab_strip.refresh()
    assert [button.text() for button in tab_buttons(pane)][-1] == "Offers"
    qtbot.mouseClick(tab_buttons(pane)[-1], Qt.MouseButton.LeftButton)
    assert pane.tabs.tabText(pane.tabs.currentIndex()) == "Offers"
