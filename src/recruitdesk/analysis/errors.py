"""The analysis's known errors: each message is one sentence naming what and where.

Errors from the network carry ``retry_at`` (an aware UTC datetime): when trying again
makes sense. The job queue puts the work back with that time; the command line prints
it. Messages never contain a token.
"""

from datetime import UTC, datetime, timedelta

from recruitdesk.errors import KnownError


class AnalysisError(KnownError):
    """The analysis could not be done as asked."""

    def __init__(self, message: str, *, retry_at: datetime | None = None) -> None:
        super().__init__(message)
        #: When trying again may work; ``None`` when it will not help.
        self.retry_at = retry_at


class SourceNotFoundError(AnalysisError):
    """The folder, archive or GitHub login does not exist."""


class ArchiveError(AnalysisError):
    """An archive is corrupt, truncated, unsafe or too large."""


class UnsafeArchiveError(ArchiveError):
    """An archive member escapes its folder, links outside, or is a device."""


class ArchiveTooLargeError(ArchiveError):
    """An archive passes one of the caps on unpacked bytes, members or file size."""


class NetworkError(AnalysisError):
    """GitHub could not be reached, timed out, or answered with a server error."""


class RateLimitedError(NetworkError):
    """GitHub's rate limit is spent until ``retry_at``."""


def retry_after(seconds: float) -> datetime:
    """The moment ``seconds`` from now, in UTC, rounded up to the second."""
    return (datetime.now(UTC) + timedelta(seconds=seconds)).replace(microsecond=0) + timedelta(
        seconds=1
    )
