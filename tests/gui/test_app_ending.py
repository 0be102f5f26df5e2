"""The app's process ends without tearing the GUI down once its window has closed
(issue 18: quitting took about 2 s), and still runs what must run at exit: a real
Python process with real widgets, ended the way ``run_gui`` ends it."""

import subprocess
import sys
from pathlib import Path

PROGRAM = """
import logging, sys, tempfile
from pathlib import Path
from PySide6.QtWidgets import QApplication, QLabel
from recruitdesk.gui.ending import end_with

out = Path(sys.argv[1])
logging.basicConfig(filename=out / "app.log", level=logging.INFO)
app = QApplication([])
labels = [QLabel(str(number)) for number in range(200)]
labels[0].destroyed.connect(lambda: (out / "torn-down").write_text("deleted"))
kept = tempfile.TemporaryDirectory(dir=out)  # removed by its exit handler
(out / "folder").write_text(kept.name)
logging.info("last words")
end_with(3)
sys.exit(0)
"""


def test_the_process_ends_with_its_code_after_the_exit_handlers(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[2] / "src"
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(tmp_path)],
        env={"PYTHONPATH": str(source), "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 3, done.stderr
    assert "last words" in (tmp_path / "app.log").read_text()
    assert not Path((tmp_path / "folder").read_text()).exists()
    assert not (tmp_path / "torn-down").exists(), "the widgets were deleted one by one"
