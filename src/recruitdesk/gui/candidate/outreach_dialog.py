"""Write to a candidate: a template, a position and one piece of their verified evidence
fill a message the recruiter can still edit, which then leaves by the mail client
(``mailto:``), as an ``.eml`` file, or by SMTP, and is logged on the timeline.

The dialog reads nothing on the GUI thread: it opens with what its opener knows of the
recipient (``outreach_recipient``) and reads the rest in the background, its form
disabled and "Loading…" where a read is still on its way. Delivery runs in the
background too (``ops.write``; docs/architecture.md, "Background operations"); its
refusal is one sentence in the dialog. Someone who asked not to be contacted cannot be
written to from here, and the dialog says why.
"""

from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSettings, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.outreach import (
    Channel,
    MessageKind,
    Template,
    render,
    shipped_templates,
)
from recruitdesk.errors import KnownError, ValidationError
from recruitdesk.gui.candidate.outreach_delivery import CHANNEL_DONE, Delivered, Delivery, edited
from recruitdesk.gui.candidate.outreach_recipient import MessageChoices, Recipient, read_choices
from recruitdesk.gui.file_dialogs import ask_save_path
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.smtp_settings import saved_sender, saved_smtp
from recruitdesk.gui.style import show_message
from recruitdesk.outreach.send import Sent
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.outreach import Contact
from recruitdesk.storage.positions import PositionDetails


class OutreachDialog(QDialog):
    """One message to one candidate; ``delivered`` carries the sentence saying what
    happened once it left and was logged."""

    delivered = Signal(str)

    def __init__(
        self,
        database: Database,
        operations: Operations,
        candidate_id: int,
        *,
        recipient: Recipient | None = None,
        settings: QSettings,
        kind: MessageKind = MessageKind.FIRST_CONTACT,
        position_id: int | None = None,
        extra_fields: Mapping[str, str] | None = None,
        attachments: tuple[tuple[str, str, bytes], ...] = (),
        after_send: Callable[[Sent, int | None], Changes] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``recipient`` is what the opener already read of them (the candidate pane's
        last read), or ``None``: it is read with the open positions, in the background.
        ``extra_fields`` fill fields beyond the dialog's own (a template that needs
        one nobody gives is not offered); ``attachments`` go with the message (not by
        the mail client's link); ``after_send`` records what the message carried, in
        the same background work, once it has left and is logged (with the position
        picked)."""
        super().__init__(parent)
        self.setObjectName("outreachDialog")
        self.database = database
        self.operations = operations
        self.candidate_id = candidate_id
        self.settings = settings
        self.contact: Contact | None = recipient.contact if recipient is not None else None
        self.positions: list[PositionDetails] = []
        #: Until the background read lands the form is disabled (tests wait on this).
        self.loading = True
        self._closed = False
        self._show_title()
        self.setMinimumSize(640, 560)
        self.extra_fields = dict(extra_fields or {})
        self.attachments = attachments
        self.after_send = after_send
        own = {"name", "sender", "position", "company", "evidence", "reason"}
        self.templates = tuple(
            t for t in shipped_templates() if set(t.fields()) <= own | set(self.extra_fields)
        )
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.to_label = QLabel(self._address() if self.contact is not None else "Loading…")
        self.to_label.setObjectName("outreachTo")
        form.addRow("To", self.to_label)
        self.template_combo = QComboBox()
        self.template_combo.setObjectName("outreachTemplate")
        for template in self.templates:
            self.template_combo.addItem(template.title, template.id)
        form.addRow("Template", self.template_combo)
        self.position_combo = QComboBox()
        self.position_combo.setObjectName("outreachPosition")
        self.position_combo.addItem("Loading…")
        self.position_id = position_id
        form.addRow("Position", self.position_combo)
        self.evidence_combo = QComboBox()
        self.evidence_combo.setObjectName("outreachEvidence")
        # Editable: the recruiter may word the evidence better than the analysis does.
        self.evidence_combo.setEditable(True)
        if recipient is not None:
            self.evidence_combo.addItems(list(recipient.evidence))
        self.evidence_line = self.evidence_combo.lineEdit()
        assert self.evidence_line is not None  # an editable combo has one
        self.evidence_line.setPlaceholderText("Loading…")
        form.addRow("Evidence", self.evidence_combo)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("outreachReason")
        self.reason_edit.setPlaceholderText("Why they are not taken further")
        form.addRow("Reason", self.reason_edit)
        self.subject_edit = QLineEdit()
        self.subject_edit.setObjectName("outreachSubject")
        form.addRow("Subject", self.subject_edit)
        for combo in (self.template_combo, self.position_combo, self.evidence_combo):
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout.addLayout(form)
        self.body_edit = QPlainTextEdit()
        self.body_edit.setObjectName("outreachBody")
        self.body_edit.setPlaceholderText("Loading…")
        layout.addWidget(self.body_edit, 1)
        self.message = QLabel()
        self.message.setObjectName("outreachMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.mail_button = QPushButton("Open in mail client")
        self.mail_button.setObjectName("outreachMailto")
        self.eml_button = QPushButton("Save as .eml…")
        self.eml_button.setObjectName("outreachEml")
        self.send_button = QPushButton("Send")
        self.send_button.setObjectName("outreachSend")
        self.send_button.setProperty("primary", True)
        self.close_button = QPushButton("Close")
        buttons.addWidget(self.mail_button)
        buttons.addWidget(self.eml_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.send_button)
        layout.addLayout(buttons)

        self.mail_button.clicked.connect(lambda: self.deliver(Channel.MAILTO))
        self.eml_button.clicked.connect(lambda: self.deliver(Channel.EML))
        self.send_button.clicked.connect(lambda: self.deliver(Channel.SMTP))
        self.close_button.clicked.connect(self.reject)
        self.template_combo.currentIndexChanged.connect(self.preview)
        self.position_combo.currentIndexChanged.connect(self.preview)
        self.evidence_combo.currentTextChanged.connect(self.preview)
        self.reason_edit.textChanged.connect(self.preview)
        self._busy = False
        chosen = next((t for t in self.templates if t.kind is kind), self.templates[0])
        self.template_combo.setCurrentIndex(self.templates.index(chosen))
        self.inputs: tuple[QWidget, ...] = (
            self.template_combo,
            self.position_combo,
            self.evidence_combo,
            self.reason_edit,
            self.subject_edit,
            self.body_edit,
        )
        for widget in self.inputs:
            widget.setEnabled(False)
        self._update(None)
        operations.query(
            self,
            partial(read_choices, database, candidate_id, recipient),
            self._loaded,
            on_failure=self._load_failed,
        )

    # -- loading ---------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The recipient's name ("" until it is read)."""
        return self.contact.name if self.contact is not None else ""

    def _show_title(self) -> None:
        self.setWindowTitle(f"Write to {self.name}" if self.name else "Write a message")

    def _address(self) -> str:
        email = self.contact.email if self.contact is not None else None
        return email or "no e-mail address"

    def _loaded(self, choices: MessageChoices) -> None:
        if self._closed:
            return  # closed before the read landed: nothing to fill
        self.contact = choices.recipient.contact
        self.positions = choices.positions
        self._show_title()
        self.to_label.setText(self._address())
        for combo in (self.position_combo, self.evidence_combo):
            combo.blockSignals(True)
            combo.clear()
        for position in self.positions:
            company = f" · {position.company}" if position.company else ""
            self.position_combo.addItem(f"{position.title}{company}", position.id)
        if self.position_id is not None:
            found = self.position_combo.findData(self.position_id)
            self.position_combo.setCurrentIndex(max(0, found))
        self.evidence_combo.addItems(list(choices.recipient.evidence))
        for combo in (self.position_combo, self.evidence_combo):
            combo.blockSignals(False)
        assert self.evidence_line is not None
        self.evidence_line.setPlaceholderText(
            "No verified evidence yet: analyse their GitHub first, or write one"
        )
        self.body_edit.setPlaceholderText("")
        for widget in self.inputs:
            widget.setEnabled(True)
        self.loading = False
        self.preview()

    def _load_failed(self, error: BaseException) -> None:
        if self._closed:
            return
        self.loading = False
        self.position_combo.clear()
        self.to_label.setText("")
        self.body_edit.setPlaceholderText("")
        if isinstance(error, KnownError):
            self.show_message(str(error), error=True)
        else:
            self.operations.report_failure("Opening a message", error)

    def done(self, result: int) -> None:
        self._closed = True  # a read landing after this is dropped
        super().done(result)

    # -- the message -----------------------------------------------------------------

    def template(self) -> Template:
        return self.templates[self.template_combo.currentIndex()]

    def fields(self) -> dict[str, str]:
        index = self.position_combo.currentIndex()
        position = self.positions[index] if index >= 0 else None
        return {
            "name": self.name,
            "sender": saved_sender(self.settings).name,
            "position": position.title if position else "",
            "company": (position.company or "") if position else "",
            "evidence": self.evidence_combo.currentText(),
            "reason": self.reason_edit.text(),
            **self.extra_fields,
        }

    def preview(self) -> None:
        """Fill the subject and body from the choices (an edit of them is replaced)."""
        if self.loading or self.contact is None:
            return
        template = self.template()
        self.reason_edit.setEnabled("reason" in template.fields())
        problem: str | None = None
        try:
            rendered = render(template, self.fields())
            self.subject_edit.setText(rendered.subject)
            self.body_edit.setPlainText(rendered.body)
        except ValidationError as error:
            field, why = next(iter(error.problems.items()))
            if field == "sender":
                problem = (
                    "Enter your name in Settings (Outgoing mail): messages are signed with it."
                )
            else:
                problem = f"The {field} {why}" if field in self.fields() else why
            self.subject_edit.setText(template.subject)
            self.body_edit.setPlainText(template.body)
        self._update(problem)

    def blocked(self) -> str | None:
        """Why nothing may leave for this candidate, or ``None``."""
        if self.contact is not None and self.contact.do_not_contact:
            why = f" ({self.contact.reason})" if self.contact.reason else ""
            return f"{self.contact.name} asked not to be contacted{why}; nothing can be sent."
        return None

    def _update(self, problem: str | None) -> None:
        blocked = self.blocked()
        sayable = blocked or problem
        self.show_message(sayable or "", error=sayable is not None)
        ready = not (blocked or problem or self._busy or self.loading or self.contact is None)
        for button in (self.mail_button, self.eml_button, self.send_button):
            button.setEnabled(ready)
        if self.attachments:
            # A mail client's link cannot carry a file.
            self.mail_button.setEnabled(False)
            names = ", ".join(name for name, _mime, _data in self.attachments)
            self.mail_button.setToolTip(f"A mail client link cannot carry {names}")
        self.send_button.setToolTip(blocked or "Send by SMTP (Settings: Outgoing mail)")

    def show_message(self, text: str, *, error: bool = False) -> None:
        show_message(self.message, text, error=error)

    def ask_eml_path(self) -> str:
        suggested = f"{self.name} - {self.subject_edit.text()}"[:80] + ".eml"
        return ask_save_path(self, "Save the message", suggested, "E-mail message (*.eml)")

    def deliver(self, channel: Channel) -> None:
        """Send the message as shown by ``channel``, in the background."""
        sender = saved_sender(self.settings)
        account = saved_smtp(self.settings)
        if channel is Channel.SMTP and (account is None or not sender.email):
            self.show_message(
                "Enter your e-mail address and an SMTP server in Settings first.", error=True
            )
            return
        eml_path: Path | None = None
        if channel is Channel.EML:
            chosen = self.ask_eml_path()
            if not chosen:
                return
            eml_path = Path(chosen)
        index = self.position_combo.currentIndex()
        work = Delivery(
            self.database,
            self.candidate_id,
            edited(self.template(), self.subject_edit.text(), self.body_edit.toPlainText()),
            sender,
            channel,
            self.positions[index].id if index >= 0 else None,
            account,
            eml_path,
            self.attachments,
            self.after_send,
        )
        self._busy = True
        self._update(None)
        self.show_message("Sending…" if channel is Channel.SMTP else "Logging the message…")
        self.operations.write(
            self,
            work.run,
            lambda result: self._delivered(channel, result),
            title="Sending a message" if channel is Channel.SMTP else "",
            on_failure=self._failed,
        )

    def _delivered(self, channel: Channel, result: Delivered) -> None:
        self._busy = False
        if result.sent.mailto is not None:
            QDesktopServices.openUrl(QUrl(result.sent.mailto))
        self.delivered.emit(
            f"Message to {self.name} {CHANNEL_DONE[channel]} and logged on the timeline."
        )
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self._update(None)
        if isinstance(error, KnownError):
            self.show_message(str(error), error=True)
        else:
            self.operations.report_failure("Sending a message", error)
