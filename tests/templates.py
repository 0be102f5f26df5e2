"""SQLite databases made once per test process and copied for each test that needs one.

Running every migration takes about a quarter of a second, loading a demo sample more;
opening a copy of a file already at the head takes a few milliseconds. A template is
made with the app's own ``open_database`` (and ``load_demo``), closed, and copied byte
for byte to the test's path before anything opens it there, so no file is ever changed
behind an open SQLite connection's back. Tests of migrating itself (upgrades, backups
before an upgrade, a new file being created) still call ``open_database`` on a new path.

On PostgreSQL each test process migrates a database once and empties it for the next
test (:func:`pg_take`).

``tests/conftest.py`` gives the module its folder for the session
(:func:`use_folder`); xdist's workers each make their own templates.
"""

import shutil
import sqlite3
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url

from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.migrate import open_database

if TYPE_CHECKING:
    from psycopg import sql

_folder: Path | None = None
_made: dict[str, Path] = {}
_fill_results: dict[str, object] = {}
T = TypeVar("T")
#: This process's migrated PostgreSQL databases, and those free for the next test, by
#: the server's admin URL.
_pg_made: dict[str, list[str]] = {}
_pg_free: dict[str, list[str]] = {}
#: The schema's fingerprint as migrated (:func:`_pg_schema`).
_pg_migrated_schema: dict[str, str] = {}
#: What a database's schema is, to tell one a test added a trigger or table to: its
#: relations, columns, functions and triggers.
_SCHEMA = """
SELECT md5(concat_ws('|',
  (SELECT string_agg(relname || ':' || relkind::text, ',' ORDER BY relname) FROM pg_class
   WHERE relnamespace = 'public'::regnamespace),
  (SELECT string_agg(attrelid::regclass::text || '.' || attname || ':' || atttypid::text,
   ',' ORDER BY attrelid::regclass::text, attnum) FROM pg_attribute
   WHERE attrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)
   AND attnum > 0 AND NOT attisdropped),
  (SELECT string_agg(proname || ':' || md5(prosrc), ',' ORDER BY proname) FROM pg_proc
   WHERE pronamespace = 'public'::regnamespace),
  (SELECT string_agg(tgname || ':' || tgrelid::regclass::text, ',' ORDER BY tgname) FROM pg_trigger
   WHERE NOT tgisinternal)))
"""


def use_folder(folder: Path) -> None:
    """Where this process keeps its templates (a session's temporary folder)."""
    global _folder
    _folder = folder
    _made.clear()
    _fill_results.clear()


def _template(name: str, fill: Callable[[Database], object] | None = None) -> Path:
    made = _made.get(name)
    if made is not None:
        return made
    assert _folder is not None, "tests/conftest.py's database_templates fixture sets the folder"
    path = _folder / f"{name}.sqlite"
    if fill is not None:
        # Filled from a copy of the migrated one: migrating again took longer than most
        # fills (about 0.4 s, paid by each sample layout and demo size a process makes).
        shutil.copyfile(_template("empty"), path)
    with open_database(str(path)) as database:
        if fill is not None:
            fill(database)
    # Closing the last connection checkpointed the WAL into the file and removed it:
    # the file alone is the whole database.
    leftovers = [p.name for p in _folder.glob(f"{name}.sqlite-*")]
    assert not leftovers, f"the template {path} left {leftovers} behind"
    _made[name] = path
    return path


def filled(name: str, fill: Callable[[Database], T]) -> tuple[Path, T]:
    """A database at the current schema that this process fills once, by ``fill``, and
    what ``fill`` returned (the ids it made, say). Kept here, not by the caller: a helper
    module imported under two names (``gui_helpers``, ``tests.gui.gui_helpers``) is two
    modules, and the second found the database made without the ids."""
    made: list[T] = []
    path = _template(name, lambda database: made.append(fill(database)))
    if made:
        _fill_results[name] = made[0]
    return path, cast(T, _fill_results[name])


def load_into(database: Database, template: Path) -> None:
    """The empty, open SQLite ``database`` becomes a copy of ``template``: SQLite's
    backup API writes the pages through the open database's own connection, so nothing
    changes behind its back, and the tests that asked for ``database`` keep using it."""
    with database.read() as session:
        held = session.execute(text("SELECT count(*) FROM candidates")).scalar_one()
    assert held == 0, "a template is loaded only into an empty database"
    target = database.writer_engine.raw_connection()
    try:
        source = sqlite3.connect(f"{template.as_uri()}?mode=ro", uri=True)
        try:
            source.backup(target.driver_connection)  # type: ignore[arg-type]
        finally:
            source.close()
    finally:
        target.close()


def made_once(name: str, make: Callable[[Path], object]) -> Path:
    """A file this process makes once, by ``make(path)``, for tests that only read it
    (a large bundle to merge, say)."""
    made = _made.get(name)
    if made is None:
        assert _folder is not None, "tests/conftest.py's database_templates fixture sets the folder"
        made = _folder / name
        make(made)
        _made[name] = made
    return made


def _copy(template: Path, path: Path) -> Path:
    for suffix in ("", "-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        assert not side.exists(), f"{side} exists: a template is copied only to a new path"
    shutil.copyfile(template, path)
    return path


def empty_file(path: Path) -> Path:
    """A new database at the current schema with nothing in it, at ``path``."""
    return _copy(_template("empty"), path)


def open_empty(path: Path) -> Database:
    """:func:`empty_file` at ``path``, opened (a context manager, like ``open_database``)."""
    return open_database(str(empty_file(path)))


def demo_file(path: Path, *, candidates: int, seed: int, as_of: date | None = None) -> Path:
    """A new database at ``path`` holding ``load_demo``'s sample of that size and seed
    (``as_of`` today unless given), as if loaded into it."""
    day = as_of or date.today()
    name = f"demo-{candidates}-{seed}-{day.isoformat()}"
    template = _template(
        name, lambda database: load_demo(database, candidates=candidates, seed=seed, as_of=day)
    )
    return _copy(template, path)


def open_demo(path: Path, *, candidates: int, seed: int, as_of: date | None = None) -> Database:
    """:func:`demo_file` at ``path``, opened (a context manager, like ``open_database``)."""
    return open_database(str(demo_file(path, candidates=candidates, seed=seed, as_of=as_of)))


def _pg_execute(admin_url: str, statement: "sql.Composable") -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(statement)


def pg_admin(server: URL) -> str:
    """``server``'s URL as psycopg takes it, to create and drop databases there."""
    return server.set(drivername="postgresql").render_as_string(hide_password=False)


def pg_create(admin_url: str, name: str) -> None:
    """A new, empty database ``name`` on the server."""
    from psycopg import sql

    _pg_execute(admin_url, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def pg_drop(admin_url: str, name: str) -> None:
    from psycopg import sql

    _pg_execute(
        admin_url, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    )


def pg_take(server: URL) -> str:
    """The name of an empty database on ``server`` at the current schema, for one test.

    Each process migrates one database the first time and then reuses it: emptying
    every table and restarting its identities takes a few milliseconds, where
    ``CREATE DATABASE … TEMPLATE`` takes half a second (it copies the whole catalogue)
    and migrating a second. Migrations seed no rows, so an emptied database is one just
    migrated. Connections a test left (a killed child's, one not closed) are ended
    first: they would hold locks the deletes wait for."""
    admin = pg_admin(server)
    if _pg_free.get(admin):
        name = _pg_free[admin].pop()
        _pg_empty(admin, name)
    else:
        name = f"recruitdesk_test_{uuid.uuid4().hex[:12]}"
        pg_create(admin, name)
        with open_database(server.set(database=name)):
            pass
        _pg_made.setdefault(admin, []).append(name)
        _pg_migrated_schema.setdefault(admin, _pg_schema(admin, name))
    return name


def pg_give_back(server: URL, name: str) -> None:
    """Database ``name`` from :func:`pg_take` is free for the next test, unless the test
    changed its schema (a trigger that fails writes, say): that one is dropped."""
    admin = pg_admin(server)
    if _pg_schema(admin, name) == _pg_migrated_schema[admin]:
        _pg_free.setdefault(admin, []).append(name)
    else:
        _pg_made[admin].remove(name)
        pg_drop(admin, name)


def _pg_schema(admin: str, name: str) -> str:
    import psycopg

    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as connection:
        row = connection.execute(_SCHEMA).fetchone()
    assert row is not None
    return str(row[0])


def _pg_empty(admin: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    _pg_execute(
        admin,
        sql.SQL(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = {} AND pid <> pg_backend_pid()"
        ).format(sql.Literal(name)),
    )
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as connection, connection.transaction():
        tables = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'alembic_version'"
        ).fetchall()
        sequences = connection.execute(
            "SELECT oid::regclass::text FROM pg_class WHERE relkind = 'S'"
        )
        # DELETE, not TRUNCATE: TRUNCATE makes new files for every table and takes ten
        # times as long on the few rows a test leaves. As a replica the session fires no
        # trigger (foreign keys, the change feed), so the order of the tables is free.
        connection.execute("SET LOCAL session_replication_role = replica")
        for (table,) in tables:
            connection.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))
        for (sequence,) in sequences.fetchall():
            connection.execute("SELECT setval(%s, 1, false)", (sequence,))


def pg_drop_all() -> None:
    """Drop this process's PostgreSQL databases (at the end of its session)."""
    for admin, names in _pg_made.items():
        for name in names:
            pg_drop(admin, name)
    _pg_made.clear()
    _pg_free.clear()
    _pg_migrated_schema.clear()
