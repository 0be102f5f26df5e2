"""Starting the GUI: the QApplication, its look, and the first window."""

import gc
import os
import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from recruitdesk import APP_NAME, __version__
from recruitdesk.errors import KnownError
from recruitdesk.gui.crash import CrashReporter
from recruitdesk.gui.geometry_probe import start_probe
from recruitdesk.gui.platform_check import check_platform
from recruitdesk.gui.style import apply_style
from recruitdesk.resources import resource_path
from recruitdesk.storage.database import resolve_url
from recruitdesk.storage.migrate import open_database


def application() -> QApplication:
    """The process's QApplication, created with the app's identity and style once."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("recruitdesk")
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource_path("app/recruitdesk.svg"))))
    apply_style(app)
    return app


#: Platforms with nobody to read a dialog.
_HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal"})


def _show_startup_error(error: KnownError) -> None:
    """A database that cannot be opened: say so in a dialog, where someone can see it."""
    if os.environ.get("QT_QPA_PLATFORM", "") in _HEADLESS_PLATFORMS:
        return
    application()
    QMessageBox.critical(None, "recruitdesk", str(error))


def run_gui(db: str | None, log_path: Path | None = None) -> int:
    """Open the main window on the database ``--db`` names; returns the exit code.

    From here on a bug anywhere in the process is logged and shown in a dialog.

    A platform Qt cannot start (a library or the display missing) raises
    :class:`KnownError` before the database is opened. A database that cannot be opened
    raises :class:`KnownError` before any window shows (the command line prints it),
    after a dialog for whoever started the app from a desktop launcher.
    """
    check_platform()  # Qt would abort without a word the user can act on
    url = resolve_url(db)
    try:
        open_database(url).dispose()
    except KnownError as error:
        _show_startup_error(error)
        raise
    app = application()
    from recruitdesk.gui.main_window import MainWindow

    window = MainWindow(url.render_as_string(hide_password=False), log_path=log_path)
    reporter = CrashReporter(log_path, window)
    reporter.crashed.connect(window.show_bug)
    reporter.install()
    window.show()
    start_probe(window)  # only where tests/xvfb asks for it
    # What was made to start the app lives as long as the app: a full collection need
    # not walk it again and again while the user works.
    gc.freeze()
    try:
        return app.exec()
    finally:
        reporter.uninstall()
