"""The Sourcing view: find people on GitHub (a repository's contributors, or a user
search), see what adding them would do before anything is stored, and add the ones
ticked to a position as sourced; and the sourcing notices owed.

The run is background work (``jobs/sourcing.py`` through ``Operations``) with progress
and Cancel; it keeps its state in the database, so a run stopped by a cancel or a quit
is offered again ("Resume") and goes on from the page it reached. Adding queues a GitHub
analysis of each person; the ranked matches show them as the analyses land.
"""

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.analysis.github.client import SECONDS_BETWEEN_REQUESTS
from recruitdesk.analysis.github.people import DEFAULT_PEOPLE_LIMIT, SEARCH_RESULT_CAP
from recruitdesk.analysis.github.people_run import REPO, SEARCH, RunState
from recruitdesk.domain.wording import count
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.notices_due import NoticesList
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.sourcing_model import (
    COLUMNS,
    ON_FILE,
    REGION,
    RegionDelegate,
    SourcingModel,
)
from recruitdesk.jobs.manager import JobManager
from recruitdesk.jobs.sourcing import Preview, add_people, find_people
from recruitdesk.progress import Progress
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.positions import PositionDetails, list_positions
from recruitdesk.storage.sourcing import SourcingOutcome, Status
from recruitdesk.storage.sourcing_runs import StoredRun, drop_run, unfinished_run

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
#: A preview column grows to fit its texts up to a sixth of the table, and at least to
#: this many pixels; "On file" takes the rest.
MIN_COLUMN_CAP = 110
#: The rows a column's width is fitted to (the first ones, where the table opens).
ROWS_MEASURED = 25
RUN_TITLE = "Sourcing from GitHub"


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
        self.running = False
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
        hub.changed.connect(self._on_changes)
        self._kind_chosen()
        self.reload_positions()
        self.check_stopped()

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
        self.model = SourcingModel(self)
        self.table = QTableView()
        self.table.setObjectName("sourcingPreview")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(REGION, RegionDelegate(self.table))
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.verticalHeader().hide()
        # One line a row: the full text of a long cell is its tooltip.
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # What adding would do matters most: it takes the room the others leave.
        header.setSectionResizeMode(ON_FILE, QHeaderView.ResizeMode.Stretch)
        # Fitting a column to all of 1,000 rows held the GUI thread for half a second.
        header.setResizeContentsPrecision(ROWS_MEASURED)
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
        if changes.everything or changes.positions:
            self.reload_positions()

    def _notices_counted(self, owed: int) -> None:
        self.tabs.setTabText(1, f"Notices due ({owed})" if owed else "Notices due")

    def reload_positions(self) -> None:
        database = self.database
        self.operations.query(
            self, lambda _p: list_positions(database, open_only=True), self.show_positions
        )

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

    def check_stopped(self) -> None:
        database = self.database
        self.operations.query(self, lambda _p: unfinished_run(database), self.show_stopped)

    def show_stopped(self, stopped: StoredRun | None) -> None:
        self.stopped = stopped
        if stopped is not None:
            state = RunState.from_json(stopped.state)
            self.stopped_label.setText(f"A run stopped before it ended: {state.describe()}.")
        self.stopped_row.setVisible(stopped is not None and not self.running)

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
        self.operations.query(
            self, lambda _p: drop_run(database, run_id), lambda _none: self.check_stopped()
        )

    def _start(self, kind: str, target: str, limit: int) -> None:
        if self.running:
            return
        database, settings = self.database, self.jobs.settings
        pause = settings.seconds_between_requests
        pace = SECONDS_BETWEEN_REQUESTS if pause is None else pause

        def work(progress: Progress) -> Preview:
            return find_people(
                database,
                kind,
                target,
                limit,
                api_url=settings.api_url,
                progress=progress,
                seconds_between_requests=pace,
            )

        self.running = True
        self.stopped_row.hide()
        self.summary.setText(f"Finding people: {target.strip()}…")
        self._update_buttons()
        self.operations.query(
            self,
            work,
            self.show_preview,
            title=RUN_TITLE,
            cancellable=True,
            on_failure=self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        self.running = False
        self.operations.report_failure(RUN_TITLE, error)
        self.summary.setText("Stopped. Resume goes on where the run stopped.")
        self._update_buttons()
        self.check_stopped()

    def show_preview(self, preview: Preview) -> None:
        self.running = False
        self.operations.hub.publish(preview.changes, initiator=self)
        self.model.set_people(preview.people)
        # Fitted on a later turn of the event loop: together with the table's first
        # paint it held the GUI thread for longer than a frame.
        QTimer.singleShot(0, self, self._fit_columns)
        people = preview.people
        new = sum(1 for p in people if p.status is Status.SKIPPED and p.candidate_id is None)
        known = sum(1 for p in people if p.status is Status.ALREADY_KNOWN)
        refused = sum(1 for p in people if p.status is Status.DO_NOT_CONTACT)
        parts = [
            f"{count(len(people), 'person', 'people')} found: {new} new, {known} on file, "
            f"{refused} not to be contacted",
            f"{count(preview.api_requests, 'GitHub request')}",
        ]
        if preview.resumed_from:
            parts.append(f"resumed ({preview.resumed_from})")
        text = "; ".join(parts) + "."
        self.summary.setText(f"{text} {preview.notice}" if preview.notice else text)
        self._update_buttons()
        self.check_stopped()

    def _fit_columns(self) -> None:
        widest = max(MIN_COLUMN_CAP, self.table.width() // 6)
        for column in range(len(COLUMNS)):
            if column != ON_FILE:
                self.table.resizeColumnToContents(column)
                width = min(self.table.columnWidth(column), widest)
                self.table.setColumnWidth(column, width)

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
