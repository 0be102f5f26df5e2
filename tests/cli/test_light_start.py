"""The command line starts at once: a command imports what it runs, and the analysis
workers import the metrics and nothing of the app around them.

Each check runs in a fresh interpreter, the only place where "not imported" can be
seen; what it looks at is ``sys.modules``, not a clock.
"""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tests import templates
from tests.xvfb.real_app import app_environment

#: Packages that take a large part of a second to import, none of them needed to
#: read the arguments, to print the help or to calculate a salary band.
HEAVY = ("sqlalchemy", "alembic", "github", "requests", "PySide6", "shiboken6", "radon", "keyring")

#: Runs the command as the console script does, then prints what it imported.
RUN_COMMAND = textwrap.dedent(
    """
    import json, sys
    from recruitdesk.cli import main
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
    print(json.dumps(sorted(sys.modules)), file=sys.stderr)
    """
)


def imported_by(*args: str) -> tuple[str, set[str]]:
    """The command's output and the modules it imported, in a fresh interpreter."""
    completed = subprocess.run(
        [sys.executable, "-c", RUN_COMMAND, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    modules = json.loads(completed.stderr.strip().splitlines()[-1])
    return completed.stdout, set(modules)


def heavy(modules: set[str]) -> list[str]:
    return sorted({name for name in modules if name.split(".")[0] in HEAVY})


def test_help_imports_no_heavy_package() -> None:
    out, modules = imported_by("--help")
    assert "analyze" in out  # the command ran
    assert heavy(modules) == []
    assert not any(name.startswith(("recruitdesk.storage.", "recruitdesk.gui")) for name in modules)


def test_the_analyze_help_shows_its_defaults_without_pygithub() -> None:
    out, modules = imported_by("analyze", "--help")
    words = " ".join(out.split())  # argparse wraps the help to the terminal's width
    assert "(default https://api.github.com;" in words
    assert "(default 10)" in words
    assert heavy(modules) == []


def test_a_salary_band_imports_no_heavy_package() -> None:
    out, modules = imported_by("salary", "--region", "western_europe", "--level", "senior")
    assert "Western Europe, Senior" in out
    assert "recruitdesk.domain.salary" in modules
    assert heavy(modules) == []


def test_an_offline_analysis_imports_neither_github_nor_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RECRUITDESK_DB", raising=False)
    (tmp_path / "shop.py").write_text("def price(n: int) -> int:\n    return n * 2\n")
    out, modules = imported_by("analyze", "--path", str(tmp_path), "--json")
    assert json.loads(out)["repos"][0]["files"] == 1
    assert "radon" in modules
    assert [name for name in heavy(modules) if not name.startswith("radon")] == []


#: A main module like the console script's (a file that imports the command line),
#: whose analysis workers report what they imported.
WORKER_PROBE = textwrap.dedent(
    """
    import json, sys
    import sqlalchemy
    from recruitdesk.cli import main
    from recruitdesk.analysis.pool import map_in_workers

    if __name__ == "__main__":
        seen = map_in_workers(eval, ["sorted(__import__('sys').modules)"] * 2, 2)
        print(json.dumps(seen))
    """
)


def test_analysis_workers_import_the_metrics_not_the_command_line(tmp_path: Path) -> None:
    script = tmp_path / "recruitdesk_script.py"
    script.write_text(WORKER_PROBE, encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=True
    )
    workers = json.loads(completed.stdout)
    assert len(workers) == 2
    for modules in workers:
        assert "recruitdesk.analysis.metrics" in modules  # preloaded by the fork server
        assert "recruitdesk.cli" not in modules
        assert not [name for name in modules if name.split(".")[0] in ("sqlalchemy", "PySide6")]


#: Starts the app on a database and prints what it imported once the window shows (the
#: geometry probe's first write), then ends the process: the window's start is what
#: is looked at, not what an action imports later.
OPEN_WINDOW = textwrap.dedent(
    """
    import json, os, sys, threading, time
    from pathlib import Path
    from recruitdesk.cli import main

    shown = Path(os.environ["RECRUITDESK_GEOMETRY_FILE"])

    def report_when_shown():
        while not shown.exists():
            time.sleep(0.01)
        print(json.dumps(sorted(sys.modules)), file=sys.stderr, flush=True)
        os._exit(0)

    threading.Thread(target=report_when_shown, daemon=True).start()
    main(["--db", sys.argv[1]])
    """
)

#: What the window's start leaves to the action that needs it: GitHub's client (a job
#: or a token check), the analysis engine's metrics (a take-home, the demo), NumPy (a
#: duplicate search), icalendar (an invitation).
NOT_AT_WINDOW_START = ("github", "requests", "radon", "numpy", "icalendar")


def test_opening_the_window_leaves_the_heavy_packages_to_the_actions(tmp_path: Path) -> None:
    db = templates.empty_file(tmp_path / "empty.sqlite")
    env = app_environment(tmp_path, QT_QPA_PLATFORM="offscreen")
    completed = subprocess.run(
        [sys.executable, "-c", OPEN_WINDOW, str(db)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=env,
    )
    modules = set(json.loads(completed.stderr.strip().splitlines()[-1]))
    assert "recruitdesk.gui.main_window" in modules  # the window did open
    assert sorted({name for name in modules if name.split(".")[0] in NOT_AT_WINDOW_START}) == []
