"""Every transfer test that takes a database runs on an SQLite file and on a fresh
PostgreSQL database where a server is there (:mod:`tests.backends`): nothing in reading
or writing files is SQLite-specific."""

import pytest
from tests.backends import backend, database, parametrize_backends

__all__ = ["backend", "database"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_backends(metafunc)
