"""The storage tests whose module is named in :data:`PORTABLE` run twice: on an SQLite
file and on a fresh PostgreSQL database (the team database), where a server is there;
without one, the PostgreSQL runs are skipped with the reason."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from recruitdesk.storage.database import Database
from recruitdesk.storage.migrate import open_database

#: Modules that hold nothing SQLite-specific (no file scans, pragmas or FTS5).
PORTABLE = frozenset(
    {
        "test_models",
        "test_board",
        "test_candidates",
        "test_positions",
        "test_jobs",
        "test_bundle",
        "test_exporting",
        "test_importing",
        "test_changes",
        "test_textmatch",
    }
)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if "database" in metafunc.fixturenames and module in PORTABLE:
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def database(backend: str, db_path: Path, request: pytest.FixtureRequest) -> Iterator[Database]:
    """A fresh database at the current schema on the test's backend."""
    target = str(request.getfixturevalue("pg_url")) if backend == "postgresql" else str(db_path)
    with open_database(target) as opened:
        yield opened
