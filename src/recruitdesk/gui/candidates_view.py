"""The Candidates view: every candidate in a table the database filters and sorts
(its model, read a page at a time as it scrolls, is ``candidate_list_model``), with a
filter, add and delete. A new filter, sort or count is read in the background
(counting 100,000 candidates through a filter takes most of a second); the table shows
the newest answer."""

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.wording import count
from recruitdesk.gui.candidate_list_model import CandidateIdRole, CandidateListModel
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.erase_people import EraseChoice, ask_erase, erase_in_background
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.shown_reads import ShownReads
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database

#: How long typing must pause before the filter runs.
FILTER_DELAY_MS = 200


class CandidatesView(QWidget):
    """The table of all candidates, with a filter, add and delete."""

    candidate_opened = Signal(int)
    new_requested = Signal()
    message = Signal(str)

    def __init__(
        self,
        database: Database,
        hub: ChangesHub,
        operations: Operations,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("candidatesView")
        self.database = database
        self.hub = hub
        self.operations = operations
        #: Asks before erasing (tests may answer it another way).
        self.ask_erase: Callable[[QWidget, str], EraseChoice | None] = ask_erase
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.filter = QLineEdit()
        self.filter.setObjectName("candidateFilter")
        self.filter.setPlaceholderText("Filter by name, e-mail, GitHub login, place, skill or tag…")
        self.filter.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setProperty("class", "muted")
        self.add_button = QPushButton("New candidate")
        self.add_button.setObjectName("addCandidate")
        self.add_button.setProperty("primary", True)
        self.add_button.clicked.connect(self.new_requested)
        self.lapsed_button = QPushButton("Consent lapsed")
        self.lapsed_button.setObjectName("lapsedFilter")
        self.lapsed_button.setCheckable(True)
        self.lapsed_button.setToolTip(
            "Only the candidates whose consent to keep their data has ended: "
            "ask them again, or erase them."
        )
        self.lapsed_button.toggled.connect(self._lapsed_toggled)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setObjectName("deleteCandidate")
        self.delete_button.clicked.connect(self.delete_selected)
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.lapsed_button)
        bar.addWidget(self.count)
        bar.addWidget(self.add_button)
        bar.addWidget(self.delete_button)
        layout.addLayout(bar)

        #: The list's reads: first when shown, and again when shown after changes.
        self.reads = ShownReads(self, operations, self._read_first_page)
        self.model = CandidateListModel(database, self.reads, self)
        self.model.counted.connect(self._update_count)
        # The database filters and sorts; typing waits for a pause before it asks.
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter.textChanged.connect(self._filter_timer.start)
        self.table = QTableView()
        self.table.setObjectName("candidatesTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((200, 260, 140, 160, 70, 60, 130, 140)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._open)
        self.table.activated.connect(self._open)
        layout.addWidget(self.table, 1)
        hub.changed.connect(self.on_changes)
        self._update_count()

    def apply_filter(self) -> None:
        """Show the candidates with every word of the filter (run after a typing pause)."""
        self._filter_timer.stop()
        self.model.set_text(self.filter.text())

    def _lapsed_toggled(self, on: bool) -> None:
        self.model.set_lapsed_only(on)

    def focus_filter(self) -> None:
        """Ctrl+F on this page."""
        self.filter.setFocus()
        self.filter.selectAll()

    def show_lapsed(self) -> None:
        """Narrow the list to the candidates whose consent has lapsed."""
        self.lapsed_button.setChecked(True)

    def _read_first_page(self) -> None:
        self.model.read_first_page()

    def _update_count(self) -> None:
        model = self.model
        if model.narrowed:
            self.count.setText(f"{model.found:,} of {count(model.total, 'candidate')}")
        else:
            self.count.setText(count(model.total, "candidate"))

    def on_changes(self, changes: Changes) -> None:
        if changes and not self.reads.deferred():
            self.model.on_changes(changes)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.candidate_opened.emit(int(index.data(CandidateIdRole)))

    def selected_ids(self) -> list[int]:
        return [
            int(index.data(CandidateIdRole)) for index in self.table.selectionModel().selectedRows()
        ]

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self.message.emit("Select the candidates to delete first.")
            return
        names = [
            self.model.rows[row].full_name
            for row in (self.model.row_of(i) for i in ids)
            if row is not None
        ]
        who = names[0] if len(names) == 1 else count(len(names), "candidate")
        choice = self.ask_erase(self, who)
        if choice is None:
            return
        erase_in_background(
            self.operations,
            self,
            self.database,
            ids,
            choice,
            lambda: self.message.emit(f"Deleted {who}."),
        )
