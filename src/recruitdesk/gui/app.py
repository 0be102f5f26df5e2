"""Starting the GUI: the QApplication, its look, and the first window."""

import gc
import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from recruitdesk import APP_NAME, __version__, collector
from recruitdesk.errors import KnownError
from recruitdesk.gui.crash import CrashReporter
from recruitdesk.gui.ending import end_with
from recruitdesk.gui.geometry_probe import start_probe
from recruitdesk.gui.platform_check import check_platform
from recruitdesk.gui.style import apply_style
from recruitdesk.resources import resource_path

#: Seconds a thread running Python keeps the GIL while another waits for it. Python's
#: default (5 ms) makes the GUI thread wait up to that long for each call back into
#: Python while background work runs, several times per event; 1 ms keeps the window's
#: longest stall far shorter (``benchmarks/bench_responsiveness.py``,
#: ``benchmarks/bench_jobs.py``) for no measurable loss of throughput.
GIL_SWITCH_INTERVAL = 0.001


def application() -> QApplication:
    """The process's QApplication, created with the app's identity and style once."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_INTERVAL))
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("recruitdesk")
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource_path("app/recruitdesk.svg"))))
    apply_style(app)
    return app


def settle_memory(app: QApplication) -> None:
    """Once the window is up: what was made to start the app, and what bulk work keeps
    later, is not walked by every collection while the user works; cycles are reclaimed
    when the window loses focus (:mod:`recruitdesk.collector`)."""
    gc.freeze()
    collector.keep_results_frozen()

    def on_state(state: Qt.ApplicationState) -> None:
        if state != Qt.ApplicationState.ApplicationActive:
            collector.reclaim()

    app.applicationStateChanged.connect(on_state)


#: Platforms with nobody to read a dialog.
_HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal"})


def _show_startup_error(error: KnownError) -> None:
    """A database that cannot be opened: say so in a dialog, where someone can see it."""
    if os.environ.get("QT_QPA_PLATFORM", "") in _HEADLESS_PLATFORMS:
        return
    application()
    QMessageBox.critical(None, "recruitdesk", str(error))


def run_gui(db: str | None, log_path: Path | None = None) -> int:
    """Open the main window on the database ``--db`` names; returns the exit code
    (the process then ends without tearing the window down: :mod:`.ending`).

    From here on a bug anywhere in the process is logged and shown in a dialog.

    A platform Qt cannot start (a library or the display missing) raises
    :class:`KnownError` before the database is opened. A database that cannot be opened
    raises :class:`KnownError` before any window shows (the command line prints it),
    after a dialog for whoever started the app from a desktop launcher.
    """
    check_platform()  # Qt would abort without a word the user can act on
    # The database's modules after the check: a start that cannot open a window says so
    # without first importing SQLAlchemy and Alembic.
    from recruitdesk.gui.single_instance import claim
    from recruitdesk.storage.database import resolve_url
    from recruitdesk.storage.migrate import open_database

    url = resolve_url(db)
    try:
        open_database(url).dispose()
    except KnownError as error:
        _show_startup_error(error)
        raise
    app = application()
    from recruitdesk.gui.main_window import MainWindow

    instance = claim(url)
    if instance is None:  # the window that has the file open came to the front instead
        return 0
    window = MainWindow(url.render_as_string(hide_password=False), log_path=log_path)
    instance.bring_to_front(window)
    reporter = CrashReporter(log_path, window)
    reporter.crashed.connect(window.show_bug)
    reporter.install()
    window.show()
    start_probe(window)  # only where tests/xvfb asks for it
    settle_memory(app)
    try:
        code = app.exec()
    finally:
        reporter.uninstall()
    QSettings(APP_NAME, APP_NAME).sync()  # the window's settings share its file's cache
    end_with(code)
    return code
