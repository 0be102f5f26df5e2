"""A scorecard filled in and not saved is never dropped silently (issue 18, item 3):
switching candidate, a new candidate and closing the pane ask Save / Discard / Cancel,
answered here with real keys on the real message box, and a reload keeps the edit. So
does choosing another position in the Interview tab."""

from collections.abc import Iterator

import pytest
from gui_helpers import Sample, pane_loaded
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QToolButton
from pytestqt.qtbot import QtBot

from recruitdesk.domain.interview import interview_kit
from recruitdesk.gui.candidate.edit_questions import UnsavedParts
from recruitdesk.gui.candidate.pane import CandidatePane
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.storage.board.new_cards import add_to_board
from recruitdesk.storage.candidate_applications import list_applications
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.models.pipeline import Position
from recruitdesk.storage.scorecards import list_scorecards


class KeyAnswers:
    """Answers the next message boxes with a real key press, and keeps what each said."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.asked: list[str] = []
        #: What each box said it is about (its informative text).
        self.about: list[str] = []
        self._pending: list[Qt.Key] = []

    def will_press(self, key: Qt.Key) -> None:
        self._pending.append(key)
        QTimer.singleShot(0, self._press)

    def _press(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):  # not open yet: look again soon
            QTimer.singleShot(10, self._press)
            return
        self.asked.append(box.text())
        self.about.append(box.informativeText())
        self.qtbot.keyClick(box, self._pending.pop(0))


@pytest.fixture
def keys(qtbot: QtBot) -> Iterator[KeyAnswers]:
    found = KeyAnswers(qtbot)
    yield found
    assert not found._pending, "a message box the test expected never opened"


@pytest.fixture
def pane(qtbot: QtBot, sample: Sample) -> CandidatePane:
    widget = CandidatePane(sample.database, ChangesHub())
    widget.hub.setParent(widget)  # freed with it, not by the cyclic collector
    qtbot.addWidget(widget)
    widget.resize(520, 900)
    widget.show_candidate(sample.candidates["Dee"])
    pane_loaded(qtbot, widget)
    widget.show()
    tabs = [widget.tabs.tabText(index) for index in range(widget.tabs.count())]
    widget.tabs.setCurrentIndex(tabs.index("Interview"))
    return widget


FIRST = interview_kit().rated_items[0].id


def fill_in(qtbot: QtBot, pane: CandidatePane) -> None:
    """Rate the first question 3 and comment on it, with the mouse and the keyboard."""
    rate = pane.findChild(QToolButton, f"rate:{FIRST}:3")
    comment = pane.findChild(QLineEdit, f"comment:{FIRST}")
    assert isinstance(rate, QToolButton)
    assert isinstance(comment, QLineEdit)
    qtbot.mouseClick(rate, Qt.MouseButton.LeftButton)
    comment.setFocus()
    qtbot.keyClicks(comment, "Clear on trade-offs")
    assert pane.interview.has_unsaved_scorecard()


def stored(sample: Sample, name: str) -> list[tuple[dict[str, int], dict[str, str]]]:
    applications = list_applications(sample.database, sample.candidates[name])
    return [
        (card.answers.ratings, card.answers.comments)
        for card in list_scorecards(sample.database, applications[0].id)
    ]


def test_switching_candidate_asks_and_escape_stays(
    qtbot: QtBot, pane: CandidatePane, sample: Sample, keys: KeyAnswers
) -> None:
    fill_in(qtbot, pane)
    keys.will_press(Qt.Key.Key_Escape)
    assert not pane.show_candidate(sample.candidates["Eli"])
    pane_loaded(qtbot, pane)
    assert keys.asked == ["Save your changes to Dee Example?"]
    # Only the scorecard was edited: the question names it, not the details.
    assert keys.about == ["The scorecard you are filling in is not saved yet."]
    assert pane.header.name.text() == "Dee Example"
    assert pane.interview.comments[FIRST].text() == "Clear on trade-offs"
    assert pane.interview.ratings[FIRST].checkedId() == 3
    assert stored(sample, "Dee") == []


def test_enter_saves_the_scorecard_then_switches(
    qtbot: QtBot, pane: CandidatePane, sample: Sample, keys: KeyAnswers
) -> None:
    fill_in(qtbot, pane)
    keys.will_press(Qt.Key.Key_Return)  # Save is the default button
    assert pane.show_candidate(sample.candidates["Eli"])
    pane_loaded(qtbot, pane)
    assert pane.header.name.text() == "Eli Example"
    assert stored(sample, "Dee") == [({FIRST: 3}, {FIRST: "Clear on trade-offs"})]
    assert not pane.interview.has_unsaved_scorecard()


def test_closing_and_discarding_drops_the_edit(
    qtbot: QtBot, pane: CandidatePane, sample: Sample, keys: KeyAnswers
) -> None:
    fill_in(qtbot, pane)
    box_discard = QMessageBox.StandardButton.Discard

    def discard() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, discard)
            return
        button = box.button(box_discard)
        assert button is not None
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_Space)

    QTimer.singleShot(0, discard)
    close = pane.findChild(QToolButton, "closePane")
    assert isinstance(close, QToolButton)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not pane.isVisible()
    assert stored(sample, "Dee") == []
    assert not pane.interview.has_unsaved_scorecard()
    assert pane.interview.comments[FIRST].text() == ""


def test_another_windows_change_keeps_the_scorecard_edit(
    qtbot: QtBot, pane: CandidatePane, sample: Sample
) -> None:
    fill_in(qtbot, pane)
    pane.hub.publish(Changes(candidates=frozenset({sample.candidates["Dee"]})), initiator=None)
    assert pane.interview.comments[FIRST].text() == "Clear on trade-offs"
    assert pane.interview.has_unsaved_scorecard()


def test_no_scorecard_edit_no_question(qtbot: QtBot, pane: CandidatePane, sample: Sample) -> None:
    assert pane.show_candidate(sample.candidates["Eli"])
    pane_loaded(qtbot, pane)
    assert pane.header.name.text() == "Eli Example"


@pytest.fixture
def two_positions(qtbot: QtBot, pane: CandidatePane, sample: Sample) -> tuple[int, int]:
    """Dee also on a second position; the Interview tab shows the first one's scorecard."""
    with sample.database.write() as session:
        position = Position(title="Staff Python Engineer", company="Globex")
        session.add(position)
        session.flush()
        second = position.id
    other, _ = add_to_board(sample.database, sample.candidates["Dee"], second)
    pane.reload()
    pane_loaded(qtbot, pane)
    combo = pane.interview.application
    assert combo.count() == 2
    combo.setCurrentIndex(combo.findData(sample.cards["Dee"]))
    return sample.cards["Dee"], other


def choose(qtbot: QtBot, pane: CandidatePane, application_id: int) -> None:
    """Pick a position in the Interview tab's combo with the keyboard."""
    combo = pane.interview.application
    combo.setFocus()
    key = (
        Qt.Key.Key_Down if combo.findData(application_id) > combo.currentIndex() else Qt.Key.Key_Up
    )
    qtbot.keyClick(combo, key)


def scorecards(sample: Sample, application_id: int) -> list[dict[str, str]]:
    return [card.answers.comments for card in list_scorecards(sample.database, application_id)]


def test_choosing_another_position_asks_and_escape_stays(
    qtbot: QtBot,
    pane: CandidatePane,
    sample: Sample,
    keys: KeyAnswers,
    two_positions: tuple[int, int],
) -> None:
    first, _second = two_positions
    fill_in(qtbot, pane)
    keys.will_press(Qt.Key.Key_Escape)
    choose(qtbot, pane, _second)
    assert keys.asked == ["Save the scorecard for Senior Python Engineer — Acme (Screening)?"]
    assert pane.interview.application_id() == first
    assert pane.interview.comments[FIRST].text() == "Clear on trade-offs"
    assert pane.interview.has_unsaved_scorecard()
    assert scorecards(sample, first) == []


def test_choosing_another_position_and_saving_keeps_the_edit_on_its_card(
    qtbot: QtBot,
    pane: CandidatePane,
    sample: Sample,
    keys: KeyAnswers,
    two_positions: tuple[int, int],
) -> None:
    first, second = two_positions
    fill_in(qtbot, pane)
    keys.will_press(Qt.Key.Key_Return)  # Save is the default button
    choose(qtbot, pane, second)
    assert pane.interview.application_id() == second
    assert scorecards(sample, first) == [{FIRST: "Clear on trade-offs"}]
    assert scorecards(sample, second) == []
    assert pane.interview.comments[FIRST].text() == ""
    assert not pane.interview.has_unsaved_scorecard()


def test_choosing_another_position_and_discarding_drops_the_edit(
    qtbot: QtBot, pane: CandidatePane, sample: Sample, two_positions: tuple[int, int]
) -> None:
    first, second = two_positions
    fill_in(qtbot, pane)
    pane.interview.ask_unsaved = lambda _where: QMessageBox.StandardButton.Discard
    choose(qtbot, pane, second)
    assert pane.interview.application_id() == second
    assert pane.interview.comments[FIRST].text() == ""
    assert scorecards(sample, first) == scorecards(sample, second) == []
    choose(qtbot, pane, first)  # nothing to ask about now
    assert pane.interview.application_id() == first


@pytest.mark.parametrize(
    ("details", "note", "scorecard", "said"),
    [
        (True, False, False, "Your edits of the details are not saved yet."),
        (False, True, False, "The note you are writing is not saved yet."),
        (
            True,
            False,
            True,
            "Your edits of the details and the scorecard you are filling in are not saved yet.",
        ),
        (
            True,
            True,
            True,
            "Your edits of the details, the note you are writing and the scorecard you are "
            "filling in are not saved yet.",
        ),
    ],
)
def test_the_question_names_what_is_unsaved(
    details: bool, note: bool, scorecard: bool, said: str
) -> None:
    assert UnsavedParts(details, note, scorecard).sentence() == said
