"""The app's file dialogs list the database's folder without opening a file in it, and
refuse the database's own files: closing a descriptor of the database would drop
SQLite's locks, and another process would then delete the WAL under the app."""

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from file_opens import FileOpens
from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import text
from tests import templates

from recruitdesk.gui import file_actions
from recruitdesk.gui.file_dialogs import USE_WIDGET_DIALOG, FileDialog, Purpose, file_dialog
from recruitdesk.storage.database import Database

SRC = Path(__file__).resolve().parents[2] / "src" / "recruitdesk"
DATABASE_FILES = ("x.sqlite", "x.sqlite-wal", "x.sqlite-shm")

#: Another process (the command line, a backup tool, sqlite3) that opens the database,
#: saves, and closes it.
ANOTHER_PROCESS = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], timeout=10)
with connection:
    connection.execute("INSERT INTO saves (who) VALUES ('another process')")
connection.close()
"""


@pytest.fixture
def app_database(tmp_path: Path) -> Iterator[Database]:
    """The app's database in a folder of its own, with a save made (so a WAL exists)."""
    folder = tmp_path / "data"
    folder.mkdir()
    with templates.open_empty(folder / "x.sqlite") as database:
        save(database, "the app, before")
        yield database


def save(database: Database, who: str) -> None:
    with database.write() as session:
        session.execute(text("CREATE TABLE IF NOT EXISTS saves (who TEXT)"))
        session.execute(text("INSERT INTO saves (who) VALUES (:who)"), {"who": who})


def folder_of(database: Database) -> Path:
    return Path(database.display_name).parent


def listed(qtbot: QtBot, dialog: QFileDialog, folder: Path, names: list[str]) -> None:
    """Wait until the dialog shows each of ``names`` with its type."""
    model = dialog.findChild(QFileSystemModel)
    assert isinstance(model, QFileSystemModel)

    def done() -> bool:
        indexes = [model.index(str(folder / name)) for name in names]
        return all(index.isValid() and model.type(index) for index in indexes)

    qtbot.waitUntil(done, timeout=10_000)


def open_dialog(qtbot: QtBot, folder: Path, purpose: Purpose = Purpose.OPEN) -> FileDialog:
    dialog = file_dialog(None, "Import candidates", str(folder), "", purpose)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.directory().absolutePath() == str(folder)
    return dialog


@pytest.mark.skipif(not USE_WIDGET_DIALOG, reason="Windows keeps its own dialog")
def test_every_save_stays_visible_while_a_dialog_lists_the_database_folder(
    qtbot: QtBot, app_database: Database
) -> None:
    folder = folder_of(app_database)
    dialog = open_dialog(qtbot, folder)
    listed(qtbot, dialog, folder, list(DATABASE_FILES))
    database_file = folder / "x.sqlite"
    subprocess.run([sys.executable, "-c", ANOTHER_PROCESS, str(database_file)], check=True)
    save(app_database, "the app, after")
    with closing(sqlite3.connect(database_file)) as other:
        seen = [row[0] for row in other.execute("SELECT who FROM saves ORDER BY rowid")]
        integrity = other.execute("PRAGMA integrity_check").fetchall()
    assert seen == ["the app, before", "another process", "the app, after"]
    assert integrity == [("ok",)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")
def test_the_dialog_lists_a_folder_without_opening_its_files(
    qtbot: QtBot, app_database: Database
) -> None:
    folder = folder_of(app_database)
    # Names that do not settle a type are what a content sniffer opens.
    (folder / "notes").write_text("plain words")
    (folder / "people.csv").write_text("name\nAna\n")
    with FileOpens(folder) as opens:
        opens.take()
        dialog = open_dialog(qtbot, folder)
        listed(qtbot, dialog, folder, [*DATABASE_FILES, "notes", "people.csv"])
        model = dialog.findChild(QFileSystemModel)
        assert isinstance(model, QFileSystemModel)
        assert model.type(model.index(str(folder / "people.csv"))) != "File"
        assert opens.take() == set()


@pytest.mark.parametrize("purpose", list(Purpose))
@pytest.mark.parametrize("name", [*DATABASE_FILES, "a link to x.sqlite"])
def test_the_dialog_refuses_the_database_files(
    qtbot: QtBot, app_database: Database, purpose: Purpose, name: str
) -> None:
    folder = folder_of(app_database)
    os.link(folder / "x.sqlite", folder / "a link to x.sqlite")
    dialog = open_dialog(qtbot, folder, purpose)
    dialog.selectFile(str(folder / name))
    dialog.accept()
    box = dialog.findChild(QMessageBox, "databaseFileRefused")
    assert isinstance(box, QMessageBox)
    assert f"{name} belongs to the database recruitdesk has open" in box.text()
    assert dialog.isVisible()
    if purpose is Purpose.OPEN:
        (folder / "other.csv").write_text("name\n")
    dialog.selectFile(str(folder / "other.csv"))
    dialog.accept()
    assert not dialog.isVisible()
    assert dialog.selectedFiles() == [str(folder / "other.csv")]


def test_the_window_asks_through_these_dialogs_only() -> None:
    assert file_actions.ask_open_path.__module__ == "recruitdesk.gui.file_dialogs"
    assert file_actions.ask_save_path.__module__ == "recruitdesk.gui.file_dialogs"
    makers = [
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if "QFileDialog" in path.read_text(encoding="utf-8")
    ]
    assert makers == ["gui/file_dialogs.py"]
