"""Peak memory of large imports (issue 18, item 9): merging a bundle and importing a CSV
must stay under about 300 MB whatever the file's size.

Everything runs through the command line, each step in a process of its own, whose
peak resident memory is read from the kernel when it ends (``wait4``):

- ``recruitdesk demo --candidates N``, then ``export --format bundle`` of it;
- ``import`` of that bundle into an empty database (every record new);
- ``import`` of the same bundle into the database it came from (every record matched);
- ``import`` of a CSV of N people into an empty database.

Prints one JSON line.

    python benchmarks/bench_import_memory.py [--candidates 200000] [--skip-csv] [--keep DIR]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_import import write_csv

#: The peak the issue allows, in MB.
TARGET_MB = 300


def run(database: Path, *arguments: str) -> tuple[float, float]:
    """Run one command in a child process; returns (peak RSS in MB, seconds)."""
    command = [sys.executable, "-m", "recruitdesk", "--db", str(database), *arguments]
    # Its errors go to a file: a pipe nobody reads while wait4 waits would fill and hang
    # the child.
    with tempfile.TemporaryFile() as said:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=said)
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        seconds = time.perf_counter() - started
        said.seek(0)
        errors = said.read().decode(errors="replace")
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(arguments)} failed: {errors}")
    return round(usage.ru_maxrss / 1024, 1), round(seconds, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=200_000)
    parser.add_argument("--skip-csv", action="store_true", help="measure only the bundle")
    parser.add_argument(
        "--keep", type=Path, help="a folder to keep the demo and its bundle in, made once"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        kept = args.keep or folder
        source, bundle = kept / "demo.sqlite", kept / "bundle.zip"
        if not bundle.exists():
            demo = ("demo", "--candidates", str(args.candidates), "--seed", "1")
            run(source, *demo, "--as-of", "2026-11-21")
            run(source, "export", "--format", "bundle", "-o", str(bundle), "--include-private")
        new_mb, new_s = run(folder / "empty.sqlite", "import", str(bundle))
        matched_mb, matched_s = run(source, "import", str(bundle))
        result: dict[str, object] = {
            "benchmark": "import_memory",
            "candidates": args.candidates,
            "target_mb": TARGET_MB,
            "bundle_mb": round(bundle.stat().st_size / 1e6, 1),
            "bundle_merge_new_peak_rss_mb": new_mb,
            "bundle_merge_new_seconds": new_s,
            "bundle_merge_matched_peak_rss_mb": matched_mb,
            "bundle_merge_matched_seconds": matched_s,
        }
        if not args.skip_csv:
            people = folder / "people.csv"
            write_csv(people, args.candidates)
            csv_mb, csv_s = run(folder / "csv.sqlite", "import", str(people))
            result |= {"csv_import_peak_rss_mb": csv_mb, "csv_import_seconds": csv_s}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
