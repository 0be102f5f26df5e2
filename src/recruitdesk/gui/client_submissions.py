"""The Clients page's submission log: who sent which candidate's profile or PDF to the
client, to whom and when, with each fee claim's window. An entry can be corrected (its
date, what was sent, the position, the contact) or removed when logged by mistake; both
go on the window's undo stack (Ctrl+Z)."""

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTreeWidgetItem, QVBoxLayout, QWidget

from recruitdesk.domain.placements import CLAIM_WINDOW_DAYS
from recruitdesk.domain.wording import count
from recruitdesk.gui.candidate.widgets import format_moment
from recruitdesk.gui.client_record_dialogs import ClientChoices, SubmissionDialog
from recruitdesk.gui.client_tabs import ID_ROLE, fit_columns, tree_row
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.record_actions import RecordActions, RecordStore, RecordWords
from recruitdesk.gui.tables import make_tree
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.submissions import (
    SubmissionRecord,
    SubmissionView,
    correct_submission,
    get_submission,
    remove_submission,
    restore_submission,
)

CANDIDATE_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Submitted", "Candidate", "Position", "By", "Sent", "Fee claim")
#: The columns that share the room left and cut their text short.
_STRETCH = (2, 4)


def claim_text(entry: SubmissionView, today: date) -> str:
    left = entry.days_left(today)
    if left < 0:
        return f"closed {entry.claim_until:%d %b %Y}"
    return f"{count(left, 'day')} left"


def sent_text(kind: str, file_name: str | None) -> str:
    return (file_name or "PDF") if kind == "pdf" else "profile"


def describe(entry: SubmissionView) -> str:
    """Who sent what to whom and when, in a sentence (each row's tooltip)."""
    to = f" ({entry.contact})" if entry.contact else ""
    what = sent_text(entry.kind, entry.file_name)
    return (
        f"{entry.submitted_by} sent {entry.candidate}'s {what} to {entry.client}{to} on "
        f"{format_moment(entry.submitted_at)}"
        + (f" for {entry.position}" if entry.position else "")
        + f". A fee may be claimed until {entry.claim_until:%d %b %Y} "
        f"({CLAIM_WINDOW_DAYS} days)."
    )


def _correct(database: Database, seen: SubmissionRecord, wanted: SubmissionRecord) -> Changes:
    return correct_submission(
        database,
        seen,
        submitted_at=wanted.submitted_at,
        kind=wanted.kind,
        file_name=wanted.file_name,
        position_id=wanted.position_id,
        contact_id=wanted.contact_id,
    )[1]


SUBMISSION_STORE = RecordStore(
    get_submission,
    _correct,
    lambda database, seen: remove_submission(database, seen),
    lambda database, seen: restore_submission(database, seen),
)
WORDS = RecordWords(
    "Correct a submission",
    "Remove a submission",
    "The submission was corrected.",
    "The submission was removed from the log; Ctrl+Z puts it back.",
)


class SubmissionsTab(QWidget):
    candidate_opened = Signal(int)

    def __init__(
        self, database: Database, operations: Operations, undo_stack: QUndoStack | None
    ) -> None:
        super().__init__()
        self.records = RecordActions(
            self,
            database,
            operations,
            undo_stack,
            SUBMISSION_STORE,
            # The choices as shown when the dialog opens.
            lambda database, operations, record, heading, parent: SubmissionDialog(
                database, operations, record, heading, parent, self.choices
            ),
            WORDS,
        )
        self.client = ""
        #: What a correction may name: the client's positions and contacts as shown.
        self.choices = ClientChoices()
        column = QVBoxLayout(self)
        self.tree = make_tree("clientSubmissions", COLUMNS)
        self.tree.headerItem().setToolTip(
            len(COLUMNS) - 1, f"A fee is claimed within {CLAIM_WINDOW_DAYS} days of submission"
        )
        self.tree.itemDoubleClicked.connect(self._open_candidate)
        self.tree.currentItemChanged.connect(lambda *_: self._enable())
        column.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        self.correct_button = QPushButton("Correct…")
        self.correct_button.setObjectName("correctSubmission")
        self.correct_button.setToolTip(
            "Correct the date, what was sent, the position or the contact"
        )
        self.correct_button.clicked.connect(self.correct)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removeSubmission")
        self.remove_button.setToolTip(
            "An entry logged by mistake: take it out of the log; Ctrl+Z puts it back"
        )
        self.remove_button.clicked.connect(self.remove)
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self._enable()

    def _enable(self) -> None:
        chosen = self.tree.currentItem() is not None
        self.correct_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def show_submissions(
        self, client: str, entries: list[SubmissionView], choices: ClientChoices
    ) -> None:
        self.client = client
        self.choices = choices
        chosen = self._chosen_id()
        today = datetime.now(UTC).date()
        self.tree.clear()
        for entry in entries:
            sent = sent_text(entry.kind, entry.file_name)
            item = tree_row(
                [
                    f"{entry.submitted_at.astimezone():%d %b %Y}",
                    entry.candidate,
                    entry.position or "—",
                    entry.submitted_by,
                    f"{sent} to {entry.contact}" if entry.contact else sent,
                    claim_text(entry, today),
                ],
                entry.id,
            )
            item.setData(0, CANDIDATE_ROLE, entry.candidate_id)
            sentence = describe(entry)
            for column in range(len(COLUMNS)):
                item.setToolTip(column, sentence)
            self.tree.addTopLevelItem(item)
            if entry.id == chosen:
                self.tree.setCurrentItem(item)
        fit_columns(self.tree, stretch=_STRETCH)
        self._enable()

    def _chosen_id(self) -> int | None:
        item = self.tree.currentItem()
        return None if item is None else int(item.data(0, ID_ROLE))

    def _open_candidate(self, item: QTreeWidgetItem) -> None:
        self.candidate_opened.emit(int(item.data(0, CANDIDATE_ROLE)))

    def _heading(self, item: QTreeWidgetItem) -> str:
        return f"{item.text(1)}, submitted to {self.client} by {item.text(3)}."

    def correct(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.records.edit(int(item.data(0, ID_ROLE)), self._heading(item))

    def remove(self) -> None:
        submission_id = self._chosen_id()
        if submission_id is not None:
            self.records.delete(submission_id)
