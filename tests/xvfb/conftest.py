"""The real app on a real X server (Xvfb), driven by real pointer and key events
(xdotool). See tests/xvfb/real_app.py for how a test aims and waits.

Where Xvfb or xdotool is not installed the suite is skipped with one reason; with
``RECRUITDESK_REQUIRE_XVFB=1`` (set by .ci/run) it fails instead, so CI cannot skip it.
"""

import os
import shutil
import subprocess
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from real_app import RealApp
from tests import templates

from recruitdesk.cli import main

MISSING = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
REASON = (
    f"{' and '.join(MISSING)} not installed (Debian: apt-get install xvfb xdotool, "
    "and the xcb libraries the README lists); .ci/run installs them"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if not MISSING:
        return
    if os.environ.get("RECRUITDESK_REQUIRE_XVFB") == "1":
        raise pytest.UsageError(f"RECRUITDESK_REQUIRE_XVFB=1 but {REASON}")
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.skip(reason=REASON))


@pytest.fixture(scope="session")
def display(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh Xvfb of 1600 by 1000 pixels; ``-noreset`` because a server that resets when its last
    client leaves refuses connections meanwhile."""
    read, write = os.pipe()
    log = (tmp_path_factory.mktemp("xvfb") / "xvfb.log").open("wb")
    server = subprocess.Popen(
        [
            *("Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24"),
            *("-nolisten", "tcp", "-noreset"),
        ],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    os.close(write)
    with os.fdopen(read) as numbers:
        number = numbers.readline().strip()  # written once the server is ready
    try:
        if not number:
            pytest.fail("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo sample the README offers on first start, made once per session."""
    path = templates.empty_file(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    assert main(["--db", str(path), "demo", "--candidates", "40", "--seed", "3"]) == 0
    return path


class Apps:
    """The app of a test module: one process serves its tests in turn, and a new one
    starts when the last has quit (a test may end it, with Ctrl+Q) or a test failed,
    leaving it in a state nobody knows. Each start has its own copy of the demo."""

    def __init__(self, display: str, demo: Path, factory: pytest.TempPathFactory) -> None:
        self.display, self.demo, self.factory = display, demo, factory
        self.running: RealApp | None = None

    def ready(self) -> RealApp:
        if self.running is not None and self.running.process.poll() is not None:
            self.stop()
        if self.running is None:
            folder = self.factory.mktemp("app")
            db = folder / "demo.sqlite"
            shutil.copyfile(self.demo, db)
            self.running = RealApp.start(self.display, db, folder)
        else:
            self.running.settle()
        return self.running

    def stop(self) -> None:
        if self.running is not None:
            running, self.running = self.running, None
            running.stop()


@pytest.fixture(scope="module")
def apps(
    display: str, demo_database: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Apps]:
    made = Apps(display, demo_database, tmp_path_factory)
    try:
        yield made
    finally:
        made.stop()


FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item,
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.failed:
        item.stash[FAILED] = True
    return report


@pytest.fixture
def app(apps: Apps, request: pytest.FixtureRequest) -> Iterator[RealApp]:
    """``python -m recruitdesk --db FILE`` on a copy of the demo, its window focused and
    no button or key held; shared with the module's other tests, each changing cards
    and people no other one looks at, its outcome read from the database."""
    yield apps.ready()
    if request.node.stash.get(FAILED, False):
        apps.stop()
