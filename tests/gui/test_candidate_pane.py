"""The candidate pane: validated details, notes, timeline, scorecards, analysis."""

from datetime import date
from pathlib import Path

import pytest
from gui_helpers import Sample, pane_loaded
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from recruitdesk.domain.interview import Recommendation
from recruitdesk.gui.candidate import shown_candidate
from recruitdesk.gui.candidate.pane import CandidatePane
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.storage.candidate_applications import list_applications
from recruitdesk.storage.candidates import get_candidate, update_candidate
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.notes import list_notes
from recruitdesk.storage.scorecards import list_scorecards


def make_pane(qtbot: QtBot, database: Database) -> CandidatePane:
    pane = CandidatePane(database, ChangesHub())
    pane.hub.setParent(pane)  # freed with it, not by the cyclic collector
    qtbot.addWidget(pane)
    pane.resize(520, 900)
    return pane


def editor(pane: CandidatePane, name: str) -> QLineEdit:
    found = pane.findChild(QLineEdit, f"field:{name}")
    assert isinstance(found, QLineEdit)
    return found


def error_label(pane: CandidatePane, name: str) -> QLabel:
    found = pane.findChild(QLabel, f"fieldError:{name}")
    assert isinstance(found, QLabel)
    return found


def test_the_pane_shows_what_the_database_holds(qtbot: QtBot, sample: Sample) -> None:
    pane = make_pane(qtbot, sample.database)
    pane.show_candidate(sample.candidates["Dee"], sample.cards["Dee"])
    pane_loaded(qtbot, pane)
    assert pane.objectName() == "candidatePane"
    assert pane.header.name.text() == "Dee Example"
    assert editor(pane, "email").text() == "dee@example.com"
    assert "Senior" in pane.header.subtitle.text()
    assert "Web / backend" in pane.header.subtitle.text()
    assert "dee-tag" in pane.header.tags.text()
    timeline = [
        pane.pipeline.timeline.item(i).text() for i in range(pane.pipeline.timeline.count())
    ]
    assert "Sourced → Screening" in timeline[0]  # newest first
    assert "Added at Sourced" in timeline[-1]


def test_refused_fields_show_their_reason_and_nothing_is_saved(
    qtbot: QtBot, sample: Sample
) -> None:
    pane = make_pane(qtbot, sample.database)
    pane.show_candidate(sample.candidates["Ana"])
    pane_loaded(qtbot, pane)
    pane.show()
    email = editor(pane, "email")
    email.clear()
    qtbot.keyClicks(email, "ana@nowhere")
    assert error_label(pane, "email").isVisible()  # checked as you type
    assert "domain" in error_label(pane, "email").text()
    editor(pane, "github_login").setText("ana_lopez")
    links = pane.findChild(QPlainTextEdit, "field:links")
    assert isinstance(links, QPlainTextEdit)
    links.setPlainText("https://ana.example.com\nnot a link")
    editor(pane, "phone").setText("+48 600 000 000")
    qtbot.mouseClick(pane.save_button, Qt.MouseButton.LeftButton)
    assert "letters, digits and hyphens" in error_label(pane, "github_login").text()
    assert "not a link" in error_label(pane, "links").text()
    assert error_label(pane, "email").isVisible()
    assert "3 fields to fix" in pane.message.text()
    stored = get_candidate(sample.database, sample.candidates["Ana"])
    assert stored.email == "ana@example.com"
    assert stored.phone is None


def test_a_valid_edit_is_saved_and_survives_a_reload(qtbot: QtBot, sample: Sample) -> None:
    pane = make_pane(qtbot, sample.database)
    pane.show_candidate(sample.candidates["Ana"])
    pane_loaded(qtbot, pane)
    pane.show()
    editor(pane, "email").setText("ana.new@example.org")
    editor(pane, "github_login").setText("@ana-new")
    editor(pane, "tags").setText("remote, referral")
    editor(pane, "years_experience").setText("9")
    level = pane.findChild(QComboBox, "field:level")
    assert isinstance(level, QComboBox)
    level.setCurrentIndex(level.findData("lead"))
    assert pane.save()
    pane_loaded(qtbot, pane)
    assert not error_label(pane, "email").isVisible()
    stored = get_candidate(sample.database, sample.candidates["Ana"])
    assert (stored.email, stored.github_login, stored.tags) == (
        "ana.new@example.org",
        "ana-new",
        ("remote", "referral"),
    )
    assert (stored.years_experience, stored.level) == (9, "lead")
    again = make_pane(qtbot, sample.database)
    again.show_candidate(sample.candidates["Ana"])
    pane_loaded(qtbot, again)
    assert editor(again, "github_login").text() == "ana-new"
    assert editor(again, "tags").text() == "remote, referral"
    assert "Lead" in again.header.subtitle.text()


def test_a_taken_email_is_refused_beside_the_field(qtbot: QtBot, sample: Sample) -> None:
    pane = make_pane(qtbot, sample.database)
    pane.show_candidate(sample.candidates["Ana"])
    pane_loaded(qtbot, pane)
    pane.show()
    editor(pane, "email").setText("bo@example.com")
    assert not pane.save()
    pane_loaded(qtbot, pane)
    assert "Bo Example" in error_label(pane, "email").text()


def test_a_new_candidate_is_created_from_the_empty_form(qtbot: QtBot, database: Database) -> None:
    pane = make_pane(qtbot, database)
    pane.new_candidate()
    assert not pane.save()  # no name yet
    assert "needs a name" in error_label(pane, "full_name").text()
    editor(pane, "full_name").setText("Zoe New")
    assert pane.save()
    pane_loaded(qtbot, pane)
    assert pane.candidate_id is not None
    assert get_candidate(database, pane.candidate_id).full_name == "Zoe New"
    assert pane.header.name.text() == "Zoe New"


def test_notes_are_added_edited_made_private_and_deleted(qtbot: QtBot, sample: Sample) -> None:
    pane = make_pane(qtbot, sample.database)
    candidate_id = sample.candidates["Bo"]
    pane.show_candidate(candidate_id)
    pane_loaded(qtbot, pane)
    pane.show()
    notes = pane.notes
    qtbot.keyClicks(notes.editor, "Great take-home")
    qtbot.mouseClick(notes.save_button, Qt.MouseButton.LeftButton)
    assert [n.body for n in list_notes(sample.database, candidate_id)] == ["Great take-home"]
    qtbot.waitUntil(lambda: notes.list.count() == 1)
    notes.list.setCurrentRow(0)
    qtbot.mouseClick(notes.edit_button, Qt.MouseButton.LeftButton)
    assert notes.editor.toPlainText() == "Great take-home"
    notes.editor.setPlainText("Great take-home, weak on SQL")
    notes.private.setChecked(True)
    qtbot.mouseClick(notes.save_button, Qt.MouseButton.LeftButton)
    (note,) = list_notes(sample.database, candidate_id)
    assert (note.body, note.private) == ("Great take-home, weak on SQL", True)
    qtbot.waitUntil(lambda: "Private" in notes.list.item(0).text())
    notes.list.setCurrentRow(0)
    qtbot.mouseClick(notes.delete_button, Qt.MouseButton.LeftButton)
    assert list_notes(sample.database, candidate_id) == []
    qtbot.waitUntil(lambda: notes.list.count() == 0)


def test_a_scorecard_is_saved_from_the_kit_and_read_back(qtbot: QtBot, sample: Sample) -> None:
    pane = make_pane(qtbot, sample.database)
    pane.show_candidate(sample.candidates["Fay"], sample.cards["Fay"])
    pane_loaded(qtbot, pane)
    pane.show()
    section = pane.interview
    assert section.application_id() == sample.cards["Fay"]
    assert len(section.ratings) == 9
    assert len(section.flags) == 9
    section.ratings["q2_gil"].button(3).click()
    section.ratings["q2_gil"].button(4).click()  # one rating at most
    section.ratings["code_review"].button(2).click()
    section.comments["code_review"].setText("Missed the N+1")
    section.flags["flag_no_tests"].setChecked(True)
    section.recommendation.setCurrentIndex(section.recommendation.findData("no"))
    section.interviewer.setText("Jamie")
    qtbot.mouseClick(
        pane.findChild(type(pane.save_button), "saveScorecard"), Qt.MouseButton.LeftButton
    )
    (card,) = list_scorecards(sample.database, sample.cards["Fay"])
    assert card.answers.ratings == {"q2_gil": 4, "code_review": 2}
    assert card.answers.comments == {"code_review": "Missed the N+1"}
    assert card.answers.flags == {"flag_no_tests"}
    assert card.answers.recommendation is Recommendation.NO
    assert card.interviewer == "Jamie"
    again = make_pane(qtbot, sample.database)
    again.show_candidate(sample.candidates["Fay"], sample.cards["Fay"])
    pane_loaded(qtbot, again)
    assert again.interview.ratings["q2_gil"].checkedId() == 4
    assert again.interview.flags["flag_no_tests"].isChecked()
    assert again.interview.recommendation.currentData() == "no"


def test_the_analysis_section_says_plainly_when_there_is_none(qtbot: QtBot, sample: Sample) -> None:
    pane = make_pane(qtbot, sample.database)
    pane.show_candidate(sample.candidates["Ana"])
    pane_loaded(qtbot, pane)
    texts = " ".join(label.text() for label in pane.analysis.findChildren(QLabel))
    assert "Not analysed yet" in texts
    assert "Analyse GitHub" in texts


def test_a_candidate_is_put_on_another_board(qtbot: QtBot, sample: Sample) -> None:
    from gui_helpers import build_sample

    other = build_sample(sample.database, {"sourced": ["Gus"]})
    pane = make_pane(qtbot, sample.database)
    pane.show_candidate(sample.candidates["Ana"])
    pane_loaded(qtbot, pane)
    pane.show()
    choice = pane.pipeline.board_choice
    assert choice.findData(sample.position_id) == -1  # already on that board
    choice.setCurrentIndex(choice.findData(other.position_id))
    qtbot.mouseClick(pane.pipeline.add_button, Qt.MouseButton.LeftButton)
    pane_loaded(qtbot, pane)
    positions = [
        app.position_id for app in list_applications(sample.database, sample.candidates["Ana"])
    ]
    assert positions == [sample.position_id, other.position_id]
    assert pane.pipeline.applications.count() == 2
    assert pane.interview.application.count() == 2


def test_the_ask_is_shown_against_the_market_band(qtbot: QtBot, sample: Sample) -> None:
    """An Eastern Europe senior asking 80 an hour sits within the seed's 60-100 band."""
    candidate_id = sample.candidates["Ana"]
    update_candidate(
        sample.database,
        candidate_id,
        {
            "region": "eastern_europe",
            "level": "senior",
            "ask_amount": 80,
            "ask_currency": "USD",
            "ask_period": "hour",
        },
    )
    pane = make_pane(qtbot, sample.database)
    pane.show_candidate(candidate_id)
    pane_loaded(qtbot, pane)
    text = pane.ask_bar.describe()
    assert "$60" in text
    assert "100/h" in text
    assert "within the band" in text
    pane.new_candidate()
    assert pane.ask_bar.describe().startswith("No market figure")


def _count_calls(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    """Wrap the storage function ``module`` calls by ``name``; the list grows a call."""
    calls: list[int] = []
    original = getattr(module, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_save_reads_the_candidate_its_notes_and_analysis_once(
    qtbot: QtBot, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    pane = make_pane(qtbot, sample.database)
    pane.show_candidate(sample.candidates["Ana"])
    pane_loaded(qtbot, pane)
    pane.show()
    reads = {
        what: _count_calls(monkeypatch, shown_candidate, name)
        for what, name in (
            ("candidate", "get_candidate"),
            ("notes", "list_notes"),
            ("analysis", "latest_analysis"),
        )
    }
    seen: list[Changes] = []
    pane.hub.changed.connect(seen.append)
    editor(pane, "location").setText("Porto")
    assert pane.save()
    pane_loaded(qtbot, pane)
    assert {what: len(calls) for what, calls in reads.items()} == {
        "candidate": 1,
        "notes": 1,
        "analysis": 1,
    }
    assert [change.initiator for change in seen] == [pane]
    # A change another view made is still shown.
    pane.hub.publish(Changes(candidates=frozenset({sample.candidates["Ana"]})))
    pane_loaded(qtbot, pane)
    assert len(reads["candidate"]) == 2


def test_the_form_applies_the_field_table(qtbot: QtBot, sample: Sample) -> None:
    """The rules the importer applies too: notice within a year, an hourly ask within
    the salary rules, one date format, a link to a host without a dot."""
    pane = make_pane(qtbot, sample.database)
    pane.show_candidate(sample.candidates["Ana"])
    pane_loaded(qtbot, pane)
    pane.show()
    editor(pane, "notice_weeks").setText("60")
    editor(pane, "consent_until").setText("2026-13-01")
    editor(pane, "ask_amount").setText("150,000")
    period = pane.findChild(QComboBox, "field:ask_period")
    assert isinstance(period, QComboBox)
    period.setCurrentIndex(period.findData("hour"))
    assert not pane.save()
    pane_loaded(qtbot, pane)
    assert "from 0 to 52" in error_label(pane, "notice_weeks").text()
    assert "YYYY-MM-DD" in error_label(pane, "consent_until").text()
    assert "not plausible" in error_label(pane, "ask_amount").text()
    editor(pane, "notice_weeks").setText("8")
    editor(pane, "consent_until").setText("2027-06-30")
    editor(pane, "ask_amount").setText("95")
    links = pane.findChild(QPlainTextEdit, "field:links")
    assert isinstance(links, QPlainTextEdit)
    links.setPlainText("http://localhost:8000/ana")
    assert pane.save()
    pane_loaded(qtbot, pane)
    stored = get_candidate(sample.database, sample.candidates["Ana"])
    assert (stored.notice_weeks, stored.consent_until) == (8, date(2027, 6, 30))
    assert (stored.ask_amount, stored.ask_period) == (95, "hour")
    assert stored.links == ("http://localhost:8000/ana",)


def test_a_date_is_checked_when_its_editor_is_left(qtbot: QtBot, sample: Sample) -> None:
    pane = make_pane(qtbot, sample.database)
    pane.show_candidate(sample.candidates["Ana"])
    pane_loaded(qtbot, pane)
    pane.show()
    consent = editor(pane, "consent_until")
    consent.setFocus()
    qtbot.keyClicks(consent, "2027-1")
    assert not error_label(pane, "consent_until").isVisible()  # half typed
    consent.editingFinished.emit()
    assert "YYYY-MM-DD" in error_label(pane, "consent_until").text()
    qtbot.keyClicks(consent, "2-31")
    consent.editingFinished.emit()
    assert not error_label(pane, "consent_until").isVisible()


def test_the_analysis_section_shows_the_authored_share_next_to_the_scores(
    qtbot: QtBot, sample: Sample, tmp_path: Path
) -> None:
    from tests.analysis.github_server import Author
    from tests.analysis.histories import Step, build, module

    from recruitdesk.analysis.engine import analyze_path
    from recruitdesk.storage.analyses import store_analysis
    from recruitdesk.storage.candidates import create_candidate

    ada, bob = Author("Ada Lovelace", "ada@example.com"), Author("Bob Builder", "bob@example.com")
    repo = build(
        tmp_path / "shop",
        [
            Step(ada, 0, "Add the order parser", {"parse.py": module("parse", 9)}),
            Step(bob, 86_400, "Add the command line", {"cli.py": module("cli", 1)}),
        ],
    )
    candidate_id, _changes = create_candidate(
        sample.database, {"full_name": "Ada Lovelace", "github_login": "adal"}
    )
    record = analyze_path(repo, authors=["ada@example.com"]).to_record()
    store_analysis(sample.database, record | {"source": "github", "login": "adal", "path": None})
    pane = make_pane(qtbot, sample.database)
    pane.show_candidate(candidate_id)
    pane_loaded(qtbot, pane)
    share = pane.analysis.findChild(QLabel, "authoredShare")
    assert isinstance(share, QLabel)
    assert share.text() == "Authored by the candidate: shop: 90% of today's lines."
    labels = [label.text() for label in pane.analysis.findChildren(QLabel)]
    assert labels.index(share.text()) < labels.index("Overall")
