"""Failures of the environment under the database, as one sentence each.

A full disk, a read-only file or folder, a database another program keeps locked: the
user can act on each, so each is a :class:`DatabaseError` (docs/architecture.md,
"Errors"), not a bug. This is the one place that words them, for every statement the
engine runs (:func:`install`) and for the app's own ``sqlite3`` connections (backups,
checks: :func:`translate`). Any other driver error stays what it is: a bug.
"""

import sqlite3
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import ExceptionContext

from recruitdesk.errors import DatabaseError

# SQLite's primary result codes (an extended code keeps them in its low byte).
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26

# PostgreSQL's SQLSTATEs for the same situations.
_PG_FULL = ("53100",)
_PG_READONLY = ("25006",)
_PG_BUSY = ("55P03", "40P01")


def _full(where: str) -> str:
    return (
        f"{where} cannot grow: the disk is full (or the database reached its size limit), "
        "so nothing was saved; free some space, then try again."
    )


def _read_only(where: str) -> str:
    return (
        f"{where} is read-only (the file, its -wal or -shm file, or its folder cannot be "
        "written), so nothing was saved; make them writable, then try again."
    )


def _busy(where: str) -> str:
    return (
        f"{where} is busy: another program or import kept it locked for too long, so "
        "nothing was saved; try again when it has finished."
    )


def _sqlite_message(code: int, where: str, detail: str) -> str | None:
    primary = code & 0xFF
    if primary == _SQLITE_FULL:
        return _full(where)
    if primary == _SQLITE_READONLY:
        return _read_only(where)
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return _busy(where)
    if primary == _SQLITE_IOERR:
        return f"Reading or writing {where} failed ({detail}); check the disk, then try again."
    if primary == _SQLITE_CANTOPEN:
        return (
            f"{where} cannot be opened ({detail}); check that the file and its folder "
            "exist and can be read and written."
        )
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return f"{where} is damaged ({detail}); run 'recruitdesk db check', or restore a backup."
    return None


def translate(error: BaseException, where: str) -> DatabaseError | None:
    """The known error ``error`` stands for, or ``None`` when it is a bug.

    ``error`` is a driver's exception (``sqlite3``'s or psycopg's); ``where`` names the
    database as the user knows it."""
    message: str | None = None
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        if isinstance(code, int):
            message = _sqlite_message(code, where, str(error))
    else:
        state: Any = getattr(error, "sqlstate", None)
        if state in _PG_FULL:
            message = _full(where)
        elif state in _PG_READONLY:
            message = _read_only(where)
        elif state in _PG_BUSY:
            message = _busy(where)
    return None if message is None else DatabaseError(message)


def install(engine: Engine, where: str) -> None:
    """Raise the known error in place of the driver's, for every statement of ``engine``
    (connecting, ``BEGIN``, each statement, ``COMMIT``)."""

    @event.listens_for(engine, "handle_error")
    def _known(context: ExceptionContext) -> None:
        known = translate(context.original_exception, where)
        if known is not None:
            raise known from context.original_exception
