"""The sourcing notices owed in the app: the list (the late flagged), the status bar's
count, and "Send notice…" opening the outreach dialog on the sourcing notice."""

from datetime import UTC, datetime, timedelta

import pytest
from gui_helpers import GuiThreadReads, message_loaded
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from recruitdesk.domain.sourced import Found, Profile
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.notices_due import NoticesList, NoticesNotice
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.style import colors
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.positions import create_position
from recruitdesk.storage.sourcing import source_people


def _source(database: Database, login: str, when: datetime) -> None:
    profile = Profile(login, login.title(), None, None, None, None, None, None, 0, 0, None)
    position, _ = create_position(database, {"title": f"Role {login}"})
    found = Found(profile, "GitHub search 'x'")
    source_people(database, [found], position_id=position, key=None, now=when)


def test_the_list_and_the_status_bar_count(
    qtbot: QtBot, database: Database, hub: ChangesHub, operations: Operations
) -> None:
    now = datetime.now(UTC)
    _source(database, "late", now - timedelta(days=40))
    _source(database, "fresh", now)
    listing = NoticesList(database, hub, operations)
    notice = NoticesNotice(database, hub, operations)
    qtbot.addWidget(listing)
    qtbot.addWidget(notice)
    listing.show()
    qtbot.waitUntil(lambda: listing.tree.topLevelItemCount() == 2)
    qtbot.waitUntil(lambda: notice.text() == "2 sourcing notices due · 1 overdue")
    first, second = listing.tree.topLevelItem(0), listing.tree.topLevelItem(1)
    assert first is not None
    assert second is not None
    assert first.text(2) == "Late"
    assert first.text(1) == "overdue by 10 days"
    assert first.foreground(1).color() == QColor(colors()["danger"])
    assert second.text(1) == "in 30 days"
    listing.tree.setCurrentItem(second)
    assert listing.send_button.isEnabled()
    listing.send_selected()
    dialog = message_loaded(qtbot, listing.dialog)
    assert dialog.isVisible()
    assert dialog.template().title == "Sourcing notice (GDPR Art. 14)"
    dialog.reject()


def test_changes_in_a_row_read_the_count_once_off_the_gui_thread(
    qtbot: QtBot,
    database: Database,
    hub: ChangesHub,
    operations: Operations,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    notice = NoticesNotice(database, hub, operations)
    qtbot.addWidget(notice)
    qtbot.waitUntil(lambda: notice.loading is None)
    on_gui_thread = GuiThreadReads(database, monkeypatch)
    started: list[int] = []
    query = operations.query
    monkeypatch.setattr(
        operations, "query", lambda owner, *a, **k: started.append(1) or query(owner, *a, **k)
    )
    now = datetime.now(UTC)
    for login in ("ana", "bo", "cy"):  # three sourcing runs in a row
        _source(database, login, now - timedelta(days=40))
        hub.publish(Changes(everything=True))
    assert on_gui_thread.count == 0  # nothing read in the change slot
    qtbot.waitUntil(lambda: notice.text() == "3 sourcing notices due · 3 overdue")
    assert notice.loading is None
    assert len(started) == 1
    assert on_gui_thread.count == 0
