"""The real app in its own process on an X display, and the hands and eyes of a test:

- hands: xdotool, which sends the X server real pointer and key events (XTEST), the
  same path a person's mouse takes, so Qt runs its real drag (QXcbDrag), shortcuts and
  modal dialogs;
- eyes: where things are comes from the file the app writes when
  ``RECRUITDESK_GEOMETRY_FILE`` is set (src/recruitdesk/gui/geometry_probe.py); what
  happened is read from the database through a separate read-only SQLite connection.

Every wait is on a state (the database, the geometry file, the window's focus) with a
timeout; xdotool's short pauses between the steps of a drag only pace the pointer like
a hand would, and never decide whether a test passes.
"""

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

SOURCE = Path(__file__).resolve().parents[2] / "src"
T = TypeVar("T")


def wait_for(check: Callable[[], T], what: str, timeout: float = 20.0) -> T:
    """Poll ``check`` until it returns something true; fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what} (last: {found!r})")
        time.sleep(0.05)


def centre(rect: list[int]) -> tuple[int, int]:
    x, y, width, height = rect
    return x + width // 2, y + height // 2


def app_environment(folder: Path, **extra: str) -> dict[str, str]:
    """The environment of an app started as its own process: its home, settings, data
    and caches in ``folder``, and its widgets' places written to ``folder/geometry.json``
    (gui/geometry_probe.py); ``extra`` added."""
    return {
        **os.environ,
        "RECRUITDESK_GEOMETRY_FILE": str(folder / "geometry.json"),
        "HOME": str(folder),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CACHE_HOME": str(folder / "cache"),
        **extra,
    }


@dataclass
class RealApp:
    process: subprocess.Popen[bytes]
    display: str
    db: Path
    geometry_file: Path
    log: BinaryIO
    window: str = ""

    @classmethod
    def start(cls, display: str, db: Path, folder: Path) -> "RealApp":
        env = app_environment(
            folder,
            DISPLAY=display,
            QT_QPA_PLATFORM="xcb",
            PYTHONPATH=os.pathsep.join([str(SOURCE), os.environ.get("PYTHONPATH", "")]),
        )
        env.pop("WAYLAND_DISPLAY", None)
        log = (folder / "app.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "recruitdesk", "--db", str(db)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        app = cls(process, display, db, folder / "geometry.json", log)
        try:
            app.window = app.xdo(
                # The title is the database's name (Qt adds the app's): xdotool's regex
                # matches bytes, so the name is searched, not the dash after it.
                "search",
                "--sync",
                "--onlyvisible",
                "--name",
                re.escape(db.name),
            ).split()[0]
            app.focus_window()
            # The columns show before their cards are read (in the background): a test
            # that looked then found none when the machine was busy.
            wait_for(app.cards_shown, "the board to show its cards")
        except BaseException:
            app.stop()
            raise
        return app

    # -- hands -------------------------------------------------------------------------

    def xdo(self, *args: object) -> str:
        if self.process.poll() is not None:
            raise AssertionError(f"the app exited with {self.process.returncode}")
        return subprocess.run(
            ["xdotool", *map(str, args)],
            env={**os.environ, "DISPLAY": self.display},
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout

    def focus_window(self) -> None:
        """Give the main window the keyboard. Xvfb has no window manager to do it when a
        dialog closes, so a test does it before keys meant for the window."""
        wait_for(self._take_focus, "the main window to take the keyboard")
        self.wait_focus(f"{self.db.name} — recruitdesk")

    def _take_focus(self) -> bool:
        try:  # refused while the window is not mapped yet
            self.xdo("windowfocus", "--sync", self.window)
        except subprocess.CalledProcessError:
            return False
        return True

    def wait_focus(self, title: str) -> None:
        wait_for(
            lambda: title in self.xdo("getwindowfocus", "getwindowname"),
            f"the window {title!r} to have the keyboard",
        )

    def click(self, point: tuple[int, int], *, double: bool = False) -> None:
        self.xdo("mousemove", *point, "click", "--repeat", 2 if double else 1, "1")

    def keys(self, *names: str) -> None:
        self.xdo("key", "--clearmodifiers", *names)

    def type(self, text: str) -> None:
        self.xdo("type", "--delay", 10, text)

    def press_and_move(self, start: tuple[int, int], end: tuple[int, int]) -> None:
        """Press the left button at ``start`` and move it to ``end`` in small steps, the
        first ones past Qt's drag distance, as a hand does."""
        self.xdo("mousemove", *start, "mousedown", "1", *self._steps(start, end))

    def move_held(self, start: tuple[int, int], end: tuple[int, int]) -> None:
        """Move the pointer, its button already down, from ``start`` to ``end``."""
        self.xdo(*self._steps(start, end))

    @staticmethod
    def _steps(start: tuple[int, int], end: tuple[int, int]) -> list[object]:
        steps: list[object] = []
        for done in (1, 2, 3, 6, 10, 14, 17, 20):
            x = start[0] + (end[0] - start[0]) * done // 20
            y = start[1] + (end[1] - start[1]) * done // 20
            steps += ["sleep", "0.03", "mousemove", x, y]
        return steps

    def release(self, at: tuple[int, int]) -> None:
        x, y = at
        self.xdo("mousemove", x, y, "sleep", "0.05", "mousemove", x + 2, y + 2, "mouseup", "1")

    # -- eyes --------------------------------------------------------------------------

    def geometry(self) -> dict[str, Any]:
        try:
            found: dict[str, Any] = json.loads(self.geometry_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return found

    def cards_shown(self) -> bool:
        columns = self.geometry().get("columns") or {}
        return any(column["cards"] for column in columns.values())

    def card(self, application_id: int) -> list[int] | None:
        for column in self.geometry()["columns"].values():
            rect: list[int] | None = column["cards"].get(str(application_id))
            if rect is not None:
                return rect
        return None

    def dialog(self, title: str) -> dict[str, Any]:
        found: dict[str, Any] = wait_for(
            lambda: (
                (self.geometry().get("dialog") or {}).get("title") == title
                and self.geometry()["dialog"]
            ),
            f"the dialog {title!r}",
        )
        self.wait_focus(title)
        return found

    def no_dialog(self) -> None:
        wait_for(lambda: self.geometry().get("dialog") is None, "the dialog to close")

    def query(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        """Read the database from outside the app, read-only."""
        connection = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=10)
        try:
            return connection.execute(sql, params).fetchall()
        finally:
            connection.close()

    def stage(self, application_id: int) -> str:
        rows = self.query("SELECT stage FROM applications WHERE id = ?", application_id)
        return str(rows[0][0])

    def wait_stage(self, application_id: int, stage: str) -> None:
        wait_for(lambda: self.stage(application_id) == stage, f"card {application_id} in {stage}")

    # -- ending ------------------------------------------------------------------------

    def wait_exit(self) -> int:
        return self.process.wait(timeout=30)

    def release_all(self) -> None:
        """No button or key held: a test that failed mid-drag leaves them down."""
        subprocess.run(
            ["xdotool", "mouseup", "1", "keyup", "ctrl", "shift"],
            env={**os.environ, "DISPLAY": self.display},
            capture_output=True,
            check=False,
            timeout=30,
        )

    def settle(self) -> None:
        """Ready for the next test of the same app: nothing held, no dialog open, the
        main window with the keyboard, the board scrolled back to its first column."""
        self.release_all()
        self.no_dialog()
        self.focus_window()
        wait_for(self._scrolled_back, "the board back at its first column")

    def _scrolled_back(self) -> bool:
        if self.geometry()["scroll"]["value"] == 0:
            return True
        # Sideways wheel turns (X's buttons 6, left, and 7) over the board, as a hand
        # on a touchpad does.
        self.xdo(
            "mousemove",
            *centre(self.geometry()["board"]),
            "click",
            "--repeat",
            100,
            "--delay",
            1,
            6,
        )
        return False

    def stop(self) -> None:
        self.release_all()
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.log.close()
