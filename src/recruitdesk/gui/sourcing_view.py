"""The Sourcing view: find people on GitHub (a repository's contributors, or a user
search), see what adding them would do before anything is stored, and add the ones
ticked to a position as sourced; and the sourcing notices owed.

A run is a job of the persistent queue (``jobs/sourcing.py``, run by the
``JobManager`` like an analysis, listed in the Jobs view), with its progress and Cancel
here. It keeps its state in the database: a quit leaves it to resume at the next start,
a cancelled one is offered again ("Resume") and goes on from where it stopped. When it
ends, its people are previewed here; nothing is added until the recruiter adds them.
Adding queues a GitHub analysis of each person; the ranked matches show them as the
analyses land.
"""

from datetime import UTC, datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.analysis.github.people import DEFAULT_PEOPLE_LIMIT, SEARCH_RESULT_CAP
from recruitdesk.analysis.github.run_state import REPO, SEARCH, RunState
from recruitdesk.domain.wording import count
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.notices_due import NoticesList
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.shown_reads import ShownReads
from recruitdesk.gui.sourcing_model import SourcingModel, fit_columns, preview_table
from recruitdesk.jobs.manager import JobManager
from recruitdesk.jobs.sourcing import Preview, add_people, preview_run, queue_sourcing
from recruitdesk.progress import Progress
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.jobs_queue import WaitReason
from recruitdesk.storage.notices import count_notices_due
from recruitdesk.storage.positions import PositionDetails, list_positions
from recruitdesk.storage.sourcing import SourcingOutcome, Status
from recruitdesk.storage.sourcing_runs import QueuedRun, RunView, StoredRun, drop_run, latest_run

KINDS = (
    (REPO, "Contributors of a repository", "OWNER/NAME, e.g. fastapi/fastapi"),
    (SEARCH, "GitHub user search", "e.g. language:python location:Poland followers:>20"),
)
HINTS = {
    REPO: "The repository's contributors by commits, bots left out, each with their public "
    "profile. Nothing is stored until you add them.",
    SEARCH: f"GitHub's user search gives at most the first {SEARCH_RESULT_CAP:,} results, "
    "30 searches a minute. Nothing is stored until you add them.",
}
MAX_PEOPLE = 1000
RUN_TITLE = "Sourcing from GitHub"

#: What the page shows beside a preview: the open positions, the newest run and how
#: many sourcing notices are owed.
SourcingRead = tuple[list[PositionDetails], RunView | None, int]


def read_sourcing(database: Database) -> SourcingRead:
    owed = count_notices_due(database, datetime.now(UTC).date()).due
    return list_positions(database, open_only=True), latest_run(database), owed


class SourcingView(QWidget):
    """Find people on GitHub and add them to a position as sourced."""

    candidate_opened = Signal(int)
    message = Signal(str)

    def __init__(
        self, database: Database, hub: ChangesHub, operations: Operations, jobs: JobManager
    ) -> None:
        super().__init__()
        self.setObjectName("sourcingView")
        self.database = database
        self.operations = operations
        self.jobs = jobs
        self.stopped: StoredRun | None = None
        #: The job of the run under way (``None``: none is).
        self.job_id: int | None = None
        #: The run whose preview the table shows, with the job that found it.
        self.shown: tuple[int, int | None] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 12)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("sourcingTabs")
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._finder(), "Find people")
        self.notices = NoticesList(database, hub, operations)
        self.tabs.addTab(self.notices, "Notices due")
        self.notices.counted.connect(self._notices_counted)
        self.notices.message.connect(self.message)
        self.notices.candidate_opened.connect(self.candidate_opened)
        #: The positions, the run and the notices owed: read when first shown, and
        #: when shown after changes.
        self.reads = ShownReads(self, operations, self.refresh)
        hub.changed.connect(self._on_changes)
        jobs.progress.connect(self._job_progress)
        jobs.job_ended.connect(self._job_ended)
        self._kind_chosen()

    @property
    def running(self) -> bool:
        return self.job_id is not None

    # -- building ---------------------------------------------------------------------

    def _finder(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        form = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.setObjectName("sourcingKind")
        for key, label, _placeholder in KINDS:
            self.kind.addItem(label, key)
        self.target = QLineEdit()
        self.target.setObjectName("sourcingTarget")
        self.target.setClearButtonEnabled(True)
        self.limit = QSpinBox()
        self.limit.setObjectName("sourcingLimit")
        self.limit.setRange(1, MAX_PEOPLE)
        self.limit.setValue(DEFAULT_PEOPLE_LIMIT)
        self.limit.setPrefix("up to ")
        self.limit.setSuffix(" people")
        self.run_button = QPushButton("Find people")
        self.run_button.setObjectName("runSourcing")
        self.run_button.setDefault(True)
        form.addWidget(self.kind)
        form.addWidget(self.target, 1)
        form.addWidget(self.limit)
        form.addWidget(self.run_button)
        layout.addLayout(form)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setProperty("class", "muted")
        layout.addWidget(self.hint)
        stopped = QHBoxLayout()
        self.stopped_label = QLabel()
        self.stopped_label.setObjectName("stoppedRun")
        self.stopped_label.setWordWrap(True)
        self.resume_button = QPushButton("Resume")
        self.resume_button.setObjectName("resumeSourcing")
        self.discard_button = QPushButton("Discard")
        stopped.addWidget(self.stopped_label, 1)
        stopped.addWidget(self.resume_button)
        stopped.addWidget(self.discard_button)
        self.stopped_row = QWidget()
        self.stopped_row.setLayout(stopped)
        stopped.setContentsMargins(0, 0, 0, 0)
        self.stopped_row.hide()
        layout.addWidget(self.stopped_row)
        under_way = QHBoxLayout()
        under_way.setContentsMargins(0, 0, 0, 0)
        self.run_label = QLabel()
        self.run_label.setObjectName("sourcingRunText")
        self.run_bar = QProgressBar()
        self.run_bar.setObjectName("sourcingRunBar")
        self.run_bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelSourcing")
        under_way.addWidget(self.run_label, 2)
        under_way.addWidget(self.run_bar, 1)
        under_way.addWidget(self.cancel_button)
        self.run_row = QWidget()
        self.run_row.setLayout(under_way)
        self.run_row.hide()
        layout.addWidget(self.run_row)
        self.model = SourcingModel(self)
        self.table = preview_table(self.model)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.summary = QLabel("Enter a repository or a search, then Find people.")
        self.summary.setObjectName("sourcingSummary")
        self.summary.setWordWrap(True)
        self.position = QComboBox()
        self.position.setObjectName("sourcingPosition")
        self.position.setMinimumContentsLength(26)
        self.position.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.add_button = QPushButton("Add to position")
        self.add_button.setObjectName("addSourced")
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(QLabel("Position"))
        bottom.addWidget(self.position)
        bottom.addWidget(self.add_button)
        layout.addLayout(bottom)

        self.kind.currentIndexChanged.connect(self._kind_chosen)
        self.target.returnPressed.connect(self.run)
        self.run_button.clicked.connect(self.run)
        self.resume_button.clicked.connect(self.resume)
        self.discard_button.clicked.connect(self.discard)
        self.cancel_button.clicked.connect(self.cancel)
        self.add_button.clicked.connect(self.add_ticked)
        self.model.dataChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.position.currentIndexChanged.connect(self._update_buttons)
        return page

    def focus_filter(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.target.setFocus()
        self.target.selectAll()

    # -- state ------------------------------------------------------------------------

    def _kind_chosen(self) -> None:
        key = self.kind.currentData()
        placeholder = next(p for k, _label, p in KINDS if k == key)
        self.target.setPlaceholderText(placeholder)
        self.hint.setText(HINTS[key])

    def _on_changes(self, changes: Changes) -> None:
        # A run's job changes when another workstation runs it or it was cancelled
        # elsewhere; candidates change the notices owed.
        ours = self.job_id is not None and self.job_id in changes.jobs
        if changes.everything or changes.positions or changes.candidates or ours:
            self.reads.changed()

    def _notices_counted(self, owed: int) -> None:
        self.tabs.setTabText(1, f"Notices due ({owed})" if owed else "Notices due")

    def refresh(self) -> None:
        """Read the positions, the newest run and the notices owed in the background."""
        database = self.database
        self.reads.query(lambda _p: read_sourcing(database), self._show_read)

    def _show_read(self, read: SourcingRead) -> None:
        positions, run, owed = read
        self.show_positions(positions)
        self.show_run(run)
        self._notices_counted(owed)

    def show_positions(self, positions: list[PositionDetails]) -> None:
        keep = self.position.currentData()
        self.position.blockSignals(True)
        self.position.clear()
        for position in positions:
            self.position.addItem(position.name, position.id)
        found = self.position.findData(keep) if keep is not None else -1
        self.position.setCurrentIndex(max(0, found))
        self.position.blockSignals(False)
        self._update_buttons()

    def show_run(self, view: RunView | None) -> None:
        """Show the newest run: under way, stopped, or finished with its preview."""
        self.job_id = view.job_id if view is not None and view.active else None
        self.stopped = None
        if view is not None and view.active:
            state = RunState.from_json(view.run.state)
            self._show_under_way(view.progress, f"Finding people: {state.describe()}")
            if view.wait_reason is WaitReason.RATE_LIMITED:
                self.run_label.setText(f"Waiting for GitHub's rate limit: {view.last_error}")
        elif view is not None and (found := view.found) is not None:
            if self.shown != (view.run.id, view.job_id):
                self.shown = (view.run.id, view.job_id)
                database = self.database
                self.operations.write(
                    self, lambda _p: preview_run(database, view, found), self.show_preview
                )
        elif view is not None:
            self.stopped = view.run
            state = RunState.from_json(view.run.state)
            why = f" ({view.last_error})" if view.last_error else ""
            self.stopped_label.setText(f"A run stopped before it ended: {state.describe()}{why}.")
        self.run_row.setVisible(self.running)
        self.stopped_row.setVisible(self.stopped is not None and not self.running)
        self._update_buttons()

    def _show_under_way(self, fraction: float, text: str) -> None:
        # Until the listing is read the share done is not known: a busy bar.
        self.run_bar.setRange(0, 1000 if fraction > 0 else 0)
        self.run_bar.setValue(int(fraction * 1000))
        self.run_label.setText(text[:1].upper() + text[1:])
        self.run_row.show()

    def _job_progress(self, job_id: int, fraction: float, text: str) -> None:
        if job_id == self.job_id:
            self._show_under_way(fraction, text)

    def _job_ended(self, job_id: int, ending: str, message: str) -> None:
        if job_id == self.job_id:
            if ending == "failed":
                self.message.emit(f"{RUN_TITLE}: {message}")
            self.reads.changed()

    def _update_buttons(self) -> None:
        ticked = len(self.model.ticked())
        self.add_button.setEnabled(
            bool(ticked) and self.position.currentData() is not None and not self.running
        )
        self.add_button.setText(f"Add {count(ticked, 'person', 'people')} to position")
        self.run_button.setEnabled(not self.running)
        self.resume_button.setEnabled(not self.running)

    # -- running ----------------------------------------------------------------------

    def run(self) -> None:
        self._start(str(self.kind.currentData()), self.target.text(), self.limit.value())

    def resume(self) -> None:
        if self.stopped is not None:
            state = RunState.from_json(self.stopped.state)
            self._start(state.kind, state.target, state.limit)

    def discard(self) -> None:
        if self.stopped is None:
            return
        database, run_id = self.database, self.stopped.id
        self.operations.write(
            self, lambda _p: drop_run(database, run_id), lambda _changes: self.refresh()
        )

    def cancel(self) -> None:
        if self.job_id is not None:
            self.jobs.cancel([self.job_id])
            self.summary.setText("Cancelled. Resume goes on where the run stopped.")
            self.refresh()

    def _start(self, kind: str, target: str, limit: int) -> None:
        if self.running:
            return
        database, position = self.database, self.position.currentData()

        def work(_progress: Progress) -> QueuedRun:
            return queue_sourcing(database, kind, target, limit, position)

        self.stopped_row.hide()
        self.summary.setText(f"Finding people: {target.strip()}…")
        self.operations.write(self, work, self._queued, title=RUN_TITLE)

    def _queued(self, queued: QueuedRun) -> None:
        self.job_id = queued.job_id
        self._show_under_way(
            0.0, "Queued" + (": it goes on where it stopped" if queued.resumed else "")
        )
        self._update_buttons()
        self.jobs.wake()
        self.refresh()

    def show_preview(self, preview: Preview) -> None:
        self.model.set_people(preview.people)
        # Fitted on a later turn of the event loop: together with the table's first
        # paint it held the GUI thread for longer than a frame.
        QTimer.singleShot(0, self, lambda: fit_columns(self.table))
        people = preview.people
        new = sum(1 for p in people if p.status is Status.SKIPPED and p.candidate_id is None)
        known = sum(1 for p in people if p.status is Status.ALREADY_KNOWN)
        refused = sum(1 for p in people if p.status is Status.DO_NOT_CONTACT)
        text = (
            f"{count(len(people), 'person', 'people')} found: {new} new, {known} on file, "
            f"{refused} not to be contacted; "
            f"{count(preview.api_requests, 'GitHub request')}."
        )
        self.summary.setText(f"{text} {preview.notice}" if preview.notice else text)
        self._update_buttons()

    # -- adding -----------------------------------------------------------------------

    def add_ticked(self) -> None:
        position_id = self.position.currentData()
        people, regions = self.model.chosen()
        if position_id is None or not people:
            return
        database, title = self.database, self.position.currentText()

        def work(_progress: Progress) -> SourcingOutcome:
            return add_people(database, people, int(position_id), regions)

        self.operations.write(
            self, work, lambda outcome: self._added(outcome, title), title="Adding people"
        )

    def _added(self, outcome: SourcingOutcome, title: str) -> None:
        self.model.update_people(outcome.people)
        added = outcome.count(Status.ADDED)
        queued = count(len(outcome.queued), "GitHub analysis", "GitHub analyses")
        self.message.emit(
            f"Added {count(added, 'person', 'people')} to {title} as sourced; queued {queued}. "
            "The position's matches rank them as the analyses land."
        )
        self.jobs.wake()
