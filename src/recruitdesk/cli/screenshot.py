"""``recruitdesk screenshot --out DIR``: render every main view with the current
database to PNG files, offscreen, then exit."""

import argparse
import os
import time
from pathlib import Path

from recruitdesk.cli.common import EXIT_OK, Commands, UsageError, argument_type, say
from recruitdesk.errors import KnownError

#: The window size the pictures are taken at, in device-independent pixels.
WIDTH, HEIGHT = 1600, 960
#: How long a view's background reads may take before its picture is taken anyway.
SETTLE_SECONDS = 60
#: Rounds of posted events after the last read lands, for nested layouts to settle.
LAYOUT_PASSES = 4


def take_screenshots(
    db: str | None,
    out: Path,
    *,
    scheme: str = "light",
    size: tuple[int, int] = (WIDTH, HEIGHT),
) -> list[Path]:
    """Render the views to ``out`` and return the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtWidgets import QApplication

    from recruitdesk.atomic_files import atomic_write_bytes
    from recruitdesk.gui.app import application
    from recruitdesk.gui.board.kanban_board import KanbanBoard
    from recruitdesk.gui.main_window import MainWindow
    from recruitdesk.gui.pages import PAGES
    from recruitdesk.gui.style import force_scheme
    from recruitdesk.storage.database import resolve_url
    from recruitdesk.storage.migrate import open_database

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise KnownError(f"Cannot create {out}: {error.strerror}.") from None
    url = resolve_url(db)
    open_database(url).dispose()
    app = application()
    force_scheme(app, scheme)
    suffix = "" if scheme == "light" else f"-{scheme}"
    # The queue is shown as it stands, never run: a screenshot starts no analysis.
    window = MainWindow(url.render_as_string(hide_password=False), start_jobs=False)
    written: list[Path] = []
    try:
        window.resize(*size)
        window.show()

        def save(name: str) -> None:
            # What the views read in the background (a ranking, a page of candidates)
            # lands first: the picture shows the view as a user sees it a moment later.
            deadline = time.monotonic() + SETTLE_SECONDS
            QApplication.processEvents()
            while window.operations.running and time.monotonic() < deadline:
                QApplication.processEvents()
                time.sleep(0.005)
            # What a result filled in is laid out in passes, a parent after its child
            # (a summary that wrapped onto two lines was drawn in one line's height).
            for _pass in range(LAYOUT_PASSES):
                QApplication.sendPostedEvents()
                QApplication.processEvents()
            path = out / f"{name}{suffix}.png"
            picture = QBuffer()
            picture.open(QIODevice.OpenModeFlag.WriteOnly)
            window.grab().save(picture, "PNG")
            try:
                atomic_write_bytes(path, bytes(picture.data().data()))
            except OSError as error:
                raise KnownError(f"Cannot write {path}: {error.strerror or error}.") from None
            written.append(path)

        window.pane.close_pane()
        for index, name in enumerate(PAGES):
            window.show_page(index)
            save(name.lower())
        window.show_page(PAGES.index("Positions"))
        window.positions_page.show_matches(window.board.position_id)
        save("matches")
        window.show_page(0)
        board: KanbanBoard = window.board
        opened = False
        for model in board.models.values():
            if model.cards:
                card = model.cards[0]
                window.open_candidate(card.candidate_id, card.application_id)
                opened = True
                break
        if opened:
            save("candidate-pane")
            window.pane.tabs.setCurrentIndex(3)
            save("candidate-interview")
    finally:
        window.pane.hide()
        window.hide()
        window.jobs.shutdown()
        window.database.dispose()
        window.deleteLater()
        app.processEvents()
    return written


def _parse_size(text: str) -> tuple[int, int]:
    width, _x, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit() and int(width) >= 1 and int(height) >= 1):
        raise UsageError(f"{text!r} is not a size in pixels, such as 1024x700.")
    return int(width), int(height)


def cmd_screenshot(args: argparse.Namespace) -> int:
    files = take_screenshots(args.db, Path(args.out), scheme=args.scheme, size=args.size)
    for path in files:
        say(str(path))
    return EXIT_OK


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="DIR", help="the folder for the PNGs")
    parser.add_argument(
        "--scheme",
        choices=("light", "dark"),
        default="light",
        help="the colour scheme to render with (default: light)",
    )
    parser.add_argument(
        "--size",
        type=argument_type(_parse_size),
        default=(WIDTH, HEIGHT),
        metavar="WxH",
        help=f"the window's size (default: {WIDTH}x{HEIGHT}; a small laptop is 1024x700)",
    )
    parser.set_defaults(handler=cmd_screenshot)


def register(commands: Commands) -> None:
    commands.add_command(
        "screenshot",
        configure,
        help="render every main view with the current data to PNG, offscreen",
    )
