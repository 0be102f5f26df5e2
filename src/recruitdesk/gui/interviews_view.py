"""The Interviews page: upcoming interviews soonest first (each can be exported as an
``.ics`` invitation or opened in the candidate pane), and what is owed: scorecards still
empty the day after an interview, and follow-ups that fell due without a reply.

:class:`RemindersNotice` says the same in the status bar. Both read in the background
(docs/architecture.md, "Background operations") when the change signal names
candidates or applications.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from recruitdesk import APP_NAME
from recruitdesk.domain.wording import clock_time, count
from recruitdesk.gui.candidate.interview_dialog import export_invitation
from recruitdesk.gui.candidate.outreach_dialog import OutreachDialog
from recruitdesk.gui.candidate.timeline import KIND_WORDS
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.owed_notice import OwedNotice
from recruitdesk.gui.shown_reads import ShownReads
from recruitdesk.gui.tables import make_tree
from recruitdesk.outreach.calendar import KIND_TITLES
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.interviews import (
    SCORECARD_GRACE,
    InterviewView,
    scorecards_overdue,
    upcoming_interviews,
)
from recruitdesk.storage.outreach import FollowUp, due_follow_ups

COLUMNS = ("When", "Candidate", "Position", "Kind", "Length", "With", "Place or link")
#: (interview id or None, candidate id, application id or 0)
_RowRole = Qt.ItemDataRole.UserRole + 1
#: The due follow-up of an owed row (None for a scorecard).
_FollowUpRole = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True, slots=True)
class Agenda:
    upcoming: list[InterviewView]
    overdue: list[InterviewView]
    follow_ups: list[FollowUp]

    def reminder(self) -> str:
        """The status bar's sentence, or ``""`` when nothing is owed."""
        parts = []
        if self.overdue:
            parts.append(f"{count(len(self.overdue), 'scorecard')} overdue")
        if self.follow_ups:
            parts.append(f"{count(len(self.follow_ups), 'follow-up')} due")
        return " · ".join(parts)


def read_agenda(database: Database, now: datetime | None = None) -> Agenda:
    now = now or datetime.now(UTC)
    return Agenda(
        upcoming_interviews(database, now),
        scorecards_overdue(database, now),
        due_follow_ups(database, now),
    )


def _concerns_us(changes: Changes) -> bool:
    return bool(changes.everything or changes.candidates or changes.applications)


def in_its_zone(moment: datetime, zone: str) -> str:
    """A moment as the organiser gave it: "Wed 2 Dec 10:00 CET (Europe/Warsaw)"."""
    local = moment.astimezone(ZoneInfo(zone))
    place = zone.replace("_", " ")
    return f"{local:%a} {local.day} {local:%b %H:%M} {local:%Z} ({place})"


def _item(texts: list[str], row: tuple[int | None, int, int]) -> QTreeWidgetItem:
    item = QTreeWidgetItem(texts)
    item.setData(0, _RowRole, row)
    return item


class InterviewsView(QWidget):
    """Upcoming interviews, then overdue scorecards and due follow-ups."""

    candidate_opened = Signal(int, int)
    message = Signal(str)

    def __init__(self, database: Database, hub: ChangesHub, operations: Operations) -> None:
        super().__init__()
        self.setObjectName("interviewsView")
        self.database = database
        self.operations = operations
        self.settings = QSettings(APP_NAME, APP_NAME, self)
        self.agenda: Agenda | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        title = QLabel("Upcoming interviews")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.empty = QLabel("No interviews ahead. Schedule one from a candidate's Outreach tab.")
        self.empty.setProperty("class", "muted")
        layout.addWidget(self.empty)
        self.upcoming = make_tree("upcomingInterviews", COLUMNS)
        layout.addWidget(self.upcoming, 3)
        buttons = QHBoxLayout()
        self.export_button = QPushButton("Export .ics…")
        self.export_button.setObjectName("exportInterview")
        self.open_button = QPushButton("Open candidate")
        self.open_button.setObjectName("openInterviewCandidate")
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        owed = QLabel("Owed")
        owed.setObjectName("pageTitle")
        layout.addWidget(owed)
        self.owed = make_tree("owedReminders", ("Due since", "Candidate", "What"))
        layout.addWidget(self.owed, 2)
        owed_buttons = QHBoxLayout()
        self.draft_button = QPushButton("Draft follow-up…")
        self.draft_button.setObjectName("draftFollowUp")
        self.draft_button.setToolTip("The sequence's next message, filled in and ready to send")
        owed_buttons.addWidget(self.draft_button)
        owed_buttons.addStretch(1)
        layout.addLayout(owed_buttons)
        #: The last drafted follow-up's dialog (tests reach it).
        self.draft_dialog: OutreachDialog | None = None

        self.export_button.clicked.connect(self.export_selected)
        self.open_button.clicked.connect(self.open_selected)
        self.upcoming.itemSelectionChanged.connect(self._update_buttons)
        self.upcoming.itemDoubleClicked.connect(lambda *_: self.open_selected())
        self.owed.itemDoubleClicked.connect(self._open_owed)
        self.owed.itemSelectionChanged.connect(self._update_buttons)
        self.draft_button.clicked.connect(self.draft_selected)
        #: The agenda's reads: when first shown, and when shown after changes.
        self.reads = ShownReads(self, operations, self.reload)
        hub.changed.connect(self._on_changes)
        self._update_buttons()

    def _on_changes(self, changes: Changes) -> None:
        if _concerns_us(changes):
            self.reads.changed()

    def reload(self) -> None:
        database = self.database
        self.reads.query(lambda _p: read_agenda(database), self.show_agenda)

    def show_agenda(self, agenda: Agenda) -> None:
        self.agenda = agenda
        self.upcoming.clear()
        for interview in agenda.upcoming:
            self.upcoming.addTopLevelItem(
                _item(
                    [
                        in_its_zone(interview.starts_at, interview.time_zone),
                        interview.candidate_name,
                        interview.position_title,
                        KIND_TITLES.get(interview.kind.value, interview.kind.value),
                        f"{interview.minutes} min",
                        ", ".join(interview.interviewers),
                        interview.place or "",
                    ],
                    (interview.id, interview.candidate_id, interview.application_id),
                )
            )
        self.empty.setVisible(not agenda.upcoming)
        self.owed.clear()
        for late in agenda.overdue:
            due_at = late.starts_at + timedelta(minutes=late.minutes) + SCORECARD_GRACE
            self.owed.addTopLevelItem(
                _item(
                    [
                        clock_time(due_at),
                        late.candidate_name,
                        f"Scorecard of the {KIND_TITLES[late.kind.value].lower()} "
                        f"({late.position_title}) is empty",
                    ],
                    (None, late.candidate_id, late.application_id),
                )
            )
        for due in agenda.follow_ups:
            item = _item(
                [
                    clock_time(due.due_at),
                    due.name,
                    f"No reply to the {KIND_WORDS[due.sent]}: a {KIND_WORDS[due.next_step]} is due",
                ],
                (None, due.candidate_id, 0),
            )
            item.setData(0, _FollowUpRole, due)
            self.owed.addTopLevelItem(item)
        for tree in (self.upcoming, self.owed):
            for column in range(tree.columnCount() - 1):
                tree.resizeColumnToContents(column)
        self._update_buttons()

    def _selected(self) -> tuple[int | None, int, int] | None:
        items = self.upcoming.selectedItems()
        if not items:
            return None
        row: tuple[int | None, int, int] = items[0].data(0, _RowRole)
        return row

    def _update_buttons(self) -> None:
        chosen = self._selected() is not None
        self.export_button.setEnabled(chosen)
        self.open_button.setEnabled(chosen)
        self.draft_button.setEnabled(self._selected_follow_up() is not None)

    def _selected_follow_up(self) -> FollowUp | None:
        items = self.owed.selectedItems()
        due = items[0].data(0, _FollowUpRole) if items else None
        return due if isinstance(due, FollowUp) else None

    def draft_selected(self) -> None:
        """The next step of the selected follow-up, drafted in the outreach dialog for
        the position of the message that went unanswered."""
        due = self._selected_follow_up()
        if due is None:
            return
        dialog = OutreachDialog(
            self.database,
            self.operations,
            due.candidate_id,
            settings=self.settings,
            kind=due.next_step,
            position_id=due.position_id,
            parent=self,
        )
        dialog.delivered.connect(self.message)
        self.draft_dialog = dialog
        dialog.open()

    def export_selected(self) -> None:
        row = self._selected()
        if row is None or row[0] is None:
            return
        export_invitation(
            self,
            self.operations,
            self.database,
            row[0],
            self.settings,
            lambda text, _error: self.message.emit(text),
        )

    def open_selected(self) -> None:
        row = self._selected()
        if row is not None:
            self.candidate_opened.emit(row[1], row[2])

    def _open_owed(self, item: QTreeWidgetItem) -> None:
        row: tuple[int | None, int, int] = item.data(0, _RowRole)
        self.candidate_opened.emit(row[1], row[2])


class RemindersNotice(OwedNotice[Agenda]):
    """The status bar's "2 scorecards overdue · 1 follow-up due"; a click shows the
    Interviews page."""

    def __init__(self, database: Database, hub: ChangesHub, operations: Operations) -> None:
        self.agenda: Agenda | None = None
        super().__init__(
            "remindersNotice",
            "Show them on the Interviews page",
            hub,
            operations,
            _concerns_us,
            lambda: read_agenda(database),
        )

    def show_owed(self, owed: Agenda) -> None:
        self.agenda = owed
        text = owed.reminder()
        self.setText(text)
        self.setVisible(bool(text))
