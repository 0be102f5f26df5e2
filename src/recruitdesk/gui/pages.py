"""The main window's pages, in the navigation's order (docs/architecture.md, "Adding
things"): a new view is one entry in :data:`PAGE_SPECS`.

The window lists each page in the navigation and the View menu (Ctrl+1, Ctrl+2, ...),
builds it from a :class:`PageContext` the first time it is shown or asked for
(:mod:`recruitdesk.gui.lazy_pages`), and connects the signals it has of these:

- ``candidate_opened(candidate_id[, application_id])`` opens the candidate pane;
- ``message(str)`` shows a sentence in the status bar;
- ``analyse_requested(list)`` queues GitHub analyses of those candidates;
- ``new_requested()`` opens the pane on a new candidate;
- ``shortlist_requested()`` writes the shortlist of the page's position.

A page with a ``focus_filter()`` method takes Ctrl+F.
"""

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from recruitdesk.gui.board.kanban_board import KanbanBoard
from recruitdesk.gui.board_page import BoardPage
from recruitdesk.gui.candidates_view import CandidatesView
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.clients_page import ClientsPage
from recruitdesk.gui.duplicates_view import DuplicatesView
from recruitdesk.gui.interviews_view import InterviewsView
from recruitdesk.gui.jobs_view import JobsView
from recruitdesk.gui.operations import Operations
from recruitdesk.gui.positions_page import PositionsPage
from recruitdesk.gui.salary.view import SalaryView
from recruitdesk.gui.sourcing_view import SourcingView
from recruitdesk.jobs.manager import JobManager
from recruitdesk.storage.database import Database


@dataclass(frozen=True, slots=True)
class PageContext:
    """What a page may be built with."""

    database: Database
    hub: ChangesHub
    operations: Operations
    undo_stack: QUndoStack
    jobs: JobManager


@dataclass(frozen=True, slots=True)
class PageSpec:
    key: str
    title: str
    build: Callable[[PageContext], QWidget]


def _board(context: PageContext) -> QWidget:
    return BoardPage(
        KanbanBoard(context.database, context.hub, context.undo_stack, context.operations)
    )


PAGE_SPECS: tuple[PageSpec, ...] = (
    PageSpec("board", "Board", _board),
    PageSpec("candidates", "Candidates", lambda c: CandidatesView(c.database, c.hub, c.operations)),
    PageSpec("positions", "Positions", lambda c: PositionsPage(c.database, c.hub, c.operations)),
    PageSpec("salary", "Salary", lambda c: SalaryView(c.database, c.operations)),
    PageSpec("jobs", "Jobs", lambda c: JobsView(c.jobs, c.hub, c.operations)),
    PageSpec("interviews", "Interviews", lambda c: InterviewsView(c.database, c.hub, c.operations)),
    PageSpec(
        "clients",
        "Clients",
        lambda c: ClientsPage(c.database, c.hub, c.operations, c.undo_stack),
    ),
    PageSpec(
        "sourcing", "Sourcing", lambda c: SourcingView(c.database, c.hub, c.operations, c.jobs)
    ),
    PageSpec("duplicates", "Duplicates", lambda c: DuplicatesView(c.database, c.hub, c.operations)),
)
#: The pages' titles, in order.
PAGES = tuple(spec.title for spec in PAGE_SPECS)
_KEYS = [spec.key for spec in PAGE_SPECS]
BOARD, CANDIDATES, POSITIONS, SALARY, JOBS, INTERVIEWS, SOURCING = (
    _KEYS.index(key)
    for key in ("board", "candidates", "positions", "salary", "jobs", "interviews", "sourcing")
)

#: The signals a page may have, and the window's slot for each (by name).
PAGE_SIGNALS = {
    "candidate_opened": "open_candidate",
    "message": "show_status",
    "analyse_requested": "analyse_github",
    "new_requested": "new_candidate",
    "shortlist_requested": "report_shortlist",
}
