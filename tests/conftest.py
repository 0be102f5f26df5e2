"""Fixtures every test shares: folders redirected to tmp, a real SQLite file, and a
fresh database on a real PostgreSQL server where ``.ci/run`` started one."""

import gc
import logging
import os
import re
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import URL, make_url
from tests import templates
from tests.keyrings import MemoryKeyring

from recruitdesk.gui.style import force_scheme
from recruitdesk.storage.database import Database

#: A server URL whose database may be used to create others (set by ``.ci/run``).
PG_URL = os.environ.get("RECRUITDESK_TEST_PG_URL", "")
#: How a test that needs PostgreSQL is skipped without a server.
NO_POSTGRES = "no PostgreSQL server"


def pytest_configure(config: pytest.Config) -> None:
    """Python processes the tests start (pytest-xdist's workers, the command line, the
    app on Xvfb, the analysis's workers) keep their compiled bytecode in one folder
    outside the checkout, as an installed package has it: where
    ``PYTHONDONTWRITEBYTECODE`` is set (this machine's images set it) each of them
    compiled every module it imports again, most of a second each. Runs before the
    workers start, so they inherit it."""
    bytecode = Path(tempfile.gettempdir()) / f"recruitdesk-tests-bytecode-{os.getuid()}"
    os.environ.setdefault("PYTHONPYCACHEPREFIX", str(bytecode))
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def pytest_sessionstart(session: pytest.Session) -> None:
    """The cyclic garbage collector runs a tenth as often in test processes. Each
    worker holds the whole app imported, its Qt wrappers and SQLAlchemy's mappers, and
    every full collection walked all of it again: the collector took about 8 s of CPU
    per worker (a ninth of the suite's), 4 s at this threshold. Tests that need garbage
    gone call ``gc.collect()`` themselves. The app keeps Python's threshold: it freezes
    what its start made once the window is up, and pauses the collector during bulk
    work (``gui/app.py`` ``settle_memory``, ``recruitdesk/collector.py``)."""
    gc.set_threshold(7000, 10, 10)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection made (modules, test items, fixtures) lives until the process
    ends: frozen out of the collector's walks. It halved what full collections cost."""
    gc.collect()
    gc.freeze()


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: a worker more than the cores this process may use. A worker waits
    about a fifth of its time (on its loopback servers, the processes a test starts and
    kills, the background threads a GUI test waits for); a third worker on 2 cores used
    those waits and ran the suite 7 % faster, in two pairs of runs back to back."""
    return len(os.sched_getaffinity(0)) + 1


def _skip_without_postgres() -> None:
    reason = os.environ.get(
        "RECRUITDESK_TEST_PG_SKIP_REASON",
        "RECRUITDESK_TEST_PG_URL is not set (.ci/run starts a server and sets it)",
    )
    pytest.skip(f"{NO_POSTGRES}: {reason}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    """Every skip for want of PostgreSQL is placed where it is decided, so ``-ra``
    folds them into one line with their count instead of one line per test."""
    report: pytest.TestReport = yield
    longrepr = report.longrepr
    if report.skipped and isinstance(longrepr, tuple) and NO_POSTGRES in str(longrepr[2]):
        line = _skip_without_postgres.__code__.co_firstlineno - 1  # pytest counts from 0
        report.longrepr = (__file__, line, longrepr[2])
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """After pytest-qt closed the test's widgets (``deleteLater``): delete them now.

    Left to a later event loop, they stayed alive in Python's reference cycles (a
    section holds its pane), and the cyclic collector could free one at any moment of a
    later test, destroying its C++ object from inside the collector while a pool thread
    ran: a worker died of a segmentation fault in "Garbage-collecting". Deleted here,
    their wrappers are empty when the collector comes."""
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    _plain_look_again()


def _plain_look_again() -> None:
    """Back to Qt's plain Fusion look, which tests run in unless they ask for the app's
    (``styled`` in tests/gui/conftest.py, or a colour scheme), once the test's widgets
    are gone, so nothing is restyled. Under the style sheet Qt polishes every widget again
    each time it moves to a new parent: the GUI tests took a fifth more CPU with it, and
    whether a test had it depended on which test its worker ran before."""
    app = QApplication.instance()
    if isinstance(app, QApplication) and app.styleSheet():
        force_scheme(app, None)
        app.setStyleSheet("")
        app.setPalette(QPalette())


@pytest.fixture(autouse=True, scope="session")
def one_qt_application(qapp: object) -> object:
    """The QApplication pytest-qt makes, before any test runs: a report or a command run
    in the test process would otherwise make a plain QGuiApplication first, which the
    widget tests after it in the same process cannot use."""
    return qapp


@pytest.fixture(autouse=True)
def isolated_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Keep data, settings, caches and logs out of the real home folder."""
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.delenv("RECRUITDESK_DB", raising=False)
    return home


class ErrorLogs(logging.Handler):
    """Every ERROR logged during a test (after qutebrowser's log-fail helper): one the
    test did not announce with :meth:`expect` fails it, so a swallowed bug cannot pass."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []
        self._expected: list[re.Pattern[str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def expect(self, pattern: str) -> None:
        """ERROR records whose message matches ``pattern`` are part of the test."""
        self._expected.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        found = []
        for record in self.records:
            message = record.getMessage()
            if not any(pattern.search(message) for pattern in self._expected):
                found.append(f"{record.name}: {message}")
        return found


@pytest.fixture(autouse=True)
def error_logs() -> Iterator[ErrorLogs]:
    handler = ErrorLogs()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
    unexpected = handler.unexpected()
    if unexpected:
        pytest.fail("unexpected ERROR logged: " + "; ".join(unexpected), pytrace=False)


@pytest.fixture(autouse=True, scope="session")
def database_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """This process's migrated (and demo) databases that tests copy (tests/templates.py)."""
    templates.use_folder(tmp_path_factory.mktemp("templates"))
    yield
    templates.pg_drop_all()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "recruitdesk.sqlite"


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    """A fresh database at the current schema, in a real SQLite file (a copy of one
    migrated once per process)."""
    with templates.open_empty(db_path) as opened:
        yield opened


def _server() -> URL:
    if not PG_URL:
        _skip_without_postgres()
    return make_url(PG_URL)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    server = _server()
    name = f"recruitdesk_test_{uuid.uuid4().hex[:12]}"
    templates.pg_create(templates.pg_admin(server), name)
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        templates.pg_drop(templates.pg_admin(server), name)


@pytest.fixture
def pg_migrated_url() -> Iterator[str]:
    """An empty PostgreSQL database for one test, at the current schema (migrated once
    per process and emptied for each test, tests/templates.py)."""
    server = _server()
    name = templates.pg_take(server)
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        templates.pg_give_back(server, name)


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """Tokens in a dict (an in-memory keyring, never the system's); no GITHUB_TOKEN."""
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """keyring's ``fail`` backend, as on a headless Linux; no GITHUB_TOKEN."""
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's local zone is Europe/Berlin (CET or CEST), whatever the machine's."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
