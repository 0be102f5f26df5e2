"""Without a PostgreSQL server, the tests that need one are summarised in one line."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_the_postgres_skips_fold_into_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "RECRUITDESK_TEST_PG_URL": "", "PYTHONPATH": str(ROOT / "src")}
    ran = subprocess.run(
        [
            sys.executable,
            *("-m", "pytest", "tests/storage/test_postgres.py"),
            # Not the two that also take a migrated SQLite file: made before the skip,
            # it was half the child's time, and five skips fold as well as seven.
            *("-k", "not laptop"),
            *("-q", "-n", "0", "-p", "no:cacheprovider", "--basetemp", str(tmp_path / "t")),
            # Hypothesis's plugin imported the whole library at the summary, for none of
            # these tests: a third of the child's time.
            *("-p", "no:hypothesispytest"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    skipped = [line for line in ran.stdout.splitlines() if line.startswith("SKIPPED")]
    assert len(skipped) == 1, ran.stdout
    assert "no PostgreSQL server" in skipped[0]
    assert skipped[0].startswith("SKIPPED [")
    assert "tests/conftest.py:" in skipped[0]
    count = int(skipped[0].split("[")[1].split("]")[0])
    assert count > 1
