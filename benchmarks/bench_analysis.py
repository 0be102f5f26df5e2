"""The analysis engine and command against radon's own command line, and GitHub requests
per repository.

Prints one JSON line. On the installed source of SQLAlchemy and PyGithub (100,000+
source lines) it times the full analysis (files spread over worker processes) and, in
the same run, ``radon cc``, ``radon mi`` and ``radon raw`` on the same folders, checks
that the figures agree, and reports the ratio (target: at most 0.5). End to end, as a
user runs it: ``recruitdesk analyze --path TREE --json`` (the installed console script,
running this checkout's code) on a 50,000-line tree copied from installed packages,
as a ratio to those three radon commands on the same tree (target: at most 0.35), beside
the ratio of the same analysis called in this process, and its wall time on a
2,000-line folder (target: under 0.5 s). Against the loopback
GitHub server of the tests it counts API requests per repository on a first analysis
(target: at most 3) and those counted against the rate limit on an unchanged
re-analysis (target: 0). Peak memory: the largest resident set of this process, and the
largest sum of this process's and its worker processes' resident sets while analysing.

Run from the repository's root: ``python benchmarks/bench_analysis.py``.
"""

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import github  # noqa: E402
import radon  # noqa: E402
import sqlalchemy  # noqa: E402
from tests.analysis.corpus import make_legacy, make_well_kept  # noqa: E402
from tests.analysis.github_server import GitHubServer, fake_repo_from_git  # noqa: E402

from bench_startup import checkout_env, console_script  # noqa: E402
from recruitdesk.analysis.engine import analyze_path  # noqa: E402
from recruitdesk.analysis.github.account import PreviousAnalysis, analyze_login  # noqa: E402

CORPUS = [Path(sqlalchemy.__file__).parent, Path(github.__file__).parent]
#: Where the end-to-end trees' files come from, in this order.
TREE_SOURCES = [Path(github.__file__).parent, Path(radon.__file__).parent, CORPUS[0]]
LARGE_TREE_LINES = 50_000
SMALL_TREE_LINES = 2_000
TARGET_COMMAND_RATIO = 0.35
TARGET_SMALL_SECONDS = 0.5
#: End-to-end runs of each command; the median counts.
COMMAND_RUNS = 3


def _radon(command: str, folders: list[Path] = CORPUS) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "radon", command, "-j", *map(str, folders)],
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - started, json.loads(completed.stdout)


def _peak_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def _tree_rss_kb(root: int) -> int:
    """Resident memory of ``root`` and every process under it (Linux ``/proc``)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields.get("PPid", "0").strip())
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
    total = 0
    for pid in rss:
        walker = pid
        while walker not in (0, 1, root):
            walker = parents.get(walker, 0)
        if walker == root:
            total += rss[pid]
    return total


class TreeMemory:
    """Samples the resident memory of this process and its workers; keeps the peak."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(os.getpid()))

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


def bench_metrics() -> dict[str, object]:
    with TreeMemory() as memory:
        started = time.perf_counter()
        repos = [analyze_path(folder).repos[0] for folder in CORPUS]
        ours = time.perf_counter() - started
    cc_time, cc = _radon("cc")
    mi_time, mi = _radon("mi")
    raw_time, raw = _radon("raw")
    radon_time = cc_time + mi_time + raw_time
    agreement = {}
    for folder, repo in zip(CORPUS, repos, strict=True):
        blocks = [b["complexity"] for v in _under(cc, folder) if isinstance(v, list) for b in v]
        mis = [v["mi"] for v in _under(mi, folder) if isinstance(v, dict) and "mi" in v]
        sloc = sum(v["sloc"] for v in _under(raw, folder) if isinstance(v, dict) and "sloc" in v)
        agreement[folder.name] = {
            "files": repo.files,
            "sloc": [repo.sloc, sloc],
            "cc_mean": [repo.cc_mean, round(sum(blocks) / len(blocks), 2)],
            "mi_mean": [repo.mi_mean, round(sum(mis) / len(mis), 2)],
        }
    return {
        "corpus": [str(folder) for folder in CORPUS],
        "files": sum(repo.files for repo in repos),
        "sloc": sum(repo.sloc for repo in repos),
        "ours_vs_radon": agreement,
        "analysis_seconds": round(ours, 2),
        "radon_cli_seconds": round(radon_time, 2),
        "radon_cc_mi_raw_seconds": [round(cc_time, 2), round(mi_time, 2), round(raw_time, 2)],
        "ratio": round(ours / radon_time, 3),
        "target_ratio": 0.5,
        "peak_rss_mb_main": _peak_mb(resource.RUSAGE_SELF),
        "peak_rss_mb_with_workers": round(memory.peak_kb / 1024, 1),
    }


def _under(data: dict[str, Any], folder: Path) -> list[Any]:
    """radon's JSON entries for the files under ``folder``."""
    return [value for key, value in data.items() if key.startswith(f"{folder}/")]


def build_tree(target: Path, lines: int) -> int:
    """Copy installed packages' Python files (whole files, in a fixed order, skipping
    any that would overshoot by more than 5 %) into ``target`` until they hold at least
    ``lines`` lines; return how many they hold."""
    copied = 0
    for package in TREE_SOURCES:
        for source in sorted(package.rglob("*.py")):
            length = len(source.read_bytes().splitlines())
            if copied + length > lines * 1.05:
                continue
            destination = target / package.name / source.relative_to(package)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            copied += length
            if copied >= lines:
                return copied
    raise SystemExit(f"the installed packages hold fewer than {lines} lines")


def _analyze_command(tree: Path, bytecode: Path) -> tuple[float, dict[str, Any]]:
    command = [console_script(), "analyze", "--path", str(tree), "--json"]
    env = checkout_env(bytecode)
    env.pop("RECRUITDESK_DB", None)  # measure the analysis, not a database write
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    return time.perf_counter() - started, json.loads(completed.stdout)


def bench_command() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        large, small = Path(tmp) / "large", Path(tmp) / "small"
        large_lines = build_tree(large, LARGE_TREE_LINES)
        small_lines = build_tree(small, SMALL_TREE_LINES)
        bytecode = Path(tmp) / "bytecode"
        _analyze_command(small, bytecode)  # compiles this checkout's modules once
        ours, engine, radon_cli, small_times = [], [], [], []
        for _ in range(COMMAND_RUNS):
            seconds, result = _analyze_command(large, bytecode)
            ours.append(seconds)
            started = time.perf_counter()
            analyze_path(large)
            engine.append(time.perf_counter() - started)
            radon_cli.append(sum(_radon(name, [large])[0] for name in ("cc", "mi", "raw")))
            small_times.append(_analyze_command(small, bytecode)[0])
        _seconds, raw = _radon("raw", [large])
    radon_sloc = sum(v["sloc"] for v in raw.values() if isinstance(v, dict) and "sloc" in v)
    ours_median, radon_median = statistics.median(ours), statistics.median(radon_cli)
    return {
        "command_tree_lines": large_lines,
        "command_tree_sloc": [result["repos"][0]["sloc"], radon_sloc],
        "command_seconds": round(ours_median, 2),
        "command_radon_cli_seconds": round(radon_median, 2),
        "command_ratio": round(ours_median / radon_median, 3),
        "target_command_ratio": TARGET_COMMAND_RATIO,
        # The same analysis called in this process: what the command adds is the rest.
        "engine_in_process_ratio": round(statistics.median(engine) / radon_median, 3),
        "small_tree_lines": small_lines,
        "small_command_seconds": round(statistics.median(small_times), 3),
        "target_small_seconds": TARGET_SMALL_SECONDS,
    }


def bench_requests() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp, GitHubServer(rate_limit=5000) as server:
        root = Path(tmp)
        server.add_user("ada")
        pushed = (datetime.now(UTC) - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
        for index in range(3):
            well = make_well_kept(root / f"well{index}")
            old = make_legacy(root / f"old{index}")
            server.add_repo(fake_repo_from_git(well, "ada", f"shop{index}", base=server.url))
            server.add_repo(fake_repo_from_git(old, "ada", f"old{index}", base=server.url))
        for repo in server.repos.values():
            repo.pushed_at = pushed
        first = analyze_login("ada", api_url=server.url, seconds_between_requests=0)
        first_requests = server.api_requests
        server.reset_counters()
        previous = PreviousAnalysis(first.listing_etag, {r.name: r for r in first.repos})
        again = analyze_login(
            "ada", api_url=server.url, previous=previous, seconds_between_requests=0
        )
        unchanged = (server.api_requests, server.counted_requests)
        server.reset_counters()
        changed = replace(previous, listing_etag=None)
        server.repos["ada/shop0"].pushed_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        analyze_login("ada", api_url=server.url, previous=changed, seconds_between_requests=0)
        one_pushed = server.counted_requests
    repos = len(first.repos)
    return {
        "repos": repos,
        "first_api_requests": first_requests,
        "first_api_requests_per_repo": round(first_requests / repos, 2),
        "unchanged_api_requests": unchanged[0],
        "unchanged_counted_against_limit": unchanged[1],
        "unchanged_result_equal": again.scores == first.scores,
        "one_pushed_counted_against_limit": one_pushed,
    }


def main() -> None:
    figures = {
        "benchmark": "analysis",
        **bench_metrics(),
        **bench_command(),
        **bench_requests(),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
