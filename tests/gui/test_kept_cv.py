"""The CV kept with a candidate, from the pane's details, with real widgets on a real
SQLite file: "Save CV as…" writes the kept bytes and refuses the database's own files,
"Open CV" hands the desktop a temporary copy of the same bytes."""

from pathlib import Path

from gui_helpers import pane_loaded
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from recruitdesk.gui.candidate.pane import CandidatePane
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.operations import Operations
from recruitdesk.storage.cv_files import add_candidate_with_file, file_bytes, list_files
from recruitdesk.storage.database import Database

#: Bytes of every value, so a copy that changed any of them (text mode, an encoding)
#: would not compare equal.
CV = b"%PDF-1.7\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"


def _button(section: QWidget, name: str) -> QPushButton:
    button = section.findChild(QPushButton, name)
    assert isinstance(button, QPushButton)
    return button


def _pane(
    qtbot: QtBot, database: Database, hub: ChangesHub, operations: Operations
) -> tuple[CandidatePane, int]:
    candidate_id, _ = add_candidate_with_file(
        database, {"full_name": "Ana Novak"}, "Ana Novak CV.pdf", "application/pdf", CV
    )
    pane = CandidatePane(database, hub, operations=operations)
    qtbot.addWidget(pane)
    pane.resize(600, 700)
    pane.show_candidate(candidate_id)
    pane_loaded(qtbot, pane)
    qtbot.waitUntil(lambda: pane.kept_files.isVisible())
    return pane, candidate_id


def test_save_cv_as_writes_the_kept_bytes_and_never_the_database(
    qtbot: QtBot,
    database: Database,
    hub: ChangesHub,
    operations: Operations,
    db_path: Path,
    tmp_path: Path,
) -> None:
    pane, candidate_id = _pane(qtbot, database, hub, operations)
    [kept] = list_files(database, candidate_id)
    section = pane.kept_files
    label = section.findChild(QLabel, "keptFileName")
    assert isinstance(label, QLabel)
    assert label.text().startswith("CV: Ana Novak CV.pdf · ")
    asked: list[tuple[str, str]] = []
    target = tmp_path / "out" / "Ana.pdf"
    target.parent.mkdir()

    def chooser(_parent: object, _title: str, suggested: str, filters: str) -> str:
        asked.append((suggested, filters))
        return str(target)

    section.choose_save_path = chooser
    _button(section, "saveCv").click()
    qtbot.waitUntil(lambda: pane.message.text().startswith("Saved Ana.pdf ("))
    assert asked == [("Ana Novak CV.pdf", "PDF (*.pdf)")]
    assert target.read_bytes() == file_bytes(database, kept.id) == CV

    before = db_path.stat()
    section.choose_save_path = lambda *_args: str(db_path)
    _button(section, "saveCv").click()
    qtbot.waitUntil(lambda: "database recruitdesk has open" in pane.message.text())
    assert pane.message.property("error") is True
    after = db_path.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        before.st_ino,
        before.st_size,
        before.st_mtime_ns,
    )
    assert list_files(database, candidate_id) == [kept]


class Viewer(QObject):
    """Stands in for the desktop's viewer: what it was asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url)


def test_open_cv_hands_the_desktop_a_copy_of_the_kept_bytes(
    qtbot: QtBot, database: Database, hub: ChangesHub, operations: Operations, db_path: Path
) -> None:
    pane, _candidate_id = _pane(qtbot, database, hub, operations)
    viewer = Viewer()
    QDesktopServices.setUrlHandler("file", viewer, "open")
    try:
        _button(pane.kept_files, "openCv").click()
        qtbot.waitUntil(lambda: viewer.opened != [])
    finally:
        QDesktopServices.unsetUrlHandler("file")
    [url] = viewer.opened
    copy = Path(url.toLocalFile())
    assert copy.name == "Ana Novak CV.pdf"
    assert copy.read_bytes() == CV
    assert copy.parent.parent != db_path.parent  # a private folder, not beside the data
    assert (copy.parent.parent.stat().st_mode & 0o077) == 0
