"""An import or a bundle merge whose process is killed at a step a test names.

The child runs the function the ``import`` command runs (``merge_bundle`` on a bundle,
``import_items`` on a CSV file) with a Progress whose cancel check SIGKILLs the child
itself at the first step after a query's value grew: a batch of what the test names is
committed, the rest is still to go. That is the state a user's kill leaves; polling
from outside for it instead needed files large enough that the poll was not too late.
"""

import signal
import subprocess
import sys
from pathlib import Path

_CHILD = """
import os, signal, sqlite3, sys
from pathlib import Path
from recruitdesk.progress import Progress
from recruitdesk.storage.migrate import open_database

db, kind, source, query, batch = sys.argv[1:]
if batch:
    from recruitdesk.transfer import bundle_batches

    bundle_batches.BATCH = int(batch)

def value():
    connection = sqlite3.connect(Path(db).as_uri() + "?mode=ro", uri=True)
    try:
        return connection.execute(query).fetchone()[0]
    finally:
        connection.close()

start = value()

def kill_once_grown():
    if value() > start:
        os.kill(os.getpid(), signal.SIGKILL)
    return False

progress = Progress(is_cancelled=kill_once_grown)
with open_database(db) as database:
    if kind == "bundle":
        from recruitdesk.transfer.bundle_merge import merge_bundle
        from recruitdesk.transfer.bundle_read import read_bundle

        merge_bundle(database, read_bundle(Path(source)), progress=progress)
    else:
        from recruitdesk.transfer.csv_people import open_csv, stream_rows
        from recruitdesk.transfer.people_writer import import_items

        rows = stream_rows(open_csv(Path(source)))
        import_items(database, rows, source=Path(source).name, kind="csv", progress=progress)
"""


def killed_once_grown(
    db_path: Path, source: Path, query: str, *, merge_batch: int | None = None
) -> None:
    """Import ``source`` (a bundle or a CSV file) into ``db_path`` in a child process
    that kills itself at the first step after ``query``'s value grew; an
    AssertionError if the run ended before that. ``merge_batch``: the records a bundle
    merge writes or changes a transaction (``bundle_batches.BATCH``), if not its own."""
    kind = "bundle" if source.suffix == ".zip" else "csv"
    batch = "" if merge_batch is None else str(merge_batch)
    ran = subprocess.run(
        [sys.executable, "-c", _CHILD, str(db_path), kind, str(source), query, batch],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert ran.returncode == -signal.SIGKILL, f"not killed mid-way: {ran.stderr}"
