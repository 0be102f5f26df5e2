""" "Submit to client…": send a candidate's profile or PDF to a client and log it (the
submission log fees are claimed by). A PDF is the candidate report, written through the
report path (blind if chosen) before the submission is recorded with its file name."""

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.wording import count
from recruitdesk.gui.file_dialogs import ask_save_path
from recruitdesk.gui.operations import Operations
from recruitdesk.progress import Progress
from recruitdesk.reports.pdf import PaperSize
from recruitdesk.reports.render import write_candidate_report
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.clients import client_position_ids, list_clients, list_contacts
from recruitdesk.storage.database import Database
from recruitdesk.storage.positions import list_positions
from recruitdesk.storage.submissions import SubmissionKind, record_submission


@dataclass(frozen=True, slots=True)
class ClientChoice:
    """A client as the dialog offers it: its positions and contacts as (id, label)."""

    id: int
    name: str
    positions: list[tuple[int, str]]
    contacts: list[tuple[int, str]]


def read_choices(database: Database) -> list[ClientChoice]:
    titles = {p.id: p.title for p in list_positions(database)}
    return [
        ClientChoice(
            client.id,
            client.name,
            [(p, titles[p]) for p in client_position_ids(database, client.id) if p in titles],
            [(c.id, c.label) for c in list_contacts(database, client.id)],
        )
        for client in list_clients(database)
    ]


@dataclass(frozen=True, slots=True)
class Submitted:
    changes: Changes
    sentence: str


class SubmitDialog(QDialog):
    """Pick the client, the position and contact (optional) and what is sent."""

    submitted = Signal(str)

    def __init__(
        self,
        database: Database,
        operations: Operations,
        candidate_id: int,
        name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("submitDialog")
        self.setWindowTitle(f"Submit {name} to a client")
        # The choices arrive after the dialog opens: room for them from the start.
        self.setMinimumWidth(440)
        self.database = database
        self.operations = operations
        self.candidate_id = candidate_id
        self.name = name
        #: Where the PDF is saved (tests hand in a path instead).
        self.choose_save_path = ask_save_path
        self.choices: dict[int, ClientChoice] = {}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.client = QComboBox()
        self.client.setObjectName("submitClient")
        self.position = QComboBox()
        self.position.setObjectName("submitPosition")
        self.contact = QComboBox()
        self.contact.setObjectName("submitContact")
        form.addRow("Client", self.client)
        form.addRow("Position", self.position)
        form.addRow("Sent to", self.contact)
        layout.addLayout(form)
        self.kinds = QButtonGroup(self)
        for index, text in enumerate(
            ("Profile (logged only)", "Candidate report as PDF", "Blind profile as PDF")
        ):
            button = QRadioButton(text)
            button.setObjectName(f"submitKind{index}")
            self.kinds.addButton(button, index)
            layout.addWidget(button)
        self.kinds.button(1).setChecked(True)
        self.note = QLabel()
        self.note.setProperty("class", "muted")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Submit")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(buttons)
        self.client.currentIndexChanged.connect(lambda _i: self._client_chosen())
        self.ok_button.setEnabled(False)
        self.note.setText("Reading the clients…")
        operations.query(self, lambda _p: read_choices(database), self.show_choices)

    def show_choices(self, choices: list[ClientChoice]) -> None:
        self.choices = {choice.id: choice for choice in choices}
        self.client.blockSignals(True)
        for choice in choices:
            self.client.addItem(choice.name, choice.id)
        self.client.blockSignals(False)
        self._client_chosen()
        self.adjustSize()

    def _client_chosen(self) -> None:
        client_id = self.client.currentData()
        self.position.clear()
        self.contact.clear()
        self.position.addItem("No particular position", None)
        self.contact.addItem("Nobody named", None)
        self.ok_button.setEnabled(client_id is not None)
        if client_id is None:
            self.note.setText("Add the client on the Clients page first.")
            return
        choice = self.choices[client_id]
        for position_id, title in choice.positions:
            self.position.addItem(title, position_id)
        for contact_id, label in choice.contacts:
            self.contact.addItem(label, contact_id)
        self.note.setText(
            "The submission is logged with today's date and your name; the fee may be "
            "claimed for a year from it."
        )

    def submit(self) -> None:
        client_id = self.client.currentData()
        if client_id is None:
            return
        kind = self.kinds.checkedId()
        path: Path | None = None
        if kind > 0:
            blind = kind == 2
            suggested = f"{self.name} - {'profile' if blind else 'report'}.pdf"
            chosen = self.choose_save_path(self, "Save the PDF to send", suggested, "PDF (*.pdf)")
            if not chosen:
                return
            path = Path(chosen)
            if path.suffix.lower() != ".pdf":
                path = path.with_name(path.name + ".pdf")
        database, candidate_id = self.database, self.candidate_id
        position_id, contact_id = self.position.currentData(), self.contact.currentData()
        client = self.client.currentText()

        def work(progress: Progress) -> Submitted:
            pages = ""
            if path is not None:
                written = write_candidate_report(
                    database,
                    candidate_id,
                    path,
                    paper=PaperSize.A4,
                    blind=kind == 2,
                    progress=progress,
                )
                pages = f" ({count(written.pages, 'page')})"
            _id, changes = record_submission(
                database,
                candidate_id,
                client_id,
                kind=SubmissionKind.PDF.value if path else SubmissionKind.PROFILE.value,
                position_id=position_id,
                contact_id=contact_id,
                file_name=path.name if path else None,
            )
            what = f"{path.name}{pages}" if path else "The profile"
            return Submitted(changes, f"{what} submitted to {client}; logged.")

        self.operations.write(
            self, work, lambda done: self.submitted.emit(done.sentence), title="Submitting"
        )
        self.accept()
