"""Files kept with candidates (their CVs): added with a new candidate in one
transaction, listed, read back, saved to a file the user chose; erased with the person
(``storage/erasure.py``)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from recruitdesk.atomic_files import atomic_write_bytes
from recruitdesk.errors import KnownError
from recruitdesk.storage.candidates import insert_candidate, new_candidate_values
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.cv_files import CandidateFile


@dataclass(frozen=True, slots=True)
class KeptFile:
    """A file kept with a candidate, without its bytes."""

    id: int
    candidate_id: int
    name: str
    media_type: str
    size: int
    added_at: datetime


def add_candidate_with_file(
    database: Database,
    values: Mapping[str, Any],
    name: str,
    media_type: str,
    data: bytes,
    *,
    now: datetime | None = None,
) -> tuple[int, Changes]:
    """A new candidate from ``values`` with the file they came from, all or nothing."""
    now = now or datetime.now(UTC)
    clean = new_candidate_values(values)
    with database.write() as session:
        candidate_id = insert_candidate(session, clean, database.actor, now)
        session.add(
            CandidateFile(
                candidate_id=candidate_id,
                name=name[:255],
                media_type=media_type,
                size=len(data),
                data=data,
                added_at=now,
            )
        )
        return candidate_id, announce(session, Changes(candidates=frozenset({candidate_id})))


def list_files(database: Database, candidate_id: int) -> list[KeptFile]:
    """The candidate's files, oldest first."""
    with database.read() as session:
        rows = session.execute(
            select(
                CandidateFile.id,
                CandidateFile.candidate_id,
                CandidateFile.name,
                CandidateFile.media_type,
                CandidateFile.size,
                CandidateFile.added_at,
            )
            .where(CandidateFile.candidate_id == candidate_id)
            .order_by(CandidateFile.added_at, CandidateFile.id)
        )
        return [KeptFile(*row) for row in rows]


def file_bytes(database: Database, file_id: int) -> bytes:
    with database.read() as session:
        data = session.scalar(select(CandidateFile.data).where(CandidateFile.id == file_id))
    if data is None:
        raise KnownError(f"There is no kept file with id {file_id}.")
    return data


def save_file(database: Database, file_id: int, path: Path) -> int:
    """Write the kept file to ``path`` whole, through the one atomic write (which refuses
    the database's own files); returns the bytes written."""
    data = file_bytes(database, file_id)
    try:
        atomic_write_bytes(path, data)
    except OSError as error:
        raise KnownError(f"Cannot write {path}: {error.strerror or error}.") from None
    return len(data)
