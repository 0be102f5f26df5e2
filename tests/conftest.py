"""Fixtures every test shares: folders redirected to tmp, a real SQLite file."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from recruitdesk.storage.database import Database
from recruitdesk.storage.migrate import open_database


@pytest.fixture(autouse=True)
def isolated_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Keep data, settings, caches and logs out of the real home folder."""
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.delenv("RECRUITDESK_DB", raising=False)
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "recruitdesk.sqlite"


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    """A fresh database at the current schema, in a real SQLite file."""
    with open_database(str(db_path)) as opened:
        yield opened
