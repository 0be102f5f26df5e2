"""The main window: navigation between the Board, Candidates, Positions, Salary and Jobs
pages, the candidate pane beside them, menus with shortcuts, undo, a status bar, and the
window's geometry and last page restored on start (``QSettings``)."""

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
from recruitdesk.gui.board import KanbanBoard
from recruitdesk.gui.candidate_pane import CandidatePane
from recruitdesk.gui.candidates_view import CandidatesView
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.coming import ComingPage
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import resolve_url
from recruitdesk.storage.demo import load_demo
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

    def __init__(self, database_url: str) -> None:
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
        # Each later issue swaps its placeholder for the real view on its line here.
        self.positions_page: QWidget = ComingPage(
            "Positions",
            "Positions with their requirements (must-have and nice-to-have skills, "
            "minimum code scores, budget), and the candidates ranked against each one "
            "with the reasons for their place.",
        )
        self.salary_page: QWidget = ComingPage(
            "Salary",
            "The salary calculator from the market tables: region, level, track, "
            "contract or full-time, the AI/ML premium, and a candidate's ask against "
            "the band. Until then: 'recruitdesk salary --help' on the command line.",
        )
        self.jobs_page: QWidget = ComingPage(
            "Jobs",
            "The GitHub analysis queue: jobs waiting, running, rate-limited until a "
            "given time, or done, with their progress. Analysis needs the network only "
            "to fetch; jobs wait and resume when you are offline.",
        )
        self.pane = CandidatePane(self.database, self.hub)
        self.pane.hide()
        self._build_body()
        self._build_menus()
        self.status = QLabel()
        self.status.setProperty("class", "muted")
        self.statusBar().addPermanentWidget(self.status)

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
            if not isinstance(page, ComingPage):
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

    def new_candidate(self) -> None:
        self.pane.new_candidate()

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    # -- data ------------------------------------------------------------------------

    def refresh(self) -> Counts:
        """Read the counts and the positions again and show them."""
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

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.save_settings()
        self.database.dispose()
        super().closeEvent(event)
