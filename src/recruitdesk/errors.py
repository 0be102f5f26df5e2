"""The two kinds of error the app knows (DESIGN.md convention 6).

A :class:`KnownError` comes from the environment or from the user's input (a file that
is not a database, a folder that cannot be written, a database from a newer version).
Its message is one sentence a user can act on; it is shown as it is, never with a
traceback. Everything else is a bug: logged with its traceback.

This module imports nothing of ours, so every layer may raise these.
"""


class KnownError(Exception):
    """A failure the user can act on; ``str(error)`` is one clear sentence."""


class DatabaseError(KnownError):
    """The database cannot be opened, read or written as asked."""


class NewerDatabaseError(DatabaseError):
    """The database was made by a newer version of recruitdesk."""
