"""What every sub-command module shares: exit codes, output, argument types, and the
sub-command table whose arguments are added only for the command that runs."""

import argparse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from recruitdesk.errors import KnownError

if TYPE_CHECKING:
    from datetime import date

EXIT_OK = 0
#: A failure the user can act on: one clear line on stderr.
EXIT_FAILURE = 1
#: The command line itself is wrong: the usage and one line on stderr.
EXIT_USAGE = 2

_Parsed = TypeVar("_Parsed")


class UsageError(KnownError):
    """The arguments are wrong, though argparse took them (two things named where one is
    wanted, a value a command's own rules refuse): exit 2 with the usage, as argparse's
    own errors do. Everything else a command refuses (a missing candidate, a file that
    cannot be written) is a failure and exits 1."""


@contextmanager
def reading_arguments() -> Iterator[None]:
    """What a handler checks of its arguments: a known error inside is bad usage."""
    try:
        yield
    except UsageError:
        raise
    except KnownError as error:
        raise UsageError(str(error)) from error


def argument_type(parse: Callable[[str], _Parsed]) -> Callable[[str], _Parsed]:
    """``parse`` as an argparse ``type``: its known error becomes argparse's usage error,
    so an unknown region exits 2 like a malformed number does."""

    def parse_argument(text: str) -> _Parsed:
        try:
            return parse(text)
        except KnownError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    parse_argument.__name__ = parse.__name__
    return parse_argument


#: A sub-command's handler: the parsed arguments in, the exit code out.
Command = Callable[[argparse.Namespace], int]
#: Adds a sub-command's arguments and handler to its parser.
Configure = Callable[[argparse.ArgumentParser], None]


class Commands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """Sub-commands listed by name and help at once, configured only when chosen.

    Some arguments take their choices and defaults from the modules that do the work
    (the paper sizes of the reports, the currencies of the salary tables), which import
    Qt or SQLAlchemy. ``configure`` runs only for the sub-command on the command line,
    so ``--help`` and a light command never pay for a heavy one's imports
    (docs/architecture.md, "The command line").
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._configure: dict[str, Configure] = {}

    def add_command(self, name: str, configure: Configure, **kwargs: Any) -> None:
        """Add the sub-command ``name``; ``kwargs`` go to ``add_parser`` (``help``,
        ``description``)."""
        parser = self.add_parser(name, **kwargs)
        # A UsageError from the handler prints this command's usage (cli/__init__.py).
        parser.set_defaults(command_parser=parser)
        self._configure[name] = configure

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        if values and not isinstance(values, str):
            configure = self._configure.pop(values[0], None)
            if configure is not None:
                configure(self.choices[values[0]])
        super().__call__(parser, namespace, values, option_string)


def add_commands(parser: argparse.ArgumentParser, **kwargs: Any) -> Commands:
    """``parser.add_subparsers(**kwargs)`` as a :class:`Commands` table."""
    commands = parser.add_subparsers(action=Commands, **kwargs)
    assert isinstance(commands, Commands)
    return commands


def say(line: str) -> None:
    """One line of a command's normal output."""
    print(line, flush=True)


def parse_date(text: str) -> "date":
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def seconds(text: str) -> float:
    """A number of seconds, zero or more."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text} is not a number of seconds from 0 up")
    return value


def add_request_pause(parser: argparse.ArgumentParser) -> None:
    """``--request-pause``: the pause between GitHub API requests."""
    from recruitdesk.analysis.github.defaults import SECONDS_BETWEEN_REQUESTS

    parser.add_argument(
        "--request-pause",
        type=seconds,
        default=SECONDS_BETWEEN_REQUESTS,
        metavar="SECONDS",
        help=f"the pause between API requests (default {SECONDS_BETWEEN_REQUESTS}: GitHub "
        "asks for serial requests, not bursts; a server of your own may take 0)",
    )


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not at least 1")
    return value
