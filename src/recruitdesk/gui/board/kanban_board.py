"""The board of one position: a column per stage, moves by drag and drop or keyboard,
saved before the board shows them, undoable.

The board shows its own moves from what the move returned and tells the other views
with itself as the initiator, so its own change does not come back as a reload; a
change anyone else makes is read again (docs/architecture.md, "The change signal").
Every read of more than one page runs in the background (:mod:`.reads`) through the
board's :class:`ShownReads`: the board stays usable with what it shows until the read
lands, a newer read supersedes an older one, and a hidden board only notes that it is
stale and reads when shown.
"""

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.pipeline import (
    BOARD_STAGES,
    REASON_REQUIRED,
    MoveRefusedError,
    Stage,
    next_stage,
    previous_stage,
)
from recruitdesk.domain.wording import count
from recruitdesk.errors import KnownError
from recruitdesk.gui.board.autoscroll import DragAutoScroller
from recruitdesk.gui.board.card_delegate import CardDelegate
from recruitdesk.gui.board.card_model import CardColumnModel
from recruitdesk.gui.board.columns import CardListView, StageColumn
from recruitdesk.gui.board.move_command import MoveCardsCommand
from recruitdesk.gui.board.reads import CardsRead, ColumnsRead, read_columns, read_touched
from recruitdesk.gui.board.reason_dialog import ReasonDialog
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.shown_reads import ShownReads
from recruitdesk.progress import Progress
from recruitdesk.storage.board.cards import Card
from recruitdesk.storage.board.moves import CardState, move_cards
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database


class KanbanBoard(QWidget):
    """The board of one position: a column per stage."""

    candidate_opened = Signal(int, int)
    message = Signal(str)
    #: "Analyse GitHub" on the selected cards: their candidates' ids.
    analyse_requested = Signal(list)
    #: The columns were read again (a position, a filter or a change): counts may differ.
    loaded = Signal()

    def __init__(
        self,
        database: Database,
        hub: ChangesHub,
        undo_stack: QUndoStack,
        operations: Operations,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kanbanBoard")
        self.database = database
        self.hub = hub
        self.undo_stack = undo_stack
        self.operations = operations
        #: The columns' reads; a change (or a position) that came while hidden reads
        #: every column when shown.
        self.reads = ShownReads(self, operations, self.reload, stale=False)
        #: What the read running now covers: the application ids it reads again, or
        #: ``None`` for every column.
        self._reading: frozenset[int] | None = None
        self.position_id: int | None = None
        self.filter_text = ""
        #: Asks why cards leave the pipeline; returns ``None`` when the user cancels.
        self.ask_reason: Callable[[Stage, int], str | None] = self._ask_reason
        self.models: dict[Stage, CardColumnModel] = {}
        self.views: dict[Stage, CardListView] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(6)
        self.banner = QLabel()
        self.banner.setObjectName("boardMessage")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self._banner_timer = QTimer(self)
        self._banner_timer.setSingleShot(True)
        self._banner_timer.timeout.connect(self.banner.hide)
        outer.addWidget(self.banner)

        scroll = QScrollArea()
        scroll.setObjectName("boardScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        row = QWidget()
        row.setObjectName("boardRow")
        columns = QHBoxLayout(row)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(10)
        self.autoscroll = DragAutoScroller(scroll)
        for stage in BOARD_STAGES:
            model = CardColumnModel(database, operations, stage, self)
            model.mover = self.move_to
            column = StageColumn(stage, model)
            view = column.view
            self.autoscroll.watch(view.viewport())
            view.step_requested.connect(lambda step, s=stage: self.step_selected(s, step))
            view.open_requested.connect(self.candidate_opened)
            analyse = QAction("Analyse GitHub", view)
            analyse.setObjectName("analyseGithubCards")
            analyse.triggered.connect(lambda _checked=False, s=stage: self.analyse_selected(s))
            view.addAction(analyse)
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            self.models[stage] = model
            self.views[stage] = view
            columns.addWidget(column, 1)
        scroll.setWidget(row)
        outer.addWidget(scroll, 1)
        self.columns_area = scroll
        self.no_position = QLabel(
            "No position to show yet. A board belongs to a position: create one under "
            "Positions, or load the demo sample, and its pipeline appears here."
        )
        self.no_position.setObjectName("noPosition")
        self.no_position.setWordWrap(True)
        self.no_position.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.no_position, 1)
        self.columns_area.hide()
        hub.changed.connect(self.on_changes)

    # -- loading ---------------------------------------------------------------------

    def set_position(self, position_id: int | None) -> None:
        self.position_id = position_id
        self.reload()

    def set_filter(self, text: str) -> None:
        if text.strip() != self.filter_text:
            self.filter_text = text.strip()
            self.reload()

    def reload(self) -> None:
        """Read every column again (in the background)."""
        self.columns_area.setVisible(self.position_id is not None)
        self.no_position.setVisible(self.position_id is None)
        if self.position_id is None:
            self.reads.drop()
            self._reading = None
            self._show_columns(ColumnsRead({}, {}))
            return
        self._read(None)

    def _read(self, ids: frozenset[int] | None) -> None:
        """Read again the cards ``ids`` (``None``: every column), superseding the read
        running now: what it would have read again is read by this one too."""
        if self.reads.deferred():
            return
        if self.reads.loading is not None:
            ids = None if ids is None or self._reading is None else ids | self._reading
        self._reading = ids
        database, text = self.database, self.filter_text
        position_id = self.position_id
        assert position_id is not None

        def read(_progress: Progress) -> ColumnsRead | CardsRead:
            if ids is None:
                return read_columns(database, position_id, text)
            return read_touched(database, position_id, text, ids)

        self.reads.query(read, self._landed)

    def _landed(self, found: ColumnsRead | CardsRead) -> None:
        self._reading = None
        if isinstance(found, ColumnsRead):
            self._show_columns(found)
        else:
            self._show_cards(found)

    def _show_columns(self, found: ColumnsRead) -> None:
        delegate_now = datetime.now(UTC)
        for stage, model in self.models.items():
            delegate = self.views[stage].itemDelegate()
            if isinstance(delegate, CardDelegate):
                delegate.now = delegate_now
            model.show_first_page(
                self.position_id,
                found.counts.get(stage.value, 0),
                self.filter_text,
                found.pages.get(stage, []),
            )
        self.loaded.emit()

    def _show_cards(self, found: CardsRead) -> None:
        ids = set(found.ids)
        for model in self.models.values():
            model.remove_ids(ids)
        for card in found.cards:
            self.models[Stage(card.stage)].place(card)
        for stage, model in self.models.items():
            model.set_total(found.counts.get(stage.value, 0))
        self.loaded.emit()

    def card_count(self) -> int:
        return sum(model.total for model in self.models.values())

    # -- moving ----------------------------------------------------------------------

    def _card_stage(self, application_id: int) -> Stage | None:
        for stage, model in self.models.items():
            if model.row_of(application_id) is not None:
                return stage
        return None

    def move_to(self, ids: list[int], target: Stage, before_id: int | None = None) -> bool:
        """Move cards (saved first); ``False`` and a visible message when refused."""
        if not ids or self.position_id is None:
            return False
        reason: str | None = None
        changing = [i for i in ids if self._card_stage(i) is not target]
        if target in REASON_REQUIRED and changing:
            reason = self.ask_reason(target, len(changing))
            if reason is None:
                self.show_error("Move cancelled: no reason given.")
                return False
        try:
            result = move_cards(
                self.database, ids, target.value, before_id=before_id, reason=reason
            )
        except MoveRefusedError as error:
            self.show_error(str(error))
            return False
        except KnownError as error:
            self.show_error(str(error))
            self.reload()
            return False
        moved = result.stage_changed
        if moved:
            who = count(len(moved), "card")
            text = f"Move {who} to {target.label}"
        else:
            text = f"Reorder {target.label}"
        self.undo_stack.push(MoveCardsCommand(self, result, text))
        self.show_move(result.before, result.after, result.changes)
        self.select_ids(target, ids)
        self.message.emit(text.replace("Move", "Moved", 1).replace("Reorder", "Reordered", 1))
        return True

    def step_selected(self, stage: Stage, step: int) -> None:
        ids = self.views[stage].selected_ids()
        if not ids:
            return
        target = next_stage(stage) if step > 0 else previous_stage(stage)
        if target is None:
            where = "right" if step > 0 else "left"
            self.show_error(f"There is no stage to the {where} of {stage.label} to move to.")
            return
        if self.move_to(ids, target):
            self.views[target].setFocus()

    def select_ids(self, stage: Stage, ids: Sequence[int]) -> None:
        view = self.views[stage]
        model = self.models[stage]
        selection = view.selectionModel()
        selection.clearSelection()
        first: QModelIndex | None = None
        for application_id in ids:
            row = model.row_of(application_id)
            if row is None:
                continue
            index = model.index(row)
            selection.select(index, selection.SelectionFlag.Select)
            if first is None:
                first = index
        if first is not None:
            selection.setCurrentIndex(first, selection.SelectionFlag.NoUpdate)
            view.scrollTo(first)

    def analyse_selected(self, stage: Stage) -> None:
        """Queue a GitHub analysis of the candidates on the selected cards."""
        ids = set(self.views[stage].selected_ids())
        candidates = [c.candidate_id for c in self.models[stage].cards if c.application_id in ids]
        if candidates:
            self.analyse_requested.emit(candidates)

    def _ask_reason(self, stage: Stage, count: int) -> str | None:
        dialog = ReasonDialog(stage, count, self)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.reason()
            return None
        finally:
            dialog.deleteLater()

    def show_error(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()
        self._banner_timer.start(8000)
        self.message.emit(text)

    # -- showing changes ------------------------------------------------------------

    def show_move(
        self, old: Sequence[CardState], new: Sequence[CardState], changes: Changes
    ) -> None:
        """Show a move of ours (or its undo or redo) from the states it went between,
        then tell the other views, as its initiator."""
        shown = {
            card.application_id: card for model in self.models.values() for card in model.cards
        }
        old_stages = {state.application_id: state.stage for state in old}
        unseen = [
            state.application_id
            for state in new
            if state.application_id not in shown
            and old_stages.get(state.application_id) != state.stage
        ]
        if unseen:
            # A card that changed column but was never read here: its name and score
            # are not known, so the cards are read again.
            if self.position_id is not None:
                self.refresh_cards(changes)
        else:
            self._place(new, shown)
            if self.reads.loading is not None:
                # A read running now may have started before this move was saved.
                self._read(self._reading)
        self.hub.publish(changes, initiator=self)

    def _place(self, new: Sequence[CardState], shown: dict[int, Card]) -> None:
        """Put shown cards where ``new`` says. A card not read yet (renumbered beyond
        what a column has read) keeps its place among those not read."""
        totals = {stage: model.total for stage, model in self.models.items()}
        moved: list[Card] = []
        for state in new:
            card = shown.get(state.application_id)
            if card is None:
                continue
            if card.stage != state.stage:
                totals[Stage(card.stage)] -= 1
                totals[Stage(state.stage)] += 1
            moved.append(
                replace(
                    card,
                    stage=state.stage,
                    rank=state.rank,
                    entered_stage_at=state.entered_stage_at,
                )
            )
        ids = {card.application_id for card in moved}
        for model in self.models.values():
            model.restate(new)
            model.remove_ids(ids)
        for card in moved:
            self.models[Stage(card.stage)].place(card)
        for stage, model in self.models.items():
            model.set_total(totals[stage])
        self.loaded.emit()

    def on_changes(self, changes: Changes) -> None:
        if self.position_id is None or changes.initiator is self:
            return
        if changes.everything or self.position_id in changes.positions:
            self.reload()
            return
        self.refresh_cards(changes)

    def refresh_cards(self, changes: Changes) -> None:
        """Read again the cards ``changes`` touched, and every column's count."""
        ids = set(changes.applications)
        if changes.candidates:
            for model in self.models.values():
                ids.update(
                    c.application_id for c in model.cards if c.candidate_id in changes.candidates
                )
        if ids:
            self._read(frozenset(ids))
