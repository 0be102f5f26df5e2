"""How long the app takes to quit (issue 18: "Quitting the app takes about 2 s").

The real app runs on a real X server (Xvfb) over a demo database, as tests/xvfb runs
it; once it has shown the board and finished its first loads, xdotool presses Ctrl+Q,
and the time from the key press to the process's exit is measured. The key's own
delivery (an xdotool process, about 50 ms) is part of it.

Then the same with a GitHub analysis running: its GitHub is a local server that takes
the request and never answers, as a stalled network would; the question "Stop and
quit?" is answered Yes with the pointer, and the time runs from that click.

Prints one JSON line: the quit times in seconds, the median of ``--runs`` and each.

    python benchmarks/bench_quit.py [--candidates 20000] [--runs 3]
"""

import argparse
import json
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "xvfb"))

from real_app import RealApp, centre, wait_for

#: The issue's bound, in seconds.
TARGET_SECONDS = 0.5


def start_display() -> tuple[subprocess.Popen[bytes], str]:
    read, write = os.pipe()
    server = subprocess.Popen(
        [
            *("Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24"),
            *("-nolisten", "tcp", "-noreset"),
        ],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as numbers:
        return server, f":{numbers.readline().strip()}"


#: How long the app is left to finish its first loads before it is quit (a person
#: quits an app that has settled; quitting mid-load waits for that load).
SETTLE_SECONDS = 3


def _quit_now(app: RealApp) -> None:
    app.keys("ctrl+q")


def _quit_stopping_the_job(app: RealApp) -> None:
    app.keys("ctrl+q")
    dialog = app.dialog("Analyses running")
    app.click(centre(dialog["buttons"]["Yes"]))


def quit_seconds(
    display: str, demo: Path, folder: Path, quit_app: Callable[[RealApp], None], job: bool
) -> float:
    """Open the app on a copy of ``demo``, quit it with ``quit_app``, and time from the
    last input until the process exited."""
    folder.mkdir()
    db = folder / demo.name
    shutil.copyfile(demo, db)
    if job:
        stalled = socket.create_server(("127.0.0.1", 0))  # connects, never answers
        config = folder / "config" / "recruitdesk"
        config.mkdir(parents=True)
        port = stalled.getsockname()[1]
        (config / "recruitdesk.conf").write_text(
            f"[github]\napi_url=http://127.0.0.1:{port}\n", encoding="utf-8"
        )
        with sqlite3.connect(db) as connection:
            (candidate,) = connection.execute(
                "SELECT id FROM candidates WHERE github_login IS NOT NULL LIMIT 1"
            ).fetchone()
    app = RealApp.start(display, db, folder)
    try:
        if job:
            _enqueue(app, candidate)
        time.sleep(SETTLE_SECONDS)
        quit_app(app)
        started = time.perf_counter()
        code = app.process.wait()  # no timeout: no polling either
        seconds = time.perf_counter() - started
    finally:
        app.stop()
        if job:
            stalled.close()
    assert code == 0, f"the app exited with {code}"
    return seconds


def _enqueue(app: RealApp, candidate: int) -> None:
    """Queue an analysis of ``candidate`` as another program would, and wait until the
    app runs it."""
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from recruitdesk.storage.jobs_queue import enqueue; "
            "from recruitdesk.storage.migrate import open_database; "
            "enqueue(open_database(sys.argv[1]), [int(sys.argv[2])])",
            str(app.db),
            str(candidate),
        ],
        check=True,
    )
    wait_for(
        lambda: app.query("SELECT count(*) FROM analysis_jobs WHERE state = 'running'")[0][0],
        "the analysis to run",
        timeout=60,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--demo", type=Path, help="a demo database made already (copied)")
    args = parser.parse_args()
    server, display = start_display()
    try:
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            demo = args.demo or folder / "demo.sqlite"
            if args.demo is None:
                subprocess.run(
                    [
                        *(sys.executable, "-m", "recruitdesk", "--db", str(demo), "demo"),
                        *("--candidates", str(args.candidates), "--seed", "1"),
                    ],
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
            times = [
                quit_seconds(display, demo, folder / f"idle{n}", _quit_now, False)
                for n in range(args.runs)
            ]
            with_job = [
                quit_seconds(display, demo, folder / f"job{n}", _quit_stopping_the_job, True)
                for n in range(args.runs)
            ]
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(
        json.dumps(
            {
                "benchmark": "quit",
                "candidates": None if args.demo else args.candidates,
                "quit_seconds": round(statistics.median(times), 3),
                "quit_seconds_each": [round(t, 3) for t in times],
                "quit_with_job_running_seconds": round(statistics.median(with_job), 3),
                "quit_with_job_running_seconds_each": [round(t, 3) for t in with_job],
                "target_seconds": TARGET_SECONDS,
            }
        )
    )


if __name__ == "__main__":
    main()
