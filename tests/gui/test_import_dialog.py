"""The import preview: the mapping the user fixes, valid and invalid rows, skipping."""

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from recruitdesk.errors import KnownError
from recruitdesk.gui.import_dialog import ImportDialog, open_import_dialog
from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.migrate import open_database
from recruitdesk.storage.models import Candidate
from recruitdesk.transfer.formats import export

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"


def count(database: Database) -> int:
    with database.read() as session:
        return session.scalar(select(func.count()).select_from(Candidate)) or 0


def test_invalid_rows_are_shown_and_import_only_when_skipped(
    qtbot: QtBot, qtmodeltester: ModelTester, database: Database
) -> None:
    dialog = ImportDialog(database, FIXTURES / "bad_rows.csv")
    qtbot.addWidget(dialog)
    dialog.show()
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
    with qtbot.waitSignal(dialog.imported) as emitted:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert emitted.args[0].everything
    assert count(database) == 3
    assert dialog.result() == ImportDialog.DialogCode.Accepted


def test_the_user_fixes_the_mapping(
    qtbot: QtBot, qtmodeltester: ModelTester, database: Database
) -> None:
    dialog = ImportDialog(database, FIXTURES / "linkedin_connections.csv")
    qtbot.addWidget(dialog)
    assert "comma-separated, header on line 4, 3 rows" in dialog.about.text()
    assert dialog.mapping()[:4] == ["first_name", "last_name", "url", "email"]
    email = dialog.mapping().index("email")
    dialog.set_field(email, None)
    dialog.set_field(dialog.mapping().index("url"), None)
    assert "no column gives an e-mail or a GitHub profile" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    dialog.set_field(email, "email")
    dialog.set_field(4, "source")  # the Company column
    qtmodeltester.check(dialog.model)
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    with database.read() as session:
        sources = set(session.scalars(select(Candidate.source)))
    assert sources == {"Nimbus", "Data, Inc.", "Flowline"}


def test_json_resumes_have_no_mapping(qtbot: QtBot, database: Database) -> None:
    dialog = ImportDialog(database, FIXTURES / "resumes.json")
    qtbot.addWidget(dialog)
    assert dialog.combos == []
    assert "All 3 rows can be imported." in dialog.summary.text()
    dialog.import_button.click()
    assert count(database) == 3


def test_an_unreadable_file_is_said_in_a_message(
    qtbot: QtBot, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(KnownError, match="not a text file"):
        ImportDialog(database, garbage)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    assert open_import_dialog(database, garbage) is None
    assert "garbage.csv is not a text file" in said[0]


def test_a_bundle_previews_then_merges(
    qtbot: QtBot, qtmodeltester: ModelTester, database: Database, tmp_path: Path
) -> None:
    load_demo(database, candidates=15, seed=3, as_of=date(2026, 11, 21))
    export(database, tmp_path / "b.zip", format="bundle")
    with open_database(str(tmp_path / "other.sqlite")) as other:
        dialog = ImportDialog(other, tmp_path / "b.zip")
        qtbot.addWidget(dialog)
        qtmodeltester.check(dialog.model)
        assert "a recruitdesk bundle (format 1) holding" in dialog.about.text()
        assert "15 candidates" in dialog.about.text()
        assert dialog.import_button.isEnabled()
        with qtbot.waitSignal(dialog.imported):
            dialog.import_button.click()
        assert count(other) == 15
