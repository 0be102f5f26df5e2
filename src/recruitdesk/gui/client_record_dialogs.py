"""The dialogs that edit a client's records: correct a submission (its date, what was
sent, the position, the contact) and edit a placement (its start, fee and guarantee).

Each saves through ``Operations.write`` over the record as it was read; a refused value
or a record changed meanwhile is said in one sentence inside the dialog, which stays
open. A saved edit hands back the record before and after on :attr:`RecordDialog.saved`,
for the undo stack."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.money import CURRENCIES
from recruitdesk.errors import KnownError, ValidationError
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.style import show_message
from recruitdesk.progress import Progress
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.placements import PlacementRecord, edit_placement
from recruitdesk.storage.submissions import SubmissionKind, SubmissionRecord, correct_submission

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SavedEdit(Generic[T]):
    """An edit saved: the record before and after (``None``: deleted), and what
    changed."""

    before: T
    after: T | None
    changes: Changes


def refusal_sentence(error: KnownError) -> str:
    """A refusal as the dialog says it: the field's sentence, without the field's name."""
    if isinstance(error, ValidationError):
        return " ".join(error.problems.values())
    return str(error)


def day_edit(day: date, name: str) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd MMM yyyy")
    return edit


def typed_fee(text: str) -> object:
    """A fee as typed, thousands separators dropped: a whole number, or the text itself
    for storage to refuse in one sentence (``str.isdigit`` takes "1²", which ``int``
    does not)."""
    cleaned = text.replace(",", "").strip()
    try:
        return int(cleaned)
    except ValueError:
        return cleaned


def chosen_day(edit: QDateEdit) -> date:
    day = edit.date()
    return date(day.year(), day.month(), day.day())


class RecordDialog(QDialog):
    #: A :class:`SavedEdit`, once the edit is saved (the dialog then closes).
    saved = Signal(object)

    def __init__(self, title: str, heading: str, operations: Operations, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.operations = operations
        layout = QVBoxLayout(self)
        intro = QLabel(heading)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.problem = QLabel()
        self.problem.setObjectName("recordProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def save(self) -> None:
        raise NotImplementedError

    def _write(self, before: T, work: Callable[[], tuple[T, Changes]]) -> None:
        def run(_progress: Progress) -> SavedEdit[T]:
            after, changes = work()
            return SavedEdit(before, after, changes)

        self.buttons.setEnabled(False)
        self.operations.write(self, run, self._saved, on_failure=self._refused)

    def _saved(self, edit: SavedEdit[Any]) -> None:
        self.saved.emit(edit)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, KnownError):
            show_message(self.problem, refusal_sentence(error), error=True)
        else:
            self.operations.report_failure(self.windowTitle(), error)


@dataclass(frozen=True, slots=True)
class ClientChoices:
    """The client's positions and contacts, as ``(id, label)``, a submission may name."""

    positions: tuple[tuple[int, str], ...] = ()
    contacts: tuple[tuple[int, str], ...] = ()


def _choice_box(
    name: str, none: str, choices: tuple[tuple[int, str], ...], chosen: int | None
) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.addItem(none, None)
    for choice_id, label in choices:
        box.addItem(label, choice_id)
    box.setCurrentIndex(max(0, box.findData(chosen)) if chosen is not None else 0)
    return box


class SubmissionDialog(RecordDialog):
    """Correct when a submission was made, what was sent, for which position and to
    whom."""

    def __init__(
        self,
        database: Database,
        operations: Operations,
        record: SubmissionRecord,
        heading: str,
        parent: QWidget,
        choices: ClientChoices,
    ) -> None:
        super().__init__("Correct the submission", heading, operations, parent)
        self.setObjectName("submissionDialog")
        self.database = database
        self.record = record
        self.position = _choice_box(
            "submittedFor", "No position", choices.positions, record.position_id
        )
        self.contact = _choice_box(
            "submittedTo", "Nobody named", choices.contacts, record.contact_id
        )
        local = record.submitted_at.astimezone()
        self.day = day_edit(local.date(), "submittedOn")
        self.kind = QComboBox()
        self.kind.setObjectName("submittedKind")
        self.kind.addItem("The profile", SubmissionKind.PROFILE.value)
        self.kind.addItem("A PDF", SubmissionKind.PDF.value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(record.kind)))
        self.file_name = QLineEdit(record.file_name or "")
        self.file_name.setObjectName("submittedFile")
        self.file_name.setPlaceholderText("The PDF's file name")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.form.addRow("Submitted on", self.day)
        self.form.addRow("What was sent", self.kind)
        self.form.addRow("File name", self.file_name)
        self.form.addRow("For the position", self.position)
        self.form.addRow("Sent to", self.contact)
        self._kind_changed()

    def _kind_changed(self) -> None:
        self.file_name.setEnabled(self.kind.currentData() == SubmissionKind.PDF.value)

    def save(self) -> None:
        record, database = self.record, self.database
        # The day is corrected; the time of day it was logged at stays.
        moment = datetime.combine(chosen_day(self.day), record.submitted_at.astimezone().timetz())
        now = datetime.now(UTC)
        if moment.date() == now.astimezone().date():
            # Moved to today, at a time of day still ahead: it was sent by now.
            moment = min(moment, now)
        kind = str(self.kind.currentData())
        name = self.file_name.text().strip() or None
        position_id, contact_id = self.position.currentData(), self.contact.currentData()
        self._write(
            record,
            lambda: correct_submission(
                database,
                record,
                submitted_at=moment.astimezone(UTC),
                kind=kind,
                file_name=name,
                position_id=position_id,
                contact_id=contact_id,
            ),
        )


class PlacementDialog(RecordDialog):
    """Edit a placement's start, fee and guarantee."""

    def __init__(
        self,
        database: Database,
        operations: Operations,
        record: PlacementRecord,
        heading: str,
        parent: QWidget,
    ) -> None:
        super().__init__("Edit the placement", heading, operations, parent)
        self.setObjectName("placementDialog")
        self.database = database
        self.record = record
        self.start = day_edit(record.start_date, "placementStart")
        self.fee = QLineEdit(f"{record.fee_amount:,}")
        self.fee.setObjectName("editedFee")
        self.currency = QComboBox()
        self.currency.addItems(list(CURRENCIES))
        self.currency.setCurrentText(record.fee_currency)
        self.guarantee = QSpinBox()
        self.guarantee.setObjectName("editedGuarantee")
        # Wide on purpose: storage, not the spin box, says what a guarantee may be.
        self.guarantee.setRange(-10_000, 10_000)
        self.guarantee.setSuffix(" days")
        self.guarantee.setValue(record.guarantee_days)
        self.form.addRow("Starts", self.start)
        self.form.addRow("Fee", self.fee)
        self.form.addRow("Currency", self.currency)
        self.form.addRow("Guarantee", self.guarantee)

    def save(self) -> None:
        record, database = self.record, self.database
        fee = typed_fee(self.fee.text())
        start, currency, guarantee = (
            chosen_day(self.start),
            self.currency.currentText(),
            self.guarantee.value(),
        )
        self._write(
            record,
            lambda: edit_placement(
                database,
                record,
                start_date=start,
                fee_amount=fee,  # type: ignore[arg-type]  # refused in one sentence unless an int
                fee_currency=currency,
                guarantee_days=guarantee,
            ),
        )
