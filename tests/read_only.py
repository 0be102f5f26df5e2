"""Making a file or folder really read-only, for the user the tests run as.

``chmod`` stops an ordinary user, but not root (CI containers often run as root): there
the file gets the immutable attribute (``chattr +i``), which stops root too. Where
neither works the test is skipped with the reason."""

import os
import stat
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _chattr(flag: str, path: Path) -> bool:
    done = subprocess.run(["chattr", flag, str(path)], capture_output=True, check=False)
    return done.returncode == 0


@contextmanager
def read_only(*paths: Path) -> Iterator[None]:
    """Each of ``paths`` cannot be written (a folder: nothing can be made in it) while
    the block runs."""
    root = os.geteuid() == 0
    modes = {path: stat.S_IMODE(path.stat().st_mode) for path in paths}
    done: list[Path] = []
    try:
        for path in paths:
            if root:
                if not _chattr("+i", path):
                    pytest.skip(f"cannot make {path} read-only for root (no chattr +i here)")
            else:
                path.chmod(modes[path] & ~0o222)
            done.append(path)
        yield
    finally:
        for path in done:
            if root:
                _chattr("-i", path)
            else:
                path.chmod(modes[path])
