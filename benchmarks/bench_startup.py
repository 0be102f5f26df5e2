"""How fast the command line starts, against a bare interpreter's start.

Prints one JSON line: the median wall time of ``python -c pass``, ``recruitdesk --help``
and ``recruitdesk salary --region western_europe --level senior`` (the real console
script next to this interpreter, in a fresh process each run, this checkout's ``src``
first on the path), and each command's ratio to the bare start (target: at most 8).

Another benchmark can call :func:`measure_startup` for the same figures.

    python benchmarks/bench_startup.py [--runs 15]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
#: A command starts "at once" within this many bare interpreter starts.
TARGET_RATIO = 8.0
SALARY_ARGS = ("salary", "--region", "western_europe", "--level", "senior")


def console_script() -> str:
    """The installed ``recruitdesk`` command of this interpreter's environment."""
    folder = Path(sys.executable).parent
    for name in ("recruitdesk", "recruitdesk.exe"):
        if (folder / name).is_file():
            return str(folder / name)
    raise SystemExit(f"no recruitdesk command next to {sys.executable}: install the project")


def checkout_env(bytecode: Path) -> dict[str, str]:
    """The environment that runs this checkout's code through the installed command,
    with its compiled bytecode kept in ``bytecode`` (as an installed package has it,
    even where ``PYTHONDONTWRITEBYTECODE`` is set)."""
    path = os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": path, "PYTHONPYCACHEPREFIX": str(bytecode)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _wall(command: Sequence[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def measure_startup(runs: int = 15) -> dict[str, float]:
    """Median seconds of each start and each command's ratio to the bare interpreter.

    The commands take turns within each round, so a busy moment of the machine slows
    all of them rather than one.
    """
    script = console_script()
    with tempfile.TemporaryDirectory() as bytecode:
        return _measure(script, checkout_env(Path(bytecode)), runs)


def _measure(script: str, env: dict[str, str], runs: int) -> dict[str, float]:
    commands = {
        "bare_interpreter": [sys.executable, "-c", "pass"],
        "help": [script, "--help"],
        "salary": [script, *SALARY_ARGS],
    }
    for command in commands.values():  # warm the caches; the output must be valid
        _wall(command, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(_wall(command, env))
    medians = {f"{name}_seconds": statistics.median(found) for name, found in times.items()}
    bare = medians["bare_interpreter_seconds"]
    figures = {key: round(value, 4) for key, value in medians.items()}
    figures["help_ratio"] = round(medians["help_seconds"] / bare, 2)
    figures["salary_ratio"] = round(medians["salary_seconds"] / bare, 2)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    figures = {
        "benchmark": "startup",
        "runs": args.runs,
        **measure_startup(args.runs),
        "target_ratio": TARGET_RATIO,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
