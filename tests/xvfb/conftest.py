"""The real app on a real X server (Xvfb), driven by real pointer and key events
(xdotool). See tests/xvfb/real_app.py for how a test aims and waits.

Where Xvfb or xdotool is not installed the suite is skipped with one reason; with
``RECRUITDESK_REQUIRE_XVFB=1`` (set by .ci/run) it fails instead, so CI cannot skip it.
"""

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from real_app import RealApp

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
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    assert main(["--db", str(path), "demo", "--candidates", "40", "--seed", "3"]) == 0
    return path


@pytest.fixture
def app(display: str, demo_database: Path, tmp_path: Path) -> Iterator[RealApp]:
    """``python -m recruitdesk --db FILE`` on a copy of the demo, its window focused."""
    db = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_database, db)
    running = RealApp.start(display, db, tmp_path)
    try:
        yield running
    finally:
        running.stop()
