"""How long ``recruitdesk demo`` takes, and how big the file gets.

Prints one JSON line: the time for 100,000 candidates (target: under 60 s) and, as the
peer in the same run, for 1,000, with the ratio of time per candidate (1.0 = linear).

    python benchmarks/bench_demo.py [--candidates 100000]
"""

import argparse
import json
import tempfile
import time
from datetime import date
from pathlib import Path

from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.migrate import open_database


def timed_demo(folder: Path, candidates: int) -> tuple[float, int]:
    path = folder / f"demo-{candidates}.sqlite"
    with open_database(str(path)) as database:
        started = time.perf_counter()
        load_demo(database, candidates=candidates, seed=1, as_of=date(2026, 11, 21))
        seconds = time.perf_counter() - started
    return seconds, path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        small_s, _ = timed_demo(Path(folder), 1_000)
        large_s, large_bytes = timed_demo(Path(folder), args.candidates)
    print(
        json.dumps(
            {
                "benchmark": "demo",
                "candidates": args.candidates,
                "seconds": round(large_s, 2),
                "target_seconds": 60,
                "database_mb": round(large_bytes / 1e6, 1),
                "seconds_per_1000": round(large_s / args.candidates * 1000, 3),
                "peer_1000_seconds": round(small_s, 3),
                "scaling_ratio": round((large_s / args.candidates) / (small_s / 1_000), 2),
            }
        )
    )


if __name__ == "__main__":
    main()
