"""Several workstations on one database (issue 17): how soon one hears another's write,
and how many writes four processes get through on one SQLite file.

1. Latency: another process (spawned, as another workstation) saves a candidate, notes
   the time right after its commit, and this process, running the app's change signal
   (``ChangesHub.watch``: ``PRAGMA data_version`` polled on SQLite, ``LISTEN`` on
   PostgreSQL), notes when the change arrives. Target: under 1 s. PostgreSQL is measured
   when ``RECRUITDESK_TEST_PG_URL`` names a server.
2. Throughput: four processes add notes to one SQLite file, a transaction each, all at
   once; the writes per second (and as a ratio to one process alone, measured first),
   and how many were refused as locked (target: 0).

Prints one JSON line per measure.

    python benchmarks/bench_team.py [--rounds 40] [--writes 400]
"""

import argparse
import json
import multiprocessing
import os
import statistics
import tempfile
import time
import uuid
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop

from recruitdesk.errors import DatabaseError
from recruitdesk.gui.changes import ELSEWHERE, ChangesHub
from recruitdesk.storage.candidates import create_candidate, update_candidate
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.notes import add_note

PROCESSES = 4
#: Longest wait for one change before the run is called failed (s).
PATIENCE = 30.0


def saver(url: str, go: "Queue[int | None]", done: "Queue[tuple[int, float]]") -> None:
    """Save each candidate ``go`` names; report the time right after each commit."""
    with open_database(url, upgrade=False) as database:
        while (candidate_id := go.get()) is not None:
            update_candidate(database, candidate_id, {"location": f"City {uuid.uuid4().hex[:6]}"})
            done.put((candidate_id, time.time()))


def latency(url: str, rounds: int) -> dict[str, object]:
    app = QCoreApplication.instance() or QCoreApplication([])
    context = multiprocessing.get_context("spawn")
    with open_database(url) as database:
        people = [create_candidate(database, {"full_name": f"P {n}"})[0] for n in range(rounds)]
        arrived: dict[int, float] = {}

        def heard(changes: Changes) -> None:
            if changes.initiator is ELSEWHERE:
                now = time.time()
                for candidate_id in changes.candidates:
                    arrived.setdefault(candidate_id, now)

        hub = ChangesHub()
        hub.changed.connect(heard)
        hub.watch(database)
        if hub.listener is not None:
            hub.listener.wait_listening(PATIENCE)
        go: Queue[int | None] = context.Queue()
        done: Queue[tuple[int, float]] = context.Queue()
        process = context.Process(target=saver, args=(url, go, done))
        process.start()
        delays = []
        try:
            for candidate_id in people:
                go.put(candidate_id)
                deadline = time.monotonic() + PATIENCE
                while candidate_id not in arrived and time.monotonic() < deadline:
                    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
                _saved, committed = done.get(timeout=PATIENCE)
                if candidate_id not in arrived:
                    raise SystemExit(f"candidate {candidate_id}'s change never arrived")
                delays.append(arrived[candidate_id] - committed)
        finally:
            go.put(None)
            process.join()
            hub.stop_watching()
    delays.sort()
    return {
        "measure": "commit_to_change_signal",
        "backend": "sqlite" if url.startswith("sqlite") or "://" not in url else "postgresql",
        "rounds": rounds,
        "median_ms": round(statistics.median(delays) * 1000, 1),
        "p95_ms": round(delays[int(len(delays) * 0.95) - 1] * 1000, 1),
        "max_ms": round(delays[-1] * 1000, 1),
        "target_ms": 1000,
    }


def note_writer(
    url: str, candidate_id: int, writes: int, start: Barrier, results: "Queue[tuple[int, int]]"
) -> None:
    written = locked = 0
    with open_database(url, upgrade=False) as database:
        start.wait()
        for number in range(writes):
            try:
                add_note(database, candidate_id, f"note {number}")
            except DatabaseError:
                locked += 1
            else:
                written += 1
    results.put((written, locked))


def throughput(path: str, writes: int, processes: int) -> dict[str, object]:
    context = multiprocessing.get_context("spawn")
    with open_database(path) as database:
        people = [create_candidate(database, {"full_name": f"W {n}"})[0] for n in range(processes)]
    start = context.Barrier(processes + 1)
    results: Queue[tuple[int, int]] = context.Queue()
    workers = [
        context.Process(target=note_writer, args=(path, person, writes, start, results))
        for person in people
    ]
    for worker in workers:
        worker.start()
    start.wait()
    began = time.perf_counter()
    outcomes = [results.get(timeout=600) for _ in workers]
    elapsed = time.perf_counter() - began
    for worker in workers:
        worker.join()
    written = sum(done for done, _locked in outcomes)
    return {
        "measure": "sqlite_writes_per_second",
        "processes": processes,
        "writes": written,
        "seconds": round(elapsed, 2),
        "writes_per_second": round(written / elapsed, 1),
        "database_is_locked_errors": sum(locked for _done, locked in outcomes),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--writes", type=int, default=400, help="notes per process")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        print(json.dumps(latency(str(folder / "latency.sqlite"), args.rounds)))
        # One process alone is the peer: the machine's speed, without contention.
        alone = throughput(str(folder / "alone.sqlite"), args.writes, 1)
        together = throughput(str(folder / "writes.sqlite"), args.writes, PROCESSES)
        together["vs_one_process"] = round(
            float(str(together["writes_per_second"])) / float(str(alone["writes_per_second"])), 2
        )
        print(json.dumps(alone))
        print(json.dumps(together))
    server = os.environ.get("RECRUITDESK_TEST_PG_URL")
    if server:
        print(json.dumps(latency(_fresh_pg_database(server), args.rounds)))


def _fresh_pg_database(server: str) -> str:
    """A new database on the server, for this run only (left for the server's owner)."""
    import psycopg
    from psycopg import sql
    from sqlalchemy.engine import make_url

    url = make_url(server)
    name = f"recruitdesk_bench_{uuid.uuid4().hex[:8]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return url.set(database=name).render_as_string(hide_password=False)


if __name__ == "__main__":
    main()
