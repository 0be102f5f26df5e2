"""Board benchmark: open and first paint at 10,000 cards against 100, drop-to-commit at
10,000, and the memory the big board adds. Prints one JSON line.

Targets (issue 3): opening 10,000 cards at most 3x opening 100; a drop committed in
under 50 ms at 10,000; under 100 MB added for 10,000 cards.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_board.py
"""

import gc
import json
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QModelIndex, Qt
from PySide6.QtGui import QUndoStack
from sqlalchemy import insert

from recruitdesk.domain.pipeline import FORWARD_STAGES, Stage
from recruitdesk.gui.app import application
from recruitdesk.gui.board.kanban_board import KanbanBoard
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.operations import Operations
from recruitdesk.storage.database import Database
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.models.pipeline import Application, Candidate, Position

FIRST = ["Ana", "Bogdan", "Chiara", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Ines"]
LAST = ["Novak", "Rossi", "Kowalski", "Schmidt", "Silva", "Tanaka", "Okafor", "Dubois"]
REPEATS = 7


def fill(database: Database, cards: int) -> int:
    """One position with ``cards`` applications spread over the open stages."""
    rng = random.Random(cards)
    now = datetime.now(UTC)
    with database.write() as session:
        session.execute(insert(Position), [{"id": 1, "title": "Senior Python Engineer"}])
        session.execute(
            insert(Candidate),
            [
                {
                    "id": n,
                    "uid": f"c{n}",
                    "full_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    "skills": ["python", rng.choice(["django", "fastapi", "pandas"])],
                    "tags": [rng.choice(["remote", "referral"])],
                    "track": "web_backend",
                    "level": "senior",
                }
                for n in range(1, cards + 1)
            ],
        )
        session.execute(
            insert(Application),
            [
                {
                    "id": n,
                    "uid": f"a{n}",
                    "candidate_id": n,
                    "position_id": 1,
                    "stage": rng.choice(FORWARD_STAGES[:6]).value,
                    "rank": float(n),
                    "entered_stage_at": now - timedelta(days=rng.uniform(0, 20)),
                }
                for n in range(1, cards + 1)
            ],
        )
    return 1


def rss_mb() -> float:
    with Path("/proc/self/statm").open() as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1_048_576


def open_board(database: Database) -> tuple[float, KanbanBoard]:
    """Milliseconds from nothing to the first painted frame of the board."""
    started = time.perf_counter()
    hub = ChangesHub()
    board = KanbanBoard(database, hub, QUndoStack(), Operations(hub, parent=hub))
    board.resize(1600, 900)
    board.set_position(1)
    board.show()
    # The columns are read in the background: the first frame that shows cards.
    while board.reads.loading is not None:
        application().processEvents()
        time.sleep(0.0005)
    board.grab()  # renders every visible column and card
    return (time.perf_counter() - started) * 1000, board


def median_open(database: Database) -> float:
    times = []
    for _ in range(REPEATS):
        elapsed, board = open_board(database)
        times.append(elapsed)
        board.close()
        board.deleteLater()
        application().processEvents()
    return statistics.median(times)


def drop_times(board: KanbanBoard) -> list[float]:
    """Milliseconds from ``dropMimeData`` to the move committed and on the board."""
    times = []
    for number in range(20):
        source = FORWARD_STAGES[number % 5]
        target = FORWARD_STAGES[number % 5 + 1]
        model = board.models[source]
        data = model.mimeData([model.index(0)])
        started = time.perf_counter()
        ok = board.models[target].dropMimeData(data, Qt.DropAction.CopyAction, 0, 0, QModelIndex())
        times.append((time.perf_counter() - started) * 1000)
        assert ok, board.banner.text()
    return times


def main() -> int:
    app = application()
    with tempfile.TemporaryDirectory() as folder:
        small = open_database(str(Path(folder) / "small.sqlite"))
        big = open_database(str(Path(folder) / "big.sqlite"))
        fill(small, 100)
        fill(big, 10_000)
        # Warm up fonts, style and SQLAlchemy's statement caches on both.
        for database in (small, big):
            _elapsed, board = open_board(database)
            board.close()
            board.deleteLater()
        app.processEvents()
        open_small = median_open(small)
        open_big = median_open(big)
        gc.collect()
        before = rss_mb()
        _elapsed, board = open_board(big)
        app.processEvents()
        added_open = rss_mb() - before
        drops = drop_times(board)
        # The worst case: every card of every column read. tracemalloc counts the
        # Python objects that adds (RSS alone hides it when freed memory is reused).
        tracemalloc.start()
        for stage in Stage:
            model = board.models[stage]
            while model.canFetchMore() or model.pages.reading is not None:
                model.fetchMore()  # in the background: wait for each page to land
                app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        app.processEvents()
        heap_all = tracemalloc.get_traced_memory()[0] / 1_048_576
        tracemalloc.stop()
        added_all = rss_mb() - before
        fetched = sum(len(model.cards) for model in board.models.values())
        board.close()
        small.dispose()
        big.dispose()
    print(
        json.dumps(
            {
                "benchmark": "board",
                "open_first_paint_ms_100": round(open_small, 1),
                "open_first_paint_ms_10000": round(open_big, 1),
                "open_ratio_10000_vs_100": round(open_big / open_small, 2),
                "drop_to_commit_ms_10000_median": round(statistics.median(drops), 2),
                "drop_to_commit_ms_10000_max": round(max(drops), 2),
                "memory_added_mb_10000_open": round(added_open, 1),
                "memory_added_mb_10000_all_read": round(added_all, 1),
                "python_heap_mb_10000_all_read": round(heap_all, 1),
                "cards_read_all": fetched,
                "targets": {"open_ratio": 3, "drop_ms": 50, "memory_mb": 100},
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
