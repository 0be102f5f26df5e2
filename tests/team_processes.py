"""Work for other processes on one database: the team tests start these in a
:func:`process_pool`, the team benchmark with ``multiprocessing``'s ``spawn`` (each its
own process, its own :class:`Database`, as another workstation or another window would
be). Each takes the database's URL and returns plain values."""

from datetime import UTC, datetime, timedelta
from multiprocessing.pool import Pool

from tests import forked

from recruitdesk.errors import DatabaseError
from recruitdesk.processes import without_main_module
from recruitdesk.storage import jobs_lease
from recruitdesk.storage.candidates import get_candidate, update_candidate
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.notes import add_note


def process_pool(processes: int) -> Pool:
    """``processes`` worker processes (:mod:`tests.forked`); neither they nor the fork
    server run the test runner's main module (``without_main_module``)."""
    with without_main_module():
        return forked.context().Pool(processes)


def write_notes(url: str, candidate_id: int, count: int) -> tuple[int, int]:
    """Add ``count`` notes to one candidate, a transaction each; returns how many were
    written and how many were refused because the database stayed locked."""
    written = locked = 0
    with open_database(url, upgrade=False) as database:
        for number in range(count):
            try:
                add_note(database, candidate_id, f"note {number} from another process")
            except DatabaseError:
                locked += 1
            else:
                written += 1
    return written, locked


def save_location(url: str, candidate_id: int, version: int | None, location: str) -> int:
    """Save the candidate's location over ``version`` (``None``: over whatever is
    stored); returns the version saved."""
    with open_database(url, upgrade=False) as database:
        update_candidate(database, candidate_id, {"location": location}, version=version)
        return get_candidate(database, candidate_id).version


def claim_all(url: str, lease_seconds: float) -> list[int]:
    """Claim and finish jobs until none is due; returns the ids this process ran."""
    ran = []
    with open_database(url, upgrade=False) as database:
        while (
            job := jobs_lease.claim_next(database, lease=timedelta(seconds=lease_seconds))
        ) is not None:
            jobs_lease.finish(database, job.id)
            ran.append(job.id)
    return ran


def claim_and_die(url: str, lease_seconds: float) -> tuple[int, datetime]:
    """Claim a job and end without a word, as a workstation that lost its power:
    returns the job's id and until when its lease holds."""
    with open_database(url, upgrade=False) as database:
        job = jobs_lease.claim_next(database, lease=timedelta(seconds=lease_seconds))
        assert job is not None
        assert job.lease_until is not None
        return job.id, job.lease_until.astimezone(UTC)
