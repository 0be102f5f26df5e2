"""Matches: every candidate ranked for a position, with the reasons, and "add to board"
for the selected ones in one action.

Ranking reads plain values in bulk (:mod:`recruitdesk.storage.matching`) in a background
operation, so the window stays live while 100,000 candidates are ranked; a view that is
hidden never ranks, it only notes that its ranking is stale. The reasons of a row are
worded only when the row is shown.
"""

import time
from dataclasses import dataclass, replace

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.matching.fit import Reason
from recruitdesk.domain.matching.ranking import Match
from recruitdesk.errors import KnownError
from recruitdesk.gui.matches_model import (
    COLUMNS,
    FIT_COLUMN,
    FitDelegate,
    MatchTableModel,
)
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.shown_reads import ShownReads
from recruitdesk.gui.style import colors
from recruitdesk.progress import Progress
from recruitdesk.storage.board.new_cards import add_cards
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.matching import rank_candidates
from recruitdesk.storage.positions import PositionDetails, list_positions
from recruitdesk.storage.rate_files import current_rates
from recruitdesk.storage.search import parse_query, search_candidates


@dataclass(frozen=True, slots=True)
class Ranked:
    """The positions, the one ranked for (``None``: there is none) and its ranking."""

    positions: list[PositionDetails]
    position_id: int | None
    matches: list[Match]
    off_board: list[Match]
    elapsed: float


class MatchesView(QWidget):
    """Every candidate ranked for the chosen position, the reasons of the selected one,
    and "Add to board" for the selection."""

    changes_made = Signal(object)
    #: "Shortlist PDF": the chosen position's shortlist (the main window asks where).
    shortlist_requested = Signal()

    #: A ranking landed (or was found empty); tests and the window wait on it.
    ranked = Signal()

    def __init__(
        self, database: Database, operations: Operations, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("matchesView")
        self.database = database
        self.operations = operations
        self.position_id: int | None = None
        #: The positions and the ranking are read together, first when the view is
        #: shown, and again when shown after changes it missed while hidden.
        self.reads = ShownReads(self, operations, self.rerank)
        #: The search box's query, read apart from the ranking (the newest wins).
        self.searches = ShownReads(self, operations, self._filter, stale=False)
        self.all_matches: list[Match] = []
        #: The matches not on the board yet, in rank order.
        self.off_board: list[Match] = []
        self.elapsed = 0.0
        self._titles: dict[int, str] = {}

        self.position = QComboBox()
        self.position.setObjectName("matchesPosition")
        self.position.setMinimumContentsLength(44)
        self.search = QLineEdit()
        self.search.setObjectName("matchesSearch")
        self.search.setPlaceholderText('Narrow: words, "FastAPI verified", region:, stage:')
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._filter)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._filter)
        self.hide_on_board = QCheckBox("Hide those already on the board")
        self.hide_on_board.setChecked(True)
        self.count = QLabel()
        self.count.setProperty("class", "muted")
        self.add_button = QPushButton("Add to board")
        self.add_button.setObjectName("primaryButton")
        self.add_button.setEnabled(False)

        self.model = MatchTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("matchesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setItemDelegateForColumn(FIT_COLUMN, FitDelegate(self.table))
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        for column, width in ((0, 44), (1, 170), (2, 110), (3, 120), (4, 64), (5, 92), (7, 70)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)

        self.reasons = QListWidget()
        self.reasons.setObjectName("matchReasons")
        self.reasons.setWordWrap(True)
        self.reasons_title = QLabel("Why")
        self.reasons_title.setWordWrap(True)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.reasons_title)
        side_layout.addWidget(self.reasons, 1)

        top = QHBoxLayout()
        top.addWidget(QLabel("Position"))
        top.addWidget(self.position, 1)
        top.addWidget(self.hide_on_board)
        top.addStretch(1)
        top.addWidget(self.count)
        self.shortlist_button = QPushButton("Shortlist PDF")
        self.shortlist_button.setObjectName("shortlistReport")
        self.shortlist_button.setToolTip(
            "Save the shortlist of this position: its requirements, the ranked candidates "
            "of its pipeline and a page for each (Ctrl+Shift+P)"
        )
        self.shortlist_button.clicked.connect(self.shortlist_requested)
        top.addWidget(self.shortlist_button)
        top.addWidget(self.add_button)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 330])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(splitter, 1)

        self.position.currentIndexChanged.connect(self._position_chosen)
        self.hide_on_board.toggled.connect(self._filter)
        self.add_button.clicked.connect(self.add_selected)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

    # -- reading -------------------------------------------------------------------------

    def rerank(self) -> None:
        """List the positions and rank everyone for the chosen one (else the first) in
        the background; a newer ranking replaces one still running."""
        table = current_rates().table
        database, wanted = self.database, self.position_id
        hours, eur_usd = table.hours_per_year, table.eur_usd

        def rank(progress: Progress) -> Ranked:
            positions = list_positions(database)
            known = {position.id for position in positions}
            chosen = wanted if wanted in known else positions[0].id if positions else None
            progress.check()
            started = time.perf_counter()
            if chosen is None:
                return Ranked(positions, None, [], [], 0.0)
            found = rank_candidates(database, chosen, hours_per_year=hours, eur_usd=eur_usd)
            # The list without the cards already on the board, made here rather than on
            # the GUI thread (100,000 rows).
            off_board = [match for match in found if not match.facts.on_board]
            return Ranked(positions, chosen, found, off_board, time.perf_counter() - started)

        self.count.setText("Ranking…")
        self.reads.query(rank, self._ranked, title="Ranking the candidates")

    def _ranked(self, ranked: Ranked) -> None:
        self.position.blockSignals(True)
        self.position.clear()
        self._titles = {}
        for position in ranked.positions:
            status = "" if position.status == "open" else f" ({position.status.replace('_', ' ')})"
            self.position.addItem(f"{position.name}{status}", position.id)
            self._titles[position.id] = position.title
        self.position.setCurrentIndex(self.position.findData(ranked.position_id))
        self.position.blockSignals(False)
        self.position_id = ranked.position_id
        self._show_ranking(ranked.matches, ranked.off_board, ranked.elapsed)

    def position_title(self) -> str:
        """The chosen position's title as stored (not the picker's text)."""
        return self._titles.get(self.position_id, "") if self.position_id is not None else ""

    def set_position(self, position_id: int) -> None:
        """Rank for this position (when the view is next in sight)."""
        if position_id and position_id != self.position_id:
            self.position_id = position_id
            self.reads.drop()  # a ranking of the one before would choose it again
            self.reads.changed()

    def _position_chosen(self) -> None:
        data = self.position.currentData()
        self.set_position(int(data))

    def apply_changes(self, changes: Changes) -> None:
        """Refresh on the app-wide change signal. Ranking everyone takes most of a
        second at 100,000 candidates, so while the view is hidden (a recruiter moving
        cards on the board) it only notes that the ranking is stale. Its own adds it
        has ranked again already."""
        if changes.initiator is self:
            return
        if (
            changes.everything
            or changes.positions
            or changes.candidates
            or (changes.applications or changes.analyses)
        ):
            self.reads.changed()

    def _show_ranking(self, matches: list[Match], off_board: list[Match], elapsed: float) -> None:
        previous = (self.all_matches, self.off_board)
        self.all_matches, self.off_board, self.elapsed = matches, off_board, elapsed
        self._filter()
        self.operations.discard(self, *previous)
        self.ranked.emit()

    def _filter(self) -> None:
        """Narrow the ranking to what the search box's query finds, searched in the
        background (what is shown stays until it lands)."""
        self._search_timer.stop()
        text = self.search.text().strip()
        problem: str | None = None
        try:
            query = parse_query(text) if text else None
        except KnownError as error:
            query, problem = None, str(error)
        if query is None or query.empty:
            self.searches.drop()
            self._show_filtered(problem)
            return
        database, query = self.database, replace(query, limit=len(self.all_matches) + 1)

        def search(_progress: Progress) -> set[int] | str:
            try:
                return {hit.candidate_id for hit in search_candidates(database, query)}
            except KnownError as error:  # a query it cannot read: said in the count
                return str(error)

        self.searches.query(search, self._show_filtered)

    def _show_filtered(self, found: set[int] | str | None) -> None:
        """The ranking narrowed to ``found`` (None: no query; a text: why it failed)."""
        hide = self.hide_on_board.isChecked()
        self.table.setColumnHidden(len(COLUMNS) - 1, hide)
        shown = self.off_board if hide else self.all_matches
        on_board_hidden = len(self.all_matches) - len(shown)
        problem = found if isinstance(found, str) else None
        narrowed = None if isinstance(found, str) else found
        if narrowed is not None:
            shown = [m for m in shown if m.facts.candidate_id in narrowed]
        self.model.set_matches(shown)
        text = f"{len(shown):,} ranked in {self.elapsed:.2f} s"
        if narrowed is not None:
            text = (
                f"{len(shown):,} found of {len(self.all_matches):,}, ranked in {self.elapsed:.2f} s"
            )
        if on_board_hidden:
            text += f" \u00b7 {on_board_hidden:,} on the board hidden"
        self.count.setText(problem or text)
        if shown:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        else:
            self._show_reasons(None)

    # -- selection and reasons ------------------------------------------------------------

    def selected_candidates(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.matches[row].facts.candidate_id for row in rows]

    def _selection_changed(self) -> None:
        chosen = self.selected_candidates()
        addable = [
            cid
            for cid, row in zip(chosen, self._selected_rows(), strict=True)
            if not self.model.matches[row].facts.on_board
        ]
        self.add_button.setEnabled(bool(addable) and self.position_id is not None)
        self.add_button.setText(
            f"Add {len(addable)} to board" if len(addable) > 1 else "Add to board"
        )

    def _selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.table.selectionModel().selectedRows()})

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_reasons(self.model.matches[current.row()] if current.isValid() else None)

    def _show_reasons(self, match: Match | None) -> None:
        self.reasons.clear()
        if match is None:
            self.reasons_title.setText("Why")
            return
        self.reasons_title.setText(f"<b>{match.facts.full_name}</b> \u00b7 fit {match.score:.0f}")
        scheme = colors()
        for reason in match.reasons():
            self.reasons.addItem(self._reason_item(reason, scheme))

    @staticmethod
    def _reason_item(reason: Reason, scheme: dict[str, str]) -> QListWidgetItem:
        mark = "\u2713" if reason.good else "\u2717" if reason.good is False else "\u2022"
        points = f"  (+{reason.points:.1f})" if reason.points > 0 else ""
        if reason.points < 0:
            points = f"  ({reason.points:.1f})"
        item = QListWidgetItem(f"{mark} {reason.text}{points}")
        key = "success" if reason.good else "danger" if reason.good is False else "muted"
        item.setForeground(QColor(scheme[key]))
        item.setData(Qt.ItemDataRole.UserRole, reason.kind.value)
        return item

    # -- the one action -------------------------------------------------------------------

    def add_selected(self) -> Changes:
        """Put every selected candidate not yet on the board on it, in one transaction."""
        if self.position_id is None:
            return Changes()
        chosen = [
            self.model.matches[row].facts.candidate_id
            for row in self._selected_rows()
            if not self.model.matches[row].facts.on_board
        ]
        if not chosen:
            return Changes()
        try:
            _added, changes = add_cards(self.database, self.position_id, chosen)
        except KnownError as error:
            self.count.setText(str(error))
            return Changes()
        self.rerank()
        changes = changes.made_by(self)
        if changes:
            self.changes_made.emit(changes)
        return changes
