"""The import preview: the mapping the user fixes (rows checked again in the
background), valid and invalid rows, skipping, and the write with its progress and
Stop."""

import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from tests import templates

from recruitdesk.errors import KnownError
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.import_dialog import ImportDialog
from recruitdesk.gui.main_window import MainWindow
from recruitdesk.gui.operations import Operations
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.models.pipeline import Candidate
from recruitdesk.transfer import people_writer
from recruitdesk.transfer.formats import export
from recruitdesk.transfer.preview import read_preview

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"


def count(database: Database) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(Candidate)) or 0


def open_dialog(
    qtbot: QtBot, database: Database, operations: Operations, path: Path
) -> ImportDialog:
    dialog = ImportDialog(database, operations, read_preview(path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ready)
    return dialog


def import_and_wait(qtbot: QtBot, dialog: ImportDialog) -> None:
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)


def test_invalid_rows_are_shown_and_import_only_when_skipped(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    database: Database,
    operations: Operations,
    hub: ChangesHub,
) -> None:
    dialog = open_dialog(qtbot, database, operations, FIXTURES / "bad_rows.csv")
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 8
    assert dialog.model.invalid == 5
    assert "3 rows can be imported; 5 cannot" in dialog.summary.text()
    assert dialog.model.data(dialog.model.index(1, 5)) == "Full Name: A candidate needs a name"
    assert dialog.model.data(dialog.model.index(2, 2)) == "Bad Mail"
    assert dialog.model.data(dialog.model.index(2, 0)) == "4"
    assert not dialog.import_button.isEnabled()
    assert dialog.skip_invalid.isVisible()
    dialog.skip_invalid.setChecked(True)
    assert dialog.import_button.isEnabled()
    published: list[Changes] = []
    hub.changed.connect(published.append)
    import_and_wait(qtbot, dialog)
    assert published[0].everything
    assert published[0].initiator is dialog
    assert count(database) == 3
    assert dialog.result() == ImportDialog.DialogCode.Accepted


def test_one_row_is_counted_in_the_singular(
    qtbot: QtBot, database: Database, operations: Operations, tmp_path: Path
) -> None:
    path = tmp_path / "two.csv"
    path.write_text(
        "Full Name,Email,GitHub\nGood One,good.one@example.com,goodone\nBad Mail,no-mail,bad\n",
        encoding="utf-8",
    )
    dialog = open_dialog(qtbot, database, operations, path)
    qtbot.waitUntil(lambda: dialog.checking is None)
    assert dialog.about.text().endswith(", 2 rows")
    assert dialog.summary.text().startswith("1 row can be imported; 1 cannot")
    assert dialog.skip_invalid.text() == "Import the 1 valid row and skip the 1 invalid row"


def test_the_user_fixes_the_mapping(
    qtbot: QtBot, qtmodeltester: ModelTester, database: Database, operations: Operations
) -> None:
    dialog = open_dialog(qtbot, database, operations, FIXTURES / "linkedin_connections.csv")
    assert "comma-separated, header on line 4, 3 rows" in dialog.about.text()
    assert dialog.mapping()[:4] == ["first_name", "last_name", "url", "email"]
    email = dialog.mapping().index("email")
    dialog.set_field(email, None)
    dialog.set_field(dialog.mapping().index("url"), None)
    assert not dialog.import_button.isEnabled()  # while the rows are checked again
    qtbot.waitUntil(lambda: dialog.checking is None)
    assert "no column gives an e-mail or a GitHub profile" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    dialog.set_field(email, "email")
    dialog.set_field(4, "source")  # the Company column
    qtbot.waitUntil(lambda: dialog.checking is None)
    qtmodeltester.check(dialog.model)
    assert dialog.import_button.isEnabled()
    import_and_wait(qtbot, dialog)
    with database.read() as session:
        sources = set(session.scalars(select(Candidate.source)))
    assert sources == {"Nimbus", "Data, Inc.", "Flowline"}


def test_json_resumes_have_no_mapping(
    qtbot: QtBot, database: Database, operations: Operations
) -> None:
    dialog = open_dialog(qtbot, database, operations, FIXTURES / "resumes.json")
    assert dialog.combos == []
    assert "All 3 rows can be imported." in dialog.summary.text()
    import_and_wait(qtbot, dialog)
    assert count(database) == 3


def test_stop_rolls_the_import_back_and_keeps_the_dialog(
    qtbot: QtBot,
    database: Database,
    operations: Operations,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Stop while the rows are written: nothing is kept, and the dialog can try again."""
    writing = threading.Event()
    stopped = threading.Event()
    real_insert = people_writer._insert_people

    def slow_insert(session: object, rows: list[dict[str, object]]) -> dict[str, int]:
        inserted = real_insert(session, rows)  # type: ignore[arg-type]
        writing.set()
        stopped.wait(10)  # the user presses Stop meanwhile
        return inserted

    monkeypatch.setattr(people_writer, "_insert_people", slow_insert)
    dialog = open_dialog(qtbot, database, operations, FIXTURES / "resumes.json")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.progress.isVisible()
    assert dialog.cancel_button.text() == "Stop"
    qtbot.waitUntil(writing.is_set)
    dialog.cancel_button.click()
    assert dialog.isVisible()  # Stop does not close the dialog half-way
    stopped.set()
    qtbot.waitUntil(lambda: dialog.writing is None)
    assert dialog.summary.text() == "Stopped: nothing was imported."
    assert count(database) == 0
    assert dialog.isVisible()
    assert dialog.import_button.isEnabled()
    monkeypatch.setattr(people_writer, "_insert_people", real_insert)
    import_and_wait(qtbot, dialog)
    assert count(database) == 3


def test_an_unreadable_file_is_said_in_a_message(
    qtbot: QtBot, db_path: Path, tmp_path: Path
) -> None:
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(KnownError, match="not a text file"):
        read_preview(garbage)
    window = MainWindow(str(templates.empty_file(db_path)), start_jobs=False)
    qtbot.addWidget(window)
    window.files.choose_open_path = lambda *_args: str(garbage)
    window.import_action.trigger()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "importRefused") is not None)
    box = window.findChild(QMessageBox, "importRefused")
    assert isinstance(box, QMessageBox)
    assert "garbage.csv is not a text file" in box.text()
    box.close()


def test_the_window_reads_then_previews_then_imports(qtbot: QtBot, db_path: Path) -> None:
    window = MainWindow(str(templates.empty_file(db_path)), start_jobs=False)
    qtbot.addWidget(window)
    window.show()
    window.files.choose_open_path = lambda *_args: str(FIXTURES / "resumes.json")
    window.import_action.trigger()
    qtbot.waitUntil(lambda: window.findChild(ImportDialog, "importDialog") is not None)
    dialog = window.findChild(ImportDialog, "importDialog")
    assert isinstance(dialog, ImportDialog)
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.ready)
    import_and_wait(qtbot, dialog)
    qtbot.waitUntil(lambda: "3 candidates" in window.status.text())
    assert window.statusBar().currentMessage() == (
        "resumes.json: 3 candidates added, 0 updated, 0 unchanged."
    )


def test_a_bundle_previews_then_merges(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    database: Database,
    operations: Operations,
    tmp_path: Path,
) -> None:
    load_demo(database, candidates=15, seed=3, as_of=date(2026, 11, 21))
    export(database, tmp_path / "b.zip", format="bundle")
    with templates.open_empty(tmp_path / "other.sqlite") as other:
        dialog = open_dialog(qtbot, other, operations, tmp_path / "b.zip")
        qtmodeltester.check(dialog.model)
        assert "a recruitdesk bundle (format 1) holding" in dialog.about.text()
        assert "15 candidates" in dialog.about.text()
        assert dialog.import_button.isEnabled()
        import_and_wait(qtbot, dialog)
        assert count(other) == 15


def test_the_preview_opens_before_its_rows_are_shown(
    qtbot: QtBot, database: Database, operations: Operations
) -> None:
    """Opening is split over turns of the event loop: the window is never held while
    the mapping and thousands of rows are laid out."""
    dialog = ImportDialog(database, operations, read_preview(FIXTURES / "bad_rows.csv"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ready
    assert dialog.combos == []
    assert dialog.table.model() is None
    assert not dialog.import_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.ready)
    assert dialog.combos
    assert dialog.table.model() is dialog.model
    assert dialog.model.rowCount() == 8
