"""Material for the tests: a well-kept repository and a legacy one, built with git, and
hand-made tar members (unsafe ones included)."""

import io
import tarfile
from pathlib import Path

from tests.analysis.github_server import Author, Commit, make_git_repo

ADA = Author("Ada Lovelace", "ada@example.com", "ada")
BOB = Author("Bob Builder", "bob@example.com", "bob")

WELL_KEPT_API = '''"""The order API."""

from dataclasses import dataclass

from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import select

app = FastAPI()


@dataclass(frozen=True)
class Money:
    """An amount in cents."""

    cents: int

    def __add__(self, other: "Money") -> "Money":
        """The sum of two amounts."""
        return Money(self.cents + other.cents)


class OrderIn(BaseModel):
    """An order as the client sends it."""

    items: list[int]
    note: str | None = None


def total(prices: list[int], discount: int | None = None) -> Money:
    """The total of ``prices`` after an optional discount."""
    if (count := len(prices)) == 0:
        return Money(0)
    amount = sum(prices) - (discount or 0)
    return Money(max(amount, count))


def describe(order: OrderIn) -> str:
    """One line about an order."""
    match order.items:
        case []:
            return "empty order"
        case [single]:
            return f"one item: {single}"
        case _:
            return f"{len(order.items)} items"


@app.post("/orders")
async def create_order(order: OrderIn) -> dict[str, int]:
    """Create an order and return its total."""
    query = select()
    del query
    return {"total": total(order.items).cents}
'''

WELL_KEPT_TESTS = '''"""Tests of the order API."""

from hypothesis import given, strategies as st

from shop.api import Money, total


def test_total_of_nothing_is_zero() -> None:
    """No prices, no money."""
    assert total([]) == Money(0)


@given(st.lists(st.integers(min_value=1, max_value=100), min_size=1))
def test_total_is_never_below_the_count(prices: list[int]) -> None:
    """Every item costs at least one cent."""
    assert total(prices).cents >= len(prices)
'''

PYPROJECT = """[project]
name = "shop"
version = "1.0"
dependencies = ["fastapi>=0.110", "pydantic>=2", "SQLAlchemy>=2.0"]

[project.optional-dependencies]
test = ["pytest", "hypothesis"]

[tool.ruff]
line-length = 100

[tool.mypy]
strict = true
"""

CI = """name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install -e .[test] && pytest
"""

LEGACY_MAIN = """import os, sys

def process(items, mode, verbose):
    result = []
    for i in items:
        if mode == 1:
            if i > 10:
                if verbose:
                    print "big", i
                result.append(i * 2)
            elif i > 5:
                result.append(i)
            else:
                result.append(0)
        elif mode <> 2:
            result.append(-i)
    return result

try:
    process([1], 1, 0)
except Exception, e:
    print e
"""

LEGACY_UTIL = """import pandas
import numpy

def load(path, sep, skip, verbose, cols):
    data = pandas.read_csv(path, sep=sep)
    if skip:
        for c in cols:
            if c in data:
                if verbose:
                    data = data.drop(c, axis=1)
                else:
                    if c.startswith('x'):
                        data = data.drop(c, axis=1)
    return data

def mean(values):
    total = 0
    for v in values:
        if v is not None:
            if v > 0:
                total = total + v
            elif v < 0:
                total = total - v
    return total / len(values)

def fmt(x):
    return '%s items' % x

def helper1(a, b):
    return a + b

def helper2(a, b):
    return a - b
"""


def make_well_kept(path: Path) -> Path:
    return make_git_repo(
        path,
        [
            Commit(
                "feat(api): add the order endpoint with typed models",
                {
                    "README.md": "# shop\\n\\nAn order API.\\n",
                    "pyproject.toml": PYPROJECT,
                    "src/shop/__init__.py": '"""The shop."""\n',
                    "src/shop/api.py": WELL_KEPT_API,
                },
                ADA,
            ),
            Commit(
                "test: cover order totals with property-based tests",
                {"tests/test_api.py": WELL_KEPT_TESTS, "tests/conftest.py": '"""Fixtures."""\n'},
                ADA,
            ),
            Commit("ci: run the tests on every push", {".github/workflows/ci.yml": CI}, ADA),
            Commit("build: pin the dependencies with uv", {"uv.lock": "version = 1\n"}, ADA),
            Commit(
                "docs: explain how to run the API locally",
                {"README.md": "# shop\\n\\nAn order API. Run it with uvicorn.\\n"},
                ADA,
            ),
        ],
    )


def make_legacy(path: Path, author: Author = ADA) -> Path:
    return make_git_repo(
        path,
        [
            Commit("initial", {"main.py": LEGACY_MAIN}, author),
            Commit("fix", {"util.py": LEGACY_UTIL}, author),
            Commit("update", {"util.py": LEGACY_UTIL + "\n"}, author),
            Commit("wip", {"requirements.txt": "pandas\nnumpy==1.26\n"}, author),
            Commit("stuff", {"notes.txt": "todo\n"}, author),
            Commit("fix bug", {"notes.txt": "todo later\n"}, author),
        ],
    )


def tar_gz(members: list[tuple[tarfile.TarInfo, bytes | None]]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for info, data in members:
            archive.addfile(info, io.BytesIO(data) if data is not None else None)
    return buffer.getvalue()


def regular(name: str, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 1_700_000_000
    return info, data


def special(name: str, kind: bytes, link: str = "") -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    return info, None
