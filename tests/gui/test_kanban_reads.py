"""The Kanban board's reads: columns longer than a page, drops below what was read,
and reads off the GUI thread that land on the board."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from gui_helpers import GuiThreadReads, Sample, drag, fetch_all, names, sample_in, settled
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from recruitdesk.domain.pipeline import Stage
from recruitdesk.gui.board import reads
from recruitdesk.gui.board.card_model import (
    FIRST_PAGE,
    NEXT_PAGE,
)
from recruitdesk.gui.board.kanban_board import KanbanBoard
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.operations import Operations
from recruitdesk.storage.board.cards import read_column
from recruitdesk.storage.board.moves import move_cards
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database


def long_column(
    qtbot: QtBot, database: Database, hub: ChangesHub, operations: Operations, people: int
) -> tuple[Sample, KanbanBoard]:
    """A board at 1200x600 whose Sourced column holds ``people`` (P000, P001, ...),
    settled."""
    sample = sample_in(database, {"sourced": [f"P{n:03d}" for n in range(people)]})
    board = KanbanBoard(database, hub, QUndoStack(), operations)
    qtbot.addWidget(board)
    board.resize(1200, 600)
    board.set_position(sample.position_id)
    board.show()
    settled(qtbot, board)
    return sample, board


def test_a_drop_below_the_cards_read_so_far_lands_there(
    qtbot: QtBot,
    database: Database,
    hub: ChangesHub,
    operations: Operations,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _sample, board = long_column(qtbot, database, hub, operations, FIRST_PAGE + 5)
    model = board.models[Stage.SOURCED]
    assert model.rowCount() == FIRST_PAGE
    assert model.canFetchMore()
    last = model.rowCount()
    reads = GuiThreadReads(database, monkeypatch)
    assert model.dropMimeData(
        drag(board, Stage.SOURCED, [0]), Qt.DropAction.CopyAction, last, 0, QModelIndex()
    )
    assert reads.count == 0  # the first card not read came with the first page
    shown = [card.full_name for card in model.cards]
    assert shown.index("P000 Example") == FIRST_PAGE - 1  # shown where it was dropped
    fetch_all(qtbot, model, model.pages)
    order = [card.full_name for card in model.cards]
    assert order.index("P000 Example") == FIRST_PAGE - 1
    assert len(order) == len(set(order)) == FIRST_PAGE + 5


def test_a_drop_below_after_the_next_card_moved_away_reads_it_first(
    qtbot: QtBot,
    database: Database,
    hub: ChangesHub,
    operations: Operations,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sample, board = long_column(qtbot, database, hub, operations, FIRST_PAGE + 5)
    model = board.models[Stage.SOURCED]
    first_unread = f"P{FIRST_PAGE:03d}"
    assert model.following is not None
    assert model.following.application_id == sample.cards[first_unread]
    # Another workstation takes the first card not read to screening.
    hub.publish(move_cards(database, [sample.cards[first_unread]], "screening").changes)
    settled(qtbot, board)
    assert not model.following_known
    reads = GuiThreadReads(database, monkeypatch)
    assert model.dropMimeData(
        drag(board, Stage.SOURCED, [0]), Qt.DropAction.CopyAction, FIRST_PAGE, 0, QModelIndex()
    )
    # Where it was dropped: after the first page, whether or not the view had read a
    # next page meanwhile (it may: the column asks for more while it has room).
    moved = sample.cards["P000"]
    qtbot.waitUntil(lambda: model.row_of(moved) == FIRST_PAGE - 1)
    assert reads.count == 0
    fetch_all(qtbot, model, model.pages)
    order = [card.full_name for card in model.cards]
    assert order.index("P000 Example") == FIRST_PAGE - 1
    assert order[FIRST_PAGE] == f"P{FIRST_PAGE + 1:03d} Example"
    assert len(order) == len(set(order)) == FIRST_PAGE + 4


def test_scrolling_a_column_past_its_first_page_reads_off_the_gui_thread(
    qtbot: QtBot,
    database: Database,
    hub: ChangesHub,
    operations: Operations,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    total = FIRST_PAGE + NEXT_PAGE + 7
    sample, board = long_column(qtbot, database, hub, operations, total)
    model, view = board.models[Stage.SOURCED], board.views[Stage.SOURCED]
    reads = GuiThreadReads(database, monkeypatch)
    for expected in (FIRST_PAGE, FIRST_PAGE + NEXT_PAGE, total):
        qtbot.waitUntil(lambda expected=expected: model.rowCount() == expected)
        view.scrollToBottom()
    qtbot.waitUntil(lambda: model.pages.reading is None)
    assert not model.canFetchMore()
    assert reads.count == 0
    ids = [card.application_id for card in model.cards]
    assert sorted(ids) == sorted(sample.cards.values())


def spy_on_reads(
    monkeypatch: pytest.MonkeyPatch, read_names: list[str], seen: Callable[[str], object]
) -> None:
    """Each of the board's reads named calls ``seen(name)``, then reads as before."""
    for name in read_names:
        original = getattr(reads, name)

        def spied(*args: Any, _name: str = name, _original: Any = original, **kw: Any) -> Any:
            seen(_name)
            return _original(*args, **kw)

        monkeypatch.setattr(reads, name, spied)


def count_reads(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often the board reads cards or counts back from the database."""
    calls = {"read_cards": 0, "column_counts": 0}
    spy_on_reads(monkeypatch, list(calls), lambda name: calls.update({name: calls[name] + 1}))
    return calls


def test_the_board_shows_its_own_move_without_reading_it_back(
    qtbot: QtBot, kanban: KanbanBoard, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_reads(monkeypatch)
    published: list[Changes] = []
    kanban.hub.changed.connect(published.append)
    assert kanban.models[Stage.SCREENING].dropMimeData(
        drag(kanban, Stage.SOURCED, [0]), Qt.DropAction.CopyAction, 1, 0, QModelIndex()
    )
    assert calls == {"read_cards": 0, "column_counts": 0}
    assert [changes.initiator for changes in published] == [kanban]
    assert names(kanban, Stage.SCREENING) == ["Dee Example", "Ana Example", "Eli Example"]
    assert (kanban.models[Stage.SOURCED].total, kanban.models[Stage.SCREENING].total) == (2, 3)
    kanban.undo_stack.undo()
    assert calls == {"read_cards": 0, "column_counts": 0}
    assert names(kanban, Stage.SOURCED) == ["Ana Example", "Bo Example", "Cy Example"]
    assert (kanban.models[Stage.SOURCED].total, kanban.models[Stage.SCREENING].total) == (3, 2)
    assert all(changes.initiator is kanban for changes in published)
    # The same kind of change made by someone else is read back.
    moved = move_cards(sample.database, [sample.cards["Bo"]], "contacted")
    kanban.hub.publish(moved.changes, initiator=object())
    assert kanban.reads.loading is not None  # read in the background, not in the slot
    settled(qtbot, kanban)
    assert calls == {"read_cards": 1, "column_counts": 1}
    assert names(kanban, Stage.CONTACTED) == ["Bo Example"]
    assert kanban.models[Stage.SOURCED].total == 2


def test_a_column_renumbered_by_many_moves_shows_what_was_saved(
    kanban: KanbanBoard, sample: Sample
) -> None:
    """Dropping into the same gap again and again halves it until the column is
    renumbered: what the board shows must still be what storage holds."""
    model = kanban.models[Stage.SOURCED]
    for _turn in range(40):
        # The last card, before the second: between the first two cards' ranks.
        assert model.dropMimeData(
            drag(kanban, Stage.SOURCED, [2]), Qt.DropAction.MoveAction, 1, 0, QModelIndex()
        )
        saved = read_column(sample.database, sample.position_id, "sourced")
        if [card.rank for card in saved] == [1.0, 2.0, 3.0]:
            break
    else:
        pytest.fail("the column was never renumbered")
    shown = kanban.models[Stage.SOURCED].cards
    assert [(c.full_name, c.rank) for c in shown] == [(c.full_name, c.rank) for c in saved]


def reading_threads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each read of the board, whether it ran on the GUI thread."""
    seen: list[bool] = []
    spy_on_reads(
        monkeypatch,
        ["read_column", "read_cards", "column_counts"],
        lambda _name: seen.append(threading.current_thread() is threading.main_thread()),
    )
    return seen


def test_a_change_is_read_off_the_gui_thread_and_lands_on_the_board(
    qtbot: QtBot, kanban: KanbanBoard, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_gui_thread = reading_threads(monkeypatch)
    moved = move_cards(sample.database, [sample.cards["Ana"]], "offer")
    kanban.hub.publish(moved.changes, initiator=object())
    assert names(kanban, Stage.OFFER) == ["Fay Example"]  # the slot did not read
    settled(qtbot, kanban)
    assert names(kanban, Stage.OFFER) == ["Fay Example", "Ana Example"]
    kanban.hub.publish(Changes(everything=True), initiator=object())
    settled(qtbot, kanban)
    assert on_gui_thread
    assert not any(on_gui_thread)


def test_a_newer_read_supersedes_an_older_one(
    qtbot: QtBot, kanban: KanbanBoard, sample: Sample
) -> None:
    kanban.set_filter("bo")
    first = kanban.reads.loading
    kanban.set_filter("fay-tag")
    assert kanban.reads.loading not in (None, first)
    settled(qtbot, kanban)
    assert kanban.card_count() == 1
    assert names(kanban, Stage.OFFER) == ["Fay Example"]


def test_a_hidden_board_reads_only_when_shown(
    qtbot: QtBot, kanban: KanbanBoard, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_gui_thread = reading_threads(monkeypatch)
    kanban.hide()
    moved = move_cards(sample.database, [sample.cards["Ana"]], "offer")
    kanban.hub.publish(moved.changes, initiator=object())
    assert kanban.reads.stale
    assert kanban.reads.loading is None
    assert on_gui_thread == []
    kanban.show()
    settled(qtbot, kanban)
    assert names(kanban, Stage.OFFER) == ["Fay Example", "Ana Example"]
