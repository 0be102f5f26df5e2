"""What every sub-command module shares: exit codes, output, argument types, and the
sub-command table whose arguments are added only for the command that runs."""

import argparse
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import date

EXIT_OK = 0
#: A failure the user can act on: one clear line on stderr.
EXIT_FAILURE = 1

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
        self.add_parser(name, **kwargs)
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


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not at least 1")
    return value
