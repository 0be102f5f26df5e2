"""How long the PDF reports take.

Prints one JSON line: a 50-candidate shortlist (target: under 10 s) and, as the peer in
the same run, a single candidate's report, with the time per page of each.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_report.py
"""

import json
import tempfile
import time
from datetime import date
from pathlib import Path

from recruitdesk.reports.render import write_candidate_report, write_shortlist_report
from recruitdesk.storage.analyses import store_analysis
from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.models.pipeline import Candidate
from recruitdesk.storage.queries import board_stages

SHORTLIST = 50
SCORES = ("complexity", "testing", "documentation", "typing", "modern_python")


def analyse_everyone_on(database: Database, position_id: int) -> None:
    """Give every candidate on the board an analysis, so each page has its charts,
    tables and evidence (the demo sample has none)."""
    for index, candidate_id in enumerate(board_stages(database, position_id)):
        login = f"bench-user-{candidate_id}"
        with database.write() as session:
            person = session.get_one(Candidate, candidate_id)
            person.github_login = person.github_login or login
            login = person.github_login
        scores = {name: float(40 + (index * 7 + n * 13) % 60) for n, name in enumerate(SCORES)}
        scores["overall"] = sum(scores.values()) / len(scores)
        store_analysis(
            database,
            {
                "source": "github",
                "login": login,
                "analyzed_at": "2026-11-20T10:00:00+00:00",
                "repos": [
                    {
                        "name": f"repo-{n}",
                        "stars": n,
                        "files": 20,
                        "sloc": 900 * n,
                        "cc_mean": 2.5,
                        "mi_mean": 70.0,
                        "has_tests": True,
                    }
                    for n in range(1, 5)
                ],
                "scores": scores,
                "skills": [
                    {
                        "name": skill,
                        "confidence": 0.8,
                        "evidence": [
                            {"repo": "repo-1", "path": f"src/{skill.lower()}.py", "why": "imports"}
                        ],
                    }
                    for skill in ("FastAPI", "pytest", "SQLAlchemy", "asyncio")
                ],
                "red_flags": [{"code": "vague_commits", "message": "Vague commit subjects."}],
                "track": "web_backend",
                "explanations": {name: [f"Reason for {name}."] for name in scores},
            },
        )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        with open_database(str(work / "bench.sqlite")) as database:
            load_demo(database, candidates=3_000, seed=2, as_of=date(2026, 11, 21))
            analyse_everyone_on(database, 1)
            first, second = list(board_stages(database, 1))[:2]
            write_candidate_report(database, first, work / "warm.pdf")  # fonts, first layout
            started = time.perf_counter()
            single = write_candidate_report(database, second, work / "one.pdf")
            single_s = time.perf_counter() - started
            started = time.perf_counter()
            shortlist = write_shortlist_report(database, 1, work / "short.pdf", top=SHORTLIST)
            shortlist_s = time.perf_counter() - started
            size = (work / "short.pdf").stat().st_size
    print(
        json.dumps(
            {
                "benchmark": "report",
                "shortlist_candidates": SHORTLIST,
                "shortlist_seconds": round(shortlist_s, 2),
                "target_seconds": 10,
                "shortlist_pages": shortlist.pages,
                "shortlist_ms_per_page": round(shortlist_s / shortlist.pages * 1000, 1),
                "shortlist_mb": round(size / 1e6, 2),
                "peer_single_seconds": round(single_s, 3),
                "peer_single_pages": single.pages,
                "peer_single_ms_per_page": round(single_s / single.pages * 1000, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
