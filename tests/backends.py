"""Running a test on both database backends: an SQLite file and a fresh PostgreSQL
database (the team database) where a server is there; without one, the PostgreSQL runs
are skipped with the reason. A folder's conftest imports these fixtures and calls
:func:`parametrize_backends` from its ``pytest_generate_tests``."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests import templates

from recruitdesk.storage.database import Database
from recruitdesk.storage.migrate import open_database


def parametrize_backends(metafunc: pytest.Metafunc) -> None:
    """Run the test once a backend, if it takes a database."""
    if "database" in metafunc.fixturenames:
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def database(backend: str, db_path: Path, request: pytest.FixtureRequest) -> Iterator[Database]:
    """A fresh database at the current schema on the test's backend (a copy of one
    migrated once per process, tests/templates.py)."""
    if backend == "postgresql":
        opened = open_database(str(request.getfixturevalue("pg_migrated_url")))
    else:
        opened = templates.open_empty(db_path)
    with opened:
        yield opened
