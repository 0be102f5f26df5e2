"""Before the app touches the database: can Qt open a window here?

Where it cannot, Qt prints several lines and aborts the process (exit 134), and what it
says can mislead: from 6.5 it names ``libxcb-cursor0`` whenever the xcb plugin fails,
even when another library is missing or there is no display at all. So the check asks
the system instead, in a few milliseconds and without starting Qt's GUI:

- the dynamic loader loads the platform plugin (as Qt would a moment later) and, where
  that fails, ``ldd`` lists every library it needs that is not installed; each is named
  with the Debian package that provides it;
- for xcb, libxcb itself connects to the display ``DISPLAY`` names; for Wayland, the
  compositor's socket must exist.

Only Linux is checked: the wheels for macOS and Windows carry everything their platform
plugins need.
"""

import ctypes
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

from recruitdesk.errors import KnownError

#: Libraries whose Debian package does not follow Debian Policy's naming (section 8.1).
_PACKAGE_EXCEPTIONS = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}

#: Platforms that show nothing on a screen, so need neither a display nor its libraries.
_NO_SCREEN = frozenset({"offscreen", "minimal", "vnc"})


class PlatformError(KnownError):
    """Qt's platform plugin cannot start here: a library or the display is missing."""


def debian_package(soname: str) -> str:
    """The Debian package that ships a shared library, by Debian Policy's rule:
    ``libxcb-icccm.so.4`` is in ``libxcb-icccm4``, ``libX11.so.6`` in ``libx11-6``."""
    if soname in _PACKAGE_EXCEPTIONS:
        return _PACKAGE_EXCEPTIONS[soname]
    base, _, version = soname.partition(".so.")
    base = base.lower()
    if not version:
        return base
    major = version.split(".")[0]
    return f"{base}-{major}" if base[-1].isdigit() else f"{base}{major}"


def chosen_platforms(environ: Mapping[str, str]) -> list[str]:
    """The platforms Qt will try, in its order: ``QT_QPA_PLATFORM`` (a ``;`` list, each
    name maybe followed by ``:options``), else Wayland in a Wayland session, then xcb."""
    named = environ.get("QT_QPA_PLATFORM", "").strip()
    if named:
        return [part.split(":")[0].strip() for part in named.split(";") if part.strip()]
    if environ.get("WAYLAND_DISPLAY") or environ.get("XDG_SESSION_TYPE") == "wayland":
        return ["wayland", "xcb"]
    return ["xcb"]


def platforms_folder(environ: Mapping[str, str]) -> Path:
    """Where Qt looks for platform plugins (``QT_QPA_PLATFORM_PLUGIN_PATH`` first)."""
    named = environ.get("QT_QPA_PLATFORM_PLUGIN_PATH")
    if named:
        return Path(named)
    from PySide6.QtCore import QLibraryInfo

    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"


def missing_libraries(plugin: Path) -> list[str]:
    """The shared libraries ``plugin`` needs that the loader cannot find.

    Loading the plugin costs nothing extra where it works (Qt loads it a moment later
    and finds it loaded); where it fails, the loader names only the first library
    missing, so ``ldd`` lists them all."""
    try:
        ctypes.CDLL(str(plugin), mode=os.RTLD_LAZY)
    except OSError as error:
        first = re.findall(r"([^:\s]+\.so[.\d]*): cannot open", str(error))
    else:
        return []
    import shutil  # only here: the app's start does not pay for them
    import subprocess

    ldd = shutil.which("ldd")
    if ldd is None:
        return first
    listed = subprocess.run(
        [ldd, str(plugin)], capture_output=True, text=True, check=False, timeout=30
    ).stdout
    found = re.findall(r"^\s*(\S+) => not found", listed, flags=re.MULTILINE)
    return list(dict.fromkeys(found)) or first


def _missing_message(platform: str, missing: list[str]) -> str:
    packages = " ".join(dict.fromkeys(debian_package(name) for name in missing))
    return (
        f"Qt's {platform} platform plugin cannot load: {', '.join(missing)} "
        f"{'is' if len(missing) == 1 else 'are'} missing (on Debian or Ubuntu: "
        f"sudo apt-get install {packages}; the README lists what each system needs)."
    )


def _x_display_problem(environ: Mapping[str, str]) -> str | None:
    display = environ.get("DISPLAY", "")
    if not display:
        return (
            "There is no display to open the window on (DISPLAY is not set): start "
            "recruitdesk from a desktop session."
        )
    try:
        libxcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return _missing_message("xcb", ["libxcb.so.1"])
    libxcb.xcb_connect.restype = ctypes.c_void_p
    libxcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    libxcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    libxcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = libxcb.xcb_connect(display.encode(), None)
    try:
        failed = libxcb.xcb_connection_has_error(connection) != 0
    finally:
        libxcb.xcb_disconnect(connection)
    if failed:
        return (
            f"Cannot connect to the X display {display!r} that DISPLAY names: start "
            "recruitdesk from a desktop session, or check that its X server runs."
        )
    return None


def _wayland_problem(environ: Mapping[str, str]) -> str | None:
    name = environ.get("WAYLAND_DISPLAY") or "wayland-0"
    socket = Path(name) if name.startswith("/") else Path(environ.get("XDG_RUNTIME_DIR", "")) / name
    if not socket.exists():
        return (
            f"There is no Wayland display to open the window on ({socket} does not "
            "exist): start recruitdesk from a desktop session."
        )
    return None


def platform_problem(platform: str, environ: Mapping[str, str], folder: Path) -> str | None:
    """Why Qt's ``platform`` cannot start here, in one sentence, or None."""
    if platform in _NO_SCREEN:
        return None
    plugin = folder / f"libq{platform}.so"
    if plugin.is_file():
        missing = missing_libraries(plugin)
        if missing:
            return _missing_message(platform, missing)
    if platform == "xcb":
        return _x_display_problem(environ)
    if platform.startswith("wayland"):
        return _wayland_problem(environ)
    return None


def check_platform(environ: Mapping[str, str] | None = None) -> None:
    """Raise :class:`PlatformError` when none of the platforms Qt would try can start."""
    if not sys.platform.startswith("linux"):
        return
    environ = os.environ if environ is None else environ
    folder = platforms_folder(environ)
    problem: str | None = None
    for platform in chosen_platforms(environ):
        problem = platform_problem(platform, environ, folder)
        if problem is None:
            return
    if problem is not None:
        raise PlatformError(problem)
