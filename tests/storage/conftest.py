"""The storage tests whose module is named in :data:`PORTABLE` run twice: on an SQLite
file and on a fresh PostgreSQL database where a server is there (:mod:`tests.backends`)."""

import pytest
from tests.backends import backend, database, parametrize_backends

__all__ = ["backend", "database"]

#: Modules that hold nothing SQLite-specific (no file scans, pragmas or FTS5).
PORTABLE = frozenset(
    {
        "test_models",
        "test_board",
        "test_board_concurrency",
        "test_candidates",
        "test_concurrent_saves",
        "test_positions",
        "test_jobs",
        "test_team_processes",
        "test_change_feed",
        "test_changes",
        "test_textmatch",
        "test_duplicates_on_every_backend",
    }
)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.module.__name__.rsplit(".", 1)[-1] in PORTABLE:
        parametrize_backends(metafunc)
