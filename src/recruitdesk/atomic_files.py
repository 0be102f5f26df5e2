"""Files that appear whole under their name or not at all (docs/architecture.md,
"Atomic files").

A file is written to a temporary file in its target's folder, flushed to the disk, then
renamed over the target: a crash, a full disk or an error halfway never leaves half a
file where the old one was, and the temporary file never stays behind.

This module imports nothing of ours, so every layer may write through it. It raises
:class:`OSError` (``strerror`` is a readable reason); each caller says in its own words
what could not be written.
"""

import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` for the block to write (a library that writes
    by path, such as SQLite's backup, needs one); it is flushed to the disk and renamed
    over ``path`` when the block ends, and removed when the block fails."""
    path = path.expanduser()
    folder = path.parent
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "it is a folder, not a file", str(path))
    if not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"the folder {folder} does not exist", str(path))
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
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
