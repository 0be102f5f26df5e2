"""Interviews with real widgets: scheduled from the pane in a time zone, refused in the
past, exported as an .ics file read back with icalendar; the Interviews page and the
status bar's reminder of overdue scorecards and due follow-ups."""

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

import icalendar
import pytest
from gui_helpers import Sample, pane_loaded, use_scheme
from PySide6.QtCore import QDate, QDateTime, QSettings, QTime
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from recruitdesk import APP_NAME
from recruitdesk.domain.interview_schedule import InterviewKind, InterviewPlan
from recruitdesk.domain.outreach import Channel, Direction, MessageKind
from recruitdesk.gui.candidate import interview_dialog
from recruitdesk.gui.candidate.interview_dialog import InterviewDialog, local_zone
from recruitdesk.gui.candidate.pane import CandidatePane
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.interviews_view import InterviewsView, RemindersNotice
from recruitdesk.gui.operations import Operations
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.interviews import schedule_interview, upcoming_interviews
from recruitdesk.storage.outreach import log_message

NEXT_YEAR = datetime.now(UTC).year + 1


@pytest.fixture(autouse=True)
def organiser() -> None:
    settings = QSettings(APP_NAME, APP_NAME)
    settings.setValue("outreach/sender_name", "Rita Recruiter")
    settings.setValue("outreach/sender_email", "rita@agency.example")
    settings.sync()


def open_dialog(
    qtbot: QtBot, sample: Sample, operations: Operations, hub: ChangesHub, name: str
) -> InterviewDialog:
    pane = CandidatePane(sample.database, hub, operations=operations)
    qtbot.addWidget(pane)
    pane.show_candidate(sample.candidates[name], sample.cards[name])
    pane_loaded(qtbot, pane)
    pane.outreach.interview_button.click()
    dialog = pane.outreach.interview_dialog
    assert dialog is not None
    return dialog


def fill(dialog: InterviewDialog, when: QDateTime, zone: str) -> None:
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("technical"))
    dialog.start_edit.setDateTime(when)
    dialog.zone_combo.setCurrentText(zone)
    dialog.minutes_spin.setValue(45)
    dialog.interviewers_edit.setText("Ana Lima, Bartosz Nowak")
    dialog.place_edit.setText("https://meet.example/abc")


def test_an_interview_is_scheduled_in_its_zone_and_exported_as_ics(
    qtbot: QtBot,
    sample: Sample,
    operations: Operations,
    hub: ChangesHub,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = open_dialog(qtbot, sample, operations, hub, "Dee")
    assert dialog.application_combo.currentData() == sample.cards["Dee"]
    assert dialog.zone_combo.currentText() == local_zone()
    fill(dialog, QDateTime(QDate(NEXT_YEAR, 1, 14), QTime(10, 0)), "Europe/Warsaw")
    dialog.save_button.click()
    qtbot.waitUntil(dialog.export_button.isEnabled)
    (stored,) = upcoming_interviews(sample.database)
    # 10:00 in Warsaw in January is 09:00 UTC (CET).
    assert stored.starts_at == datetime(NEXT_YEAR, 1, 14, 9, 0, tzinfo=UTC)
    assert stored.interviewers == ("Ana Lima", "Bartosz Nowak")
    assert not dialog.save_button.isEnabled()  # one click, one interview
    target = tmp_path / "dee.ics"
    monkeypatch.setattr(interview_dialog, "ask_save_path", lambda *_args: str(target))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: "Invitation saved as dee.ics." in dialog.message.text())
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == datetime(NEXT_YEAR, 1, 14, 10, 0, tzinfo=ZoneInfo("Europe/Warsaw"))
    assert event.decoded("dtend") - start == timedelta(minutes=45)
    assert str(event["location"]) == "https://meet.example/abc"
    assert str(event["attendee"]) == "mailto:dee@example.com"
    assert str(event["organizer"]) == "mailto:rita@agency.example"


def test_an_interview_in_the_past_is_refused_in_one_sentence(
    qtbot: QtBot, sample: Sample, operations: Operations, hub: ChangesHub
) -> None:
    dialog = open_dialog(qtbot, sample, operations, hub, "Dee")
    fill(dialog, QDateTime(QDate(2020, 3, 2), QTime(9, 30)), "Europe/Warsaw")
    dialog.save_button.click()
    qtbot.waitUntil(dialog.save_button.isEnabled)
    assert dialog.message.text() == "2020-03-02 09:30 in Europe/Warsaw has already passed."
    assert upcoming_interviews(sample.database) == []
    assert not dialog.export_button.isEnabled()


def test_an_unknown_time_zone_is_refused(
    qtbot: QtBot, sample: Sample, operations: Operations, hub: ChangesHub
) -> None:
    dialog = open_dialog(qtbot, sample, operations, hub, "Dee")
    fill(dialog, QDateTime(QDate(NEXT_YEAR, 1, 14), QTime(10, 0)), "Mars/Olympus")
    dialog.save_button.click()
    qtbot.waitUntil(dialog.save_button.isEnabled)
    assert dialog.message.text() == (
        "'Mars/Olympus' is not a time zone; use a name such as Europe/Warsaw."
    )


def test_the_local_zone_is_one_the_zone_database_knows() -> None:
    assert local_zone() in available_timezones()


def owed(sample: Sample) -> None:
    """An interview ahead for Dee, one three days ago for Eli with no scorecard, and a
    first contact to Ana ten days ago without a reply."""
    database = sample.database
    plan = InterviewPlan(
        InterviewKind.SCREENING, datetime(NEXT_YEAR, 2, 2, 15, 0), "America/New_York", 30
    )
    schedule_interview(database, sample.cards["Dee"], plan)
    then = datetime.now(UTC) - timedelta(days=3)
    past = InterviewPlan(InterviewKind.FINAL, then.replace(tzinfo=None), "UTC", 60)
    schedule_interview(database, sample.cards["Eli"], past, now=then - timedelta(hours=1))
    log_message(
        database,
        sample.candidates["Ana"],
        direction=Direction.OUT,
        channel=Channel.SMTP,
        kind=MessageKind.FIRST_CONTACT,
        template="first-contact",
        subject="Hello",
        at=datetime.now(UTC) - timedelta(days=10),
    )


def make_view(qtbot: QtBot, sample: Sample, operations: Operations) -> InterviewsView:
    hub = ChangesHub()
    view = InterviewsView(sample.database, hub, operations)
    hub.setParent(view)  # freed with it, not by the cyclic collector
    qtbot.addWidget(view)
    view.resize(1024, 700)
    view.show()
    qtbot.waitUntil(lambda: view.agenda is not None)
    return view


def test_the_page_lists_upcoming_interviews_and_what_is_owed(
    qtbot: QtBot,
    sample: Sample,
    operations: Operations,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    owed(sample)
    view = make_view(qtbot, sample, operations)
    assert view.upcoming.topLevelItemCount() == 1
    row = view.upcoming.topLevelItem(0)
    assert row.text(0) == f"{datetime(NEXT_YEAR, 2, 2):%a} 2 Feb 15:00 EST (America/New York)"
    assert row.text(1) == "Dee Example"
    assert row.text(3) == "Screening call"
    owed_rows = [view.owed.topLevelItem(i).text(2) for i in range(view.owed.topLevelItemCount())]
    assert owed_rows == [
        "Scorecard of the final interview (Senior Python Engineer) is empty",
        "No reply to the first contact: a follow-up is due",
    ]
    assert not view.export_button.isEnabled()
    view.upcoming.setCurrentItem(row)
    opened: list[tuple[int, int]] = []
    view.candidate_opened.connect(lambda *ids: opened.append(ids))
    view.open_button.click()
    assert opened == [(sample.candidates["Dee"], sample.cards["Dee"])]
    target = tmp_path / "dee.ics"
    monkeypatch.setattr(interview_dialog, "ask_save_path", lambda *_args: str(target))
    said: list[str] = []
    view.message.connect(said.append)
    view.export_button.click()
    qtbot.waitUntil(lambda: said != [])
    assert said == ["Invitation saved as dee.ics."]
    (event,) = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert event.decoded("dtstart").tzinfo.key == "America/New_York"


def test_the_status_bar_notice_counts_what_is_owed_and_follows_changes(
    qtbot: QtBot, sample: Sample, operations: Operations, hub: ChangesHub
) -> None:
    notice = RemindersNotice(sample.database, hub, operations)
    qtbot.addWidget(notice)
    qtbot.waitUntil(lambda: notice.agenda is not None)
    assert notice.isHidden()
    owed(sample)
    hub.publish(Changes(candidates=frozenset({sample.candidates["Ana"]})))
    qtbot.waitUntil(lambda: notice.text() == "1 scorecard overdue · 1 follow-up due")
    assert not notice.isHidden()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_interviews_page_renders(
    qtbot: QtBot, sample: Sample, operations: Operations, tmp_path: Path, scheme: str
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    use_scheme(scheme)
    owed(sample)
    view = make_view(qtbot, sample, operations)
    folder = Path(os.environ.get("RECRUITDESK_SHOTS", tmp_path))
    image = view.grab()
    assert image.width() == 1024
    assert image.save(str(folder / f"interviews-{scheme}.png"), "PNG")
