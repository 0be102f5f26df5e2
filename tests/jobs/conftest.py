"""Fixtures of the job tests: the loopback GitHub server, tokens in a MemoryKeyring,
managers drained (``waitForDone``) in teardown."""

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.jobs.helpers import make_repo
from tests.jobs.helpers import token_server as token_server

from recruitdesk.jobs.manager import JobManager
from recruitdesk.jobs.runner import JobSettings
from recruitdesk.storage.database import Database


@pytest.fixture(scope="session")
def git_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repo(tmp_path_factory.mktemp("jobs-repos"))


def fast_backoff(_attempts: int) -> timedelta:
    return timedelta(milliseconds=200)


MakeManager = Callable[..., JobManager]


@pytest.fixture
def make_manager(database: Database) -> Iterator[MakeManager]:
    """``make_manager(api_url, **options)``: a started manager for fast tests."""
    made: list[JobManager] = []

    def make(api_url: str, **options: Any) -> JobManager:
        options.setdefault("backoff", fast_backoff)
        settings = JobSettings(api_url=api_url, seconds_between_requests=0.0, workers=1)
        manager = JobManager(database, settings=settings, **options)
        made.append(manager)
        return manager

    yield make
    for manager in made:
        assert manager.shutdown(30_000)
        assert manager.tasks.pool.activeThreadCount() == 0
