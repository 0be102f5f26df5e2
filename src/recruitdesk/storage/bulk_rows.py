"""Many new rows of one table written fast: plain tuples, one multi-row INSERT a slice.

Imports and merges write tens of thousands of people. Through SQLAlchemy's executemany
each row's parameters were built and converted one by one (4.5 s of a 50,000-row
import), and on SQLite an INSERT run once per row also pays for the full-text index:
each statement is a savepoint, at which FTS5 writes its pending terms out as a new
segment, so the trigger that indexes a person cost three times the insert itself. Here
the columns' converters (JSON, dates) are looked up once per table, and one statement
inserts a slice of rows, so the index gets one segment per slice.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from recruitdesk.storage.models.base import Base

_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}
#: Rows per statement at most, whatever the dialect's parameter limit allows.
_MAX_SLICE = 1_000


class RowWriter:
    """Inserts rows given as tuples in the order of ``columns``; a column left out
    that has a plain Python default (``default=1``) gets it."""

    def __init__(
        self,
        session: Session,
        model: type[Base],
        columns: Sequence[str],
        returning: Sequence[str] = (),
    ) -> None:
        self._session = session
        table = model.__table__
        assert isinstance(table, Table)
        dialect: Dialect = session.get_bind().dialect
        placeholder = _PLACEHOLDERS[dialect.paramstyle]
        defaults: list[tuple[str, Any]] = []
        for column in table.columns:
            default = column.default
            if column.name in columns or default is None:
                continue
            if not default.is_scalar:
                raise ValueError(f"{table.name}.{column.name} needs a value")
            defaults.append((column.name, getattr(default, "arg", None)))
        names = [*columns, *(name for name, _value in defaults)]
        self._defaults = tuple(value for _name, value in defaults)
        self._converters: list[tuple[int, Callable[[Any], Any]]] = []
        for index, name in enumerate(names):
            converter = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            if converter is not None:
                self._converters.append((index, converter))
        preparer = dialect.identifier_preparer
        self._head = (
            f"INSERT INTO {preparer.format_table(table)} "  # noqa: S608 - names of our tables
            f"({', '.join(preparer.quote(name) for name in names)}) VALUES "
        )
        self._row_marks = f"({', '.join([placeholder] * len(names))})"
        self._tail = (
            f" RETURNING {', '.join(preparer.quote(name) for name in returning)}"
            if returning
            else ""
        )
        limit = dialect.insertmanyvalues_max_parameters
        self._slice = max(1, min(_MAX_SLICE, limit // len(names)))

    def _flat(self, rows: Sequence[tuple[Any, ...]]) -> list[Any]:
        flat: list[Any] = []
        converters = self._converters
        for row in rows:
            values = [*row, *self._defaults]
            for index, convert in converters:
                values[index] = convert(values[index])
            flat.extend(values)
        return flat

    def insert(self, rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """Insert ``rows``; returns the ``returning`` columns of each (in no set order)."""
        pending = list(rows)
        returned: list[tuple[Any, ...]] = []
        connection = self._session.connection()
        for start in range(0, len(pending), self._slice):
            part = pending[start : start + self._slice]
            statement = self._head + ", ".join([self._row_marks] * len(part)) + self._tail
            result = connection.exec_driver_sql(statement, tuple(self._flat(part)))
            if self._tail:
                returned.extend(tuple(row) for row in result)
        return returned
