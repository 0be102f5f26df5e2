"""The pane's outreach tab: the do-not-contact flag with its reason, the actions (write,
log a reply, schedule an interview) and the timeline of messages, newest first.

Writes go through ``ops.write`` with the section as the initiator; when they land the
pane reads the candidate again in the background (docs/architecture.md, "The change
signal"), and a dialog's send reaches the pane as any other change does."""

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recruitdesk import APP_NAME
from recruitdesk.domain.outreach import Channel, Direction, MessageKind
from recruitdesk.domain.wording import clock_time
from recruitdesk.gui.candidate.interview_dialog import InterviewDialog
from recruitdesk.gui.candidate.offer_dialog import OfferDialog
from recruitdesk.gui.candidate.outreach_dialog import OutreachDialog
from recruitdesk.gui.candidate.outreach_recipient import recipient_of
from recruitdesk.gui.candidate.shown_candidate import ShownCandidate
from recruitdesk.gui.operations import Operations
from recruitdesk.progress import Progress
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.outreach import Contact, MessageView, log_message, set_do_not_contact

#: The dialogs opened on one of the candidate's applications.
D = TypeVar("D", InterviewDialog, OfferDialog)

CHANNEL_WORDS = {
    Channel.MAILTO: "by the mail client",
    Channel.EML: "as an .eml file",
    Channel.SMTP: "by SMTP",
    Channel.MANUAL: "logged by hand",
}

#: Each kind of message as a sentence names it.
KIND_WORDS = {
    MessageKind.FIRST_CONTACT: "first contact",
    MessageKind.FOLLOW_UP: "follow-up",
    MessageKind.INTERVIEW_INVITATION: "interview invitation",
    MessageKind.REJECTION: "rejection",
    MessageKind.SOURCING_NOTICE: "sourcing notice",
    MessageKind.REVIEW_EXERCISE: "review exercise",
}


def describe(message: MessageView) -> str:
    """One line of the timeline: when, which way, what, for which position."""
    arrow = "→ sent" if message.direction is Direction.OUT else "← reply"
    what = KIND_WORDS[message.kind] if message.kind else ""
    parts = [clock_time(message.at), arrow]
    if what:
        parts.append(what)
    if message.position_title:
        parts.append(message.position_title)
    parts.append(CHANNEL_WORDS[message.channel])
    line = " · ".join(parts)
    return f"{line}\n{message.subject}" if message.subject else line


class ReplyDialog(QDialog):
    """What the candidate answered, written down by the recruiter."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replyDialog")
        self.setWindowTitle(f"Log a reply from {name}")
        form = QFormLayout(self)
        self.summary = QLineEdit()
        self.summary.setObjectName("replySummary")
        self.summary.setPlaceholderText("e.g. Interested, free on Thursday")
        self.text = QPlainTextEdit()
        self.text.setObjectName("replyText")
        self.text.setPlaceholderText("Their answer, or your notes of the call (optional)")
        form.addRow("Summary", self.summary)
        form.addRow("Text", self.text)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class OutreachSection(QWidget):
    """Do not contact, Contact…, Log a reply…, Schedule interview…, Offer…, and the
    timeline."""

    def __init__(
        self,
        database: Database,
        operations: Operations,
        application_id: Callable[[], int | None],
        say: Callable[[str], None],
        refresh: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        """``refresh`` reads the candidate again for the pane (after this section's
        write)."""
        super().__init__(parent)
        self.setObjectName("outreachSection")
        self.database = database
        self.operations = operations
        self.application_id = application_id
        self.say = say
        self.refresh = refresh
        self.candidate_id: int | None = None
        self.contact: Contact | None = None
        self.shown: ShownCandidate | None = None
        self.settings = QSettings(APP_NAME, APP_NAME, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        actions = QHBoxLayout()
        self.contact_button = QPushButton("Contact…")
        self.contact_button.setObjectName("contactCandidate")
        self.reply_button = QPushButton("Log a reply…")
        self.reply_button.setObjectName("logReply")
        self.interview_button = QPushButton("Schedule interview…")
        self.interview_button.setObjectName("scheduleInterview")
        self.offer_button = QPushButton("Offer…")
        self.offer_button.setObjectName("openOffer")
        actions.addWidget(self.contact_button)
        actions.addWidget(self.reply_button)
        actions.addWidget(self.interview_button)
        actions.addWidget(self.offer_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        flag = QHBoxLayout()
        self.do_not_contact = QCheckBox("Do not contact")
        self.do_not_contact.setObjectName("doNotContact")
        self.reason = QLineEdit()
        self.reason.setObjectName("doNotContactReason")
        self.reason.setPlaceholderText("How they asked, e.g. replied 'no' on 3 Dec")
        flag.addWidget(self.do_not_contact)
        flag.addWidget(self.reason, 1)
        layout.addLayout(flag)
        self.blocked = QLabel()
        self.blocked.setObjectName("doNotContactNotice")
        self.blocked.setWordWrap(True)
        self.blocked.setProperty("error", True)
        layout.addWidget(self.blocked)
        heading = QLabel("Messages, newest first")
        heading.setProperty("class", "muted")
        layout.addWidget(heading)
        self.messages = QListWidget()
        self.messages.setObjectName("outreachTimeline")
        self.messages.setWordWrap(True)
        self.messages.setAlternatingRowColors(True)
        self.messages.setSpacing(3)
        layout.addWidget(self.messages, 1)

        self.contact_button.clicked.connect(self.open_contact)
        self.reply_button.clicked.connect(self.log_reply)
        self.interview_button.clicked.connect(self.open_interview)
        self.offer_button.clicked.connect(self.open_offer)
        self.do_not_contact.clicked.connect(self.save_flag)
        self.reason.editingFinished.connect(self._reason_edited)
        # The dialogs are kept so tests (and the screenshots) can reach them.
        self.outreach_dialog: OutreachDialog | None = None
        self.interview_dialog: InterviewDialog | None = None
        self.offer_dialog: OfferDialog | None = None
        #: Asks for a reply (tests answer it another way): (summary, text) or None.
        self.ask_reply: Callable[[str], tuple[str, str] | None] = self._ask_reply
        self.show_outreach(None)

    def show_outreach(self, shown: ShownCandidate | None) -> None:
        """The outreach of the candidate the pane read (``None``: none, or not read yet)."""
        self.shown = shown
        candidate_id = shown.details.id if shown is not None else None
        contact = shown.contact if shown is not None else None
        self.candidate_id = candidate_id
        self.contact = contact
        self.messages.clear()
        buttons = (self.contact_button, self.reply_button, self.interview_button, self.offer_button)
        for button in buttons:
            button.setEnabled(candidate_id is not None)
        self.do_not_contact.setEnabled(candidate_id is not None)
        if contact is None:
            self.do_not_contact.setChecked(False)
            self.reason.clear()
            self.blocked.hide()
            return
        self.do_not_contact.setChecked(contact.do_not_contact)
        if not self.reason.hasFocus():
            self.reason.setText(contact.reason or "")
        self.reason.setEnabled(contact.do_not_contact)
        self.blocked.setText(
            f"{contact.name} asked not to be contacted: nothing can be sent to them."
        )
        self.blocked.setVisible(contact.do_not_contact)
        self.contact_button.setToolTip(
            "Blocked: they asked not to be contacted" if contact.do_not_contact else ""
        )
        for message in shown.messages if shown is not None else []:
            self.messages.addItem(describe(message))

    def _write(self, work: Callable[[Progress], Changes], done: str) -> None:
        def landed(_changes: Changes) -> None:
            self.refresh()
            self.say(done)

        self.operations.write(self, work, landed)

    def save_flag(self) -> None:
        candidate_id = self.candidate_id
        if candidate_id is None:
            return
        flag = self.do_not_contact.isChecked()
        reason = self.reason.text()
        database = self.database
        self.reason.setEnabled(flag)
        self._write(
            lambda _p: set_do_not_contact(database, candidate_id, flag, reason),
            "Marked: do not contact." if flag else "They may be contacted again.",
        )

    def _reason_edited(self) -> None:
        if self.do_not_contact.isChecked():
            self.save_flag()

    def _ask_reply(self, name: str) -> tuple[str, str] | None:
        dialog = ReplyDialog(name, self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.summary.text().strip(), dialog.text.toPlainText().strip()
        finally:
            dialog.deleteLater()

    def log_reply(self) -> None:
        candidate_id, contact = self.candidate_id, self.contact
        if candidate_id is None or contact is None:
            return
        answer = self.ask_reply(contact.name)
        if answer is None:
            return
        summary, text = answer
        database = self.database

        def work(_progress: Progress) -> Changes:
            _id, changes = log_message(
                database,
                candidate_id,
                direction=Direction.IN,
                channel=Channel.MANUAL,
                subject=summary or None,
                body=text or None,
            )
            return changes

        self._write(work, "Reply logged: no follow-up is due for it.")

    def open_contact(self) -> None:
        shown = self.shown
        if shown is None:
            return
        dialog = OutreachDialog(
            self.database,
            self.operations,
            shown.details.id,
            recipient=recipient_of(shown),
            settings=self.settings,
            parent=self,
        )
        dialog.delivered.connect(self.say)
        self.outreach_dialog = dialog
        dialog.open()

    def open_interview(self) -> None:
        self.interview_dialog = self._open_for_application(InterviewDialog)

    def open_offer(self) -> None:
        self.offer_dialog = self._open_for_application(OfferDialog)

    def _open_for_application(self, dialog_type: type[D]) -> D | None:
        """The dialog for the candidate shown, on the application chosen in the pane."""
        shown = self.shown
        if shown is None:
            return None
        dialog = dialog_type(
            self.database,
            self.operations,
            shown.details,
            shown.applications,
            application_id=self.application_id(),
            settings=self.settings,
            parent=self,
        )
        dialog.open()
        return dialog
