"""How fast the app's window opens with the board's cards, against a bare Qt window.

Each run starts a fresh process offscreen and waits for it to say, through a file it
rewrites every 100 ms, that its window shows:

- the peer: a bare PySide6 ``QMainWindow`` holding a list of 300 rows;
- the app: ``python -m recruitdesk --db DEMO`` on a 300-candidate demo sample, until the
  board shows cards (its geometry probe, ``RECRUITDESK_GEOMETRY_FILE``).

Both see the file the same way (a 100 ms timer), so the ratio carries no bias from it.
Prints one JSON line: the median seconds of each and their ratio.

    python benchmarks/bench_window_start.py [--runs 7]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_startup import checkout_env

PEER = """
import sys
from pathlib import Path
from PySide6.QtCore import QStringListModel, QTimer
from PySide6.QtWidgets import QApplication, QListView, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
view = QListView()
view.setModel(QStringListModel([f"Candidate {n}" for n in range(300)]))
window.setCentralWidget(view)
window.resize(1024, 700)
window.show()
out = Path(sys.argv[1])

def write():
    if window.isVisible():
        out.write_text('{"shown": true}')

timer = QTimer()
timer.timeout.connect(write)
timer.start(100)
app.exec()
"""


def _cards_shown(found: dict[str, Any]) -> bool:
    columns = found.get("columns") or {}
    return any(column["cards"] for column in columns.values())


def _peer_shown(found: dict[str, Any]) -> bool:
    return bool(found.get("shown"))


def _time_to(
    command: list[str], env: dict[str, str], probe: Path, shown: Callable[[dict[str, Any]], bool]
) -> float:
    probe.unlink(missing_ok=True)
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    try:
        while True:
            if process.poll() is not None:
                raise SystemExit(f"{command[:3]} ended with {process.returncode} before it showed")
            try:
                found = json.loads(probe.read_text(encoding="utf-8"))
            except (FileNotFoundError, ValueError):
                found = {}
            if shown(found):
                return time.perf_counter() - started
            time.sleep(0.005)
    finally:
        process.kill()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        env = checkout_env(root / "bytecode")
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env[name] = str(root / name.lower())
        env["QT_QPA_PLATFORM"] = "offscreen"
        demo = root / "demo.sqlite"
        recruitdesk = [sys.executable, "-m", "recruitdesk", "--db", str(demo)]
        subprocess.run(
            [*recruitdesk, "demo", "--candidates", "300", "--seed", "3"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        probe = root / "probe.json"
        app_env = {**env, "RECRUITDESK_GEOMETRY_FILE": str(probe)}
        runs = {
            "bare_qt_window": ([sys.executable, "-c", PEER, str(probe)], env, _peer_shown),
            "app_board": (recruitdesk, app_env, _cards_shown),
        }
        times: dict[str, list[float]] = {name: [] for name in runs}
        for command, run_env, shown in runs.values():  # warm caches and bytecode
            _time_to(command, run_env, probe, shown)
        for _ in range(args.runs):
            for name, (command, run_env, shown) in runs.items():
                times[name].append(_time_to(command, run_env, probe, shown))
    medians = {name: statistics.median(found) for name, found in times.items()}
    print(
        json.dumps(
            {
                "benchmark": "window_start",
                "runs": args.runs,
                **{f"{name}_seconds": round(value, 3) for name, value in medians.items()},
                "ratio": round(medians["app_board"] / medians["bare_qt_window"], 2),
                "load_average": round(os.getloadavg()[0], 2),
            }
        )
    )


if __name__ == "__main__":
    main()
