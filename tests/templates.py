"""SQLite databases made once per test process and copied for each test that needs one.

Running every migration takes about a quarter of a second, loading a demo sample more;
opening a copy of a file already at the head takes a few milliseconds. A template is
made with the app's own ``open_database`` (and ``load_demo``), closed, and copied byte
for byte to the test's path before anything opens it there, so no file is ever changed
behind an open SQLite connection's back. Tests of migrating itself (upgrades, backups
before an upgrade, a new file being created) still call ``open_database`` on a new path.

``tests/conftest.py`` gives the module its folder for the session
(:func:`use_folder`); xdist's workers each make their own templates.
"""

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.migrate import open_database

_folder: Path | None = None
_made: dict[str, Path] = {}


def use_folder(folder: Path) -> None:
    """Where this process keeps its templates (a session's temporary folder)."""
    global _folder
    _folder = folder
    _made.clear()


def _template(name: str, fill: Callable[[Database], object] | None = None) -> Path:
    made = _made.get(name)
    if made is not None:
        return made
    assert _folder is not None, "tests/conftest.py's database_templates fixture sets the folder"
    path = _folder / f"{name}.sqlite"
    with open_database(str(path)) as database:
        if fill is not None:
            fill(database)
    # Closing the last connection checkpointed the WAL into the file and removed it:
    # the file alone is the whole database.
    leftovers = [p.name for p in _folder.glob(f"{name}.sqlite-*")]
    assert not leftovers, f"the template {path} left {leftovers} behind"
    _made[name] = path
    return path


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
