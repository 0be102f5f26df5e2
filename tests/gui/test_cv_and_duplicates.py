"""CVs and duplicates with real widgets: a CV dropped on the window opens its preview,
which adds the person with the file; the Duplicates page lists a pair, merges it field
by field and undoes the merge. Both are rendered to PNG, light and dark."""

import os
from datetime import date
from pathlib import Path

import pytest
from gui_helpers import use_scheme
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QGroupBox, QLabel, QRadioButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from tests.transfer import cv_samples
from tests.transfer.cv_samples import PERSON

from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.cv_dialog import CvDialog
from recruitdesk.gui.cv_drop import CvDropTarget
from recruitdesk.gui.duplicates_view import DuplicatesView
from recruitdesk.gui.file_actions import FileActions
from recruitdesk.gui.operations import Operations
from recruitdesk.storage.candidates import create_candidate, get_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.models.cv_files import CandidateFile, CandidateMerge
from recruitdesk.storage.models.pipeline import Candidate


def _shots(tmp_path: Path) -> Path:
    return Path(os.environ.get("RECRUITDESK_SHOTS", tmp_path))


def _drop(target: CvDropTarget, window: QWidget, path: Path) -> bool:
    """Hand the window's drop filter the drop a file manager makes (the offscreen
    platform delivers no drop sent by hand; tests/xvfb drags for real)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(QPoint(10, 10)),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    return target.eventFilter(window, event)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_dropped_cv_is_previewed_and_added(
    qtbot: QtBot,
    database: Database,
    operations: Operations,
    tmp_path: Path,
    scheme: str,
) -> None:
    # Someone with the same number is on file already: the preview says so.
    create_candidate(
        database,
        {"full_name": PERSON["name"], "location": "Oslo, Norway", "phone": "912 34 567"},
    )
    window = QWidget()
    qtbot.addWidget(window)
    files = FileActions(window, database, operations)
    target = CvDropTarget(window, files)
    assert window.acceptDrops()
    path = cv_samples.pdf_from_html(tmp_path / "Ingrid CV.pdf", cv_samples.classic_html())
    assert not _drop(target, window, tmp_path / "notes.txt")
    assert _drop(target, window, path)
    qtbot.waitUntil(lambda: files.cv_dialog is not None)
    dialog = files.cv_dialog
    assert isinstance(dialog, CvDialog)
    assert dialog.editors["full_name"].text() == PERSON["name"]
    assert dialog.editors["github_login"].text() == PERSON["login"]
    box = dialog.findChild(QGroupBox, "cvSuspects")
    assert box is not None
    said = " ".join(label.text() for label in box.findChildren(QLabel))
    assert "(candidate 1): the same phone number" in said
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    use_scheme(scheme)
    dialog.resize(1024, 700)
    assert dialog.grab().save(str(_shots(tmp_path) / f"cv-preview-{scheme}.png"), "PNG")
    dialog.editors["location"].setText("Oslo, Norway")
    dialog.add()
    qtbot.waitUntil(lambda: dialog.report is not None)
    (candidate_id,) = dialog.report.changes.candidates
    assert get_candidate(database, candidate_id).location == "Oslo, Norway"
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(CandidateFile)) == 1


def test_a_refused_cv_value_keeps_the_dialog_open(
    qtbot: QtBot, database: Database, operations: Operations, tmp_path: Path
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    files = FileActions(window, database, operations)
    files.import_cv(cv_samples.docx_file(tmp_path / "cv.docx", "plain"))
    qtbot.waitUntil(lambda: files.cv_dialog is not None)
    dialog = files.cv_dialog
    assert dialog is not None
    dialog.editors["email"].setText("not an address")
    dialog.add()
    qtbot.waitUntil(lambda: not dialog.problem.isHidden())
    assert "E-mail" in dialog.problem.text()
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Candidate)) == 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_duplicates_page_merges_and_undoes(
    qtbot: QtBot,
    database: Database,
    hub: ChangesHub,
    operations: Operations,
    tmp_path: Path,
    scheme: str,
) -> None:
    load_demo(database, candidates=12, seed=2, as_of=date(2026, 11, 21))
    first = get_candidate(database, 1)
    twin_id, _changes = create_candidate(
        database,
        {
            "full_name": first.full_name.upper(),
            "location": first.location,
            "phone": first.phone,
            "skills": ["Kubernetes", "Terraform"],
        },
    )
    view = DuplicatesView(database, hub, operations)
    qtbot.addWidget(view)
    view.resize(1024, 700)
    view.show()
    qtbot.waitUntil(lambda: view.panel.kept is not None)
    # Rows added to a shown panel appear at the next turn of the event loop.
    qtbot.waitUntil(lambda: all(b.isVisible() for b in view.panel.findChildren(QRadioButton)))
    assert (view.panel.kept.id, view.panel.absorbed.id) == (1, twin_id)  # type: ignore[union-attr]
    assert "the same phone number" in view.pairs.topLevelItem(0).text(2)  # type: ignore[union-attr]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    use_scheme(scheme)
    assert view.grab().save(str(_shots(tmp_path) / f"duplicates-{scheme}.png"), "PNG")
    assert view.panel.choices()["skills"] == "both"
    view.merge()
    qtbot.waitUntil(lambda: view.merges.topLevelItemCount() == 1)
    merged = get_candidate(database, 1)
    assert {"Kubernetes", "Terraform"} <= set(merged.skills)
    view.merges.setCurrentItem(view.merges.topLevelItem(0))
    view.undo()
    qtbot.waitUntil(lambda: view.merges.topLevelItemCount() == 0)
    assert get_candidate(database, twin_id).full_name == first.full_name.upper()
    assert get_candidate(database, 1).skills == first.skills
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(CandidateMerge)) == 0


def test_not_the_same_person_is_not_suggested_again_until_undone(
    qtbot: QtBot, database: Database, hub: ChangesHub, operations: Operations, tmp_path: Path
) -> None:
    load_demo(database, candidates=12, seed=2, as_of=date(2026, 11, 21))
    first = get_candidate(database, 1)
    namesake_id, _changes = create_candidate(
        database, {"full_name": first.full_name, "location": first.location}
    )
    view = DuplicatesView(database, hub, operations)
    qtbot.addWidget(view)
    view.resize(1024, 700)
    view.show()
    qtbot.waitUntil(lambda: view.panel.kept is not None and view.dismiss_button.isEnabled())
    pairs = view.pairs.topLevelItemCount()
    view.dismiss_button.click()
    qtbot.waitUntil(lambda: view.dismissals.topLevelItemCount() == 1)
    assert view.pairs.topLevelItemCount() == pairs - 1
    shown = view.dismissals.topLevelItem(0)
    assert shown is not None
    assert f"({namesake_id})" in shown.text(2)
    view.history.setCurrentIndex(1)
    view.dismissals.setCurrentItem(shown)
    assert view.grab().save(str(_shots(tmp_path) / "duplicates-dismissed.png"), "PNG")
    view.again_button.click()
    qtbot.waitUntil(lambda: view.dismissals.topLevelItemCount() == 0)
    qtbot.waitUntil(lambda: view.pairs.topLevelItemCount() == pairs)
