"""What the GUI tests share: a board with known cards, built through storage calls."""

import hashlib
import json
import os
import threading
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QMimeData
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session
from tests import templates

from recruitdesk.domain.pipeline import Stage
from recruitdesk.gui.board.kanban_board import KanbanBoard
from recruitdesk.gui.candidate.outreach_dialog import OutreachDialog
from recruitdesk.gui.candidate.pane import CandidatePane
from recruitdesk.gui.main_window import MainWindow
from recruitdesk.gui.next_page import NextPage
from recruitdesk.gui.style import force_scheme
from recruitdesk.storage.board.moves import move_cards
from recruitdesk.storage.board.new_cards import add_cards
from recruitdesk.storage.candidates import insert_candidate, new_candidate_values
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Position

NOW = datetime.now(UTC)


@dataclass
class Sample:
    """A position whose cards are known by the candidate's first name."""

    database: Database
    position_id: int
    cards: dict[str, int] = field(default_factory=dict)
    candidates: dict[str, int] = field(default_factory=dict)


def build_sample(database: Database, layout: dict[str, list[str]]) -> Sample:
    with database.write() as session:
        position = Position(title="Senior Python Engineer", company="Acme")
        session.add(position)
        session.flush()
        sample = Sample(database, position.id)
        for people in layout.values():
            for name in people:
                values = {
                    "full_name": f"{name} Example",
                    "skills": ["python", f"{name.lower()}-skill"],
                    "tags": [f"{name.lower()}-tag"],
                    "email": f"{name.lower()}@example.com",
                    "track": "web_backend",
                    "level": "senior",
                }
                sample.candidates[name] = insert_candidate(
                    session, new_candidate_values(values), database.actor, NOW
                )
    # The people in one write, on the board in one, each later column's cards moved in
    # one: a write per person and per card took 10 ms a card.
    everyone = [name for people in layout.values() for name in people]
    added, _ = add_cards(
        database,
        sample.position_id,
        [sample.candidates[name] for name in everyone],
        now=NOW - timedelta(days=3),
    )
    sample.cards = dict(zip(everyone, added, strict=True))
    for stage, people in layout.items():
        if stage != "sourced" and people:
            ids = [sample.cards[name] for name in people]
            move_cards(database, ids, stage, reason="Personal reasons")
    return sample


def sample_in(database: Database, layout: dict[str, list[str]]) -> Sample:
    """:func:`build_sample`'s board in the empty ``database``: built once per process and
    layout, then copied in (tests/templates.py ``load_into``), which takes a few
    milliseconds where building takes about 5 ms a card."""
    if not database.is_sqlite:
        return build_sample(database, layout)
    key = json.dumps(layout, sort_keys=True)
    name = "sample-" + hashlib.sha256(key.encode()).hexdigest()[:12]

    template, built = templates.filled(name, lambda into: build_sample(into, layout))
    templates.load_into(database, template)
    return Sample(database, built.position_id, dict(built.cards), dict(built.candidates))


def names(board: KanbanBoard, stage: Stage) -> list[str]:
    """The names on a column's cards, top to bottom."""
    model = board.models[stage]
    return [model.data(model.index(row)) for row in range(model.rowCount())]


def drag(board: KanbanBoard, stage: Stage, rows: list[int]) -> QMimeData:
    """What dragging these rows of a column carries."""
    model = board.models[stage]
    return model.mimeData([model.index(row) for row in rows])


def settled(qtbot: QtBot, board: KanbanBoard) -> None:
    """Wait for what the board reads in the background to land."""
    qtbot.waitUntil(lambda: board.reads.loading is None and not board.reads.stale)


def window_settled(qtbot: QtBot, window: MainWindow) -> None:
    """Wait for what the window's views read in the background to land."""
    qtbot.waitUntil(lambda: not window.operations.running, timeout=10_000)


def pane_loaded(qtbot: QtBot, pane: CandidatePane) -> None:
    """Wait for the candidate pane's read of its candidate to land."""
    qtbot.waitUntil(lambda: pane.reads.loading is None and not pane.loading_form)


def message_loaded(qtbot: QtBot, dialog: OutreachDialog | None) -> OutreachDialog:
    """Wait for what the message dialog reads in the background to land; the dialog."""
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.loading)
    return dialog


def fetch_all(qtbot: QtBot, model: QAbstractItemModel, pages: NextPage) -> None:
    """Read every page of a lazily filled model, each in the background."""
    while True:
        qtbot.waitUntil(lambda: pages.reading is None)
        if not model.canFetchMore():
            return
        model.fetchMore()


class GuiThreadReads:
    """Counts the storage reads (each ``Database.read``) that run on the GUI thread."""

    def __init__(self, database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        read = database.read

        def counted() -> AbstractContextManager[Session]:
            if threading.current_thread() is threading.main_thread():
                self.count += 1
            return read()

        monkeypatch.setattr(database, "read", counted)


def use_scheme(scheme: str) -> None:
    """The app's look in the ``light`` or ``dark`` colour scheme for the rest of the test
    (tests/conftest.py puts Qt's plain look back once the test's widgets are gone)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    force_scheme(app, scheme)


def shoot(widget: QWidget, name: str, tmp_path: Path) -> None:
    """``widget`` as ``name``.png, in ``$RECRUITDESK_SHOTS`` to look at, else ``tmp_path``."""
    folder = Path(os.environ.get("RECRUITDESK_SHOTS", tmp_path))
    assert widget.grab().save(str(folder / f"{name}.png"), "PNG")
