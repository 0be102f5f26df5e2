"""How long a bundle merge that changes every stored record holds the write lock
(issue 18, item 13).

The demo sample of ``--people`` is loaded; a copy of it has every person, position, card
and note edited later, and its bundle is merged back into the first. Every write
transaction is timed, from taking the lock to the commit.

Prints one JSON line: the records changed, the merge's total time, the longest
transaction and how many there were.

    python benchmarks/bench_merge_changes.py [--people 20000]
"""

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy.orm import Session
from tests.transfer.edited_bundles import edited_bundle

from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.migrate import open_database
from recruitdesk.transfer.formats import import_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=20_000)
    args = parser.parse_args()
    held: list[float] = []
    write = Database.write

    @contextmanager
    def timed(self: Database) -> Iterator[Session]:
        with write(self) as session:
            started = time.perf_counter()
            yield session
        held.append(time.perf_counter() - started)

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "merged.sqlite"
        with open_database(str(path)) as database:
            load_demo(database, candidates=args.people, seed=3)
        bundle = edited_bundle(path, folder)
        with open_database(str(path)) as database:
            Database.write = timed  # type: ignore[method-assign]
            started = time.perf_counter()
            report = import_file(database, bundle)
            total = time.perf_counter() - started
            Database.write = write  # type: ignore[method-assign]
    print(
        json.dumps(
            {
                "people": args.people,
                "changed": report.details[:4],
                "merge_seconds": round(total, 2),
                "transactions": len(held),
                "longest_transaction_seconds": round(max(held), 3),
            }
        )
    )


if __name__ == "__main__":
    main()
