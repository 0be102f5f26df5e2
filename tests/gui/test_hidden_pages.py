"""A page out of sight reads nothing when the data changes: it reads once when shown
(docs/architecture.md, "The change signal"). The window builds a page the first time it
is shown, so at start only the board is built."""

from typing import Any

import pytest
from gui_helpers import GuiThreadReads, window_settled
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from recruitdesk.gui.main_window import MainWindow
from recruitdesk.gui.pages import BOARD, PAGES, SALARY
from recruitdesk.gui.shown_reads import ShownReads
from recruitdesk.storage.candidates import update_candidate
from recruitdesk.storage.changes import Changes


class Reads:
    """Who starts background reads, and which storage reads run on the GUI thread."""

    def __init__(self, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
        self.window = window
        self.owners: list[QObject] = []
        self.gui_thread = GuiThreadReads(window.database, monkeypatch)
        query = window.operations.query

        def counted_query(owner: QObject, *args: Any, **kwargs: Any) -> int:
            self.owners.append(owner)
            return query(owner, *args, **kwargs)

        monkeypatch.setattr(window.operations, "query", counted_query)

    def pages(self) -> list[str]:
        """The titles of the pages whose widgets started the reads counted."""
        found = []
        for owner in self.owners:
            page = self._page_of(owner)
            if page is not None:
                found.append(PAGES[page])
        return found

    def _page_of(self, owner: QObject | None) -> int | None:
        pages = {
            self.window.page(index): index
            for index in range(len(PAGES))
            if self.window.page_built(index)
        }
        while owner is not None:
            if isinstance(owner, QWidget) and owner in pages:
                return pages[owner]
            owner = owner.parent()
        return None

    def clear(self) -> None:
        self.owners.clear()
        self.gui_thread.count = 0


def _stale_reads(widget: QWidget) -> list[ShownReads]:
    return [reads for reads in widget.findChildren(ShownReads) if reads.stale]


def test_a_change_reads_nothing_in_hidden_pages_and_each_reads_once_shown(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.current_page() == BOARD
    assert [window.page_built(index) for index in range(len(PAGES))] == [
        index == BOARD for index in range(len(PAGES))
    ]
    reads = Reads(window, monkeypatch)
    candidate_id = window.board.models[next(iter(window.board.models))].cards[0].candidate_id
    saved = update_candidate(window.database, candidate_id, {"full_name": "Ana Renamed"})
    for changes in (saved, Changes(everything=True)):  # a save, then an import
        reads.clear()
        window.hub.publish(changes, initiator=object())
        assert reads.gui_thread.count == 0  # nothing read in a change slot
        window_settled(qtbot, window)
        assert set(reads.pages()) <= {"Board"}, reads.pages()
    reads.clear()
    window.open_candidate(candidate_id)  # the Salary page marks their ask when shown
    window_settled(qtbot, window)
    assert "Salary" not in reads.pages()
    assert not window.page_built(SALARY)

    reads_per_page: dict[str, int] = {}
    for index, title in enumerate(PAGES):
        if index == BOARD:
            continue
        reads.clear()
        window.show_page(index)
        window_settled(qtbot, window)
        page = window.page(index)
        reads_per_page[title] = reads.pages().count(title)
        assert not [r for r in _stale_reads(page) if r.page.isVisible()], title
    # Each page read what it shows once (Salary: the candidate's row; the Positions
    # page's first tab: its list, and History the chosen position's trail).
    assert all(count >= 1 for count in reads_per_page.values()), reads_per_page
    assert window.salary_page.candidate_name == "Ana Renamed"
    rows = window.candidates_view.model.rows
    assert "Ana Renamed" in [row.full_name for row in rows]
