"""The app as a person uses it: real drags, clicks and keys on a real X server, each step
checked in the database (issue 18: what the offscreen platform cannot do).

The tests share one app (tests/xvfb/conftest.py, ``Apps``), each changing cards and
people no other one looks at, in the order written here: the Ctrl+Q of the unsaved edit
ends the app, so it comes last.
"""

import os
import subprocess
import sys
from pathlib import Path

from real_app import RealApp, centre, wait_for
from tests.transfer.cv_samples import PERSON, docx_file

OPEN_STAGES = ("sourced", "contacted", "screening", "technical", "final")


def cards_in(app: RealApp, stage: str) -> list[int]:
    """The visible cards of a column, top to bottom."""
    cards = app.geometry()["columns"][stage]["cards"]
    return [int(card) for card, _rect in sorted(cards.items(), key=lambda item: item[1][1])]


def history(app: RealApp, card: int) -> list[tuple[str, str, str]]:
    return [
        (row[0], row[1], row[2])
        for row in app.query(
            "SELECT from_stage, to_stage, changed_at FROM stage_changes"
            " WHERE application_id = ? ORDER BY id",
            card,
        )
    ]


def entered(app: RealApp, card: int) -> str:
    return str(app.query("SELECT entered_stage_at FROM applications WHERE id = ?", card)[0][0])


def pane_shows(app: RealApp, candidate: int) -> bool:
    """The pane is open on ``candidate``, read (it keeps the last one's id when closed)."""
    pane = app.geometry()["pane"]
    return bool(pane["visible"]) and pane["candidate_id"] == candidate and not pane["loading"]


def in_field(app: RealApp, name: str) -> bool:
    """Click the pane's field ``name`` unless the keys already go there; whether they
    do. A click on a form still disabled while its read lands gives the focus to the
    scroll area around it instead."""
    pane = app.geometry()["pane"]
    if pane["focus"] == f"field:{name}":
        return True
    app.click(centre(pane["fields"][name]))
    return False


def test_drag_to_the_next_column_then_undo_and_redo(app: RealApp) -> None:
    card = cards_in(app, "sourced")[0]
    before = history(app, card)
    target = app.geometry()["columns"]["contacted"]["visible"]
    drop = (centre(target)[0], target[1] + 300)
    rect = app.card(card)
    assert rect is not None
    app.press_and_move(centre(rect), drop)
    app.release(drop)
    app.wait_stage(card, "contacted")
    assert history(app, card)[len(before) :][0][:2] == ("sourced", "contacted")

    app.keys("ctrl+z")
    app.wait_stage(card, "sourced")
    # The undo is appended to the history; the move stays in it.
    steps = wait_for(lambda: history(app, card)[len(before) :], "the undo in the history")
    assert [step[:2] for step in steps] == [("sourced", "contacted"), ("contacted", "sourced")]

    app.keys("ctrl+shift+z")
    app.wait_stage(card, "contacted")
    redone = history(app, card)[-1]
    assert redone[:2] == ("sourced", "contacted")
    assert entered(app, card) == redone[2]  # one time for the card and its history


def test_ctrl_e_exports_while_a_text_field_has_the_keyboard(app: RealApp) -> None:
    """On X11 a line edit claims Ctrl+E (the end of the line, as in Emacs) before any
    shortcut sees it; the window's Export must win."""
    card = cards_in(app, next(s for s in OPEN_STAGES if cards_in(app, s)))[0]
    rect = app.card(card)
    assert rect is not None
    app.click(centre(rect), double=True)
    wait_for(lambda: pane_shows(app, app.geometry()["pane"]["candidate_id"]), "the pane")
    wait_for(lambda: in_field(app, "email"), "the e-mail field to take the keys")
    app.keys("ctrl+e")
    app.dialog("Export")
    app.keys("Escape")
    app.no_dialog()


def test_a_cv_dragged_from_another_program_is_previewed_and_added(
    app: RealApp, tmp_path: Path
) -> None:
    cv = docx_file(tmp_path / "Ingrid CV.docx", "plain")
    source = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("file_drag_source.py")),
            "1380",
            "880",
            str(cv),
        ],
        env={**os.environ, "DISPLAY": app.display, "QT_QPA_PLATFORM": "xcb"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert source.stdout is not None
    try:
        assert source.stdout.readline().strip() == "ready"
        app.xdo("mousemove", 1460, 920, "mousedown", 1)
        # The drag is the source's: it must have begun before the pointer leaves.
        assert source.stdout.readline().strip() == "dragging"
        shape = dict(
            line.split("=") for line in app.xdo("getwindowgeometry", "--shell", app.window).split()
        )
        right = int(shape["X"]) + int(shape["WIDTH"])
        # Around the window, then straight onto its menu bar, so the first answer of the
        # window is the one for the place of the drop: a drop let go before the window
        # has answered for where it is made is no drop.
        app.move_held((1460, 920), (right + 40, int(shape["Y"]) + 10))
        drop_at = (right - 60, int(shape["Y"]) + 10)
        app.xdo("mousemove", *drop_at)
        wait_for(lambda: source.stdout.readline().strip() == "accepted", "the window to accept")
        app.release(drop_at)
        add = app.dialog(f"Add from CV: {cv.name}")["buttons"]["Add candidate"]
        app.click(centre(add))
        app.no_dialog()
    finally:
        source.terminate()
        source.wait(timeout=30)
        source.stdout.close()
    added = wait_for(
        lambda: app.query("SELECT id FROM candidates WHERE email = ?", PERSON["email"]),
        "the person from the CV",
    )
    files = app.query("SELECT COUNT(*) FROM candidate_files WHERE candidate_id = ?", added[0][0])
    assert files == [(1,)]


def test_several_cards_dragged_to_a_column_off_screen(app: RealApp) -> None:
    geometry = app.geometry()
    assert geometry["columns"]["rejected"]["visible"][2] == 0, "Rejected is on screen already"
    stage = next(stage for stage in OPEN_STAGES if len(cards_in(app, stage)) >= 2)
    first, second = cards_in(app, stage)[:2]
    first_rect, second_rect = app.card(first), app.card(second)
    assert first_rect is not None
    assert second_rect is not None
    app.click(centre(first_rect))
    app.xdo("keydown", "ctrl", "mousemove", *centre(second_rect), "click", "1", "keyup", "ctrl")

    board = geometry["board"]
    edge = (board[0] + board[2] - 6, board[1] + 200)
    app.press_and_move(centre(first_rect), edge)
    # Held at the edge, the board scrolls until the last column shows.
    wait_for(
        lambda: app.geometry()["scroll"]["value"] == app.geometry()["scroll"]["maximum"],
        "the board to scroll to its end",
    )
    rejected = app.geometry()["columns"]["rejected"]["visible"]
    assert rejected[2] > 0
    drop = (centre(rejected)[0], rejected[1] + 400)
    app.release(drop)

    reason = app.dialog("Mark as rejected")
    assert "Mark rejected" in reason["buttons"]
    app.keys("Return")  # the first reason, the default button
    for card in (first, second):
        app.wait_stage(card, "rejected")
    reasons = app.query(
        "SELECT rejection_reason FROM applications WHERE id IN (?, ?)", first, second
    )
    assert len({row[0] for row in reasons}) == 1
    assert reasons[0][0]


def test_an_unsaved_edit_asks_before_it_is_dropped(app: RealApp) -> None:
    card = cards_in(app, next(s for s in OPEN_STAGES if cards_in(app, s)))[0]
    (candidate, email), *_ = app.query(
        "SELECT c.id, c.email FROM candidates c JOIN applications a ON a.candidate_id = c.id"
        " WHERE a.id = ?",
        card,
    )

    def stored() -> str:
        return str(app.query("SELECT email FROM candidates WHERE id = ?", candidate)[0][0])

    def edit(text: str) -> None:
        rect = app.card(card)
        assert rect is not None
        app.click(centre(rect), double=True)
        wait_for(lambda: pane_shows(app, candidate), "the pane")
        wait_for(lambda: in_field(app, "email"), "the e-mail field to take the keys")
        app.keys("ctrl+a")
        app.type(text)
        wait_for(lambda: app.geometry()["pane"]["unsaved"], "the edit in the form")

    edit("first.edit@example.org")
    app.keys("Escape")
    app.dialog("Unsaved changes")
    app.keys("Escape")  # Cancel: the edit stays, nothing saved
    app.no_dialog()
    assert app.geometry()["pane"]["visible"]
    assert stored() == email

    app.focus_window()
    app.keys("Escape")
    save = app.dialog("Unsaved changes")["buttons"]["Save"]
    app.click(centre(save))
    wait_for(lambda: stored() == "first.edit@example.org", "the edit saved")
    wait_for(lambda: not app.geometry()["pane"]["visible"], "the pane to close")

    app.focus_window()
    edit("second.edit@example.org")
    app.keys("ctrl+q")
    discard = app.dialog("Unsaved changes")["buttons"]["Discard"]
    app.click(centre(discard))
    assert app.wait_exit() == 0
    assert stored() == "first.edit@example.org"
