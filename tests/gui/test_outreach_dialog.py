"""The pane's Outreach tab with real widgets: a message picked from a template with a
piece of verified evidence, edited, and sent to a real SMTP server on 127.0.0.1, opened
in the mail client or saved as .eml; refusals in one sentence; do-not-contact; replies."""

import email
import email.policy
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from gui_helpers import message_loaded, pane_loaded, use_scheme
from PySide6.QtCore import QObject, QSettings, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from tests.keyrings import MemoryKeyring
from tests.smtp_server import Inbox, serve

from recruitdesk import APP_NAME
from recruitdesk.gui.candidate.outreach_dialog import OutreachDialog
from recruitdesk.gui.candidate.pane import CandidatePane
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.settings_dialog import SettingsDialog
from recruitdesk.gui.smtp_settings import saved_smtp
from recruitdesk.outreach import smtp
from recruitdesk.storage.analyses import store_analysis
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.outreach import contact_of, timeline
from recruitdesk.storage.positions import create_position

EVIDENCE = "your models.py in orders-api (SQLAlchemy)"


@pytest.fixture
def zoe(database: Database) -> int:
    """A candidate with an e-mail address and one stored analysis with evidence."""
    candidate_id, _ = create_candidate(
        database, {"full_name": "Zoë Nowak", "email": "zoe@example.com", "github_login": "zoen"}
    )
    store_analysis(
        database,
        {
            "analyzed_at": datetime(2026, 11, 20, tzinfo=UTC).isoformat(),
            "source": "github",
            "login": "zoen",
            "skills": [
                {
                    "name": "SQLAlchemy",
                    "confidence": 0.9,
                    "evidence": [
                        {"repo": "orders-api", "path": "app/models.py", "why": "imports it"}
                    ],
                },
                {
                    "name": "pytest",
                    "confidence": 0.6,
                    "evidence": [{"repo": "orders-api", "path": "tests/test_api.py", "why": "x"}],
                },
            ],
        },
    )
    create_position(database, {"title": "Senior Python Engineer", "company": "Acme"})
    use_server(None)
    return candidate_id


def use_server(account: smtp.SmtpSettings | None) -> None:
    settings = QSettings(APP_NAME, APP_NAME)
    settings.setValue("outreach/sender_name", "Rita Recruiter")
    settings.setValue("outreach/sender_email", "rita@agency.example")
    if account is not None:
        settings.setValue("smtp/host", account.host)
        settings.setValue("smtp/port", account.port)
        settings.setValue("smtp/security", account.security.value)
    settings.sync()


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


@pytest.fixture
def server(inbox: Inbox) -> Iterator[smtp.SmtpSettings]:
    yield from serve(inbox)


def open_dialog(
    qtbot: QtBot, database: Database, operations: Operations, hub: ChangesHub, candidate_id: int
) -> tuple[CandidatePane, OutreachDialog]:
    pane = CandidatePane(database, hub, operations=operations)
    qtbot.addWidget(pane)
    pane.resize(520, 900)
    pane.show_candidate(candidate_id)
    pane_loaded(qtbot, pane)
    pane.outreach.contact_button.click()
    return pane, message_loaded(qtbot, pane.outreach.outreach_dialog)


def test_a_message_with_picked_evidence_is_edited_sent_by_smtp_and_logged(
    qtbot: QtBot,
    database: Database,
    operations: Operations,
    hub: ChangesHub,
    zoe: int,
    server: smtp.SmtpSettings,
    inbox: Inbox,
) -> None:
    use_server(server)
    pane, dialog = open_dialog(qtbot, database, operations, hub, zoe)
    choices = [dialog.evidence_combo.itemText(i) for i in range(dialog.evidence_combo.count())]
    assert choices == [EVIDENCE, "your test_api.py in orders-api (pytest)"]
    assert EVIDENCE in dialog.body_edit.toPlainText()
    assert dialog.subject_edit.text() == "Senior Python Engineer at Acme: your work caught my eye"
    dialog.evidence_combo.setCurrentIndex(1)
    assert "your test_api.py in orders-api" in dialog.body_edit.toPlainText()
    dialog.body_edit.appendPlainText("P.S. a dict literal {} stays as typed.")
    dialog.send_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    (sent,) = inbox.messages
    assert sent["To"] == "Zoë Nowak <zoe@example.com>"
    body = sent.get_body()
    assert body is not None
    text = body.get_content()
    assert "your test_api.py in orders-api" in text
    assert "P.S. a dict literal {} stays as typed." in text
    (logged,) = timeline(database, zoe)
    assert logged.template == "first-contact"
    assert logged.position_title == "Senior Python Engineer"
    qtbot.waitUntil(lambda: pane.outreach.messages.count() == 1)
    assert "by SMTP" in pane.outreach.messages.item(0).text()
    assert "sent by SMTP and logged" in pane.message.text()


def test_a_refusing_server_is_one_sentence_in_the_dialog_and_nothing_is_logged(
    qtbot: QtBot, database: Database, operations: Operations, hub: ChangesHub, zoe: int
) -> None:
    for account in serve(Inbox(refuse_with="554 5.7.1 Relaying denied")):
        use_server(account)
        _pane, dialog = open_dialog(qtbot, database, operations, hub, zoe)
        dialog.send_button.click()
        qtbot.waitUntil(dialog.send_button.isEnabled)
        said = dialog.message.text()
        assert "refused the message (554 5.7.1 Relaying denied)" in said
        assert said.endswith("; nothing was sent.")
        assert "\n" not in said
        assert dialog.isVisible()
    assert timeline(database, zoe) == []


def test_no_smtp_server_set_up_says_where_to_set_it(
    qtbot: QtBot, database: Database, operations: Operations, hub: ChangesHub, zoe: int
) -> None:
    _pane, dialog = open_dialog(qtbot, database, operations, hub, zoe)
    dialog.send_button.click()
    assert dialog.message.text() == (
        "Enter your e-mail address and an SMTP server in Settings first."
    )
    assert timeline(database, zoe) == []


def test_a_message_is_not_signed_before_the_recruiter_gave_their_name(
    qtbot: QtBot, database: Database, operations: Operations, hub: ChangesHub, zoe: int
) -> None:
    QSettings(APP_NAME, APP_NAME).setValue("outreach/sender_name", "")
    _pane, dialog = open_dialog(qtbot, database, operations, hub, zoe)
    assert dialog.message.text() == (
        "Enter your name in Settings (Outgoing mail): messages are signed with it."
    )
    assert not dialog.mail_button.isEnabled()


def test_an_empty_field_blocks_every_way_out_and_says_which(
    qtbot: QtBot, database: Database, operations: Operations, hub: ChangesHub, zoe: int
) -> None:
    _pane, dialog = open_dialog(qtbot, database, operations, hub, zoe)
    dialog.template_combo.setCurrentIndex(dialog.template_combo.findData("rejection"))
    assert dialog.reason_edit.isEnabled()
    assert dialog.message.text().startswith("The reason is empty")
    assert not dialog.send_button.isEnabled()
    assert not dialog.mail_button.isEnabled()
    dialog.reason_edit.setText("the role needs Go in production")
    assert "we owe you the reason: the role needs Go in production." in (
        dialog.body_edit.toPlainText()
    )
    assert dialog.mail_button.isEnabled()


class MailClient(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))


def test_open_in_mail_client_hands_the_desktop_a_mailto_link(
    qtbot: QtBot, database: Database, operations: Operations, hub: ChangesHub, zoe: int
) -> None:
    client = MailClient()
    QDesktopServices.setUrlHandler("mailto", client, "open")
    try:
        _pane, dialog = open_dialog(qtbot, database, operations, hub, zoe)
        dialog.mail_button.click()
        qtbot.waitUntil(lambda: client.opened != [])
    finally:
        QDesktopServices.unsetUrlHandler("mailto")
    (url,) = client.opened
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    assert parts.path == "zoe@example.com"
    assert EVIDENCE in parse_qs(parts.query)["body"][0]
    assert timeline(database, zoe)[0].channel.value == "mailto"


def test_save_as_eml_writes_a_message_a_mail_client_reads(
    qtbot: QtBot,
    database: Database,
    operations: Operations,
    hub: ChangesHub,
    zoe: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "zoe.eml"
    monkeypatch.setattr(OutreachDialog, "ask_eml_path", lambda _self: str(target))
    _pane, dialog = open_dialog(qtbot, database, operations, hub, zoe)
    dialog.subject_edit.setText("A question about orders-api")
    dialog.eml_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    parsed = email.message_from_bytes(target.read_bytes(), policy=email.policy.default)
    assert parsed["Subject"] == "A question about orders-api"
    assert parsed["From"] == "Rita Recruiter <rita@agency.example>"
    assert timeline(database, zoe)[0].subject == "A question about orders-api"


def test_do_not_contact_is_saved_with_its_reason_and_blocks_sending(
    qtbot: QtBot, database: Database, operations: Operations, hub: ChangesHub, zoe: int
) -> None:
    pane = CandidatePane(database, hub, operations=operations)
    qtbot.addWidget(pane)
    pane.show_candidate(zoe)
    pane_loaded(qtbot, pane)
    pane.tabs.setCurrentWidget(pane.outreach)
    section = pane.outreach
    section.reason.setText("replied 'no' on 3 Dec")
    section.do_not_contact.click()
    qtbot.waitUntil(lambda: contact_of(database, zoe).do_not_contact)
    assert contact_of(database, zoe).reason == "replied 'no' on 3 Dec"
    qtbot.waitUntil(lambda: section.blocked.isVisible())
    section.contact_button.click()
    dialog = message_loaded(qtbot, section.outreach_dialog)
    assert not dialog.send_button.isEnabled()
    assert not dialog.eml_button.isEnabled()
    assert dialog.message.text() == (
        "Zoë Nowak asked not to be contacted (replied 'no' on 3 Dec); nothing can be sent."
    )
    dialog.reject()
    section.do_not_contact.click()
    qtbot.waitUntil(lambda: not contact_of(database, zoe).do_not_contact)
    assert contact_of(database, zoe).reason is None


def test_a_reply_logged_by_hand_tops_the_timeline(
    qtbot: QtBot, database: Database, operations: Operations, hub: ChangesHub, zoe: int
) -> None:
    pane = CandidatePane(database, hub, operations=operations)
    qtbot.addWidget(pane)
    pane.show_candidate(zoe)
    pane_loaded(qtbot, pane)
    pane.outreach.ask_reply = lambda _name: ("Interested, free on Thursday", "")
    pane.outreach.reply_button.click()
    qtbot.waitUntil(lambda: pane.outreach.messages.count() == 1)
    text = pane.outreach.messages.item(0).text()
    assert "← reply" in text
    assert "logged by hand" in text
    assert "Interested, free on Thursday" in text


PASSWORD = "s3cret-Pa55"


def typed_account(qtbot: QtBot, settings: QSettings) -> SettingsDialog:
    """The Settings dialog with an SMTP account and its password typed, then OK."""
    dialog = SettingsDialog(settings=settings)
    qtbot.addWidget(dialog)
    box = dialog.smtp_box
    box.host.setText("smtp.agency.example")
    box.port.setValue(465)
    box.security.setCurrentIndex(box.security.findData("ssl"))
    box.user.setText("rita")
    box.password.setText(PASSWORD)
    dialog.accept()
    assert box.password.text() == ""
    return dialog


def files_hold_password(folder: Path) -> bool:
    return any(
        PASSWORD.encode() in path.read_bytes() for path in folder.rglob("*") if path.is_file()
    )


def test_the_smtp_password_goes_to_the_keyring_and_never_to_the_settings(
    qtbot: QtBot, memory_keyring: MemoryKeyring, isolated_folders: Path
) -> None:
    settings = QSettings(APP_NAME, APP_NAME)
    dialog = typed_account(qtbot, settings)
    dialog.save(settings)
    account = saved_smtp(settings)
    assert account == smtp.SmtpSettings("smtp.agency.example", 465, "rita", smtp.Security.SSL)
    assert smtp.stored_password(account) == PASSWORD
    assert not files_hold_password(isolated_folders)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_outreach_dialog_renders(
    qtbot: QtBot,
    database: Database,
    operations: Operations,
    hub: ChangesHub,
    zoe: int,
    tmp_path: Path,
    scheme: str,
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    use_scheme(scheme)
    _pane, dialog = open_dialog(qtbot, database, operations, hub, zoe)
    dialog.resize(1024, 700)
    folder = Path(os.environ.get("RECRUITDESK_SHOTS", tmp_path))
    picture = folder / f"outreach-dialog-{scheme}.png"
    assert dialog.grab().save(str(picture), "PNG")
    assert dialog.grab().size().width() == 1024


def test_without_a_keyring_the_password_is_refused_in_one_sentence_and_kept_nowhere(
    qtbot: QtBot, no_keyring: None, isolated_folders: Path
) -> None:
    dialog = typed_account(qtbot, QSettings(APP_NAME, APP_NAME))
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    said = dialog.message.text()
    assert said.startswith("The SMTP password cannot be kept: ")
    assert "\n" not in said
    assert not files_hold_password(isolated_folders)
