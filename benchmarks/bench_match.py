"""Ranking every candidate for a position, full-text search, and their memory.

Prints one JSON line: on a demo of 100,000 candidates, the time to rank them all for a
position (target: under 1 s, loading included) and, as the peer in the same run, on
1,000 with the ratio of time per candidate (1.0 = linear); the median latency of a set
of full-text searches (target: under 50 ms); the memory the ranking takes (traced
Python allocations at their peak) and the process's peak resident size.

    python benchmarks/bench_match.py [--candidates 100000]
"""

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.matching import rank_candidates
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.search import search_candidates

QUERIES = (
    "async",
    "Python 3.11+",
    "FastAPI",
    "django rest",
    "Ana",
    "GIL multiprocessing",
    "kubernetes helm",
    "pandas level:senior",
    'FastAPI region:"Eastern Europe"',
    "stage:offer",
    "FastAPI verified",
    "notice",
)
RUNS = 5


def rank_times(database: Database, runs: int = 3) -> tuple[list[float], int]:
    seconds: list[float] = []
    count = 0
    for _ in range(runs):
        started = time.perf_counter()
        count = len(rank_candidates(database, 1))
        seconds.append(time.perf_counter() - started)
    return seconds, count


def search_times(database: Database) -> dict[str, float]:
    search_candidates(database, "warm up")
    medians: dict[str, float] = {}
    for query in QUERIES:
        runs = []
        for _ in range(RUNS):
            started = time.perf_counter()
            search_candidates(database, query)
            runs.append(time.perf_counter() - started)
        medians[query] = statistics.median(runs)
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        with open_database(str(Path(folder) / "peer.sqlite")) as peer:
            load_demo(peer, candidates=1_000, seed=1, as_of=date(2026, 11, 21))
            peer_seconds, _ = rank_times(peer)
        with open_database(str(Path(folder) / "large.sqlite")) as database:
            started = time.perf_counter()
            load_demo(database, candidates=args.candidates, seed=1, as_of=date(2026, 11, 21))
            demo_seconds = time.perf_counter() - started
            seconds, ranked = rank_times(database)
            searches = search_times(database)
            tracemalloc.start()
            rank_candidates(database, 1)
            _current, traced_peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if sys.platform == "darwin":
        peak_kb //= 1024
    rank_median = statistics.median(seconds)
    peer_median = statistics.median(peer_seconds)
    all_searches = sorted(searches.values())
    print(
        json.dumps(
            {
                "benchmark": "match",
                "candidates": ranked,
                "rank_seconds_median": round(rank_median, 3),
                "rank_seconds_runs": [round(s, 3) for s in seconds],
                "rank_target_seconds": 1.0,
                "peer_1000_rank_seconds": round(peer_median, 4),
                "scaling_ratio": round((rank_median / ranked) / (peer_median / 1_000), 2),
                "search_ms_median": round(statistics.median(all_searches) * 1000, 1),
                "search_ms_max": round(all_searches[-1] * 1000, 1),
                "search_target_ms": 50,
                "search_ms_by_query": {q: round(s * 1000, 1) for q, s in searches.items()},
                "rank_traced_peak_mb": round(traced_peak / 1e6, 1),
                "process_peak_rss_mb": round(peak_kb / 1024, 1),
                "demo_seconds_with_search_index": round(demo_seconds, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
