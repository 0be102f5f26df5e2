"""Does the window stay live during long work? The longest gap of a 5 ms heartbeat timer
on the GUI thread while the app does each long job through its own buttons, against the
same work done on the GUI thread (the peer: what the app did before, a frozen window).

Prints one JSON line:
- ``rank``: ranking 100,000 candidates in the matches view;
- ``shortlist``: a 50-candidate shortlist PDF;
- ``export``: a bundle of 10,000 candidates;
- ``import``: 50,000 CSV rows read and written; its ``reaction_gap_ms`` is the longest
  gap afterwards, while the views' background reads after its change signal land;
- ``startup``: the command line's start as a ratio to a bare interpreter's.
Each job gives ``gap_ms`` (target: under 50), the peer's ``frozen_ms`` and their
``ratio``. A window is opened (its views' reads landed, its first frame painted) before
its first job's heartbeat starts; the import counts the preview opening and the views'
reaction to the import's change signal.

Run from the repository's root: ``QT_QPA_PLATFORM=offscreen python
benchmarks/bench_responsiveness.py [--candidates 100000]``; the demo database is made
once into a temporary folder (about 25 s at 100,000). ``--probe FILE`` writes every
thread's stack to FILE whenever the heartbeat stalls for 30 ms: the thread that was
running then holds the GIL. Re-arming it starts a thread per tick, so a probed run finds
stalls but its figures are not the benchmark's.
"""

import argparse
import faulthandler
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_TMP = Path(tempfile.mkdtemp(prefix="bench-responsive-"))
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = str(_TMP / _name.lower())

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from bench_import import write_csv  # noqa: E402
from bench_startup import measure_startup  # noqa: E402
from recruitdesk.gui.app import application, settle_memory  # noqa: E402
from recruitdesk.gui.main_window import MainWindow  # noqa: E402
from recruitdesk.gui.pages import POSITIONS  # noqa: E402
from recruitdesk.reports.render import write_shortlist_report  # noqa: E402
from recruitdesk.storage.demo import load_demo  # noqa: E402
from recruitdesk.storage.matching import rank_candidates  # noqa: E402
from recruitdesk.storage.migrate import open_database  # noqa: E402
from recruitdesk.transfer.formats import export, import_file  # noqa: E402

HEARTBEAT_MS = 5
#: With ``--probe``: a stall longer than this dumps every thread's stack.
PROBE_S = 0.03


class Heartbeat:
    """A 5 ms timer on the GUI thread; ``longest`` is the widest gap between ticks."""

    #: Where ``--probe`` writes the stacks of stalls.
    probe: IO[str] | None = None

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0

    def _tick(self) -> None:
        if self.probe is not None:
            # Re-armed every tick: it fires only when the GUI thread misses a tick by
            # PROBE_S, and then shows what every thread is doing (who holds the GIL).
            faulthandler.dump_traceback_later(PROBE_S, file=self.probe)
        now = time.perf_counter()
        if self.probe is not None and now - self.last > PROBE_S:
            self.probe.write(f"... the GUI thread stalled {(now - self.last) * 1000:.0f} ms\n")
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def stop(self) -> float:
        """The longest gap, counting the one still open: a stall in the last event the
        work delivers (its change signal) ends before a tick could measure it."""
        self.timer.stop()
        faulthandler.cancel_dump_traceback_later()
        self.longest = max(self.longest, time.perf_counter() - self.last)
        return self.longest * 1000


def run_until(app: QApplication, done: Callable[[], bool], limit_s: float = 300) -> None:
    ends = time.monotonic() + limit_s
    while not done():
        if time.monotonic() > ends:
            raise TimeoutError("the work did not end in time")
        app.processEvents()
        time.sleep(0.001)


def opened(app: QApplication, window: MainWindow) -> None:
    """Let a window just shown read what its views show and paint its first frame: that
    is the window opening (tens of milliseconds of styling and layout), not the work a
    job measures."""
    run_until(app, lambda: not window.operations.running)
    for _turn in range(10):
        app.processEvents()
        time.sleep(0.002)


def measure(
    app: QApplication,
    window: MainWindow,
    start: Callable[[], object],
    frozen: Callable[[], object],
) -> dict[str, float]:
    """The heartbeat's longest gap while ``start`` runs in the background, and the time
    ``frozen`` (the same work on the GUI thread) holds the window."""
    beat = Heartbeat()
    beat.start()
    began = time.perf_counter()
    start()
    run_until(app, lambda: not window.operations.running)
    elapsed = time.perf_counter() - began
    gap = beat.stop()
    frozen_began = time.perf_counter()
    frozen()
    frozen_ms = (time.perf_counter() - frozen_began) * 1000
    return {
        "gap_ms": round(gap, 1),
        "took_s": round(elapsed, 2),
        "frozen_ms": round(frozen_ms, 1),
        "ratio": round(gap / frozen_ms, 3),
    }


def chooser(path: Path) -> Callable[[QWidget, str, str, str], str]:
    return lambda _parent, _title, _suggested, _filters: str(path)


def demo_database(name: str, candidates: int) -> Path:
    path = _TMP / name
    with open_database(str(path)) as database:
        load_demo(database, candidates=candidates, seed=11)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--export-candidates", type=int, default=10_000)
    parser.add_argument("--shortlist", type=int, default=50)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--probe", type=Path, help="write every thread's stack at each stall")
    args = parser.parse_args()
    if args.probe:
        Heartbeat.probe = args.probe.open("w")
    app = application()
    figures: dict[str, object] = {"candidates": args.candidates}

    window = MainWindow(str(demo_database("big.sqlite", args.candidates)), start_jobs=False)
    window.resize(1024, 700)
    window.show()
    settle_memory(app)  # as recruitdesk.gui.app.run_gui does once the window is up
    window.show_page(POSITIONS)
    window.positions_page.show_matches()
    matches = window.positions_page.matches
    opened(app, window)
    first, other = matches.position.itemData(0), matches.position.itemData(1)
    figures["rank"] = measure(
        app,
        window,
        lambda: matches.set_position(other),
        lambda: rank_candidates(window.database, first),
    )

    window.files.choose_save_path = chooser(_TMP / "shortlist.pdf")
    figures["shortlist"] = measure(
        app,
        window,
        lambda: window.files.shortlist_report(first, "the first", top=args.shortlist),
        lambda: write_shortlist_report(
            window.database, first, _TMP / "frozen.pdf", top=args.shortlist
        ),
    )
    window.close()

    window = MainWindow(
        str(demo_database("export.sqlite", args.export_candidates)), start_jobs=False
    )
    window.show()
    opened(app, window)
    window.files.choose_save_path = chooser(_TMP / "bundle.zip")
    figures["export"] = measure(
        app,
        window,
        window.files.export_data,
        lambda: export(window.database, _TMP / "frozen.zip", format="bundle"),
    )

    # Import: the File menu's reading, then the preview's Import, then the frozen peer
    # (the same file read and written on the GUI thread) into a fresh database.
    source = _TMP / "people.csv"
    write_csv(source, args.rows)
    window.files.choose_open_path = chooser(source)
    beat = Heartbeat()
    beat.start()
    began = time.perf_counter()
    window.files.import_with_preview()
    run_until(app, lambda: window.files.dialog is not None and window.files.dialog.ready)
    dialog = window.files.dialog
    assert dialog is not None
    dialog.start_import()
    run_until(app, lambda: dialog.report is not None)
    took = time.perf_counter() - began
    gap = beat.stop()
    # What the views read again after the import's change signal lands later.
    beat.start()
    run_until(app, lambda: not window.operations.running)
    reaction = beat.stop()
    window.close()
    with open_database(str(_TMP / "frozen-import.sqlite")) as fresh:
        frozen_began = time.perf_counter()
        import_file(fresh, source)
        frozen_ms = (time.perf_counter() - frozen_began) * 1000
    figures["import"] = {
        "rows": args.rows,
        "gap_ms": round(gap, 1),
        "reaction_gap_ms": round(reaction, 1),
        "took_s": round(took, 2),
        "frozen_ms": round(frozen_ms, 1),
        "ratio": round(gap / frozen_ms, 3),
    }
    figures["startup"] = measure_startup()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
