"""One window per database file per user and machine: a second start on the same file
says so and offers to bring the first window to the front.

The first start takes a :class:`QLockFile` in the user's runtime folder, named after the
file's identity (device and inode, so a link or another spelling of the path is the same
file), and listens on a local socket of the same name. The lock holds the process's id:
a lock left by a crash names a process that is gone, and Qt takes it over at the next
start. A second start that the user lets through is still safe: SQLite serialises the
writes, and the command line runs alongside the app anyway.
"""

import getpass
import hashlib
import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QDir, QLockFile, QObject, QStandardPaths, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy import URL

from recruitdesk.errors import KnownError
from recruitdesk.storage.database import sqlite_file

#: Platforms with nobody to answer a question.
_HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal"})

#: How long the second start waits for the first window to take the request.
CONNECT_MS = 2000
_ACTIVATE = b"activate\n"


class Choice(Enum):
    SWITCH = "switch"
    OPEN_ANOTHER = "open another"


#: ``(database file, process id of the window that has it open) -> what the user wants``.
Ask = Callable[[Path, int], Choice]


def instance_key(database: Path) -> str:
    """A name for ``database`` the same under any path that reaches the same file."""
    try:
        status = database.stat()
        identity = f"{status.st_dev}:{status.st_ino}"
    except OSError:
        identity = str(database.expanduser().resolve())
    digest = hashlib.sha256(f"{getpass.getuser()}\0{identity}".encode()).hexdigest()
    return f"recruitdesk-{digest[:24]}"


def _lock_path(key: str) -> str:
    folder = ""
    # Without a session's runtime folder Qt would warn and make one of its own.
    if not sys.platform.startswith("linux") or os.environ.get("XDG_RUNTIME_DIR"):
        location = QStandardPaths.StandardLocation.RuntimeLocation
        folder = QStandardPaths.writableLocation(location)
    return str(Path(folder or QDir.tempPath(), f"{key}.lock"))


class SingleInstance(QObject):
    """The claim of the first window on a database file; ``activate_requested`` fires
    when a later start asks it to come to the front."""

    activate_requested = Signal()

    def __init__(self, key: str, lock: QLockFile | None) -> None:
        """``lock`` is ``None`` for a second window the user asked for: it answers no
        later start."""
        super().__init__()
        self._lock = lock
        self._server = QLocalServer(self)
        if lock is None:
            return
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # The lock is ours, so a socket left under this name is a crashed start's.
        QLocalServer.removeServer(key)
        self._server.newConnection.connect(self._take_requests)
        self._server.listen(key)

    @property
    def is_first(self) -> bool:
        """Whether this window holds the claim (later starts switch to it)."""
        return self._lock is not None

    def _take_requests(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(_ACTIVATE):
            self.activate_requested.emit()
            socket.disconnectFromServer()

    def bring_to_front(self, window: QWidget) -> None:
        """Show ``window`` on top whenever a later start asks."""
        self.activate_requested.connect(lambda: _raise(window))

    def release(self) -> None:
        self._server.close()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None


def _raise(window: QWidget) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def ask_user(database: Path, pid: int) -> Choice:
    """The question a second start asks, in a dialog; with nobody to see a dialog, the
    start stops with one line."""
    if QApplication.platformName() in _HEADLESS_PLATFORMS:
        raise KnownError(f"{database} is already open in recruitdesk (process {pid}).")
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "recruitdesk",
        f"{database.name} is already open in recruitdesk (process {pid}).",
    )
    box.setInformativeText(
        "Switch to that window, or open a second one on the same file "
        "(both stay safe, but each shows the other's changes only after a refresh)."
    )
    switch = box.addButton("Switch to it", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Open another window", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(switch)
    box.setEscapeButton(switch)
    box.exec()
    return Choice.SWITCH if box.clickedButton() is switch else Choice.OPEN_ANOTHER


def _activate(key: str) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(key)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write(_ACTIVATE)
    sent = socket.waitForBytesWritten(CONNECT_MS)
    socket.disconnectFromServer()
    return sent


def claim(url: URL, ask: Ask = ask_user) -> SingleInstance | None:
    """The claim of the window about to open on the database at ``url``, or ``None``
    when the user chose to switch to the window that has it open already (it was asked
    to come to the front). A second window the user asks for, and a window on a
    database server, hold no claim (:attr:`is_first`).
    """
    database = sqlite_file(url)
    if database is None:
        return SingleInstance("", None)
    key = instance_key(database)
    lock = QLockFile(_lock_path(key))
    # Never stale by age: only a lock whose process is gone is taken over.
    lock.setStaleLockTime(0)
    if lock.tryLock(0):
        instance = SingleInstance(key, lock)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(instance.release)
        return instance
    pid, _host, _app = lock.getLockInfo()
    if ask(database, pid) is Choice.OPEN_ANOTHER:
        return SingleInstance(key, None)
    if not _activate(key):
        raise KnownError(
            f"{database} is open in recruitdesk (process {pid}), which does not answer; "
            "close it, or end that process."
        )
    return None
