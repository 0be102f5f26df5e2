"""The rows of one import, checked and matched on disk, so memory stays bounded whatever
the file's size (issue 18: 2.49 million rows once took 9.8 GB).

Each checked row is stored in a private SQLite file in a temporary folder, with the
keys it is matched by (its e-mail and GitHub login, case-folded). Duplicates inside the
file and matches against the people already stored are found there, a batch at a time,
before anything is written to the database; the writer then reads the rows back a batch
at a time. Only the first :data:`KEPT_PROBLEMS` problems are kept, with a count of all.
"""

import heapq
import pickle
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import select

from recruitdesk.progress import NO_PROGRESS, Progress
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Candidate
from recruitdesk.transfer.person_rows import PersonRow
from recruitdesk.transfer.results import Problem

#: How many problems a report quotes (the earliest lines); the rest are counted.
KEPT_PROBLEMS = 20
#: The private file's page cache (its keys' B-trees are filled in random order).
_CACHE_KIB = 65_536
#: Rows handled per step of each pass, and written per transaction: under a second of
#: SQLite's work (its full-text index costs most) even on a slow, busy machine.
BATCH = 1_000

_SCHEMA = """
CREATE TABLE rows (
    seq INTEGER PRIMARY KEY,
    line INTEGER NOT NULL,
    email_key TEXT,
    login_key TEXT,
    payload BLOB NOT NULL,
    match_id INTEGER,
    refused INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE seen (key TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE stored (
    key TEXT PRIMARY KEY, id INTEGER NOT NULL, name TEXT NOT NULL, login TEXT
) WITHOUT ROWID;
CREATE TABLE claimed (id INTEGER PRIMARY KEY, line INTEGER NOT NULL);
CREATE TABLE planned (seq INTEGER PRIMARY KEY, payload BLOB NOT NULL);
"""


class ProblemLog:
    """The earliest :data:`KEPT_PROBLEMS` problems by line (or by ``rank``: a bundle's
    member comes first), and how many there were."""

    def __init__(self, rank: Callable[[Problem], int] = lambda problem: 0) -> None:
        self.count = 0
        self._order = 0
        self._rank = rank
        # A max-heap on (rank, line, arrival) through negated keys: the latest kept is
        # dropped.
        self._heap: list[tuple[int, int, int, Problem]] = []

    def add(self, problem: Problem) -> None:
        self.count += 1
        self._order += 1
        entry = (-self._rank(problem), -problem.line, -self._order, problem)
        if len(self._heap) < KEPT_PROBLEMS:
            heapq.heappush(self._heap, entry)
        elif entry > self._heap[0]:
            heapq.heapreplace(self._heap, entry)

    def first(self) -> list[Problem]:
        return [problem for *_order, problem in sorted(self._heap, reverse=True)]


def _keys(row: PersonRow) -> tuple[str | None, str | None]:
    email, login = row.values.get("email"), row.values.get("github_login")
    return (
        str(email).casefold() if email else None,
        str(login).casefold() if login else None,
    )


class Staging:
    """One import's rows on disk; use it as a context manager."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="recruitdesk-import-")
        self._db = sqlite3.connect(Path(self._folder.name, "rows.sqlite"), isolation_level=None)
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
        self._db.executescript(_SCHEMA)
        # One transaction for the file's whole life: in autocommit each row of an
        # executemany was a transaction of its own (3 s for 100,000 keys). The file is
        # thrown away whole, so there is nothing to commit.
        self._db.execute("BEGIN")
        self.problems = ProblemLog()
        self.rows = 0

    def __enter__(self) -> "Staging":
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _error: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self._db.close()
        self._folder.cleanup()

    # -- filling ---------------------------------------------------------------------

    def add(self, items: Iterable[PersonRow | Problem], progress: Progress = NO_PROGRESS) -> None:
        """Store the checked rows and log the problems, a batch at a time."""
        pending: list[tuple[int, str | None, str | None, bytes]] = []
        for number, item in enumerate(items):
            if not number % BATCH:
                progress.step(number, None, "checking the rows")
            if isinstance(item, Problem):
                self.problems.add(item)
                continue
            email, login = _keys(item)
            payload = pickle.dumps((item.values, item.notes), protocol=pickle.HIGHEST_PROTOCOL)
            pending.append((item.line, email, login, payload))
            if len(pending) >= BATCH:
                self._insert(pending)
        self._insert(pending)

    def _insert(self, pending: list[tuple[int, str | None, str | None, bytes]]) -> None:
        if pending:
            self._db.executemany(
                "INSERT INTO rows (line, email_key, login_key, payload) VALUES (?, ?, ?, ?)",
                pending,
            )
            self.rows += len(pending)
            pending.clear()

    # -- checking --------------------------------------------------------------------

    def _batches(self, columns: str, where: str = "refused = 0") -> Iterator[list[Any]]:
        last = 0
        while True:
            batch = self._db.execute(
                f"SELECT seq, {columns} FROM rows WHERE seq > ? AND {where} "  # noqa: S608
                "ORDER BY seq LIMIT ?",
                (last, BATCH),
            ).fetchall()
            if not batch:
                return
            last = batch[-1][0]
            yield batch

    def _lookup(self, table: str, value: str, keys: set[str]) -> dict[str, Any]:
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        found = self._db.execute(
            f"SELECT key, {value} FROM {table} WHERE key IN ({marks})",  # noqa: S608
            list(keys),
        )
        return dict(found)

    def _refuse(self, seq_problems: list[tuple[int, Problem]]) -> None:
        for _seq, problem in seq_problems:
            self.problems.add(problem)
        self._db.executemany(
            "UPDATE rows SET refused = 1 WHERE seq = ?", [(seq,) for seq, _ in seq_problems]
        )

    def flag_duplicates(self) -> None:
        """A person twice in the file: the later row is a problem (which one wins is
        unclear). Keys of refused rows do not count, as in the file's own order."""
        for batch in self._batches("line, email_key, login_key"):
            keys = {f"e:{row[2]}" for row in batch if row[2]} | {
                f"g:{row[3]}" for row in batch if row[3]
            }
            first_seen: dict[str, int] = self._lookup("seen", "line", keys)
            refused: list[tuple[int, Problem]] = []
            added: list[tuple[str, int]] = []
            for seq, line, email, login in batch:
                mine = [
                    (kind, key, value)
                    for kind, key, value in (("e-mail", "e", email), ("GitHub login", "g", login))
                    if value
                ]
                clash = next((m for m in mine if f"{m[1]}:{m[2]}" in first_seen), None)
                if clash:
                    earlier = first_seen[f"{clash[1]}:{clash[2]}"]
                    refused.append(
                        (seq, Problem(line, f"the same {clash[0]} as line {earlier} ({clash[2]})"))
                    )
                    continue
                for _kind, key, value in mine:
                    first_seen[f"{key}:{value}"] = line
                    added.append((f"{key}:{value}", line))
            self._refuse(refused)
            self._db.executemany("INSERT INTO seen (key, line) VALUES (?, ?)", added)

    def load_stored(self, database: Database) -> None:
        """Copy the keys of the people already stored, read a page at a time."""
        columns = (Candidate.id, Candidate.full_name, Candidate.email, Candidate.github_login)
        with database.read() as session:
            result = session.execute(
                select(*columns).order_by(Candidate.id).execution_options(yield_per=BATCH)
            )
            for page in result.partitions():
                keys: list[tuple[str, int, str, str | None]] = []
                for row_id, name, email, login in page:
                    if email:
                        keys.append((f"e:{email.casefold()}", row_id, name, login))
                    if login:
                        keys.append((f"g:{login.casefold()}", row_id, name, login))
                # Two stored e-mails that differ in case only: the later person is found.
                self._db.executemany(
                    "INSERT OR REPLACE INTO stored (key, id, name, login) VALUES (?, ?, ?, ?)",
                    keys,
                )

    def match(self) -> None:
        """Find the stored person each row is (by e-mail or GitHub login); a row whose
        e-mail and login name two people, whose e-mail is a person's who has another
        login, or that is a person an earlier row already is, becomes a problem."""
        for batch in self._batches("line, email_key, login_key"):
            keys = {f"e:{row[2]}" for row in batch if row[2]} | {
                f"g:{row[3]}" for row in batch if row[3]
            }
            stored = self._lookup_pairs(keys)  # key -> (id, name, login)
            ids = {found[0] for found in stored.values()}
            claimed = self._lookup_ids(ids)
            refused: list[tuple[int, Problem]] = []
            matched: list[tuple[int, int]] = []
            newly: list[tuple[int, int]] = []
            for seq, line, email, login in batch:
                by_mail = stored.get(f"e:{email}") if email else None
                by_gh = stored.get(f"g:{login}") if login else None
                if by_mail and by_gh and by_mail[0] != by_gh[0]:
                    refused.append(
                        (
                            seq,
                            Problem(
                                line,
                                f"its e-mail is {by_mail[1]}'s (id {by_mail[0]}) but its "
                                f"GitHub login is {by_gh[1]}'s (id {by_gh[0]})",
                            ),
                        )
                    )
                    continue
                if by_mail and login and not by_gh and by_mail[2]:
                    # Imported, the row would add a second GitHub profile to their links.
                    refused.append(
                        (
                            seq,
                            Problem(
                                line,
                                f"its e-mail is {by_mail[1]}'s (id {by_mail[0]}), whose GitHub "
                                f"login is {by_mail[2]}, not {login}",
                            ),
                        )
                    )
                    continue
                found = by_mail or by_gh
                if found is None:
                    continue
                if found[0] in claimed:
                    refused.append(
                        (
                            seq,
                            Problem(
                                line,
                                f"it is {found[1]} (id {found[0]}) again, as on line "
                                f"{claimed[found[0]]}",
                            ),
                        )
                    )
                    continue
                claimed[found[0]] = line
                newly.append((found[0], line))
                matched.append((found[0], seq))
            self._refuse(refused)
            self._db.executemany("INSERT INTO claimed (id, line) VALUES (?, ?)", newly)
            self._db.executemany("UPDATE rows SET match_id = ? WHERE seq = ?", matched)

    def _lookup_pairs(self, keys: set[str]) -> dict[str, tuple[int, str, str | None]]:
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        found = self._db.execute(
            f"SELECT key, id, name, login FROM stored WHERE key IN ({marks})",  # noqa: S608
            list(keys),
        )
        return {key: (row_id, name, login) for key, row_id, name, login in found}

    def _lookup_ids(self, ids: set[int]) -> dict[int, int]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        found = self._db.execute(
            f"SELECT id, line FROM claimed WHERE id IN ({marks})",  # noqa: S608
            list(ids),
        )
        return dict(found)

    # -- the writer's plan ------------------------------------------------------------

    def keep_planned(self, items: Iterable[object]) -> None:
        """Keep what the writer planned for later (any picklable values)."""
        self._db.executemany(
            "INSERT INTO planned (payload) VALUES (?)",
            [(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL),) for item in items],
        )

    def planned(self) -> Iterator[list[Any]]:
        """What :meth:`keep_planned` kept, a batch at a time, in order."""
        last = 0
        while True:
            batch = self._db.execute(
                "SELECT seq, payload FROM planned WHERE seq > ? ORDER BY seq LIMIT ?",
                (last, BATCH),
            ).fetchall()
            if not batch:
                return
            last = batch[-1][0]
            yield [pickle.loads(payload) for _seq, payload in batch]  # noqa: S301 - our own file

    # -- reading back ----------------------------------------------------------------

    @property
    def valid(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM rows WHERE refused = 0").fetchone()[0])

    def batches(self) -> Iterator[list[tuple[PersonRow, int | None]]]:
        """The rows to write, in the file's order, each with the stored person it is."""
        for batch in self._batches("line, payload, match_id"):
            rows = []
            for _seq, line, payload, match_id in batch:
                values, notes = pickle.loads(payload)  # noqa: S301 - our own file
                rows.append((PersonRow(line=line, values=values, notes=notes), match_id))
            yield rows
