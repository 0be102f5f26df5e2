"""The main window.

For now a frame: it shows what the database holds and offers the demo sample on an
empty database. The board, the candidate pane and the other views come with their own
issues.
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.errors import KnownError
from recruitdesk.storage.database import resolve_url
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.queries import Counts, counts

#: How many candidates the demo offer on an empty database loads.
GUI_DEMO_CANDIDATES = 300


class StatTile(QFrame):
    """One figure with its label, e.g. "1,204 / CANDIDATES"."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statTile")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        self.value = QLabel("0")
        self.value.setObjectName("statValue")
        caption = QLabel(label)
        caption.setObjectName("statLabel")
        layout.addWidget(self.value)
        layout.addWidget(caption)

    def set_value(self, value: int) -> None:
        self.value.setText(f"{value:,}")


class MainWindow(QMainWindow):
    """The app's window on one database (``MainWindow(database_url)``)."""

    def __init__(self, database_url: str) -> None:
        super().__init__()
        self.database = open_database(resolve_url(database_url))
        self.setWindowTitle(f"recruitdesk — {self.database.display_name}")
        self.resize(1100, 720)
        self._build_menus()
        self._build_body()
        self.statusBar().showMessage(f"Database: {self.database.display_name}")
        self.refresh()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

    def _build_body(self) -> None:
        central = QWidget()
        central.setObjectName("centralFrame")
        outer = QVBoxLayout(central)
        outer.setContentsMargins(32, 28, 32, 28)
        outer.setSpacing(18)

        title = QLabel("recruitdesk")
        title.setObjectName("appTitle")
        subtitle = QLabel(
            f"Your hiring pipeline for senior Python developers · {self.database.display_name}"
        )
        subtitle.setObjectName("subtitle")
        subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(title)
        outer.addWidget(subtitle)

        tiles = QGridLayout()
        tiles.setSpacing(16)
        self.candidates_tile = StatTile("Candidates")
        self.positions_tile = StatTile("Positions")
        self.applications_tile = StatTile("Applications")
        for column, tile in enumerate(
            (self.candidates_tile, self.positions_tile, self.applications_tile)
        ):
            tiles.addWidget(tile, 0, column)
        outer.addLayout(tiles)

        self.empty_state = QFrame()
        self.empty_state.setObjectName("emptyState")
        empty_layout = QHBoxLayout(self.empty_state)
        empty_layout.setContentsMargins(20, 16, 20, 16)
        empty_text = QLabel(
            "This database is empty. Load a realistic sample to look around: "
            f"{GUI_DEMO_CANDIDATES} candidates across every region, positions and "
            "pipelines in every stage."
        )
        empty_text.setWordWrap(True)
        self.demo_button = QPushButton("Load demo sample")
        self.demo_button.setObjectName("primaryButton")
        self.demo_button.clicked.connect(self.load_demo_sample)
        empty_layout.addWidget(empty_text, 1)
        empty_layout.addWidget(self.demo_button)
        outer.addWidget(self.empty_state)

        coming = QFrame()
        coming.setObjectName("comingSoon")
        coming_layout = QVBoxLayout(coming)
        coming_layout.setContentsMargins(20, 16, 20, 16)
        coming_text = QLabel(
            "The Kanban board, the candidate pane, positions and matching, the salary "
            "calculator and the analysis jobs are being built; until they land this window "
            "shows what your database holds. Everything is already available from the "
            "command line: run 'recruitdesk --help'."
        )
        coming_text.setWordWrap(True)
        coming_text.setProperty("class", "muted")
        coming_layout.addWidget(coming_text)
        outer.addWidget(coming)
        outer.addStretch(1)
        self.setCentralWidget(central)

    def refresh(self) -> Counts:
        """Read the counts again and show them."""
        found = counts(self.database)
        self.candidates_tile.set_value(found.candidates)
        self.positions_tile.set_value(found.positions)
        self.applications_tile.set_value(found.applications)
        self.empty_state.setVisible(found.empty)
        return found

    def load_demo_sample(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            summary = load_demo(self.database, candidates=GUI_DEMO_CANDIDATES)
        except KnownError as error:
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.warning(self, "recruitdesk", str(error))
            return
        QGuiApplication.restoreOverrideCursor()
        self.refresh()
        self.statusBar().showMessage(
            f"Loaded {summary.candidates} candidates and {summary.positions} positions.", 8000
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.database.dispose()
        super().closeEvent(event)
