"""The message dialog opens without a storage read on the GUI thread, from each of its
openers: the pane's Outreach and Exercise tabs (which hand it the recipient the pane
read), the interview dialog's invitation, the Interviews page's follow-up and the due
sourcing notices (where it reads the recipient itself). Its open positions are read in
the background every time; a read landing after it closed is dropped
(docs/architecture.md, "The change signal")."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from gui_helpers import GuiThreadReads, pane_loaded
from PySide6.QtWidgets import QTreeWidget, QWidget
from pytestqt.qtbot import QtBot
from tests.gui.test_outreach_dialog import use_server

from recruitdesk.domain.outreach import Channel, Direction, MessageKind
from recruitdesk.domain.sourced import Found, Profile
from recruitdesk.gui.candidate.outreach_dialog import OutreachDialog
from recruitdesk.gui.candidate.pane import CandidatePane
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.interviews_view import InterviewsView
from recruitdesk.gui.notices_due import NoticesList
from recruitdesk.gui.operations import Operations
from recruitdesk.storage.analyses import store_analysis
from recruitdesk.storage.board.new_cards import add_to_board
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.outreach import log_message
from recruitdesk.storage.positions import create_position
from recruitdesk.storage.sourcing import source_people

#: The open positions, as the dialog lists them (a closed one is left out).
OPEN = ["Platform Engineer · Beta", "Senior Python Engineer · Acme"]
ZOE = ("Zoë Nowak", "zoe@example.com")
ADA = ("Ada Lind", "ada@example.org")


@dataclass(frozen=True)
class Scene:
    qtbot: QtBot
    database: Database
    operations: Operations
    hub: ChangesHub
    zoe: int


def analysis(login: str) -> dict[str, object]:
    """A GitHub analysis with one piece of evidence, so a message can be filled in."""
    return {
        "analyzed_at": datetime(2026, 11, 20, tzinfo=UTC).isoformat(),
        "source": "github",
        "login": login,
        "skills": [
            {
                "name": "SQLAlchemy",
                "confidence": 0.9,
                "evidence": [{"repo": "orders-api", "path": "app/models.py", "why": "x"}],
            }
        ],
    }


@pytest.fixture
def scene(qtbot: QtBot, database: Database, operations: Operations, hub: ChangesHub) -> Scene:
    """Zoë (analysed, on Acme's board, a first contact 10 days unanswered) and Ada
    (sourced today from GitHub, her notice due); two open positions and a closed one."""
    zoe, _ = create_candidate(
        database, {"full_name": ZOE[0], "email": ZOE[1], "github_login": "zoen"}
    )
    acme, _ = create_position(database, {"title": "Senior Python Engineer", "company": "Acme"})
    create_position(database, {"title": "Platform Engineer", "company": "Beta"})
    create_position(database, {"title": "Data Engineer", "status": "closed"})
    add_to_board(database, zoe, acme)
    log_message(
        database,
        zoe,
        direction=Direction.OUT,
        channel=Channel.SMTP,
        kind=MessageKind.FIRST_CONTACT,
        position_id=acme,
        subject="Senior Python Engineer at Acme",
        at=datetime.now(UTC) - timedelta(days=10),
    )
    profile = Profile("adal", ADA[0], None, None, None, None, ADA[1], None, 0, 0, None)
    found = Found(profile, "GitHub search 'x'")
    source_people(database, [found], position_id=acme, key=None, now=datetime.now(UTC))
    for login in ("zoen", "adal"):
        store_analysis(database, analysis(login))
    use_server(None)
    return Scene(qtbot, database, operations, hub, zoe)


#: A way of opening: the click that opens the dialog, a getter of the dialog it opened,
#: and (name, e-mail) of whom it writes to.
Opened = tuple[Callable[[], object], Callable[[], OutreachDialog | None], tuple[str, str]]


def _pane(scene: Scene) -> CandidatePane:
    pane = CandidatePane(scene.database, scene.hub, operations=scene.operations)
    scene.qtbot.addWidget(pane)
    pane.resize(700, 900)
    pane.show_candidate(scene.zoe)
    pane_loaded(scene.qtbot, pane)
    return pane


def outreach_tab(scene: Scene) -> Opened:
    pane = _pane(scene)
    return pane.outreach.contact_button.click, lambda: pane.outreach.outreach_dialog, ZOE


def exercise_tab(scene: Scene) -> Opened:
    pane = _pane(scene)
    return pane.exercise.send_button.click, lambda: pane.exercise.send_dialog, ZOE


def interview_dialog(scene: Scene) -> Opened:
    pane = _pane(scene)
    pane.outreach.interview_button.click()
    dialog = pane.outreach.interview_dialog
    assert dialog is not None
    dialog.save()
    scene.qtbot.waitUntil(dialog.invite_button.isEnabled)
    return dialog.invite_button.click, lambda: dialog.invite_dialog, ZOE


def _first_row_picked(scene: Scene, page: QWidget, tree: QTreeWidget) -> None:
    """Show a page, wait for its one row to be read, and select it."""
    scene.qtbot.addWidget(page)
    page.show()
    scene.qtbot.waitUntil(lambda: tree.topLevelItemCount() == 1)
    tree.setCurrentItem(tree.topLevelItem(0))


def interviews_page(scene: Scene) -> Opened:
    view = InterviewsView(scene.database, scene.hub, scene.operations)
    _first_row_picked(scene, view, view.owed)
    return view.draft_button.click, lambda: view.draft_dialog, ZOE


def due_notices(scene: Scene) -> Opened:
    listing = NoticesList(scene.database, scene.hub, scene.operations)
    _first_row_picked(scene, listing, listing.tree)
    return listing.send_selected, lambda: listing.dialog, ADA


def shows(dialog: OutreachDialog | None, whom: tuple[str, str]) -> bool:
    """The dialog shows who it writes to and the open positions to pick from."""
    if dialog is None:
        return False
    combo = dialog.position_combo
    positions = [combo.itemText(i) for i in range(combo.count())]
    return (
        dialog.windowTitle() == f"Write to {whom[0]}"
        and dialog.to_label.text() == whom[1]
        and positions == OPEN
        and combo.isEnabled()
    )


@pytest.mark.parametrize(
    "opener",
    [outreach_tab, exercise_tab, interview_dialog, interviews_page, due_notices],
    ids=lambda opener: opener.__name__,
)
def test_the_message_dialog_opens_without_reading_on_the_gui_thread(
    qtbot: QtBot,
    scene: Scene,
    monkeypatch: pytest.MonkeyPatch,
    opener: Callable[[Scene], Opened],
) -> None:
    open_it, opened, whom = opener(scene)
    operations = scene.operations
    qtbot.waitUntil(lambda: not operations.running)
    reads = GuiThreadReads(scene.database, monkeypatch)
    open_it()
    qtbot.waitUntil(lambda: shows(opened(), whom))
    qtbot.waitUntil(lambda: not operations.running)
    assert reads.count == 0
    dialog = opened()
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.body_edit.isEnabled()
    assert f"Hello {whom[0]}" in dialog.body_edit.toPlainText()
    assert dialog.evidence_combo.currentText() == "your models.py in orders-api (SQLAlchemy)"


def test_the_dialog_waits_for_its_read_and_drops_one_landing_after_it_closed(
    qtbot: QtBot, scene: Scene
) -> None:
    open_it, opened, _whom = interviews_page(scene)
    operations = scene.operations
    open_it()
    dialog = opened()
    assert dialog is not None
    # Nothing read yet: the form is disabled and says so, nothing can leave.
    assert dialog.windowTitle() == "Write a message"
    assert dialog.to_label.text() == "Loading…"
    assert dialog.position_combo.currentText() == "Loading…"
    assert not dialog.position_combo.isEnabled()
    assert not dialog.body_edit.isEnabled()
    assert not any(
        b.isEnabled() for b in (dialog.mail_button, dialog.eml_button, dialog.send_button)
    )
    dialog.reject()
    qtbot.waitUntil(lambda: not operations.running)
    assert dialog.loading
    assert dialog.to_label.text() == "Loading…"
    assert dialog.positions == []
