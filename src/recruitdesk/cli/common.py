"""What every sub-command module shares: exit codes, output, argument types."""

import argparse
from collections.abc import Callable
from datetime import date

EXIT_OK = 0
#: A failure the user can act on: one clear line on stderr.
EXIT_FAILURE = 1

#: A sub-command's handler: the parsed arguments in, the exit code out.
Command = Callable[[argparse.Namespace], int]


def say(line: str) -> None:
    """One line of a command's normal output."""
    print(line, flush=True)


def parse_date(text: str) -> date:
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
