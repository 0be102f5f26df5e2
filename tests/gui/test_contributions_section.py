"""The Analysis tab's part on work in others' projects."""

from pathlib import Path

from gui_helpers import pane_loaded
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget
from pytestqt.qtbot import QtBot
from tests.analysis.contribution_records import HOSTILE_TITLE, github_record, sample_contributions

from recruitdesk.analysis.contribution_parts import Contributions
from recruitdesk.gui.candidate.pane import CandidatePane
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.storage.analyses import store_analysis
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database


def _pane(qtbot: QtBot, database: Database, contributions: Contributions | None) -> CandidatePane:
    candidate_id, _changes = create_candidate(
        database, {"full_name": "Ada Lovelace", "github_login": "adal"}
    )
    store_analysis(database, github_record("adal", contributions))
    pane = CandidatePane(database, ChangesHub())
    pane.hub.setParent(pane)  # freed with it, not by the cyclic collector
    qtbot.addWidget(pane)
    pane.resize(1024, 700)
    pane.show_candidate(candidate_id)
    pane_loaded(qtbot, pane)
    pane.tabs.setCurrentIndex(pane.tabs.indexOf(pane.tabs.widget(4)))
    return pane


def _texts(pane: CandidatePane) -> list[str]:
    return [label.text() for label in pane.analysis.findChildren(QLabel)]


def test_projects_reviews_writing_and_packages_are_shown(qtbot: QtBot, database: Database) -> None:
    pane = _pane(qtbot, database, sample_contributions())
    summary = pane.analysis.findChild(QLabel, "contributionsSummary")
    assert isinstance(summary, QLabel)
    assert summary.text() == (
        "5 pull requests merged in 2 projects run by others; 7 pull requests "
        "reviewed in 2 projects; 1 published package."
    )
    texts = "\n".join(_texts(pane))
    assert "• django/django: 4 merged pull requests, 81,200 stars" in texts
    assert '<a href="https://github.com/django/django/pull/17000">' in texts
    assert "Best written (100 of 100): “The admin changelist" in texts
    assert "Weakest written (0 of 100): “update”" in texts
    assert "Packages maintained: shop (3 releases, latest 1.2.0)." in texts
    assert "12 merged" not in texts
    score_rows = [text for text in _texts(pane) if text == "Open source"]
    assert score_rows == ["Open source"]


def test_a_hostile_title_is_never_interpreted(qtbot: QtBot, database: Database) -> None:
    pane = _pane(qtbot, database, sample_contributions())
    for label in pane.analysis.findChildren(QLabel):
        if HOSTILE_TITLE[:8] in label.text():
            raise AssertionError(f"unescaped: {label.text()}")
    escaped = [t for t in _texts(pane) if "&lt;script&gt;" in t]
    assert len(escaped) == 2  # in the evidence and as the weakest description's link
    quotes = [label for label in pane.analysis.findChildren(QLabel) if "written (" in label.text()]
    assert len(quotes) == 2
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in quotes)


def test_no_public_contributions_is_said_and_nothing_more(qtbot: QtBot, database: Database) -> None:
    pane = _pane(qtbot, database, Contributions())
    summary = pane.analysis.findChild(QLabel, "contributionsSummary")
    assert isinstance(summary, QLabel)
    assert summary.text() == "No public contributions found."
    assert "Open source" in _texts(pane)  # explained, not scored
    assert not any("red flag" in text.lower() and "contribution" in text for text in _texts(pane))


def test_render(qtbot: QtBot, database: Database, tmp_path: Path) -> None:
    pane = _pane(qtbot, database, sample_contributions())
    pane.show()
    qtbot.waitUntil(pane.isVisible)
    section = pane.analysis.findChild(QWidget, "contributions")
    assert isinstance(section, QWidget)
    area = pane.tabs.widget(4)  # the Analysis tab scrolls
    assert isinstance(area, QScrollArea)
    assert area.isAncestorOf(pane.analysis)
    area.ensureWidgetVisible(section)
    pane.grab().save(str(tmp_path / "pane.png"))
    print(tmp_path / "pane.png")
