"""Sourcing through the Sourcing view against the loopback GitHub server of the tests:
the run queued as a job of the persistent queue (``JobManager``, as in the app), its
preview shown when it ends. GitHub requests per person and the time, cold (a fresh
database) and warm (the same sourcing again, every profile and listing page asked with
its ETag), and the longest GUI-thread stall meanwhile.

Prints one JSON line. ``--people`` contributors of one repository (300 by default) are
listed (100 a page) and their profiles read, with no pause between requests (the
server answers at once; GitHub's polite pause is a constant per request). Figures:

- requests per person beyond the listing pages (target: at most 1.1) and the requests
  counted against the rate limit, cold and warm (warm target: none);
- seconds cold and warm, and warm over cold;
- the longest gap of a 5 ms heartbeat on the GUI thread, as in
  ``bench_responsiveness.py`` (target: under 50 ms), from the click on "Find people" to
  the preview's rows shown;
- whether the cold run fits one token's hourly budget (5,000 requests).

Run from the repository's root:
``QT_QPA_PLATFORM=offscreen python benchmarks/bench_sourcing.py [--people 1000]``.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_TMP = Path(tempfile.mkdtemp(prefix="bench-sourcing-"))
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = str(_TMP / _name.lower())
os.environ.pop("GITHUB_TOKEN", None)

import keyring  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from tests.analysis.github_server import FakeRepo, GitHubServer  # noqa: E402
from tests.keyrings import MemoryKeyring  # noqa: E402

from recruitdesk.gui.app import application, settle_memory  # noqa: E402
from recruitdesk.gui.changes import ChangesHub  # noqa: E402
from recruitdesk.gui.operations import Operations  # noqa: E402
from recruitdesk.gui.sourcing_view import SourcingView  # noqa: E402
from recruitdesk.jobs.manager import JobManager  # noqa: E402
from recruitdesk.jobs.runner import JobSettings  # noqa: E402
from recruitdesk.storage.migrate import open_database  # noqa: E402

PROBE_MS = 5
HOURLY_BUDGET = 5000
PAGE = 100


def _run(view: SourcingView, expected: int) -> dict[str, float]:
    """One sourcing through the view, timed, with the GUI thread probed meanwhile."""
    loop = QEventLoop()
    clock = QElapsedTimer()
    worst = [0.0]
    last = [0.0]

    def probe() -> None:
        now = clock.nsecsElapsed() / 1e6
        worst[0] = max(worst[0], now - last[0])
        last[0] = now
        if not view.running and view.model.rowCount() == expected:
            loop.quit()

    timer = QTimer()
    timer.setInterval(PROBE_MS)
    timer.timeout.connect(probe)
    QTimer.singleShot(600_000, loop.quit)  # a safety net, never the measure
    view.model.set_people(())
    clock.start()
    timer.start()
    started = time.perf_counter()
    view.run()
    loop.exec()
    seconds = time.perf_counter() - started
    timer.stop()
    worst[0] = max(worst[0], clock.nsecsElapsed() / 1e6 - last[0])  # the gap still open
    return {"seconds": seconds, "stall_ms": worst[0]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=300)
    people = parser.parse_args().people
    app = application()
    # As the app runs (``JobManager.start``): a worker gives the GIL back within 1 ms.
    sys.setswitchinterval(0.001)
    keyring.set_keyring(MemoryKeyring())
    server = GitHubServer(rate_limit=HOURLY_BUDGET * 10).start()
    contributors = [(f"dev{number:04}", 10_000 - number) for number in range(people)]
    for login, _commits in contributors:
        server.add_user(login, location="Kraków, Poland", bio="Python and coffee.")
    server.add_repo(FakeRepo("acme", "big", b"tarball", contributors=contributors))
    database = open_database(str(_TMP / "sourcing.sqlite"))
    hub = ChangesHub()
    operations = Operations(hub)
    jobs = JobManager(
        database,
        tokens=list,
        settings=JobSettings(api_url=server.url, seconds_between_requests=0.0),
    )
    jobs.changed.connect(lambda changes: hub.publish(changes, initiator=jobs))
    jobs.start()
    view = SourcingView(database, hub, operations, jobs)
    view.resize(1024, 700)
    view.show()
    # The view's first frame (styling, layout) is its opening, not sourcing's work.
    for _turn in range(10):
        QApplication.processEvents()
        time.sleep(0.002)
    settle_memory(app)  # as recruitdesk.gui.app.run_gui does once the window is up
    view.target.setText("acme/big")
    view.limit.setValue(people)
    pages = -(-people // PAGE)
    try:
        figures = {}
        for name in ("cold", "warm"):
            server.reset_counters()
            ran = _run(view, people)
            requests, counted = server.api_requests, server.counted_requests
            figures[name] = {
                "seconds": round(ran["seconds"], 2),
                "requests": requests,
                "counted_requests": counted,
                "requests_per_person": round((requests - pages) / people, 3),
                "counted_per_person": round(max(0, counted - pages) / people, 3),
                "max_gui_stall_ms": round(ran["stall_ms"], 1),
            }
    finally:
        operations.shutdown()
        jobs.shutdown()
        database.dispose()
        server.stop()
    cold, warm = figures["cold"], figures["warm"]
    print(
        json.dumps(
            {
                "benchmark": "sourcing",
                "people": people,
                "listing_pages": pages,
                "cold": cold,
                "warm": warm,
                "warm_over_cold_time": round(warm["seconds"] / cold["seconds"], 3),
                "warm_over_cold_counted": round(
                    warm["counted_requests"] / max(1, cold["counted_requests"]), 3
                ),
                "target_requests_per_person": 1.1,
                "max_gui_stall_ms": max(cold["max_gui_stall_ms"], warm["max_gui_stall_ms"]),
                "target_max_gui_stall_ms": 50,
                "fits_one_token_hour": cold["counted_requests"] <= HOURLY_BUDGET,
            }
        )
    )


if __name__ == "__main__":
    main()
