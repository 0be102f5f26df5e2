"""The Candidates view: every candidate in a table the database filters and sorts,
read a page at a time as it scrolls (``canFetchMore``/``fetchMore``). A new filter,
sort or count is read in the background (counting 100,000 candidates through a filter
takes most of a second); the table shows the newest answer."""

from collections.abc import Callable, Sized
from dataclasses import replace
from datetime import date
from functools import partial
from typing import Any, TypeVar

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
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

from recruitdesk.domain.taxonomy import Level, Region, Track
from recruitdesk.domain.wording import count
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.erase_people import EraseChoice, ask_erase, erase_in_background
from recruitdesk.gui.next_page import NextPage
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.shown_reads import ShownReads
from recruitdesk.gui.tables import RowTableModel
from recruitdesk.progress import Progress
from recruitdesk.storage.candidate_list import (
    CandidateQuery,
    CandidateRow,
    candidate_page,
    count_candidates,
    read_candidate_rows,
)
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database

T = TypeVar("T")
PAGE = 200
#: How long typing must pause before the filter runs.
FILTER_DELAY_MS = 200
CandidateIdRole = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Name", "E-mail", "Region", "Track", "Level", "Years", "Ask", "GitHub", "Tags")
_REGIONS = {r.value: r.label for r in Region}
_TRACKS = {t.value: t.label for t in Track}
_LEVELS = {v.value: v.label for v in Level}


def _ask(row: CandidateRow) -> str:
    if row.ask_amount is None:
        return ""
    per = {"year": "/yr", "hour": "/h"}.get(row.ask_period or "", "")
    return f"{row.ask_amount:,} {row.ask_currency or ''}{per}".strip()


#: The candidate field each column sorts by (``None``: the column does not sort).
SORT_KEYS = (
    "full_name",
    "email",
    "region",
    "track",
    "level",
    "years_experience",
    "ask_amount",
    "github_login",
    None,
)


class CandidateListModel(RowTableModel):
    """The candidates a :class:`CandidateQuery` finds, filtered and sorted by the
    database, read in the background a page at a time: the first through the view's
    :class:`ShownReads` (never while it is hidden), the next ones as it scrolls."""

    columns = COLUMNS
    #: A reload or a count landed: the counts may have changed.
    counted = Signal()

    def __init__(
        self, database: Database, reads: ShownReads, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.reads = reads
        self.pages = NextPage(self, reads.operations)
        self.query = CandidateQuery()
        self.rows: list[CandidateRow] = []
        self.total = 0
        self.found = 0
        self._exhausted = True

    def reload(self) -> None:
        """Read the first page and the counts of the current query (once in sight)."""
        self.reads.changed()

    def read_first_page(self) -> None:
        """Read the first page and the counts of the current query in the background."""
        database, query = self.database, self.query

        def read(_progress: Progress) -> tuple[list[CandidateRow], int, int]:
            rows = candidate_page(database, query, limit=PAGE)
            total = count_candidates(database)
            narrowed = bool(query.text) or query.lapsed_before is not None
            return rows, total, count_candidates(database, query) if narrowed else total

        self._read(read, self._reloaded)

    def _read(self, work: Callable[[Progress], T], done: Callable[[T], None]) -> None:
        def landed(result: T) -> None:
            done(result)
            self.counted.emit()

        self.reads.query(work, landed)

    def _reloaded(self, result: tuple[list[CandidateRow], int, int]) -> None:
        self.pages.reset()
        self.beginResetModel()
        self.rows, self.total, self.found = result
        self._exhausted = len(self.rows) < PAGE
        self.endResetModel()

    def set_text(self, text: str) -> None:
        """Show only the candidates with every word of ``text``."""
        if text.strip() != self.query.text:
            self.query = replace(self.query, text=text.strip())
            self.reload()

    def set_lapsed_only(self, on: bool) -> None:
        """Show only the candidates whose consent has lapsed (before today)."""
        self.query = replace(self.query, lapsed_before=date.today() if on else None)
        self.reload()

    @property
    def narrowed(self) -> bool:
        return bool(self.query.text) or self.query.lapsed_before is not None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(SORT_KEYS) or SORT_KEYS[column] is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.query = replace(self.query, sort=SORT_KEYS[column], descending=descending)
        self.reload()

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and not self._exhausted and self.pages.reading is None

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or not self.canFetchMore():
            return
        database, query, offset = self.database, self.query, len(self.rows)
        self.pages.read(
            lambda _p: candidate_page(database, query, offset=offset, limit=PAGE),
            partial(self._page_landed, offset),
        )

    def _page_landed(self, offset: int, page: list[CandidateRow]) -> None:
        if len(self.rows) != offset:
            # Rows were removed meanwhile: read on from where the list ends now.
            self.fetchMore()
            return
        if len(page) < PAGE:
            self._exhausted = True
        if page:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()

    def table_rows(self) -> Sized:
        return self.rows

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == CandidateIdRole:
            return row.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (5, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _display(row: CandidateRow, column: int) -> str:
        values = (
            row.full_name,
            row.email or "",
            _REGIONS.get(row.region or "", row.region or ""),
            _TRACKS.get(row.track or "", row.track or ""),
            _LEVELS.get(row.level or "", row.level or ""),
            "" if row.years_experience is None else str(row.years_experience),
            _ask(row),
            row.github_login or "",
            ", ".join(row.tags),
        )
        return values[column]

    def row_of(self, candidate_id: int) -> int | None:
        for number, row in enumerate(self.rows):
            if row.id == candidate_id:
                return number
        return None

    def on_changes(self, changes: Changes) -> None:
        """Read the changed rows (and the counts) in the background; a read on its way
        would be dropped by this one, so then the first page is read again instead."""
        if changes.everything or (changes.candidates and self.reads.loading is not None):
            self.reload()
            return
        if not changes.candidates:
            return
        database, query, narrowed = self.database, self.query, self.narrowed
        ids = sorted(changes.candidates)

        def read(_progress: Progress) -> tuple[list[CandidateRow], int, int]:
            total = count_candidates(database)
            found = count_candidates(database, query) if narrowed else total
            return read_candidate_rows(database, ids), total, found

        self._read(read, partial(self._changed_rows, ids))

    def _changed_rows(self, ids: list[int], read: tuple[list[CandidateRow], int, int]) -> None:
        fresh = {row.id: row for row in read[0]}
        self.total, self.found = read[1], read[2]
        for candidate_id in reversed(ids):
            number = self.row_of(candidate_id)
            if number is None:
                continue
            if candidate_id in fresh:
                self.rows[number] = fresh[candidate_id]
                self.dataChanged.emit(self.index(number, 0), self.index(number, len(COLUMNS) - 1))
            else:
                self.beginRemoveRows(QModelIndex(), number, number)
                del self.rows[number]
                self.endRemoveRows()
        known = {row.id for row in self.rows}
        if any(i not in known for i in fresh) and self._exhausted:
            # New people: where they belong in the order is the database's to say.
            self.reload()


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
