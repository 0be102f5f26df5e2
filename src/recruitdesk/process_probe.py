"""Which process on this machine wrote a row: an import run and a running job name
their host and process id, so the next process can tell at once that their writer died
(killed, a crash) instead of waiting for a lease or a timeout to run out; a temporary
file whose writer is gone is removed (``atomic_files``). This module imports nothing of
ours, so every layer may use it."""

import os
import socket
import sys


def this_host() -> str:
    return socket.gethostname()[:255]


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (it may be someone else's)."""
    if sys.platform == "win32":
        return True  # no portable probe: the caller's timeout decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process, or no right to ask: take it as alive
        return True
    return True


def died_here(host: str | None, pid: int | None) -> bool:
    """Whether the writer ``host``/``pid`` was another process of this machine, now gone."""
    return host == this_host() and pid is not None and pid != os.getpid() and not process_alive(pid)
