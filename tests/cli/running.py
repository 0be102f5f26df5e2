"""The command line run in the test process, seen as a user sees it: the exit code,
standard output and standard error."""

from dataclasses import dataclass

import pytest

from recruitdesk.cli import main


@dataclass(frozen=True, slots=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> Ran:
    """``recruitdesk ARGS``; argparse's exits (bad usage, ``--help``, ``--version``)
    become exit codes as they would for the process."""
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    captured = capsys.readouterr()
    return Ran(code, captured.out, captured.err)
