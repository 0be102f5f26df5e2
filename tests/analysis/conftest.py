"""Fixtures of the analysis tests: a GitHub server on loopback, git repositories."""

from collections.abc import Iterator

import pytest
from tests.analysis.github_server import GitHubServer


@pytest.fixture
def github_server() -> Iterator[GitHubServer]:
    """A running :class:`GitHubServer`, stopped after the test."""
    with GitHubServer() as server:
        yield server
