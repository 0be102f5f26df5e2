"""Schedule an interview for one of a candidate's applications, and export interviews as
``.ics`` invitations. The save and the export run in the background (docs/architecture.md,
"Background operations"); a refused plan says why in one sentence."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import available_timezones

from PySide6.QtCore import QDateTime, QSettings, QTime, QTimeZone, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.interview_schedule import MINUTES_RANGE, InterviewKind, InterviewPlan
from recruitdesk.domain.outreach import MessageKind
from recruitdesk.errors import KnownError, ValidationError
from recruitdesk.gui.candidate.outreach_dialog import OutreachDialog
from recruitdesk.gui.candidate.widgets import applications_combo
from recruitdesk.gui.file_dialogs import ask_save_path
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.smtp_settings import saved_sender
from recruitdesk.gui.style import show_message
from recruitdesk.outreach.attachments import invitation_attachment
from recruitdesk.outreach.calendar import KIND_TITLES, invitation, write_invitation
from recruitdesk.progress import Progress
from recruitdesk.storage.candidate_applications import ApplicationView
from recruitdesk.storage.candidates import CandidateDetails
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.interviews import InterviewView, interview, schedule_interview


@dataclass(frozen=True, slots=True)
class Scheduled:
    interview_id: int
    changes: Changes


def local_zone() -> str:
    """The system's IANA time zone, or UTC when it has none the zone database knows."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode()
    return name if name in available_timezones() else "UTC"


def one_sentence(error: KnownError) -> str:
    """A refusal as one sentence: a plan's first problem (the field shows in it)."""
    if isinstance(error, ValidationError) and error.problems:
        return next(iter(error.problems.values()))
    return str(error)


def export_invitation(
    parent: QWidget,
    operations: Operations,
    database: Database,
    interview_id: int,
    settings: QSettings,
    said: Callable[[str, bool], None],
) -> None:
    """Ask where to save the interview's ``.ics`` invitation and write it in the
    background; ``said(sentence, is_error)`` reports the outcome."""
    sender = saved_sender(settings)
    if not sender.email:
        said(
            "Enter your e-mail address in Settings (Outgoing mail): an invitation names "
            "its organiser.",
            True,
        )
        return
    chosen = ask_save_path(parent, "Export the invitation", "interview.ics", "Calendar (*.ics)")
    if not chosen:
        return

    def work(_progress: Progress) -> Path:
        found = interview(database, interview_id)
        data = invitation(found, sender.name or sender.email, sender.email, datetime.now(UTC))
        return write_invitation(Path(chosen), data)

    def failed(error: BaseException) -> None:
        if isinstance(error, KnownError):
            said(str(error), True)
        else:
            operations.report_failure("Exporting an invitation", error)

    operations.query(
        parent,
        work,
        lambda path: said(f"Invitation saved as {path.name}.", False),
        on_failure=failed,
    )


class InterviewDialog(QDialog):
    """Kind, start with its time zone, length, interviewers and place; Save schedules
    it, then Export .ics is offered."""

    scheduled = Signal(int)

    def __init__(
        self,
        database: Database,
        operations: Operations,
        candidate: CandidateDetails,
        applications: list[ApplicationView],
        *,
        application_id: int | None,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        """``candidate`` and their ``applications`` as the pane read them."""
        super().__init__(parent)
        self.setObjectName("interviewDialog")
        self.setWindowTitle("Schedule an interview")
        self.setMinimumWidth(520)
        self.database = database
        self.operations = operations
        self.settings = settings
        self.interview_id: int | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.application_combo = applications_combo(
            applications, application_id, "interviewApplication"
        )
        form.addRow("Application", self.application_combo)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("interviewKind")
        for kind in InterviewKind:
            self.kind_combo.addItem(KIND_TITLES[kind.value], kind.value)
        form.addRow("Kind", self.kind_combo)
        self.start_edit = QDateTimeEdit()
        self.start_edit.setObjectName("interviewStart")
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        tomorrow = QDateTime.currentDateTime().addDays(1)
        tomorrow.setTime(QTime(10, 0))
        self.start_edit.setDateTime(tomorrow)
        self.zone_combo = QComboBox()
        self.zone_combo.setObjectName("interviewZone")
        self.zone_combo.setEditable(True)
        self.zone_combo.addItems(sorted(available_timezones()))
        self.zone_combo.setCurrentText(local_zone())
        when = QHBoxLayout()
        when.addWidget(self.start_edit, 1)
        when.addWidget(self.zone_combo, 1)
        form.addRow("Starts", when)
        self.minutes_spin = QSpinBox()
        self.minutes_spin.setObjectName("interviewMinutes")
        self.minutes_spin.setRange(*MINUTES_RANGE)
        self.minutes_spin.setSingleStep(15)
        self.minutes_spin.setValue(60)
        self.minutes_spin.setSuffix(" min")
        form.addRow("Length", self.minutes_spin)
        self.interviewers_edit = QLineEdit()
        self.interviewers_edit.setObjectName("interviewers")
        self.interviewers_edit.setPlaceholderText("Names, separated by commas")
        form.addRow("Interviewers", self.interviewers_edit)
        self.place_edit = QLineEdit()
        self.place_edit.setObjectName("interviewPlace")
        self.place_edit.setPlaceholderText("A room, an address or a video link")
        form.addRow("Place or link", self.place_edit)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("interviewMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.export_button = QPushButton("Export .ics…")
        self.export_button.setObjectName("interviewExport")
        self.export_button.setEnabled(False)
        self.invite_button = QPushButton("Send invitation…")
        self.invite_button.setObjectName("interviewInvite")
        self.invite_button.setToolTip("The invitation message with the .ics attached")
        self.invite_button.setEnabled(False)
        self.save_button = QPushButton("Schedule")
        self.save_button.setObjectName("interviewSave")
        self.save_button.setProperty("primary", True)
        close = QPushButton("Close")
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.invite_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.export_button.clicked.connect(self.export)
        self.invite_button.clicked.connect(self.invite)
        self.candidate_id = candidate.id
        #: The invitation's message dialog, once opened (tests reach it).
        self.invite_dialog: OutreachDialog | None = None
        close.clicked.connect(self.accept)
        if self.application_combo.count() == 0:
            self.save_button.setEnabled(False)
            self.show_message("Put the candidate on a position's board first.", error=True)

    def plan(self) -> InterviewPlan:
        start = self.start_edit.dateTime()
        local = datetime(
            start.date().year(),
            start.date().month(),
            start.date().day(),
            start.time().hour(),
            start.time().minute(),
        )
        names = tuple(name.strip() for name in self.interviewers_edit.text().split(","))
        return InterviewPlan(
            kind=InterviewKind(str(self.kind_combo.currentData())),
            local_start=local,
            time_zone=self.zone_combo.currentText().strip(),
            minutes=self.minutes_spin.value(),
            interviewers=tuple(name for name in names if name),
            place=self.place_edit.text(),
        )

    def save(self) -> None:
        application_id = int(self.application_combo.currentData())
        plan = self.plan()
        database = self.database

        def work(_progress: Progress) -> Scheduled:
            interview_id, changes = schedule_interview(database, application_id, plan)
            return Scheduled(interview_id, changes)

        self.save_button.setEnabled(False)
        self.operations.write(self, work, self._saved, on_failure=self._failed)

    def _saved(self, result: Scheduled) -> None:
        self.interview_id = result.interview_id
        self.export_button.setEnabled(True)
        self.invite_button.setEnabled(True)
        plan = self.plan()
        end = plan.local_start + timedelta(minutes=plan.minutes)
        self.show_message(
            f"Scheduled for {plan.local_start:%a %d %b %H:%M} to {end:%H:%M} "
            f"{plan.time_zone}. Export the invitation for the calendars."
        )
        self.scheduled.emit(result.interview_id)

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, KnownError):
            self.show_message(one_sentence(error), error=True)
        else:
            self.operations.report_failure("Scheduling an interview", error)

    def export(self) -> None:
        if self.interview_id is not None:
            export_invitation(
                self,
                self.operations,
                self.database,
                self.interview_id,
                self.settings,
                lambda text, error: self.show_message(text, error=error),
            )

    def invite(self) -> None:
        """The invitation template with this interview's ``.ics`` attached, in the
        outreach dialog (so it is checked, sent and logged like any message)."""
        interview_id = self.interview_id
        if interview_id is None:
            return
        sender = saved_sender(self.settings)
        if not sender.email:
            self.show_message(
                "Enter your e-mail address in Settings (Outgoing mail): an invitation names "
                "its organiser.",
                error=True,
            )
            return
        database = self.database

        def work(_progress: Progress) -> tuple[InterviewView, tuple[str, str, bytes]]:
            found = interview(database, interview_id)
            return found, invitation_attachment(found, sender)

        self.operations.query(self, work, self._open_invitation)

    def _open_invitation(self, built: tuple[InterviewView, tuple[str, str, bytes]]) -> None:
        found, attachment = built
        dialog = OutreachDialog(
            self.database,
            self.operations,
            self.candidate_id,
            settings=self.settings,
            kind=MessageKind.INTERVIEW_INVITATION,
            position_id=found.position_id,
            attachments=(attachment,),
            parent=self,
        )
        dialog.delivered.connect(lambda text: self.show_message(text))
        self.invite_dialog = dialog
        dialog.open()

    def show_message(self, text: str, *, error: bool = False) -> None:
        show_message(self.message, text, error=error)
