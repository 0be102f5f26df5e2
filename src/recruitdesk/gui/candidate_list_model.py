"""The Candidates view's table model: the candidates a query finds, filtered and sorted
by the database and read in the background a page at a time as the table scrolls
(``canFetchMore``/``fetchMore``); a change reads only the rows it touched."""

from collections.abc import Callable, Sized
from dataclasses import replace
from datetime import date
from functools import partial
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from recruitdesk.domain.taxonomy import Level, Region, Track
from recruitdesk.gui.next_page import NextPage
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
