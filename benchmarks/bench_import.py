"""How long imports and exports take.

Prints one JSON line: importing a CSV of 50,000 people into an empty database (target:
under 30 s), with 1,000 as the peer in the same run (the scaling ratio: 1.0 = linear);
importing the same file again (every row matched, nothing written); exporting a bundle of
10,000 candidates from the demo sample (target: under 10 s), and merging that bundle
into an empty database.

    python benchmarks/bench_import.py [--rows 50000] [--candidates 10000]
"""

import argparse
import csv
import json
import random
import tempfile
import time
from datetime import date
from pathlib import Path

from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.migrate import open_database
from recruitdesk.transfer.formats import export, import_file

FIRST = ["Ana", "Bo", "Chidi", "Dana", "Emil", "Farah", "Greta", "Hans", "Ines", "Jonas"]
LAST = ["Silva", "Nowak", "Okafor", "Kim", "Berg", "Haddad", "Lind", "Vogel", "Duarte", "Rao"]
CITIES = ["Lisbon", "Krakow", "Lagos", "Seoul", "Stockholm", "Amman", "Berlin", "Pune"]
SKILLS = ["Python", "Django", "FastAPI", "asyncio", "pandas", "Airflow", "Kubernetes", "SQL"]


def write_csv(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["First Name", "Last Name", "Email Address", "Phone", "Location", "GitHub", "Skills"]
        )
        for index in range(rows):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            writer.writerow(
                [
                    first,
                    last,
                    f"{first}.{last}.{index}@example.com".lower(),
                    f"+48 {rng.randint(100, 999)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
                    rng.choice(CITIES),
                    f"https://github.com/{first}{last}{index}".lower(),
                    "; ".join(rng.sample(SKILLS, 3)),
                ]
            )


def timed_import(folder: Path, rows: int) -> tuple[float, float, float]:
    """Seconds of the import, of importing the file again, and the import's CPU seconds
    (steadier than the wall clock on a machine other work shares)."""
    source = folder / f"people-{rows}.csv"
    write_csv(source, rows)
    with open_database(str(folder / f"import-{rows}.sqlite")) as database:
        started, cpu = time.perf_counter(), time.process_time()
        report = import_file(database, source)
        first, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert report.created == rows, report.summary()
        started = time.perf_counter()
        again = import_file(database, source)
        second = time.perf_counter() - started
        assert again.unchanged == rows, again.summary()
    return first, second, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--candidates", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        small, _, _ = timed_import(folder, 1_000)
        large, again, large_cpu = timed_import(folder, args.rows)
        with open_database(str(folder / "demo.sqlite")) as database:
            load_demo(database, candidates=args.candidates, seed=1, as_of=date(2026, 11, 21))
            bundle = folder / "bundle.zip"
            started = time.perf_counter()
            summary = export(database, bundle, format="bundle", include_private=True)
            export_s = time.perf_counter() - started
        with open_database(str(folder / "merged.sqlite")) as database:
            started = time.perf_counter()
            import_file(database, bundle)
            merge_s = time.perf_counter() - started
        bundle_mb = bundle.stat().st_size / 1e6
    print(
        json.dumps(
            {
                "benchmark": "import_export",
                "csv_rows": args.rows,
                "csv_import_seconds": round(large, 2),
                "csv_import_cpu_seconds": round(large_cpu, 2),
                "csv_import_target_seconds": 30,
                "csv_reimport_unchanged_seconds": round(again, 2),
                "peer_1000_rows_seconds": round(small, 3),
                "scaling_ratio": round((large / args.rows) / (small / 1_000), 2),
                "bundle_candidates": summary.candidates,
                "bundle_applications": summary.applications,
                "bundle_export_seconds": round(export_s, 2),
                "bundle_export_target_seconds": 10,
                "bundle_mb": round(bundle_mb, 1),
                "bundle_merge_into_empty_seconds": round(merge_s, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
