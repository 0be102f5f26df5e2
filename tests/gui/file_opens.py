"""Which files of a folder get opened, as Linux's inotify reports it: the kernel queues
an event at each open, so what a test reads after an action is all that action did."""

import ctypes
import os
import struct
import sys
from pathlib import Path
from types import TracebackType

_IN_OPEN = 0x00000020
_IN_ISDIR = 0x40000000
_EVENT = struct.Struct("iIII")


class FileOpens:
    """The names of the files opened in ``folder`` since the last :meth:`take`."""

    def __init__(self, folder: Path) -> None:
        if not sys.platform.startswith("linux"):
            raise OSError("inotify is Linux's")
        self._libc = ctypes.CDLL(None, use_errno=True)
        self._fd = self._libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self._fd < 0 or self._libc.inotify_add_watch(self._fd, bytes(folder), _IN_OPEN) < 0:
            raise OSError(ctypes.get_errno(), "inotify is not available")

    def take(self) -> set[str]:
        names: set[str] = set()
        while True:
            try:
                data = os.read(self._fd, 65536)
            except BlockingIOError:
                return names
            offset = 0
            while offset < len(data):
                _watch, mask, _cookie, length = _EVENT.unpack_from(data, offset)
                offset += _EVENT.size
                name = data[offset : offset + length].rstrip(b"\0").decode()
                offset += length
                if name and not mask & _IN_ISDIR:
                    names.add(name)

    def __enter__(self) -> "FileOpens":
        return self

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        os.close(self._fd)
