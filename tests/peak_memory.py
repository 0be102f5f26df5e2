"""The command line run in a fresh interpreter that reports its own peak memory.

Peak resident memory is a property of a whole process, so each run gets its own; the
figure is written to a file, apart from what the command prints.
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
    def peak_kb():
        # VmHWM is this program's own peak; ru_maxrss starts from the peak of the
        # process it was started from (Linux keeps it across exec).
        try:
            with open("/proc/self/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    try:
        code = main(sys.argv[1:])
    finally:
        with open(os.environ["RECRUITDESK_TEST_PEAK_FILE"], "w") as out:
            out.write(str(peak_kb()))
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
    peak_kb = int(peak_file.read_text())
    return Measured(completed.returncode, completed.stdout, completed.stderr, peak_kb / 1024)
