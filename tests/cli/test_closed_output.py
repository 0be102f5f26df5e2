"""``recruitdesk import f.csv | true``: the reader of the output is gone before the
summary is printed. The import stays done, and the command ends quietly with exit 1, as
Python's own documentation advises for a broken pipe."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests import templates


def test_a_closed_output_ends_quietly(tmp_path: Path, isolated_folders: Path) -> None:
    people = tmp_path / "f.csv"
    people.write_text("full_name,email\nAda Lovelace,ada@example.com\n", encoding="utf-8")
    # At the current schema already: the child's work is the import and its output.
    database = templates.empty_file(tmp_path / "x.sqlite")
    reader, writer = os.pipe()
    os.close(reader)  # nobody will ever read: every write to the pipe fails
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "recruitdesk", "--db", str(database), "import", str(people)],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(writer)
    assert (completed.returncode, completed.stderr) == (1, "")
    with sqlite3.connect(database) as connection:
        emails = connection.execute("SELECT email FROM candidates").fetchall()
    assert emails == [("ada@example.com",)]
