"""The main window: the pages of :mod:`recruitdesk.gui.pages` in a navigation list, the
candidate pane beside them, the menus (:mod:`recruitdesk.gui.menus`), a status bar with
the progress of long work, and the window's geometry and last page restored on start
(``QSettings``)."""

from collections.abc import Callable
from pathlib import Path
from typing import cast

from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QAction, QCloseEvent, QUndoStack
from PySide6.QtWidgets import QFrame, QLabel, QMainWindow, QMessageBox, QPushButton, QWidget

from recruitdesk import APP_NAME
from recruitdesk.analysis.github.defaults import pypi_for
from recruitdesk.domain.wording import count
from recruitdesk.errors import KnownError
from recruitdesk.gui.board.kanban_board import KanbanBoard
from recruitdesk.gui.board_page import GUI_DEMO_CANDIDATES, BoardPage
from recruitdesk.gui.candidate.pane import CandidatePane
from recruitdesk.gui.candidates_view import CandidatesView
from recruitdesk.gui.changes import ELSEWHERE, ChangesHub
from recruitdesk.gui.crash import show_crash_dialog
from recruitdesk.gui.cv_drop import CvDropTarget
from recruitdesk.gui.file_actions import FileActions
from recruitdesk.gui.interviews_view import RemindersNotice
from recruitdesk.gui.jobs_view import JobsView
from recruitdesk.gui.lazy_pages import LazyPages
from recruitdesk.gui.menus import build_menus
from recruitdesk.gui.notices_due import NoticesNotice
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.pages import (
    BOARD,
    CANDIDATES,
    INTERVIEWS,
    JOBS,
    PAGE_SIGNALS,
    POSITIONS,
    SALARY,
    SOURCING,
    PageContext,
)
from recruitdesk.gui.positions_page import PositionsPage
from recruitdesk.gui.salary.view import SalaryView
from recruitdesk.gui.settings_dialog import (
    SettingsDialog,
    saved_api_url,
    saved_slots,
    saved_user_name,
)
from recruitdesk.gui.sourcing_view import SourcingView
from recruitdesk.gui.status_widgets import MessageBar, StatusWidgets
from recruitdesk.gui.window_body import WindowBody
from recruitdesk.gui.window_reads import WindowRead, WindowReads
from recruitdesk.gui.window_state import restore_window_state, save_window_state
from recruitdesk.jobs.manager import JobManager
from recruitdesk.jobs.runner import JobSettings
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import resolve_url
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.queries import Counts


class MainWindow(QMainWindow):
    """The app's window on one database (``MainWindow(database_url)``)."""

    # The menus' actions, made by :func:`~recruitdesk.gui.menus.build_menus`.
    new_action: QAction
    demo_action: QAction
    settings_action: QAction
    import_action: QAction
    export_action: QAction
    report_action: QAction
    blind_action: QAction
    shortlist_action: QAction
    quit_action: QAction
    undo_action: QAction
    redo_action: QAction
    find_action: QAction
    page_actions: list[QAction]

    def __init__(
        self, database_url: str, *, start_jobs: bool = True, log_path: Path | None = None
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.database = open_database(resolve_url(database_url))
        self.settings = QSettings(APP_NAME, APP_NAME, self)
        self.database.actor = saved_user_name(self.settings)
        self.log_path = log_path
        self.hub = ChangesHub(self)
        self.operations = Operations(self.hub, parent=self)
        self.files = FileActions(self, self.database, self.operations)
        self.cv_drop = CvDropTarget(self, self.files)
        self.undo_stack = QUndoStack(self)
        # Qt appends the application's display name itself (gui/app.py sets it).
        self.setWindowTitle(self.database.display_name)
        self.resize(1440, 860)
        self.setMinimumSize(QSize(720, 480))
        self.jobs = JobManager(
            self.database,
            settings=JobSettings(
                api_url=saved_api_url(self.settings),
                pypi_url=pypi_for(saved_api_url(self.settings)),
            ),
            slots=saved_slots(self.settings) or None,
            parent=self,
        )
        #: Asks whether to stop running analyses on close (tests replace it).
        self.confirm_stop_jobs: Callable[[int], bool] = self._confirm_stop_jobs
        context = PageContext(self.database, self.hub, self.operations, self.undo_stack, self.jobs)
        body = WindowBody(self)
        self.setCentralWidget(body)
        self.navigation, self.pages, self.splitter = body.navigation, body.pages, body.splitter
        self._salary_candidate: int | None = None
        self._lazy_pages = LazyPages(body, context, self._page_built)
        self.pane = CandidatePane(
            self.database, self.hub, body.splitter, operations=self.operations
        )
        self.pane.hide()
        body.add_pane(self.pane)
        self.navigation.setCurrentRow(BOARD)
        build_menus(self)
        self.setStatusBar(MessageBar())
        self.status_widgets = StatusWidgets(self.statusBar(), self.operations, self.jobs)
        self.status_widgets.lapsed_notice.clicked.connect(self.review_lapsed_consent)
        # Scorecards overdue and follow-ups due: a click shows them on the Interviews page.
        self.reminders = RemindersNotice(self.database, self.hub, self.operations)
        self.statusBar().addPermanentWidget(self.reminders)
        self.reminders.clicked.connect(lambda: self.show_page(INTERVIEWS))
        self.notices = NoticesNotice(self.database, self.hub, self.operations)
        self.statusBar().addPermanentWidget(self.notices)
        self.notices.clicked.connect(self.show_notices)
        self.pane.analyse_requested.connect(self.analyse_github)
        self.pane.report_requested.connect(self.report_candidate)
        self.board_page.demo_button.clicked.connect(self.load_demo_sample)
        self.hub.changed.connect(self._on_changes)
        self.files.said.connect(self.show_status)
        self.operations.message.connect(self.show_status)
        self.operations.bug.connect(self.show_bug)
        self.operations.writing_changed.connect(self._writing_changed)
        self.jobs.changed.connect(self.hub.publish)
        self.jobs.bug.connect(self.show_bug)
        self.hub.watch(self.database)
        self.reads = WindowReads(self.database, self.operations, self)
        self.reads.landed.connect(self._show_read)
        # Shown once the counts say the database is empty, not before.
        self.empty_state.hide()
        self.refresh()
        restore_window_state(self.settings, self)
        if start_jobs:  # screenshots show the queue without running it
            self.jobs.start()

    # -- the pages -------------------------------------------------------------------

    def page(self, index: int) -> QWidget:
        """The page at ``index`` in the navigation, built now if it is not yet."""
        return self._lazy_pages.page(index)

    def page_built(self, index: int) -> bool:
        return self._lazy_pages.is_built(index)

    @property
    def board_page(self) -> BoardPage:
        return cast(BoardPage, self.page(BOARD))

    @property
    def board(self) -> KanbanBoard:
        return self.board_page.board

    @property
    def candidates_view(self) -> CandidatesView:
        return cast(CandidatesView, self.page(CANDIDATES))

    @property
    def positions_page(self) -> PositionsPage:
        return cast(PositionsPage, self.page(POSITIONS))

    @property
    def salary_page(self) -> SalaryView:
        return cast(SalaryView, self.page(SALARY))

    @property
    def jobs_page(self) -> JobsView:
        return cast(JobsView, self.page(JOBS))

    @property
    def status(self) -> QLabel:
        return self.status_widgets.counts

    @property
    def lapsed_notice(self) -> QPushButton:
        return self.status_widgets.lapsed_notice

    @property
    def jobs_status(self) -> QLabel:
        return self.status_widgets.jobs

    @property
    def empty_state(self) -> QFrame:
        return self.board_page.empty_state

    @property
    def demo_button(self) -> QPushButton:
        return self.board_page.demo_button

    def _page_built(self, page: QWidget) -> None:
        for signal_name, slot_name in PAGE_SIGNALS.items():
            signal = getattr(page, signal_name, None)
            if signal is not None:
                signal.connect(getattr(self, slot_name))
        if isinstance(page, SalaryView) and self._salary_candidate is not None:
            page.set_candidate(self._salary_candidate)

    # -- navigation ------------------------------------------------------------------

    def show_notices(self) -> None:
        """The sourcing notices owed, on the Sourcing page."""
        self.show_page(SOURCING)
        page = cast(SourcingView, self.page(SOURCING))
        page.tabs.setCurrentWidget(page.notices)

    def show_page(self, index: int) -> None:
        self.navigation.setCurrentRow(index)

    def current_page(self) -> int:
        return self.pages.currentIndex()

    def find_in_page(self) -> None:
        """Ctrl+F: the filter of the page in view, else the board's."""
        page = self.page(self.current_page())
        focus = getattr(page, "focus_filter", None)
        if focus is None:
            self.show_page(BOARD)
            focus = self.board_page.focus_filter
        focus()

    def open_candidate(self, candidate_id: int, application_id: int = 0) -> None:
        if self.pane.show_candidate(candidate_id, application_id or None):
            # The Salary page marks their ask; one not built yet is handed it when built.
            self._salary_candidate = candidate_id
            if self.page_built(SALARY):
                self.salary_page.set_candidate(candidate_id)

    # -- files -----------------------------------------------------------------------

    def import_file(self) -> None:
        self.files.import_with_preview()

    def export_file(self) -> None:
        self.files.export_data()

    def report_candidate(self, *, blind: bool = False) -> None:
        """Ctrl+P: the report of the candidate open in the pane (``blind``: without name,
        contact details and links, for a client before introduction)."""
        shown = self.pane.header.details  # as the pane shows them: nothing read here
        if self.pane.candidate_id is None or shown is None:
            self.show_status("Open a candidate first: their report is made from the pane.")
            return
        self.files.candidate_report(shown.id, shown.full_name, blind=blind)

    def report_shortlist(self) -> None:
        """The shortlist of the position in view (the Positions page's, else the board's)."""
        if self.current_page() == POSITIONS:
            position_id = self.positions_page.chosen_position()
            title = self.positions_page.chosen_title()
        else:
            position_id, title = self.board.position_id, self.board_page.position_title()
        if position_id is None:
            self.show_status("Choose a position first: the shortlist is made for one.")
            return
        self.files.shortlist_report(position_id, title)

    def load_demo_sample(self) -> None:
        self.demo_button.setEnabled(False)
        self.files.load_demo(GUI_DEMO_CANDIDATES)

    def new_candidate(self) -> None:
        self.pane.new_candidate()

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _writing_changed(self, writing: bool) -> None:
        """While a long write runs, the actions that would write too wait for it."""
        for action in (self.import_action, self.new_action):
            action.setEnabled(not writing)
        if writing:
            self.demo_action.setEnabled(False)
        else:  # the demo is offered again only on an empty database: counted anew
            self.reads.request(positions=False)
        self.demo_button.setEnabled(not writing)

    # -- data ------------------------------------------------------------------------

    def review_lapsed_consent(self) -> None:
        self.show_page(CANDIDATES)
        self.candidates_view.show_lapsed()

    def _show_counts(self, found: Counts) -> None:
        # The database's name is in the title bar; the status bar keeps room for work.
        self.status.setText(
            f"{count(found.candidates, 'candidate')} · {count(found.positions, 'position')} · "
            f"{count(found.applications, 'card')}"
        )
        self.status.setToolTip(self.database.display_name)

    def refresh(self) -> None:
        """Read the counts and the positions again (in the background) and show them."""
        self.reads.request(positions=True)

    def _show_read(self, found: WindowRead) -> None:
        self.lapsed_notice.setText(f"Consent lapsed for {count(found.lapsed, 'candidate')}")
        self.lapsed_notice.setVisible(found.lapsed > 0)
        self.empty_state.setVisible(found.counts.empty)
        self.demo_action.setEnabled(found.counts.candidates == 0 and not self.operations.writing)
        self._show_counts(found.counts)
        if found.positions is not None:
            remembered = self.settings.value("board/position", None)
            self.board_page.show_positions(found.positions, remembered)

    def _on_changes(self, changes: Changes) -> None:
        if changes.initiator is ELSEWHERE and (changes.jobs or changes.everything):
            self.jobs.wake()  # a colleague queued jobs, or left some to take over
        if changes.everything or changes.positions:
            self.refresh()
            return
        self.board_page.update_count()
        if changes.candidates:
            self.reads.request(positions=False)

    # -- settings --------------------------------------------------------------------

    def save_settings(self) -> None:
        save_window_state(self.settings, self)

    # -- GitHub analysis -------------------------------------------------------------

    def analyse_github(self, candidate_ids: list[int]) -> None:
        """Queue a GitHub analysis of each candidate; say what happened."""
        try:
            result = self.jobs.enqueue(candidate_ids)
        except KnownError as error:
            self.show_status(str(error))
            return
        self.show_status(result.summary())

    def open_settings(self) -> None:
        dialog = SettingsDialog(
            api_url=saved_api_url(self.settings),
            slots=saved_slots(self.settings),
            user_name=saved_user_name(self.settings),
            tasks=self.jobs.tasks,
            settings=self.settings,
            parent=self,
        )
        dialog.tokens_changed.connect(self.jobs.reload_tokens)
        try:
            if dialog.exec() == SettingsDialog.DialogCode.Accepted:
                dialog.save(self.settings)
                self.jobs.set_api_url(dialog.api_url())
                self.jobs.set_slots(dialog.slots() or None)
                self.database.actor = dialog.user_name()
        finally:
            dialog.deleteLater()

    def show_bug(self, text: str) -> None:
        """A bug, in background work or in a slot: a dialog from the GUI thread."""
        show_crash_dialog(self, text, self.log_path)

    def _confirm_stop_jobs(self, running: int) -> bool:
        answer = QMessageBox.question(
            self,
            "Analyses running",
            f"{count(running, 'GitHub analysis', 'GitHub analyses')} "
            f"{'is' if running == 1 else 'are'} running. Stop "
            "and quit? Stopped analyses resume the next time you open recruitdesk.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if not self.pane.confirm_leave():
            event.ignore()
            return
        running = self.jobs.running if not self.jobs.is_stopped else 0
        if running and not self.confirm_stop_jobs(running):
            event.ignore()
            return
        self.operations.shutdown()
        self.jobs.shutdown()
        self.hub.stop_watching()
        self.save_settings()
        self.database.dispose()
        super().closeEvent(event)
