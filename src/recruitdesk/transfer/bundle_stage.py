"""A bundle's records and the plan of its merge, kept on disk so that memory stays
bounded whatever the bundle's size (issue 18, item 9: a 200,000-candidate bundle
took 1.1 GB when its records, the rows they were compared with and the plan were all
held in memory).

A :class:`Stage` is a private SQLite file in a temporary folder, thrown away whole when
the stage is closed or collected. It holds lists (records in the bundle's order) and
maps (uid -> id, uid -> stored row, ...) whose values are pickled; only a batch of
them is in memory at a time. The merge reads and writes them from one thread at a time
(the app reads a bundle in one background task and merges it in another), so the
connection is not tied to the thread that opened it.
"""

import pickle
import sqlite3
import tempfile
import weakref
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

#: Values read or written per statement.
BATCH = 1_000
#: The private file's page cache (its keys' B-trees are filled in random order).
_CACHE_KIB = 32_768

Key = str | int


def _dump(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _load(payload: bytes) -> Any:
    # Only this process wrote the file, in a folder of its own.
    return pickle.loads(payload)  # noqa: S301


def _close(connection: sqlite3.Connection, folder: tempfile.TemporaryDirectory[str]) -> None:
    connection.close()
    folder.cleanup()


class Stage:
    """One private file of lists and maps; :meth:`close` (or collection) removes it."""

    def __init__(self) -> None:
        folder = tempfile.TemporaryDirectory(prefix="recruitdesk-bundle-")
        self.db = sqlite3.connect(
            Path(folder.name, "stage.sqlite"), isolation_level=None, check_same_thread=False
        )
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
        # One transaction for the file's life: nothing is ever committed, the file is
        # thrown away whole.
        self.db.execute("BEGIN")
        self._tables = 0
        self._closer = weakref.finalize(self, _close, self.db, folder)

    def close(self) -> None:
        self._closer()

    def table(self, schema: str) -> str:
        """Create a table of ``schema`` (its columns) under a new name; returns it."""
        self._tables += 1
        name = f"t{self._tables}"
        self.db.execute(f"CREATE TABLE {name} ({schema})")
        return name

    def list(self, items: Iterable[Any] = ()) -> "StagedList":
        staged = StagedList(self)
        staged.extend(items)
        return staged

    def map(self) -> "StagedMap":
        return StagedMap(self)

    def groups(self) -> "StagedGroups":
        return StagedGroups(self)


class StagedList:
    """Values in the order they were appended; iterated a batch at a time."""

    def __init__(self, stage: Stage) -> None:
        self.stage = stage
        self._table = stage.table("n INTEGER PRIMARY KEY, value BLOB NOT NULL")
        self._pending: list[tuple[bytes]] = []
        self._length = 0

    def append(self, value: Any) -> None:
        self._pending.append((_dump(value),))
        self._length += 1
        if len(self._pending) >= BATCH:
            self._flush()

    def extend(self, values: Iterable[Any]) -> None:
        for value in values:
            self.append(value)

    def _flush(self) -> None:
        if self._pending:
            self.stage.db.executemany(
                f"INSERT INTO {self._table} (value) VALUES (?)",  # noqa: S608 - our own name
                self._pending,
            )
            self._pending.clear()

    def __len__(self) -> int:
        return self._length

    def __bool__(self) -> bool:
        return self._length > 0

    def batches(self, size: int = BATCH) -> Iterator[list[Any]]:
        self._flush()
        last = 0
        while True:
            rows = self.stage.db.execute(
                f"SELECT n, value FROM {self._table} WHERE n > ? ORDER BY n LIMIT ?",  # noqa: S608
                (last, size),
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield [_load(payload) for _n, payload in rows]

    def __iter__(self) -> Iterator[Any]:
        for batch in self.batches():
            yield from batch

    def filtered(self, keep: Callable[[Any], bool]) -> "StagedList":
        """A new list of the values ``keep`` accepts."""
        return self.stage.list(value for value in self if keep(value))


class StagedMap:
    """Keys (text or whole numbers) to values; also a set, through :meth:`add`."""

    def __init__(self, stage: Stage) -> None:
        self.stage = stage
        self._table = stage.table("key PRIMARY KEY, value BLOB NOT NULL")
        self._put = f"INSERT OR REPLACE INTO {self._table} (key, value) VALUES (?, ?)"  # noqa: S608
        self._get = f"SELECT value FROM {self._table} WHERE key = ?"  # noqa: S608

    def __setitem__(self, key: Key, value: Any) -> None:
        self.stage.db.execute(self._put, (key, _dump(value)))

    def update(self, items: Iterable[tuple[Key, Any]]) -> None:
        self.stage.db.executemany(self._put, ((key, _dump(value)) for key, value in items))

    def add(self, key: Key) -> None:
        self[key] = None

    def get(self, key: Key | None, default: Any = None) -> Any:
        if key is None:
            return default
        row = self.stage.db.execute(self._get, (key,)).fetchone()
        return default if row is None else _load(row[0])

    def __getitem__(self, key: Key) -> Any:
        row = self.stage.db.execute(self._get, (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return _load(row[0])

    def __contains__(self, key: object) -> bool:
        found = self.stage.db.execute(self._get, (key,)).fetchone()
        return found is not None

    def __len__(self) -> int:
        (length,) = self.stage.db.execute(f"SELECT count(*) FROM {self._table}").fetchone()  # noqa: S608
        return int(length)

    def values(self) -> Iterator[Any]:
        last: Any = None
        while True:
            rows = self.stage.db.execute(
                f"SELECT key, value FROM {self._table} "  # noqa: S608
                + ("" if last is None else "WHERE key > ? ")
                + "ORDER BY key LIMIT ?",
                (BATCH,) if last is None else (last, BATCH),
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield from (_load(payload) for _key, payload in rows)


class StagedGroups:
    """Values filed under a key, many to a key, fetched for a batch of keys at once."""

    def __init__(self, stage: Stage) -> None:
        self.stage = stage
        self._table = stage.table("n INTEGER PRIMARY KEY, key NOT NULL, value BLOB NOT NULL")
        stage.db.execute(f"CREATE INDEX {self._table}_key ON {self._table} (key)")

    def add(self, key: Key, value: Any) -> None:
        self.stage.db.execute(
            f"INSERT INTO {self._table} (key, value) VALUES (?, ?)",  # noqa: S608
            (key, _dump(value)),
        )

    def of(self, keys: list[Key]) -> list[Any]:
        """The values filed under ``keys``, in the order they were added."""
        found: list[Any] = []
        for start in range(0, len(keys), BATCH):
            part = keys[start : start + BATCH]
            rows = self.stage.db.execute(
                f"SELECT value FROM {self._table} "  # noqa: S608
                f"WHERE key IN ({', '.join('?' * len(part))}) ORDER BY n",
                part,
            )
            found.extend(_load(payload) for (payload,) in rows)
        return found
