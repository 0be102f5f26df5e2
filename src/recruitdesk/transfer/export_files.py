"""What every export shares: its file written whole, the rows it reads, what it reports.

Never a token: the database holds none (they live in the keyring), and URLs with
credentials in them (``https://user:secret@host/...``) lose the credentials on the way
out. Private notes leave only in a bundle, and only when the caller asks.
"""

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from recruitdesk.atomic_files import atomic_write
from recruitdesk.errors import KnownError


@dataclass(frozen=True, slots=True)
class ExportSummary:
    path: Path
    candidates: int
    positions: int = 0
    applications: int = 0
    notes: int = 0
    scorecards: int = 0
    analyses: int = 0
    private_notes: int = 0

    def summary(self) -> str:
        parts = [f"{self.candidates} candidates"]
        if self.positions or self.applications:
            parts += [
                f"{self.positions} positions",
                f"{self.applications} applications",
                f"{self.notes} notes",
                f"{self.scorecards} scorecards",
                f"{self.analyses} analyses",
            ]
        line = f"Exported {', '.join(parts)} to {self.path}"
        if self.private_notes:
            line += f" (private notes included: {self.private_notes})"
        return line + "."


def write_export(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write ``path`` through ``write(handle)``, whole or not at all (docs/architecture.md,
    "Atomic files"): a crash or a full disk never leaves half an export where the old
    file was."""
    try:
        atomic_write(path, write)
    except OSError as error:
        raise KnownError(f"Cannot write {path}: {error.strerror or error}.") from None


#: Rows fetched per call to the driver: a whole table in one call holds the GIL long
#: enough to freeze the window (docs/architecture.md, "Background operations").
FETCH_ROWS = 500


def stored_records(session: Session, table: Table) -> Iterator[dict[str, Any]]:
    """Every row of ``table``, in the order it was stored, read a few hundred at a time."""
    query = select(table).order_by(table.c.id).execution_options(yield_per=FETCH_ROWS)
    for row in session.execute(query).mappings():
        yield dict(row)


def write_json_array(handle: IO[bytes], records: Iterable[Any]) -> None:
    """A JSON array with one record per line, so a problem can be named by its line.
    Records are written one at a time: the text of a whole export, made and encoded at
    once, holds the GIL long enough to freeze the window."""
    opening = b"[\n"
    for record in records:
        handle.write(opening + json.dumps(record, ensure_ascii=False).encode())
        opening = b",\n"
    handle.write(b"[]\n" if opening == b"[\n" else b"\n]\n")
