"""How long a board move waits while a large import runs (issue 18, item 13).

A second process, as the app would be, moves a card back and forth on the board in a
loop while this one imports a CSV of 200,000 people into the same SQLite database. An
import is all or nothing, but it must not keep the write lock for long: every move
waits at most for one of its short transactions, never for the whole import.

With ``--bundle`` the people come as a bundle the app exported, so the bundle merge is
measured the same way; with ``--cards`` too, the bundle is the demo sample's export: its
people come with positions, cards, stage history, notes, scorecards and analyses, all
new to the database.

Prints one JSON line: the import's total time, the longest wait of a move, how many
moves ran, how many failed, and the import's peak memory.

    python benchmarks/bench_import_lock.py [--rows 200000] [--bundle [--cards]]
"""

import argparse
import json
import multiprocessing
import resource
import tempfile
import time
from datetime import UTC, datetime
from multiprocessing.synchronize import Event
from pathlib import Path

from sqlalchemy import insert

from bench_import import write_csv
from recruitdesk.errors import KnownError
from recruitdesk.storage.board.moves import move_cards
from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.models.pipeline import Application, Candidate, Position
from recruitdesk.transfer.formats import export, import_file


def board(database: Database) -> None:
    """One position with two cards in the same column."""
    now = datetime.now(UTC)
    with database.write() as session:
        session.execute(insert(Position), [{"id": 1, "title": "Python Engineer"}])
        session.execute(
            insert(Candidate),
            [{"id": n, "uid": f"c{n}", "full_name": f"Card {n}"} for n in (1, 2)],
        )
        session.execute(
            insert(Application),
            [
                {
                    "id": n,
                    "uid": f"a{n}",
                    "candidate_id": n,
                    "position_id": 1,
                    "stage": "screening",
                    "rank": float(n),
                    "entered_stage_at": now,
                }
                for n in (1, 2)
            ],
        )


def mover(path: str, ready: Event, stop: Event, results: "multiprocessing.Queue[object]") -> None:
    """Move the cards to the end of their column, one after the other, until ``stop``."""
    waits: list[float] = []
    failures: list[str] = []
    with open_database(path) as database:
        ready.set()
        card = 1
        while not stop.is_set():
            started = time.perf_counter()
            try:
                move_cards(database, [card], "screening")
            except KnownError as error:
                failures.append(str(error))
            waits.append(time.perf_counter() - started)
            card = 3 - card
            time.sleep(0.01)
    results.put((waits, failures))


def make_source(source: Path, rows: int, cards: bool) -> None:
    """The file to import: a CSV of ``rows`` people, or a bundle the app exported of
    them (``.zip``), or with ``cards`` of the demo sample of ``rows`` people."""
    folder = source.parent
    if cards:
        with open_database(str(folder / "demo.sqlite")) as exported:
            load_demo(exported, candidates=rows, seed=3)
            export(exported, source, format="bundle", include_private=True)
        return
    people = folder / "people.csv"
    write_csv(people, rows)
    if source.suffix == ".zip":
        with open_database(str(folder / "exported.sqlite")) as exported:
            import_file(exported, people)
            export(exported, source, format="bundle", include_private=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--bundle", action="store_true", help="merge a bundle of the people")
    parser.add_argument(
        "--cards", action="store_true", help="with --bundle: the demo sample's, with cards"
    )
    args = parser.parse_args()
    if args.cards and not args.bundle:
        parser.error("--cards needs --bundle")
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = str(folder / "board.sqlite")
        source = folder / "people.zip" if args.bundle else folder / "people.csv"
        # Made in a process of its own, so the peak memory printed is the import's.
        maker = context.Process(target=make_source, args=(source, args.rows, args.cards))
        maker.start()
        maker.join()
        assert maker.exitcode == 0, "making the file failed"
        with open_database(path) as database:
            board(database)
            ready, stop = context.Event(), context.Event()
            results: multiprocessing.Queue[object] = context.Queue()
            process = context.Process(target=mover, args=(path, ready, stop, results))
            process.start()
            ready.wait()
            started = time.perf_counter()
            report = import_file(database, source)
            total = time.perf_counter() - started
            stop.set()
            waits, failures = results.get()
            process.join()
    assert report.created == args.rows, report.summary()
    print(
        json.dumps(
            {
                "rows": args.rows,
                "source": "bundle with cards" if args.cards else "bundle" if args.bundle else "csv",
                "import_seconds": round(total, 2),
                "longest_move_wait_seconds": round(max(waits), 3),
                "moves": len(waits),
                "moves_failed": len(failures),
                "first_failure": failures[0] if failures else None,
                "import_peak_rss_mb": round(
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
                ),
            }
        )
    )


if __name__ == "__main__":
    main()
