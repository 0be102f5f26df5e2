"""Files that appear whole under their name or not at all (docs/architecture.md,
"Atomic files").

A file is written to a temporary file in its target's folder, flushed to the disk, then
renamed over the target: a crash, a full disk or an error halfway never leaves half a
file where the old one was, and the temporary file never stays behind (one a killed
process left is named as ours, with its process id, and the next write into the same
folder removes it).

It also knows the files of the database this process has open, so that nothing writes
over them or opens them behind SQLite's back (:func:`refuse_database_file`).

This module imports nothing of ours, so every layer may write through it. It raises
:class:`OSError` (``strerror`` is a readable reason); each caller says in its own words
what could not be written.
"""

import errno
import os
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from recruitdesk.process_probe import process_alive

_lock = threading.Lock()
#: Files no write may replace: the database this process has open, with its WAL and
#: shared-memory files (how many times each is held).
_protected: Counter[Path] = Counter()


def protect(paths: Iterable[Path]) -> None:
    """No atomic write may replace these files until :func:`release`."""
    with _lock:
        _protected.update(path.expanduser().resolve() for path in paths)


def release(paths: Iterable[Path]) -> None:
    with _lock:
        _protected.subtract(path.expanduser().resolve() for path in paths)
        for path in [path for path, count in _protected.items() if count <= 0]:
            del _protected[path]


def sqlite_files(database: Path) -> tuple[Path, Path, Path]:
    """An SQLite database file with its WAL and shared-memory files."""
    return (
        database,
        database.with_name(f"{database.name}-wal"),
        database.with_name(f"{database.name}-shm"),
    )


@contextmanager
def protected(paths: Iterable[Path]) -> Iterator[None]:
    """:func:`protect` ``paths`` while the block runs."""
    held = list(paths)
    protect(held)
    try:
        yield
    finally:
        release(held)


def is_database_file(path: Path) -> bool:
    """Whether ``path`` is a file of a database this process has open, by its name or as
    the same file under another name (a link), found without opening it: closing any
    descriptor of the database would drop SQLite's locks (docs/architecture.md, "Writes
    and transactions")."""
    try:
        resolved = path.expanduser().resolve()
    except (OSError, RuntimeError):
        return False
    with _lock:
        held = list(_protected)
    if resolved in held:
        return True
    same = _identity(resolved)
    return same is not None and any(_identity(file) == same for file in held)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def refuse_database_file(path: Path) -> None:
    """Raise :class:`PermissionError` for a file of the database this process has open
    (:func:`is_database_file`): no write may replace it, no import may read it."""
    if is_database_file(path):
        raise PermissionError(
            errno.EPERM, "it is the database recruitdesk has open (choose another file)", str(path)
        )


#: Names our temporary files, with the writing process's id: ``.NAME.MARK-PID-XXXX.tmp``.
_MARK = "recruitdesk-partial"
#: A temporary file this old is stale even when its process id is in use again.
_STALE_AFTER_S = 24 * 3600


def _remove_stale(folder: Path) -> None:
    """Remove what killed writes left in ``folder``: our temporary files (and the
    journal SQLite keeps beside one) whose process is gone, or that are a day old."""
    marker = f".{_MARK}-"
    now = time.time()
    try:
        entries = [entry for entry in os.scandir(folder) if marker in entry.name]
    except OSError:
        return
    for entry in entries:
        pid_text = entry.name.split(marker, 1)[1].split("-", 1)[0]
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > _STALE_AFTER_S
            if (pid_text.isdigit() and not process_alive(int(pid_text))) or old:
                Path(entry.path).unlink()
        except OSError:
            continue


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` for the block to write (a library that writes
    by path, such as SQLite's backup, needs one); it is flushed to the disk and renamed
    over ``path`` when the block ends, and removed when the block fails."""
    path = path.expanduser()
    folder = path.parent
    refuse_database_file(path)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "it is a folder, not a file", str(path))
    if not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"the folder {folder} does not exist", str(path))
    _remove_stale(folder)
    descriptor, name = tempfile.mkstemp(
        prefix=f".{path.name}.{_MARK}-{os.getpid()}-", suffix=".tmp", dir=folder
    )
    os.close(descriptor)
    temporary = Path(name)
    try:
        yield temporary
        with temporary.open("r+b") as handle:
            os.fsync(handle.fileno())
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def atomic_write(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write ``path`` whole through ``write(handle)``."""
    with atomic_path(path) as temporary, temporary.open("wb") as handle:
        write(handle)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole."""
    atomic_write(path, lambda handle: handle.write(data))
