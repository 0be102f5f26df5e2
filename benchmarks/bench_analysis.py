"""The analysis engine against radon's own command line, and GitHub requests per repository.

Prints one JSON line. On the installed source of SQLAlchemy and PyGithub (100,000+
source lines) it times the full analysis (files spread over worker processes) and, in
the same run, ``radon cc``, ``radon mi`` and ``radon raw`` on the same folders, checks
that the figures agree, and reports the ratio (target: at most 0.5). Against the loopback
GitHub server of the tests it counts API requests per repository on a first analysis
(target: at most 3) and those counted against the rate limit on an unchanged
re-analysis (target: 0). Peak memory: the largest resident set of this process, and the
largest sum of this process's and its worker processes' resident sets while analysing.

Run from the repository's root: ``python benchmarks/bench_analysis.py``.
"""

import json
import os
import resource
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
import sqlalchemy  # noqa: E402
from tests.analysis.corpus import make_legacy, make_well_kept  # noqa: E402
from tests.analysis.github_server import GitHubServer, fake_repo_from_git  # noqa: E402

from recruitdesk.analysis.engine import analyze_path  # noqa: E402
from recruitdesk.analysis.github import PreviousAnalysis, analyze_login  # noqa: E402

CORPUS = [Path(sqlalchemy.__file__).parent, Path(github.__file__).parent]


def _radon(command: str) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "radon", command, "-j", *map(str, CORPUS)],
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
    figures = {"benchmark": "analysis", **bench_metrics(), **bench_requests()}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
