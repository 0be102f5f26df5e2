"""An import or a bundle merge whose process is killed at a step a test names.

The process (:mod:`tests.forked`) runs the function the ``import`` command runs
(``merge_bundle`` on a bundle, ``import_items`` on a CSV file) with a Progress whose
cancel check SIGKILLs the process itself at the first step after a query's value grew:
a batch of what the test names is committed, the rest is still to go. That is the state
a user's kill leaves; polling from outside for it instead needed files large enough
that the poll was not too late.
"""

import os
import signal
import sqlite3
from pathlib import Path

from tests import forked

from recruitdesk.processes import without_main_module
from recruitdesk.progress import Progress
from recruitdesk.storage.migrate import open_database
from recruitdesk.transfer import bundle_batches
from recruitdesk.transfer.bundle_merge import merge_bundle
from recruitdesk.transfer.bundle_read import read_bundle
from recruitdesk.transfer.csv_people import open_csv, stream_rows
from recruitdesk.transfer.people_writer import import_items


def _value(db_path: Path, query: str) -> object:
    connection = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    try:
        return connection.execute(query).fetchone()[0]
    finally:
        connection.close()


def _import_and_die(db_path: Path, source: Path, query: str, merge_batch: int | None) -> None:
    """In the process to kill."""
    if merge_batch is not None:
        vars(bundle_batches)["BATCH"] = merge_batch  # a name it imports, not its own
    start = _value(db_path, query)

    def kill_once_grown() -> bool:
        if _value(db_path, query) != start:
            os.kill(os.getpid(), signal.SIGKILL)
        return False

    progress = Progress(is_cancelled=kill_once_grown)
    with open_database(str(db_path)) as database:
        if source.suffix == ".zip":
            merge_bundle(database, read_bundle(source), progress=progress)
        else:
            rows = stream_rows(open_csv(source))
            import_items(database, rows, source=source.name, kind="csv", progress=progress)


def killed_once_grown(
    db_path: Path, source: Path, query: str, *, merge_batch: int | None = None
) -> None:
    """Import ``source`` (a bundle or a CSV file) into ``db_path`` in a process that
    kills itself at the first step after ``query``'s count grew; an AssertionError if the
    run ended before that. ``merge_batch``: the records a bundle merge writes or changes
    a transaction (``bundle_batches.BATCH``), if not its own."""
    process = forked.context().Process(
        target=_import_and_die, args=(db_path, source, query, merge_batch)
    )
    with without_main_module():
        process.start()
    process.join(600)
    assert process.exitcode == -signal.SIGKILL, f"not killed mid-way: {process.exitcode}"
