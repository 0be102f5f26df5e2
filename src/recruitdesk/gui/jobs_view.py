"""The Jobs view: the GitHub analysis queue with progress bars, states, the workstation
that runs (or last ran) each job, the last error, and cancel and retry.

The view reads the queue (``list_jobs``) in the background when the change signal names
jobs and the view is in sight (else when it is next shown), and takes live progress
from the :class:`JobManager`'s signal, so a running job's bar moves without a database
read. A delegate paints the bars.
"""

from collections.abc import Sized
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.taxonomy import JobState
from recruitdesk.domain.wording import clock_time
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.shown_reads import ShownReads
from recruitdesk.gui.style import colors
from recruitdesk.gui.tables import RowTableModel
from recruitdesk.jobs.manager import JobManager
from recruitdesk.jobs.runner import INTERRUPTED
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.jobs_queue import JobView, WaitReason, list_jobs

COLUMNS = ("Candidate", "State", "Progress", "Tries", "Workstation", "Details")
CANDIDATE, STATE, PROGRESS, TRIES, WORKSTATION, DETAILS = range(len(COLUMNS))
JobIdRole = Qt.ItemDataRole.UserRole + 1
#: The fraction 0..1 a progress bar shows.
ProgressRole = Qt.ItemDataRole.UserRole + 2
JobStateRole = Qt.ItemDataRole.UserRole + 3
#: How many jobs the view lists (newest first).
MAX_ROWS = 500


def _time(moment: datetime | None) -> str:
    return clock_time(moment) if moment is not None else "soon"


def state_text(job: JobView) -> str:
    """What the State column says: waiting jobs say what they wait for, and until when."""
    if job.state is JobState.WAITING:
        when = _time(job.next_attempt_at)
        if job.wait_reason is WaitReason.RATE_LIMITED:
            return f"Rate-limited until {when}"
        if job.wait_reason is WaitReason.OFFLINE:
            return f"Offline · retry {when}"
        if job.wait_reason is WaitReason.INTERRUPTED:
            return "Interrupted · resumes"
        return f"Waiting · retry {when}"
    return job.state.value.capitalize()


def detail_text(job: JobView, live: str | None) -> str:
    if job.state is JobState.RUNNING:
        # Another workstation's job has no live text here, only its stored progress.
        return live or ("Under way" if job.progress > 0 else "Starting")
    error = job.last_error or ""
    if job.state is JobState.WAITING and job.wait_reason is WaitReason.INTERRUPTED:
        return error or INTERRUPTED
    if job.state is JobState.DONE:
        return "Analysed: see the candidate's Analysis tab"
    if job.state is JobState.QUEUED:
        return error or "Waiting for a free worker"
    if job.state is JobState.CANCELLED:
        return "Cancelled; Retry queues it again"
    return error


def workstation_text(job: JobView, tooltip: bool = False) -> str:
    """Who runs a running job (who ran it last, for the others); the tooltip adds
    until when a running job's lease holds (docs/architecture.md, "The shared analysis
    queue")."""
    if job.workstation is None:
        return ""
    if not tooltip:
        return job.workstation
    if job.state is JobState.RUNNING and job.lease_until is not None:
        return f"Runs on {job.workstation}; its lease holds until {clock_time(job.lease_until)}"
    return f"Last ran on {job.workstation}"


class JobsModel(RowTableModel):
    """The queue's jobs, newest first, with live progress for running ones."""

    columns = COLUMNS

    def __init__(self, manager: JobManager, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.manager = manager
        self.jobs: list[JobView] = []
        self._rows: dict[int, int] = {}
        manager.progress.connect(self.set_progress)

    def set_jobs(self, jobs: list[JobView]) -> None:
        self.beginResetModel()
        self.jobs = jobs
        self._rows = {job.id: row for row, job in enumerate(self.jobs)}
        self.endResetModel()

    def row_of(self, job_id: int) -> int | None:
        return self._rows.get(job_id)

    def set_progress(self, job_id: int, _fraction: float, _text: str) -> None:
        """A running job moved (the manager keeps the value): repaint its row."""
        row = self._rows.get(job_id)
        if row is None:
            return
        self.dataChanged.emit(self.index(row, PROGRESS), self.index(row, DETAILS))

    def table_rows(self) -> Sized:
        return self.jobs

    def _fraction(self, job: JobView) -> float:
        if job.state is JobState.DONE:
            return 1.0
        live = self.manager.live.get(job.id)
        return live[0] if live is not None else job.progress

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.jobs):
            return None
        job = self.jobs[index.row()]
        column = index.column()
        if role == JobIdRole:
            return job.id
        if role == JobStateRole:
            return job.state.value
        if role == ProgressRole:
            return self._fraction(job)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(job, column, role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.ForegroundRole and column == STATE:
            return self._state_color(job)
        return None

    def _text(self, job: JobView, column: int, tooltip: bool) -> str | None:
        if column == CANDIDATE:
            if not job.login:  # a sourcing run
                return job.candidate_name
            return f"{job.candidate_name}  ·  {job.login}" if not tooltip else job.login
        if column == STATE:
            return state_text(job)
        if column == PROGRESS:
            return f"{self._fraction(job):.0%}"
        if column == TRIES:
            return str(job.attempts)
        if column == WORKSTATION:
            return workstation_text(job, tooltip)
        live = self.manager.live.get(job.id)
        return detail_text(job, live[1] if live else None)

    def _state_color(self, job: JobView) -> QColor:
        scheme = colors()
        if job.state is JobState.FAILED:
            return QColor(scheme["danger"])
        if job.state is JobState.DONE:
            return QColor(scheme["success"])
        if job.state in (JobState.WAITING, JobState.CANCELLED):
            return QColor(scheme["muted"])
        return QColor(scheme["accent"])


class ProgressDelegate(QStyledItemDelegate):
    """A slim rounded progress bar with the percentage beside it."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        scheme = colors()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect: QRect = option.rect
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, option.palette.color(QPalette.ColorRole.Highlight).lighter(190))
        fraction = float(index.data(ProgressRole) or 0.0)
        state = str(index.data(JobStateRole) or "")
        text = f"{fraction:.0%}"
        metrics = option.fontMetrics
        text_width = metrics.horizontalAdvance("100%") + 8
        bar = QRect(rect.left() + 8, rect.center().y() - 4, rect.width() - text_width - 16, 8)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(scheme["border"]))
        painter.drawRoundedRect(bar, 4, 4)
        if fraction > 0 and bar.width() > 0:
            filled = QRect(bar)
            filled.setWidth(max(8, round(bar.width() * min(1.0, fraction))))
            fill = {
                JobState.DONE.value: scheme["success"],
                JobState.FAILED.value: scheme["danger"],
                JobState.CANCELLED.value: scheme["muted"],
                JobState.WAITING.value: scheme["muted"],
            }.get(state, scheme["accent"])
            painter.setBrush(QColor(fill))
            painter.drawRoundedRect(filled, 4, 4)
        painter.setPen(QColor(scheme["muted"]))
        text_rect = QRect(bar.right() + 8, rect.top(), text_width, rect.height())
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text
        )
        painter.restore()

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(160, 34)


class JobsView(QWidget):
    """The Jobs page: the list, cancel and retry, and the queue's summary."""

    def __init__(
        self,
        manager: JobManager,
        hub: ChangesHub,
        operations: Operations,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("jobsView")
        self.manager = manager
        #: The list is read when first shown, and when shown after changes.
        self.reads = ShownReads(self, operations, self.reload)
        self.model = JobsModel(manager, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        bar = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("jobsSummary")
        self.summary.setProperty("class", "muted")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelJobs")
        self.cancel_button.setToolTip("Cancel the selected jobs (Del); a running one stops")
        self.cancel_button.setShortcut("Del")
        self.retry_button = QPushButton("Retry")
        self.retry_button.setObjectName("retryJobs")
        self.retry_button.setToolTip(
            "Queue the selected failed or cancelled jobs again; waiting ones try now"
        )
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.retry_button)
        layout.addLayout(bar)
        self.table = QTableView()
        self.table.setObjectName("jobsTable")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(PROGRESS, ProgressDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(44)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(CANDIDATE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(STATE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(PROGRESS, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(TRIES, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(WORKSTATION, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(DETAILS, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(CANDIDATE, 200)
        self.table.setColumnWidth(STATE, 172)
        self.table.setColumnWidth(PROGRESS, 150)
        self.table.setColumnWidth(TRIES, 48)
        self.table.setColumnWidth(WORKSTATION, 150)
        self.table.setWordWrap(True)  # a long last error takes a second line
        # Fixed heights: no Python size hints per repaint while workers hold the GIL.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(
            "No analysis jobs yet. Choose “Analyse GitHub” on a candidate, or on cards "
            "selected on the board: the jobs run here in the background, wait while you "
            "are offline or rate-limited, and resume after a restart."
        )
        self.empty.setObjectName("jobsEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty, 1)
        self.empty.hide()  # until the first read says whether there are jobs

        self.cancel_button.clicked.connect(self.cancel_selected)
        self.retry_button.clicked.connect(self.retry_selected)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        manager.summary_changed.connect(self.summary.setText)
        manager.job_ended.connect(self._job_ended)
        hub.changed.connect(self.on_changes)
        self.summary.setText(manager.summary())
        self._update_buttons()

    # -- selection -------------------------------------------------------------------

    def selected_jobs(self) -> list[JobView]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.jobs[row] for row in rows if row < len(self.model.jobs)]

    def select_jobs(self, job_ids: list[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        for job_id in job_ids:
            row = self.model.row_of(job_id)
            if row is not None:
                selection.select(
                    self.model.index(row, 0),
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )

    def _update_buttons(self) -> None:
        jobs = self.selected_jobs()
        active = {JobState.QUEUED, JobState.RUNNING, JobState.WAITING}
        ended = {JobState.FAILED, JobState.CANCELLED, JobState.WAITING}
        self.cancel_button.setEnabled(any(job.state in active for job in jobs))
        self.retry_button.setEnabled(any(job.state in ended for job in jobs))

    def _update_empty(self) -> None:
        has_jobs = bool(self.model.jobs)
        self.table.setVisible(has_jobs)
        self.empty.setVisible(not has_jobs)
        # Nothing to cancel or retry: no buttons that look as if there were.
        self.cancel_button.setVisible(has_jobs)
        self.retry_button.setVisible(has_jobs)

    # -- actions ---------------------------------------------------------------------

    def cancel_selected(self) -> None:
        ids = [job.id for job in self.selected_jobs()]
        if ids:
            self.manager.cancel(ids)

    def retry_selected(self) -> None:
        ids = [job.id for job in self.selected_jobs()]
        if ids:
            self.manager.retry(ids)

    # -- refreshing ------------------------------------------------------------------

    def reload(self) -> None:
        """Read the newest jobs in the background."""
        database = self.manager.database
        self.reads.query(lambda _p: list_jobs(database)[:MAX_ROWS], self._listed)

    def _listed(self, jobs: list[JobView]) -> None:
        chosen = [job.id for job in self.selected_jobs()]
        self.model.set_jobs(jobs)
        self.select_jobs(chosen)
        self._update_empty()

    def on_changes(self, changes: Changes) -> None:
        if changes.everything or changes.jobs:
            self.reads.changed()

    def _job_ended(self, job_id: int, _ending: str, _message: str) -> None:
        if self.model.row_of(job_id) is not None:
            self.reads.changed()
