"""The cards of one column as a lazily filled list model, and the drag payload.

Drag and drop (docs/architecture.md, "The change signal"): the MIME type is the app's
own and carries application ids; ``dropMimeData`` hands the move to the board, which
saves it in storage; drags end as a copy, so the source view never removes rows itself.
"""

import bisect
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from recruitdesk.domain.pipeline import TYPICAL_DURATIONS, Stage
from recruitdesk.domain.wording import count
from recruitdesk.gui.next_page import NextPage
from recruitdesk.gui.operations import Operations
from recruitdesk.storage.board.cards import Card, read_column
from recruitdesk.storage.board.moves import CardState
from recruitdesk.storage.database import Database

#: The app's own MIME type: a JSON object ``{"position": id, "applications": [ids]}``.
CARD_MIME_TYPE = "application/x-recruitdesk-applications"
#: Cards read when a column opens: about what one screen shows.
FIRST_PAGE = 40
#: Cards read each time a column scrolls to its end.
NEXT_PAGE = 200
#: Each read takes one card more than it shows: the first card not read yet.
LOOKAHEAD = 1

CardRole = Qt.ItemDataRole.UserRole + 1
ApplicationIdRole = Qt.ItemDataRole.UserRole + 2
CandidateIdRole = Qt.ItemDataRole.UserRole + 3


def encode_ids(position_id: int, application_ids: Sequence[int]) -> QMimeData:
    data = QMimeData()
    payload = {"position": position_id, "applications": list(application_ids)}
    data.setData(CARD_MIME_TYPE, QByteArray(json.dumps(payload).encode()))
    return data


def decode_ids(data: QMimeData) -> tuple[int, list[int]] | None:
    """``(position id, application ids)`` from a drag of ours, or ``None``."""
    if not data.hasFormat(CARD_MIME_TYPE):
        return None
    try:
        payload = json.loads(bytes(data.data(CARD_MIME_TYPE).data()).decode())
        ids = [int(value) for value in payload["applications"]]
        return int(payload["position"]), ids
    except (ValueError, KeyError, TypeError):
        return None


class CardColumnModel(QAbstractListModel):
    """The cards of one stage of one position, read a page at a time in rank order (the
    pages after the first in the background, as the column scrolls)."""

    #: The column's card count (matching the filter) changed.
    count_changed = Signal(int)

    def __init__(
        self,
        database: Database,
        operations: Operations,
        stage: Stage,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.pages = NextPage(self, operations)
        self.stage = stage
        self.position_id: int | None = None
        self.filter_text = ""
        self.cards: list[Card] = []
        self.total = 0
        self._exhausted = True
        #: The first card after those read, read with each page (``None``: there is
        #: none): a drop below the last card read lands before it, and a card moved
        #: there joins what was read, with nothing read on the GUI thread.
        self.following: Card | None = None
        #: False once a change took ``following`` away: a drop below reads it first.
        self.following_known = True
        #: Called by :meth:`dropMimeData`: (ids, stage, before id) -> whether it moved.
        self.mover: Callable[[list[int], Stage, int | None], bool] | None = None

    # -- reading ---------------------------------------------------------------------

    def show_first_page(
        self, position_id: int | None, total: int, filter_text: str, cards: list[Card]
    ) -> None:
        """Show the column for ``position_id`` (``total`` cards) from its first page,
        read in the background by the board."""
        self.pages.reset()
        self.beginResetModel()
        self.position_id = position_id
        self.filter_text = filter_text
        self.total = total
        self.cards = cards[:FIRST_PAGE]
        self._take_following(cards[FIRST_PAGE:])
        self.endResetModel()
        self.count_changed.emit(self.total)

    def _take_following(self, beyond: list[Card]) -> None:
        """The cards a read found beyond the page it shows: the first is ``following``."""
        self.following = beyond[0] if beyond else None
        self.following_known = True
        self._exhausted = self.position_id is None or not beyond

    def _last_key(self) -> tuple[float, int] | None:
        return self.cards[-1].sort_key if self.cards else None

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and not self._exhausted and self.pages.reading is None

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or not self.canFetchMore() or self.position_id is None:
            return
        database, position_id, stage, text = (
            self.database,
            self.position_id,
            self.stage.value,
            self.filter_text,
        )
        after = self._last_key()
        self.pages.read(
            lambda _p: read_column(
                database, position_id, stage, after=after, limit=NEXT_PAGE + LOOKAHEAD, text=text
            ),
            partial(self._page_landed, after),
        )

    def _page_landed(self, after: tuple[float, int] | None, page: list[Card]) -> None:
        if self._last_key() != after:
            # A move changed the column's end meanwhile: read on from its new end.
            self.fetchMore()
            return
        page, beyond = page[:NEXT_PAGE], page[NEXT_PAGE:]
        self._take_following(beyond)
        if page:
            first = len(self.cards)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self.cards.extend(page)
            self.endInsertRows()

    def set_total(self, total: int) -> None:
        if total != self.total:
            self.total = total
            self.count_changed.emit(total)

    def row_of(self, application_id: int) -> int | None:
        for row, card in enumerate(self.cards):
            if card.application_id == application_id:
                return row
        return None

    def remove_ids(self, ids: set[int]) -> None:
        if self.following is not None and self.following.application_id in ids:
            self.following_known = False  # it moved or changed: the one after is not known
        for row in range(len(self.cards) - 1, -1, -1):
            if self.cards[row].application_id in ids:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.cards[row]
                self.endRemoveRows()

    def restate(self, states: Iterable[CardState]) -> None:
        """A move of ours renumbered cards: ``following`` follows its new rank."""
        following = self.following
        for state in states:
            if following is not None and state.application_id == following.application_id:
                if state.stage == self.stage.value:
                    self.following = replace(following, rank=state.rank)
                else:
                    self.following_known = False

    def _next_is_after(self, card: Card) -> bool:
        """Whether the first card not read yet comes after ``card`` (so ``card`` can
        join the end of what was read without the next page skipping anything); not
        when that is not known (the card comes with a later page)."""
        following = self.following
        if self.position_id is None or not self.cards or not self.following_known:
            return False
        if following is None or following.application_id == card.application_id:
            return following is None
        return following.sort_key > card.sort_key

    def place(self, card: Card) -> int | None:
        """Insert a card (not in the model) at its rank; ``None`` if it lies beyond what
        has been read (it comes with a later page)."""
        keys = [c.sort_key for c in self.cards]
        row = bisect.bisect_left(keys, card.sort_key)
        if row == len(self.cards) and not self._exhausted and not self._next_is_after(card):
            return None
        self.beginInsertRows(QModelIndex(), row, row)
        self.cards.insert(row, card)
        self.endInsertRows()
        return row

    # -- the item model --------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.cards)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.cards):
            return None
        card = self.cards[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return card.full_name
        if role == CardRole:
            return card
        if role == ApplicationIdRole:
            return card.application_id
        if role == CandidateIdRole:
            return card.candidate_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(card)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{card.full_name}, {self.stage.label}"
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [CARD_MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        rows = sorted({index.row() for index in indexes if index.isValid()})
        ids = [self.cards[row].application_id for row in rows]
        return encode_ids(self.position_id or 0, ids)

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        # A copy: the source never removes rows; the change signal refreshes columns.
        return Qt.DropAction.CopyAction

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def canDropMimeData(  # noqa: N802
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        decoded = decode_ids(data)
        return decoded is not None and decoded[0] == self.position_id and column <= 0

    def dropMimeData(  # noqa: N802
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        """Move the dragged cards here, before the card at ``row`` (or onto ``parent``,
        or at the end): saved in one transaction before the board shows it."""
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        decoded = decode_ids(data)
        assert decoded is not None
        _position, ids = decoded
        if parent.isValid():
            row = parent.row()
        before_id: int | None = None
        if self.mover is None:
            return False
        if 0 <= row < len(self.cards):
            before_id = self.cards[row].application_id
        elif not self._exhausted and self.position_id is not None and self.cards:
            # Below the last card read: before the first one not read yet, so the card
            # lands where it was dropped rather than at the far end of the column.
            if not self.following_known:
                self._drop_before_following(ids)
                return True
            before_id = self.following.application_id if self.following else None
        return self.mover(ids, self.stage, before_id)

    def _drop_before_following(self, ids: list[int]) -> None:
        """A drop below the cards read after a change took ``following`` away: it is
        read in the background first (the drop is forgotten if the column reloads)."""
        assert self.position_id is not None
        database, position_id, stage, text = (
            self.database,
            self.position_id,
            self.stage,
            self.filter_text,
        )
        after = self._last_key()

        def landed(found: list[Card]) -> None:
            if self._last_key() == after:
                self._take_following(found)
            if self.mover is not None:
                self.mover(ids, stage, found[0].application_id if found else None)

        self.pages.read(
            lambda _p: read_column(
                database, position_id, stage.value, after=after, limit=LOOKAHEAD, text=text
            ),
            landed,
        )


def _tooltip(card: Card) -> str:
    days = card.days_in_stage()
    parts = [card.full_name, f"{Stage(card.stage).label} for {count(round(days), 'day')}"]
    typical = TYPICAL_DURATIONS.get(Stage(card.stage))
    if typical is not None:
        parts.append(f"Typical: {typical.min_days}-{typical.max_days} days ({typical.phase})")
    if card.overall_score is not None:
        parts.append(f"Overall code score: {card.overall_score:.0f}/100")
    return "\n".join(parts)
