"""Pipeline analytics at 100,000 candidates: one client (one of 20 sharing the base:
some 5,000 applications), one position, and the whole base, against a peer in the same run (a
plain ``count(*)`` over ``stage_changes``, the least a figure over every history can
cost). Prints one JSON line.

Target (issue 16): per client and per position, under 0.5 s at 100,000 candidates, off
the GUI thread (the Clients page runs it through ``Operations.query``). The whole base
is measured too; no view shows it.

    python benchmarks/bench_analytics.py [--candidates 100000]
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.storage.pipeline_histories import generate

from recruitdesk.storage.analytics import Scope, pipeline_analytics
from recruitdesk.storage.database import Database
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.models.pipeline import StageChange

REPEATS = 5


def best(work: Callable[[], object]) -> tuple[float, float, float]:
    """(best, median) wall-clock seconds of REPEATS runs, and the best in CPU seconds
    of this process: on a machine other work keeps busy, the CPU time says what an idle
    one would take (SQLite runs in this process)."""
    times = []
    cpu = []
    for _ in range(REPEATS):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(times), statistics.median(times), min(cpu)


def peer(database: Database) -> None:
    with database.read() as session:
        session.scalar(select(func.count()).select_from(StageChange))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=100_000)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as folder,
        open_database(str(Path(folder) / "bench.sqlite")) as database,
    ):
        start = time.perf_counter()
        generate(database, args.candidates, clients=20, positions=200, seed=5)
        filled = time.perf_counter() - start
        with database.read() as session:
            changes = session.scalar(select(func.count()).select_from(StageChange))
        base = best(lambda: pipeline_analytics(database, Scope()))
        client = best(lambda: pipeline_analytics(database, Scope(client_id=1)))
        position = best(lambda: pipeline_analytics(database, Scope(position_id=1)))
        count = best(lambda: peer(database))
    print(
        json.dumps(
            {
                "candidates": args.candidates,
                "stage_changes": changes,
                "fill_s": round(filled, 2),
                "base_s": round(base[0], 3),
                "base_median_s": round(base[1], 3),
                "client_s": round(client[0], 3),
                "client_median_s": round(client[1], 3),
                "position_s": round(position[0], 4),
                "peer_count_s": round(count[0], 4),
                "client_cpu_s": round(client[2], 3),
                "position_cpu_s": round(position[2], 4),
                "base_cpu_s": round(base[2], 3),
                "peer_cpu_s": round(count[2], 4),
                "client_vs_peer": round(client[0] / count[0], 1),
                "base_vs_peer": round(base[0] / count[0], 1),
                "target_s": 0.5,
                "ok": client[1] < 0.5 and position[1] < 0.5,
                "ok_cpu": client[2] < 0.5 and position[2] < 0.5,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
