"""The command line run in a fresh interpreter that reports its own peak memory.

Peak resident memory (``ru_maxrss``) is a property of a whole process, so each run gets
its own; the figure is written to a file, apart from what the command prints.
"""

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

_RUN_COMMAND = textwrap.dedent(
    """
    import os, resource, sys
    from recruitdesk.cli import main
    try:
        code = main(sys.argv[1:])
    finally:
        with open(os.environ["RECRUITDESK_TEST_PEAK_FILE"], "w") as out:
            out.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
    sys.exit(code)
    """
)


@dataclass(frozen=True, slots=True)
class Measured:
    returncode: int
    stdout: str
    stderr: str
    #: The process's peak resident memory, in MB.
    peak_mb: float


def run_measured(tmp_path: Path, *args: str, timeout: float = 600) -> Measured:
    """``recruitdesk ARGS`` in its own process, with its peak resident memory."""
    peak_file = tmp_path / "peak-rss-kb"
    completed = subprocess.run(
        [sys.executable, "-c", _RUN_COMMAND, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "RECRUITDESK_TEST_PEAK_FILE": str(peak_file)},
    )
    peak_kb = int(peak_file.read_text())  # Linux counts ru_maxrss in KB
    return Measured(completed.returncode, completed.stdout, completed.stderr, peak_kb / 1024)
