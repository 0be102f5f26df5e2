"""The Duplicates page: every pair of candidates who may be one person (the same e-mail,
GitHub login or phone, or a close name in one place), whatever brought them in (the
pane, an import, a CV, sourcing, a bundle); the chosen pair side by side to merge field
by field, or to say they are two people ("Not the same person": never suggested again);
and the recent merges and dismissals, each of which can be undone.

The base is read again in the background when the change signal names candidates, and
only while the page is shown (docs/architecture.md, "Background operations").
"""

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.wording import count
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.merge_panel import NO_PAIRS, PICK_A_PAIR, MergePanel
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.shown_reads import ShownReads
from recruitdesk.progress import Progress
from recruitdesk.storage.candidate_merge import (
    MergeView,
    list_merges,
    merge_candidates,
    undo_merge,
)
from recruitdesk.storage.candidates import CandidateDetails, get_candidate
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.dismissed_duplicates import (
    DismissalView,
    dismiss_pair,
    list_dismissals,
    suggest_again,
)
from recruitdesk.storage.duplicates import PossibleDuplicate, find_duplicates

_IdRole = Qt.ItemDataRole.UserRole + 1
#: How many pairs the list shows (the rest are counted): nobody reviews more at once.
SHOWN_PAIRS = 500


@dataclass(frozen=True, slots=True)
class Found:
    pairs: list[PossibleDuplicate]
    merges: list[MergeView]
    dismissals: list[DismissalView]


class DuplicatesView(QWidget):
    candidate_opened = Signal(int)
    message = Signal(str)

    def __init__(self, database: Database, hub: ChangesHub, operations: Operations) -> None:
        super().__init__()
        self.setObjectName("duplicatesView")
        self.database = database
        self.operations = operations
        self.found = Found([], [], [])
        #: The base is read when first shown, and when shown after changes.
        self.reads = ShownReads(self, operations, self.reload)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 12)
        top = QHBoxLayout()
        self.summary = QLabel("Looking for possible duplicates…")
        self.summary.setObjectName("duplicatesSummary")
        top.addWidget(self.summary, 1)
        self.refresh_button = QPushButton("Look again")
        self.refresh_button.clicked.connect(self.reload)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.pairs = QTreeWidget()
        self.pairs.setObjectName("duplicatePairs")
        self.pairs.setHeaderLabels(["Candidate", "and candidate", "Why"])
        self.pairs.setRootIsDecorated(False)
        self.pairs.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.pairs.setColumnWidth(0, 120)
        self.pairs.setColumnWidth(1, 120)
        self.pairs.currentItemChanged.connect(self._pair_chosen)
        splitter.addWidget(self.pairs)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        self.panel = MergePanel()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.panel)
        side_layout.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        self.swap_button = QPushButton("Keep the other one")
        self.swap_button.clicked.connect(self.swap)
        self.merge_button = QPushButton("Merge the two")
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.clicked.connect(self.merge)
        self.dismiss_button = QPushButton("Not the same person")
        self.dismiss_button.setObjectName("dismissButton")
        self.dismiss_button.setToolTip("Two people: this pair is never suggested again")
        self.dismiss_button.clicked.connect(self.dismiss)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        buttons.addWidget(self.swap_button)
        buttons.addWidget(self.merge_button)
        side_layout.addLayout(buttons)
        splitter.addWidget(side)
        splitter.setSizes([380, 640])
        layout.addWidget(splitter, 1)
        self.history = QTabWidget()
        self.history.setMaximumHeight(170)
        # Both titles always whole: no scroll arrows over a short tab bar.
        self.history.setUsesScrollButtons(False)
        self.undo_button = QPushButton("Undo merge")
        self.undo_button.setObjectName("undoMerge")
        self.undo_button.clicked.connect(self.undo)
        self.merges = self._history_tab(
            "Recent merges", ["When", "Kept", "Merged in", "By"], self.undo_button
        )
        self.merges.setObjectName("recentMerges")
        self.again_button = QPushButton("Suggest again")
        self.again_button.setObjectName("suggestAgain")
        self.again_button.clicked.connect(self.suggest_again)
        self.dismissals = self._history_tab(
            "Not the same person", ["When", "Candidate", "and candidate", "By"], self.again_button
        )
        self.dismissals.setObjectName("dismissedPairs")
        layout.addWidget(self.history)
        self._update_buttons()
        hub.changed.connect(self._on_changes)

    def _history_tab(self, title: str, headers: list[str], undo: QPushButton) -> QTreeWidget:
        """A tab of the history: a list, and beside it the button that undoes a row."""
        tab = QWidget()
        row = QHBoxLayout(tab)
        row.setContentsMargins(4, 4, 4, 4)
        listed = QTreeWidget()
        listed.setHeaderLabels(headers)
        listed.setRootIsDecorated(False)
        for column, width in enumerate((130, 220, 220)):
            listed.setColumnWidth(column, width)
        listed.currentItemChanged.connect(lambda *_: self._update_buttons())
        row.addWidget(listed, 1)
        row.addWidget(undo, 0, Qt.AlignmentFlag.AlignTop)
        self.history.addTab(tab, title)
        return listed

    # -- reading ---------------------------------------------------------------------

    def _on_changes(self, changes: Changes) -> None:
        # A merge made here reloads when it is done.
        if changes.initiator is not self and (changes.everything or changes.candidates):
            self.reads.changed()

    def reload(self) -> None:
        database = self.database

        def work(progress: Progress) -> Found:
            return Found(
                find_duplicates(database, progress),
                list_merges(database),
                list_dismissals(database),
            )

        self.reads.query(work, self.show_found, title="Looking for duplicates")

    def show_found(self, found: Found) -> None:
        self.found = found
        self.pairs.clear()
        for pair in found.pairs[:SHOWN_PAIRS]:
            item = QTreeWidgetItem(
                [
                    f"{pair.first.full_name} ({pair.first.id})",
                    f"{pair.second.full_name} ({pair.second.id})",
                    pair.why,
                ]
            )
            item.setData(0, _IdRole, (pair.first.id, pair.second.id))
            item.setToolTip(2, pair.why)
            self.pairs.addTopLevelItem(item)
        shown = len(found.pairs)
        self.summary.setText(
            f"{count(shown, 'possible duplicate')}"
            + (f" (the first {SHOWN_PAIRS} are listed)" if shown > SHOWN_PAIRS else "")
            + ("." if shown else ": every candidate looks like one person.")
        )
        self.merges.clear()
        for merge in found.merges:
            item = QTreeWidgetItem(
                [
                    merge.at.strftime("%Y-%m-%d %H:%M"),
                    f"{merge.kept_name} ({merge.kept_id})",
                    f"{merge.absorbed_name} ({merge.absorbed_id})",
                    merge.actor,
                ]
            )
            item.setData(0, _IdRole, merge.id)
            self.merges.addTopLevelItem(item)
        self.dismissals.clear()
        for dismissal in found.dismissals:
            item = QTreeWidgetItem(
                [
                    dismissal.at.strftime("%Y-%m-%d %H:%M"),
                    f"{dismissal.first_name} ({dismissal.first_id})",
                    f"{dismissal.second_name} ({dismissal.second_id})",
                    dismissal.actor,
                ]
            )
            item.setData(0, _IdRole, dismissal.id)
            self.dismissals.addTopLevelItem(item)
        first = self.pairs.topLevelItem(0)
        self.panel.clear(PICK_A_PAIR if first is not None else NO_PAIRS)
        if first is not None:
            self.pairs.setCurrentItem(first)
        self._update_buttons()

    def _pair_chosen(self, item: QTreeWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        first, second = item.data(0, _IdRole)
        self._show_pair(first, second)

    def _show_pair(self, kept_id: int, absorbed_id: int) -> None:
        database = self.database

        def work(_progress: Progress) -> tuple[CandidateDetails, CandidateDetails]:
            return get_candidate(database, kept_id), get_candidate(database, absorbed_id)

        def shown(pair: tuple[CandidateDetails, CandidateDetails]) -> None:
            self.panel.show_pair(*pair)
            self._update_buttons()

        self.operations.query(self, work, shown)

    def _update_buttons(self) -> None:
        ready = self.panel.kept is not None
        self.merge_button.setEnabled(ready)
        self.dismiss_button.setEnabled(ready)
        self.swap_button.setEnabled(ready)
        self.undo_button.setEnabled(self.merges.currentItem() is not None)
        self.again_button.setEnabled(self.dismissals.currentItem() is not None)

    # -- writing ---------------------------------------------------------------------

    def swap(self) -> None:
        if self.panel.kept is not None and self.panel.absorbed is not None:
            self._show_pair(self.panel.absorbed.id, self.panel.kept.id)

    def merge(self) -> None:
        kept, absorbed = self.panel.kept, self.panel.absorbed
        if kept is None or absorbed is None:
            return
        choices = self.panel.choices()
        database = self.database

        def work(_progress: Progress) -> Changes:
            return merge_candidates(database, kept.id, absorbed.id, choices)[1]

        self.operations.write(
            self,
            work,
            lambda _changes: self._merged(kept, absorbed),
            title="Merging candidates",
        )

    def _merged(self, kept: CandidateDetails, absorbed: CandidateDetails) -> None:
        self.message.emit(
            f"Merged {absorbed.full_name} into {kept.full_name}; Undo merge puts both back."
        )
        self.reload()

    def undo(self) -> None:
        item = self.merges.currentItem()
        if item is None:
            return
        merge_id: int = item.data(0, _IdRole)
        database = self.database

        def work(_progress: Progress) -> Changes:
            return undo_merge(database, merge_id)

        def undone(_changes: Changes) -> None:
            self.message.emit("The merge was undone: both candidates are back as they were.")
            self.reload()

        self.operations.write(self, work, undone, title="Undoing the merge")

    def dismiss(self) -> None:
        one, other = self.panel.kept, self.panel.absorbed
        if one is None or other is None:
            return
        database = self.database

        def work(_progress: Progress) -> Changes:
            return dismiss_pair(database, one.id, other.id)[1]

        def dismissed(_changes: Changes) -> None:
            self.message.emit(
                f"{one.full_name} and {other.full_name} are two people: the pair is not "
                "suggested again (Suggest again undoes it)."
            )
            self.reload()

        self.operations.write(self, work, dismissed, title="Saying they are two people")

    def suggest_again(self) -> None:
        item = self.dismissals.currentItem()
        if item is None:
            return
        dismissal_id: int = item.data(0, _IdRole)
        database = self.database

        def work(_progress: Progress) -> Changes:
            return suggest_again(database, dismissal_id)

        def again(_changes: Changes) -> None:
            self.message.emit("The pair may be suggested again.")
            self.reload()

        self.operations.write(self, work, again, title="Suggesting the pair again")
