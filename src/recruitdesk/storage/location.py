"""Where the database is when no URL is given: ``RECRUITDESK_DB``, else a file in the
user data folder.

Kept apart from :mod:`recruitdesk.storage.database` so a command that only needs to
know whether a database was named (``analyze --path``) does not import SQLAlchemy.
"""

import os
from pathlib import Path

from recruitdesk import APP_NAME

ENV_DB = "RECRUITDESK_DB"
DEFAULT_FILE_NAME = "recruitdesk.sqlite"


def named_database() -> str | None:
    """The database ``RECRUITDESK_DB`` names, if it names one."""
    return os.environ.get(ENV_DB) or None


def default_database_path() -> Path:
    """The SQLite file used when neither ``--db`` nor ``RECRUITDESK_DB`` names one."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / DEFAULT_FILE_NAME
