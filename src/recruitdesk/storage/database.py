"""The engine, the session factory and the unit-of-work helpers.

One :class:`Database` per process and URL. Reads use :meth:`Database.read`; every change
goes through :meth:`Database.write`, one transaction that commits or rolls back whole.
On SQLite a write transaction starts with ``BEGIN IMMEDIATE``, so two writers queue on
the busy timeout instead of failing with "database is locked" half-way
(``docs/architecture.md``, "Threads"; the recipe of SQLAlchemy's SQLite dialect
documentation).

JSON columns are written as UTF-8 text, not with ``\\u`` escapes, so a filter that
looks into their text finds "Zürich" as typed (see :mod:`recruitdesk.storage.textmatch`).

Sessions never cross threads and never outlive the ``with`` block; callers get plain
values or detached objects (``expire_on_commit=False``).
"""

import getpass
import json
import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from recruitdesk import atomic_files
from recruitdesk.errors import DatabaseError
from recruitdesk.storage import change_feed, database_errors
from recruitdesk.storage.location import default_database_path, named_database
from recruitdesk.storage.textmatch import SQL_FUNCTION, fold_values

BUSY_TIMEOUT_MS = 10_000
_IMMEDIATE = "recruitdesk_immediate"


def resolve_url(value: str | os.PathLike[str] | None = None) -> URL:
    """Turn ``--db``'s value (a SQLAlchemy URL or a file path), ``RECRUITDESK_DB`` or the
    default into a URL. A bare path means an SQLite file."""
    if value is None:
        value = named_database()
    if value is None:
        # The app's own folder is made on the first start; a folder the user named must
        # exist (a mistyped --db must not create a tree of folders).
        default = default_database_path()
        try:
            default.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise DatabaseError(f"Cannot create {default.parent}: {reason}.") from None
        value = default
    text = os.fspath(value)
    if "://" in text:
        try:
            return make_url(text)
        except ArgumentError as error:
            raise DatabaseError(f"{text!r} is not a database URL: {error}.") from None
    return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))


def sqlite_file(url: URL) -> Path | None:
    """The file behind an SQLite URL, or ``None`` for another backend or ``:memory:``."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def display_name(url: URL) -> str:
    """Where the data lives, for the title bar and messages; never a password."""
    path = sqlite_file(url)
    if path is not None:
        return str(path)
    return url.render_as_string(hide_password=True)


def dump_json(value: Any) -> str:
    """The text a JSON column stores: UTF-8 as typed ("Zürich", not "Z\\u00fcrich").
    A lone surrogate (text decoded with ``surrogateescape``) cannot be UTF-8: such a
    value keeps its escapes rather than fail the write."""
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value)
    return text


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN, not the sqlite3 module.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            # Deleted rows are overwritten, not left in free pages: erasure means erased.
            cursor.execute("PRAGMA secure_delete = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL cannot corrupt the database; it only skips an fsync
            # per commit.
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()
        dbapi_connection.create_function(SQL_FUNCTION, -1, fold_values, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_database_engine(url: URL) -> Engine:
    """An engine with the settings this app needs for ``url``'s backend."""
    try:
        if url.get_backend_name() == "sqlite":
            engine = create_engine(
                url,
                connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
                json_serializer=dump_json,
            )
            _configure_sqlite(engine)
        else:
            engine = create_engine(url, pool_pre_ping=True, json_serializer=dump_json)
    except (NoSuchModuleError, ImportError) as error:
        raise DatabaseError(
            f"No database driver for {url.drivername!r} is installed ({error})."
        ) from None
    database_errors.install(engine, display_name(url))
    return engine


def account_name() -> str:
    """The operating system's name for the person at this workstation."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        # No login name in the environment and none in the password database.
        return "unknown"


class Database:
    """The app's handle on one database: an engine and its sessions."""

    def __init__(self, url: URL) -> None:
        self.url = url
        self.engine = create_database_engine(url)
        path = sqlite_file(url)
        # An export, a report or a backup must never be written over the database.
        self._files = () if path is None else atomic_files.sqlite_files(path)
        atomic_files.protect(self._files)
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        #: The same engine whose transactions begin with BEGIN IMMEDIATE on SQLite.
        self.writer_engine = self.engine.execution_options(**{_IMMEDIATE: True})
        self._writer = sessionmaker(self.writer_engine, expire_on_commit=False)
        change_feed.track_writes(self._writer)
        #: Who this workstation's writes are recorded as (the audit trail); the app
        #: sets it from the settings.
        self.actor = account_name()
        #: This handle among the processes on the database: its own changes come back
        #: to it from the feed and are skipped; a job it runs is leased in this name.
        self.workstation = uuid.uuid4().hex

    @property
    def workstation_name(self) -> str:
        """Who runs this handle, for people: "Ana on office-pc"."""
        return f"{self.actor} on {socket.gethostname()}"

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def display_name(self) -> str:
        """Where the data lives, for the title bar and messages; never a password."""
        return display_name(self.url)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; whatever it changes is rolled back."""
        with self._reader() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: it commits when the block ends, or rolls back whole;
        what it announced goes to the other workstations with the commit."""
        with self._writer() as session, session.begin():
            yield session
            change_feed.send(session, self.workstation)

    def dispose(self) -> None:
        self.engine.dispose()
        atomic_files.release(self._files)
        self._files = ()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.dispose()
