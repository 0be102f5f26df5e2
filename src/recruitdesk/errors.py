"""The errors the app knows (docs/architecture.md, "Errors").

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


class ValidationError(KnownError):
    """Some fields of a record were refused: ``problems`` maps each field's name to one
    sentence; ``str(error)`` names the first (and how many more)."""

    def __init__(self, problems: dict[str, str]) -> None:
        if not problems:
            raise ValueError("a ValidationError needs at least one problem")
        self.problems = dict(problems)
        name, reason = next(iter(self.problems.items()))
        more = len(self.problems) - 1
        super().__init__(f"{name}: {reason}" + (f" (and {more} more)" if more else ""))


class RefusedError(KnownError):
    """An action the rules do not allow (a stage move, a scorecard rating): the sentence
    says which rule."""
