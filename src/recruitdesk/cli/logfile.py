"""The command's log: a rotating file in the platform's log folder, token-shaped text
taken out of every record.

The file is opened at the first record, so a command that logs nothing (``salary``)
neither looks up the log folder nor imports the file handler: both cost more than
the rest of its start.
"""

import logging
import sys
from pathlib import Path

from recruitdesk import APP_NAME

#: Libraries whose debug output carries request headers and URLs.
_CHATTY_LOGGERS = {"github": logging.INFO, "urllib3": logging.WARNING}
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_handlers: list[logging.Handler] = []


def log_file() -> Path:
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False) / f"{APP_NAME}.log"


class _RedactingFormatter(logging.Formatter):
    """Formats a record, traceback included, with token-shaped text taken out: a
    library may log a URL or header it was handed (PyGithub logs redirects)."""

    def format(self, record: logging.LogRecord) -> str:
        from recruitdesk.domain.redaction import redact_secrets

        return redact_secrets(super().format(record))


class LogFile(logging.Handler):
    """Writes to :func:`log_file`, rotated at 2 MB with three old files kept; opens it
    at the first record, and drops the records when it cannot be written."""

    def __init__(self) -> None:
        super().__init__()
        self._file: logging.Handler | None = None
        self._path: Path | None = None

    def path(self) -> Path | None:
        """The file written to, or None when it cannot be written (this opens it)."""
        self._open()
        return self._path

    def _open(self) -> logging.Handler:
        if self._file is None:
            from logging.handlers import RotatingFileHandler

            path = log_file()
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._file = RotatingFileHandler(
                    path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
                )
                self._path = path
            except OSError:
                self._file = logging.NullHandler()
            self._file.setFormatter(_RedactingFormatter(_FORMAT))
        return self._file

    def emit(self, record: logging.LogRecord) -> None:
        self._open().emit(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def setup_logging(verbose: bool) -> LogFile:
    """Log to the log file (and stderr with -v); return the file's handler.

    Called again (as the tests do), it replaces the handlers it added before.
    """
    root = logging.getLogger()
    for old in _handlers:
        root.removeHandler(old)
        old.close()
    _handlers.clear()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    log = LogFile()
    _handlers.append(log)
    if verbose:
        stderr = logging.StreamHandler(sys.stderr)
        stderr.setFormatter(_RedactingFormatter(_FORMAT))
        _handlers.append(stderr)
    for added in _handlers:
        root.addHandler(added)
    for name, level in _CHATTY_LOGGERS.items():
        logging.getLogger(name).setLevel(level)
    return log
