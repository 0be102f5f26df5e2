"""What the main window's status bar shows besides messages: the progress of long work,
the counts of the database, whose consent has lapsed, and the analysis queue."""

from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar

from recruitdesk.gui.operations import Operations
from recruitdesk.gui.progress_panel import ProgressPanel
from recruitdesk.jobs.manager import JobManager


class StatusWidgets:
    """The permanent widgets of one status bar, left to right."""

    def __init__(self, bar: QStatusBar, operations: Operations, jobs: JobManager) -> None:
        self.progress = ProgressPanel(operations)
        bar.addPermanentWidget(self.progress)
        self.counts = QLabel()
        self.counts.setProperty("class", "muted")
        bar.addPermanentWidget(self.counts)
        # Retention: whose consent to keep their data has lapsed, said at start.
        self.lapsed_notice = QPushButton()
        self.lapsed_notice.setObjectName("lapsedNotice")
        self.lapsed_notice.setFlat(True)
        self.lapsed_notice.setToolTip("Show them in Candidates: ask them again, or erase them.")
        bar.addPermanentWidget(self.lapsed_notice)
        self.jobs = QLabel()
        self.jobs.setObjectName("jobsStatus")
        self.jobs.setProperty("class", "muted")
        bar.addPermanentWidget(self.jobs)
        jobs.summary_changed.connect(self.jobs.setText)
        self.jobs.setText(jobs.summary())
