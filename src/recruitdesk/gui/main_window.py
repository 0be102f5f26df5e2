"""The main window: navigation between the Board, Candidates, Positions, Salary and Jobs
pages, the candidate pane beside them, menus with shortcuts, undo, a status bar, and the
window's geometry and last page restored on start (``QSettings``)."""

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from recruitdesk import APP_NAME
from recruitdesk.errors import KnownError
from recruitdesk.gui.board.kanban_board import KanbanBoard
from recruitdesk.gui.candidate_pane import CandidatePane
from recruitdesk.gui.candidates_view import CandidatesView
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.file_actions import (
    PathChooser,
    ask_open_path,
    ask_save_path,
    export_data,
    import_with_preview,
    save_candidate_report,
    save_shortlist_report,
)
from recruitdesk.gui.jobs_view import JobsView
from recruitdesk.gui.positions_page import PositionsPage
from recruitdesk.gui.salary_view import SalaryView
from recruitdesk.gui.settings_dialog import SettingsDialog, saved_api_url, saved_slots
from recruitdesk.jobs.manager import JobManager
from recruitdesk.jobs.runner import JobSettings
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import resolve_url
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.erasure import lapsed_consent_count
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.queries import Counts, counts, list_positions

#: How many candidates the demo offer on an empty database loads.
GUI_DEMO_CANDIDATES = 300
#: The pages, in the navigation's order.
PAGES = ("Board", "Candidates", "Positions", "Salary", "Jobs")
BOARD, CANDIDATES, POSITIONS, SALARY, JOBS = range(len(PAGES))


class BoardPage(QWidget):
    """The board of the chosen position, with the picker, the filter and the offer of
    the demo sample on an empty database."""

    def __init__(self, board: KanbanBoard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.board = board
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        bar = QHBoxLayout()
        self.positions = QComboBox()
        self.positions.setObjectName("positionPicker")
        self.positions.setMinimumContentsLength(34)
        self.positions.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.filter = QLineEdit()
        self.filter.setObjectName("boardFilter")
        self.filter.setPlaceholderText("Filter by name, skill or tag  (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setProperty("class", "muted")
        position_label = QLabel("Position")
        position_label.setProperty("class", "muted")
        bar.addWidget(position_label)
        bar.addWidget(self.positions, 2)
        bar.addSpacing(12)
        bar.addWidget(self.filter, 2)
        bar.addWidget(self.count)
        layout.addLayout(bar)

        self.empty_state = QFrame()
        self.empty_state.setObjectName("emptyState")
        empty_layout = QHBoxLayout(self.empty_state)
        empty_layout.setContentsMargins(20, 16, 20, 16)
        empty_text = QLabel(
            "This database is empty. Load a realistic sample to look around: "
            f"{GUI_DEMO_CANDIDATES} candidates from every region, positions, and "
            "pipelines in every stage."
        )
        empty_text.setWordWrap(True)
        self.demo_button = QPushButton("Load demo sample")
        self.demo_button.setObjectName("primaryButton")
        empty_layout.addWidget(empty_text, 1)
        empty_layout.addWidget(self.demo_button)
        layout.addWidget(self.empty_state)
        layout.addWidget(board, 1)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(150)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(lambda _text: self._filter_timer.start())

    def _apply_filter(self) -> None:
        self.board.set_filter(self.filter.text())


class MainWindow(QMainWindow):
    """The app's window on one database (``MainWindow(database_url)``)."""

    def __init__(self, database_url: str, *, start_jobs: bool = True) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.database = open_database(resolve_url(database_url))
        self.settings = QSettings(APP_NAME, APP_NAME)
        self.hub = ChangesHub(self)
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle(f"recruitdesk — {self.database.display_name}")
        self.resize(1440, 860)
        self.setMinimumSize(QSize(720, 480))

        self.board = KanbanBoard(self.database, self.hub, self.undo_stack)
        self.board_page = BoardPage(self.board)
        self.candidates_view = CandidatesView(self.database, self.hub)
        self.positions_page = PositionsPage(self.database, self.hub)
        self.salary_page = SalaryView(self.database)
        #: Where files are saved and opened from (tests hand in paths instead).
        self.choose_save_path: PathChooser = ask_save_path
        self.choose_open_path: PathChooser = ask_open_path
        self.jobs = JobManager(
            self.database,
            settings=JobSettings(api_url=saved_api_url(self.settings)),
            slots=saved_slots(self.settings) or None,
            parent=self,
        )
        #: Asks whether to stop running analyses on close (tests replace it).
        self.confirm_stop_jobs: Callable[[int], bool] = self._confirm_stop_jobs
        self.jobs_page: QWidget = JobsView(self.jobs, self.hub)
        self.pane = CandidatePane(self.database, self.hub)
        self.pane.hide()
        self._build_body()
        self._build_menus()
        self.status = QLabel()
        self.status.setProperty("class", "muted")
        self.statusBar().addPermanentWidget(self.status)
        # Retention: whose consent to keep their data has lapsed, said at start.
        self.lapsed_notice = QPushButton()
        self.lapsed_notice.setObjectName("lapsedNotice")
        self.lapsed_notice.setFlat(True)
        self.lapsed_notice.setToolTip("Show them in Candidates: ask them again, or erase them.")
        self.lapsed_notice.clicked.connect(self.review_lapsed_consent)
        self.statusBar().addPermanentWidget(self.lapsed_notice)
        self.jobs_status = QLabel()
        self.jobs_status.setObjectName("jobsStatus")
        self.jobs_status.setProperty("class", "muted")
        self.statusBar().addPermanentWidget(self.jobs_status)
        self.jobs.summary_changed.connect(self.jobs_status.setText)
        self.jobs_status.setText(self.jobs.summary())
        self.jobs.changed.connect(self.hub.publish)
        self.jobs.bug.connect(self.show_bug)
        self.pane.analyse_requested.connect(self.analyse_github)
        self.pane.report_requested.connect(self.report_candidate)
        self.positions_page.matches.shortlist_requested.connect(self.report_shortlist)
        self.board.analyse_requested.connect(self.analyse_github)

        self.board.candidate_opened.connect(self.open_candidate)
        self.board.message.connect(self.show_status)
        self.candidates_view.candidate_opened.connect(lambda cid: self.open_candidate(cid, 0))
        self.candidates_view.new_requested.connect(self.new_candidate)
        self.candidates_view.message.connect(self.show_status)
        self.board_page.positions.currentIndexChanged.connect(self._position_chosen)
        self.board_page.demo_button.clicked.connect(self.load_demo_sample)
        self.board.loaded.connect(self._update_board_count)
        self.hub.changed.connect(self._on_changes)

        self.refresh()
        self._restore_settings()
        if start_jobs:  # screenshots show the queue without running it
            self.jobs.start()

    @property
    def empty_state(self) -> QFrame:
        return self.board_page.empty_state

    @property
    def demo_button(self) -> QPushButton:
        return self.board_page.demo_button

    # -- building --------------------------------------------------------------------

    def _build_body(self) -> None:
        central = QWidget()
        central.setObjectName("centralFrame")
        outer = QHBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(168)
        brand = QLabel("recruitdesk")
        brand.setObjectName("brand")
        side = QFrame()
        side.setObjectName("sidebar")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(10, 18, 10, 12)
        side_layout.addWidget(brand)
        side_layout.addWidget(self.navigation, 1)
        for number, name in enumerate(PAGES, start=1):
            item = QListWidgetItem(name)
            item.setToolTip(f"{name} (Ctrl+{number})")
            self.navigation.addItem(item)
        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        for page in (
            self.board_page,
            self.candidates_view,
            self.positions_page,
            self.salary_page,
            self.jobs_page,
        ):
            holder = QWidget()
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(18, 16, 18, 12)
            title = QLabel(PAGES[self.pages.count()])
            title.setObjectName("pageTitle")
            holder_layout.addWidget(title)
            holder_layout.addWidget(page, 1)
            self.pages.addWidget(holder)
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self.pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        outer.addWidget(side)
        outer.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.navigation.setCurrentRow(BOARD)

    def _action(
        self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str, slot: object
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        self.new_action = self._action(
            "&New candidate", QKeySequence.StandardKey.New, self.new_candidate
        )
        file_menu.addAction(self.new_action)
        self.demo_action = self._action("Load &demo sample", "", self.load_demo_sample)
        file_menu.addAction(self.demo_action)
        self.settings_action = self._action("&Settings…", "Ctrl+,", self.open_settings)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        self.import_action = self._action("&Import…", "Ctrl+I", self.import_file)
        self.export_action = self._action("&Export…", "Ctrl+E", self.export_file)
        self.report_action = self._action("Candidate &report…", "Ctrl+P", self.report_candidate)
        self.blind_action = self._action(
            "&Blind candidate profile…", "Ctrl+Alt+P", lambda: self.report_candidate(blind=True)
        )
        self.shortlist_action = self._action(
            "&Shortlist report…", "Ctrl+Shift+P", self.report_shortlist
        )
        for action in (
            self.import_action,
            self.export_action,
            self.report_action,
            self.blind_action,
            self.shortlist_action,
        ):
            file_menu.addAction(action)
        file_menu.addSeparator()
        self.quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit, self.close)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        file_menu.addAction(self.quit_action)

        edit_menu = menus.addMenu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")]
        )
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.find_action = self._action("&Find", QKeySequence.StandardKey.Find, self.find_in_page)
        edit_menu.addAction(self.find_action)

        view_menu = menus.addMenu("&View")
        self.page_actions: list[QAction] = []
        for number, name in enumerate(PAGES):
            action = self._action(
                name, f"Ctrl+{number + 1}", lambda _c=False, n=number: self.show_page(n)
            )
            view_menu.addAction(action)
            self.page_actions.append(action)

    # -- navigation ------------------------------------------------------------------

    def show_page(self, index: int) -> None:
        self.navigation.setCurrentRow(index)

    def current_page(self) -> int:
        return self.pages.currentIndex()

    def find_in_page(self) -> None:
        """Ctrl+F: the filter of the page in view."""
        if self.current_page() == CANDIDATES:
            self.candidates_view.filter.setFocus()
            self.candidates_view.filter.selectAll()
            return
        self.show_page(BOARD)
        self.board_page.filter.setFocus()
        self.board_page.filter.selectAll()

    def open_candidate(self, candidate_id: int, application_id: int = 0) -> None:
        self.pane.show_candidate(candidate_id, application_id or None)
        self.salary_page.set_candidate(candidate_id)

    # -- files -----------------------------------------------------------------------

    def _said(self, message: str | None) -> None:
        if message:
            self.show_status(message)

    def import_file(self) -> None:
        self._said(import_with_preview(self, self.database, self.hub, self.choose_open_path))

    def export_file(self) -> None:
        self._said(export_data(self, self.database, self.choose_save_path))

    def report_candidate(self, *, blind: bool = False) -> None:
        """Ctrl+P: the report of the candidate open in the pane (``blind``: without name,
        contact details and links, for a client before introduction)."""
        candidate_id = self.pane.candidate_id
        if candidate_id is None:
            self.show_status("Open a candidate first: their report is made from the pane.")
            return
        name = self.pane.name.text()
        self._said(
            save_candidate_report(
                self, self.database, candidate_id, name, self.choose_save_path, blind=blind
            )
        )

    def report_shortlist(self) -> None:
        """The shortlist of the position in view (the Positions page's, else the board's)."""
        position_id = (
            self.positions_page.chosen_position()
            if self.current_page() == POSITIONS
            else self.board.position_id
        )
        if position_id is None:
            self.show_status("Choose a position first: the shortlist is made for one.")
            return
        title = self.board_page.positions.currentText().split(" — ")[0]
        if self.current_page() == POSITIONS:
            title = self.positions_page.matches.position.currentText().split(" — ")[0]
        self._said(
            save_shortlist_report(self, self.database, position_id, title, self.choose_save_path)
        )

    def new_candidate(self) -> None:
        self.pane.new_candidate()

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    # -- data ------------------------------------------------------------------------

    def review_lapsed_consent(self) -> None:
        self.show_page(CANDIDATES)
        self.candidates_view.show_lapsed()

    def _show_lapsed_consent(self) -> None:
        lapsed = lapsed_consent_count(self.database)
        self.lapsed_notice.setText(
            f"Consent lapsed for {lapsed:,} candidate{'' if lapsed == 1 else 's'}"
        )
        self.lapsed_notice.setVisible(lapsed > 0)

    def refresh(self) -> Counts:
        """Read the counts and the positions again and show them."""
        self._show_lapsed_consent()
        found = counts(self.database)
        self.board_page.empty_state.setVisible(found.empty)
        self.demo_action.setEnabled(found.candidates == 0)
        self.status.setText(
            f"{found.candidates:,} candidates · {found.positions:,} positions · "
            f"{found.applications:,} cards · {self.database.display_name}"
        )
        self._fill_positions()
        return found

    def _fill_positions(self) -> None:
        picker = self.board_page.positions
        current = picker.currentData()
        if current is None:
            current = self.settings.value("board/position", None)
        picker.blockSignals(True)
        picker.clear()
        for position in list_positions(self.database):
            picker.addItem(position.label, position.id)
        if picker.count() == 0:
            picker.addItem("No positions yet", None)
        index = picker.findData(int(current)) if current is not None else -1
        picker.setCurrentIndex(max(0, index))
        picker.blockSignals(False)
        self._position_chosen()

    def _position_chosen(self) -> None:
        position_id = self.board_page.positions.currentData()
        if position_id != self.board.position_id:
            self.board.set_position(position_id)
        self._update_board_count()

    def _update_board_count(self) -> None:
        total = self.board.card_count()
        self.board_page.count.setText(f"{total:,} card{'' if total == 1 else 's'}")

    def _on_changes(self, changes: Changes) -> None:
        if changes.everything or changes.positions:
            self.refresh()
            return
        self._update_board_count()
        if changes.candidates:
            found = counts(self.database)
            self.status.setText(
                f"{found.candidates:,} candidates · {found.positions:,} positions · "
                f"{found.applications:,} cards · {self.database.display_name}"
            )

    def load_demo_sample(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            summary = load_demo(self.database, candidates=GUI_DEMO_CANDIDATES)
        except KnownError as error:
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.warning(self, "recruitdesk", str(error))
            return
        QGuiApplication.restoreOverrideCursor()
        self.hub.publish(Changes(everything=True))
        self.show_status(
            f"Loaded {summary.candidates} candidates and {summary.positions} positions."
        )

    # -- settings --------------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = self.settings.value("window/splitter")
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)
        page = self.settings.value("window/page", BOARD)
        try:
            index = int(str(page))
        except ValueError:
            index = BOARD
        if 0 <= index < len(PAGES):
            self.show_page(index)

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("window/page", self.current_page())
        if self.board.position_id is not None:
            self.settings.setValue("board/position", self.board.position_id)
        self.settings.sync()

    # -- GitHub analysis -------------------------------------------------------------

    def analyse_github(self, candidate_ids: list[int]) -> None:
        """Queue a GitHub analysis of each candidate; say what happened."""
        try:
            result = self.jobs.enqueue(candidate_ids)
        except KnownError as error:
            self.show_status(str(error))
            return
        parts = []
        if result.queued:
            count = len(result.queued)
            parts.append(f"Queued {count} GitHub analys{'is' if count == 1 else 'es'}")
        if result.already_active:
            parts.append(f"{len(result.already_active)} already in the queue")
        if result.without_login:
            parts.append(f"{len(result.without_login)} without a GitHub login")
        self.show_status("; ".join(parts) + " (see Jobs).")

    def open_settings(self) -> None:
        dialog = SettingsDialog(
            api_url=saved_api_url(self.settings),
            slots=saved_slots(self.settings),
            tasks=self.jobs.tasks,
            parent=self,
        )
        dialog.tokens_changed.connect(self.jobs.reload_tokens)
        try:
            if dialog.exec() == SettingsDialog.DialogCode.Accepted:
                dialog.save(self.settings)
                self.jobs.set_api_url(dialog.api_url())
                self.jobs.set_slots(dialog.slots() or None)
        finally:
            dialog.deleteLater()

    def show_bug(self, text: str) -> None:
        """A bug in background work: a dialog, from the GUI thread, not modal."""
        box = QMessageBox(QMessageBox.Icon.Critical, "recruitdesk", text, parent=self)
        box.setInformativeText("The details are in the log file.")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _confirm_stop_jobs(self, running: int) -> bool:
        answer = QMessageBox.question(
            self,
            "Analyses running",
            f"{running} GitHub analys{'is is' if running == 1 else 'es are'} running. Stop "
            "and quit? Stopped analyses resume the next time you open recruitdesk.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        running = self.jobs.running if not self.jobs.is_stopped else 0
        if running and not self.confirm_stop_jobs(running):
            event.ignore()
            return
        self.jobs.shutdown()
        self.save_settings()
        self.database.dispose()
        super().closeEvent(event)
