"""CV parsing per file, and duplicate detection over a base of 100,000 candidates.

Prints one JSON line. CVs: each layout of the tests (three PDFs drawn by Qt, three
DOCX files), read and parsed ten times; the median per file (target: under 0.5 s).
Duplicates: the demo sample of 100,000 candidates with 200 planted twins (a name in
another case, the phone in another writing, the same place); the whole base's pairs
(reading the rows included; target: under 2 s; the CPU time too, all threads, which
a busy machine inflates less than the wall time) and one new person checked against the
stored base (target: under 50 ms, the median of 200 people), and how many of the planted
twins each finds.

Run from the repository's root: ``python benchmarks/bench_cv_duplicates.py``
(``--candidates N`` for a smaller base while trying it out).
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtGui import QGuiApplication  # noqa: E402
from sqlalchemy import select  # noqa: E402
from tests.transfer import cv_samples  # noqa: E402

from recruitdesk.storage.demo import load_demo  # noqa: E402
from recruitdesk.storage.duplicates import duplicates_of_values, find_duplicates  # noqa: E402
from recruitdesk.storage.migrate import open_database  # noqa: E402
from recruitdesk.storage.models.pipeline import Candidate  # noqa: E402
from recruitdesk.transfer.cv_import import read_cv_preview  # noqa: E402

TWINS = 200
RUNS = 10


def _cv_files(folder: Path) -> list[Path]:
    files = [
        cv_samples.pdf_from_html(folder / "classic.pdf", cv_samples.classic_html()),
        cv_samples.pdf_from_html(folder / "sidebar.pdf", cv_samples.sidebar_html()),
        cv_samples.pdf_from_html(folder / "labelled.pdf", cv_samples.labelled_html()),
    ]
    return files + [
        cv_samples.docx_file(folder / f"{k}.docx", k) for k in ("plain", "header", "links")
    ]


def _cv_seconds(folder: Path) -> dict[str, float]:
    times: dict[str, float] = {}
    for path in _cv_files(folder):
        runs = []
        for _ in range(RUNS):
            start = time.perf_counter()
            read_cv_preview(path, date(2026, 12, 1))
            runs.append(time.perf_counter() - start)
        times[path.name] = round(statistics.median(runs), 4)
    return times


def _phone_rewritten(phone: str) -> str:
    """The same number written another way: "+49 30 1234 5" -> "0049-30-12345"."""
    country, _space, rest = phone.partition(" ")
    return "00" + country.lstrip("+") + "-" + rest.replace(" ", "-", 1).replace(" ", "")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=100_000)
    args = parser.parse_args()
    _app = QGuiApplication([])
    with tempfile.TemporaryDirectory() as folder:
        cv = _cv_seconds(Path(folder))
        with open_database(str(Path(folder) / "bench.sqlite")) as database:
            load_demo(database, candidates=args.candidates, seed=11, as_of=date(2026, 11, 21))
            with database.write() as session:
                originals = session.execute(
                    select(Candidate.id, Candidate.full_name, Candidate.phone, Candidate.location)
                    .where(Candidate.phone.is_not(None))
                    .order_by(Candidate.id)
                    .limit(TWINS)
                ).all()
                twins = []
                for row_id, name, phone, location in originals:
                    twin = Candidate(
                        full_name=name.upper(), phone=_phone_rewritten(phone), location=location
                    )
                    session.add(twin)
                    twins.append((row_id, twin))
                session.flush()
                planted = {(row_id, twin.id) for row_id, twin in twins}
            start, cpu = time.perf_counter(), time.process_time()
            pairs = find_duplicates(database)
            whole, whole_cpu = time.perf_counter() - start, time.process_time() - cpu
            found = {(p.first.id, p.second.id) for p in pairs}
            one: list[float] = []
            hits = 0
            for row_id, name, phone, location in originals:
                values = {"full_name": name.lower(), "phone": phone, "location": location}
                start = time.perf_counter()
                suspects = duplicates_of_values(database, values)
                one.append(time.perf_counter() - start)
                hits += any(person.id == row_id for person, _reasons in suspects)
    print(
        json.dumps(
            {
                "cv_seconds_per_file": cv,
                "cv_target_seconds": 0.5,
                "candidates": args.candidates + TWINS,
                "whole_base_seconds": round(whole, 3),
                "whole_base_cpu_seconds": round(whole_cpu, 3),
                "whole_base_target_seconds": 2.0,
                "pairs": len(pairs),
                "planted_twins_found": f"{len(planted & found)}/{len(planted)}",
                "one_person_ms_median": round(statistics.median(one) * 1000, 2),
                "one_person_ms_max": round(max(one) * 1000, 2),
                "one_person_target_ms": 50,
                "one_person_found": f"{hits}/{len(originals)}",
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
