"""Before the database is touched, the app checks that Qt can open a window: a missing
library or display is one line naming the fix, exit 1, and no database file."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLibraryInfo

from recruitdesk.gui.platform_check import (
    chosen_platforms,
    debian_package,
    platform_problem,
    platforms_folder,
)

SOURCE = Path(__file__).resolve().parents[2] / "src"
QT_PLATFORMS = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's xcb")


def open_app(db: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    """``python -m recruitdesk --db DB`` (the README's open command), with ``environ``
    instead of this session's display."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE", "QT_QPA_PLATFORM"}
    }
    env["PYTHONPATH"] = os.pathsep.join([str(SOURCE), env.get("PYTHONPATH", "")])
    env.update(environ)
    return subprocess.run(
        [sys.executable, "-m", "recruitdesk", "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def unused_display() -> str:
    number = 90
    while Path(f"/tmp/.X11-unix/X{number}").exists():  # noqa: S108 (X's own socket folder)
        number += 1
    return f":{number}"


@linux_only
def test_no_display_is_one_line_and_leaves_no_database(tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite"
    opened = open_app(db, QT_QPA_PLATFORM="xcb")
    assert opened.returncode == 1, opened.stderr
    assert opened.stderr.count("\n") == 1
    assert "no display" in opened.stderr
    assert "DISPLAY is not set" in opened.stderr
    assert list(tmp_path.iterdir()) == []


@linux_only
def test_a_missing_library_is_named_with_its_package(tmp_path: Path) -> None:
    """A copy of Qt's real xcb plugin that needs a library nobody has (one byte of a
    name it needs changed), in a folder where it finds Qt's own libraries as usual."""
    plugin = (QT_PLATFORMS / "libqxcb.so").read_bytes()
    needed = b"\0libxcb-icccm.so.4\0"
    assert needed in plugin
    folder = tmp_path / "Qt" / "plugins" / "platforms"
    folder.mkdir(parents=True)
    (folder / "libqxcb.so").write_bytes(plugin.replace(needed, b"\0libxcb-iccxm.so.4\0"))
    (tmp_path / "Qt" / "lib").symlink_to(QT_PLATFORMS.parent.parent / "lib")
    db = tmp_path / "data" / "x.sqlite"
    db.parent.mkdir()
    opened = open_app(
        db, QT_QPA_PLATFORM="xcb", QT_QPA_PLATFORM_PLUGIN_PATH=str(folder), DISPLAY=":0"
    )
    assert opened.returncode == 1, opened.stderr
    assert opened.stderr.count("\n") == 1
    assert "libxcb-iccxm.so.4" in opened.stderr
    assert "sudo apt-get install libxcb-iccxm4" in opened.stderr
    assert list(db.parent.iterdir()) == []


@linux_only
def test_a_display_nobody_serves_is_named(tmp_path: Path) -> None:
    display = unused_display()
    problem = platform_problem("xcb", {"DISPLAY": display}, tmp_path)
    assert problem is not None
    assert f"Cannot connect to the X display {display!r}" in problem


def test_platforms_without_a_screen_need_nothing(tmp_path: Path) -> None:
    assert platform_problem("offscreen", {}, tmp_path) is None
    assert platform_problem("minimal", {}, tmp_path) is None


@linux_only
def test_a_missing_wayland_socket_is_named(tmp_path: Path) -> None:
    problem = platform_problem(
        "wayland", {"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": str(tmp_path)}, tmp_path
    )
    assert problem is not None
    assert "wayland-9 does not exist" in problem


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-cursor.so.0", "libxcb-cursor0"),
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxcb-render-util.so.0", "libxcb-render-util0"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libX11-xcb.so.1", "libx11-xcb1"),
        ("libX11.so.6", "libx11-6"),
        ("libGL.so.1", "libgl1"),
        ("libdbus-1.so.3", "libdbus-1-3"),
        ("libglib-2.0.so.0", "libglib2.0-0"),
    ],
)
def test_a_library_is_named_with_its_debian_package(soname: str, package: str) -> None:
    assert debian_package(soname) == package


def test_the_platforms_are_the_ones_qt_would_try() -> None:
    assert chosen_platforms({}) == ["xcb"]
    assert chosen_platforms({"WAYLAND_DISPLAY": "wayland-0"}) == ["wayland", "xcb"]
    assert chosen_platforms({"QT_QPA_PLATFORM": "wayland;xcb:nograb"}) == ["wayland", "xcb"]
    assert chosen_platforms({"QT_QPA_PLATFORM": "offscreen"}) == ["offscreen"]
    assert platforms_folder({"QT_QPA_PLATFORM_PLUGIN_PATH": "/x"}) == Path("/x")
    assert platforms_folder({}) == QT_PLATFORMS
