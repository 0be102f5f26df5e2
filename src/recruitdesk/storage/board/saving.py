"""One sentence for the user when a board write fails in the database."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError

from recruitdesk.errors import DatabaseError


@contextmanager
def saving(what: str) -> Iterator[None]:
    """Turn a failure of the database (disk full, locked, a broken constraint) into one
    sentence for the user; the transaction has rolled back whole by then."""
    try:
        yield
    except DBAPIError as error:
        raise DatabaseError(f"{what} could not be saved: {error.orig}.") from error
