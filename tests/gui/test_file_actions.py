"""The window's File menu: reports, export and import, with paths handed in as a file
dialog would."""

import os
import zipfile
from pathlib import Path

import pytest
from gui_helpers import GuiThreadReads, pane_loaded, window_settled
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from tests import templates
from tests.pdf_text import page_texts

from recruitdesk.gui.main_window import MainWindow
from recruitdesk.gui.pages import CANDIDATES, POSITIONS
from recruitdesk.storage.demo import load_demo
from recruitdesk.storage.erasure import lapsed_consent_count
from recruitdesk.storage.maintenance import check_sqlite
from recruitdesk.storage.queries import board_stages


def window_on_demo(qtbot: QtBot, db_path: Path) -> MainWindow:
    window = MainWindow(str(templates.demo_file(db_path, candidates=120, seed=5)))
    qtbot.addWidget(window)
    window.show()
    window_settled(qtbot, window)
    return window


def finish(qtbot: QtBot, window: MainWindow) -> None:
    """Wait for the window's background work (reports, exports) to end."""
    qtbot.waitUntil(lambda: not window.operations.running, timeout=20_000)


def choosing(path: Path | str) -> object:
    def choose(_parent: object, _title: str, _suggested: str, _filters: str) -> str:
        return str(path)

    return choose


def test_the_candidate_report_of_the_open_candidate(
    qtbot: QtBot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = window_on_demo(qtbot, db_path)
    window.files.choose_save_path = choosing(tmp_path / "report")  # type: ignore[assignment]
    window.report_action.trigger()
    assert "Open a candidate first" in window.statusBar().currentMessage()
    candidate_id = next(iter(board_stages(window.database, window.board.position_id or 1)))
    window.open_candidate(candidate_id)
    pane_loaded(qtbot, window.pane)
    reads = GuiThreadReads(window.database, monkeypatch)
    window.report_action.trigger()  # the name comes from the pane: nothing is read for it
    assert reads.count == 0
    finish(qtbot, window)
    written = tmp_path / "report.pdf"
    assert written.is_file()
    assert window.pane.header.name.text() in page_texts(written, first=1)[0]
    assert "Wrote report.pdf" in window.statusBar().currentMessage()


def test_the_shortlist_of_the_position_in_view(qtbot: QtBot, db_path: Path, tmp_path: Path) -> None:
    window = window_on_demo(qtbot, db_path)
    window.files.choose_save_path = choosing(tmp_path / "short.pdf")  # type: ignore[assignment]
    window.show_page(POSITIONS)
    window.positions_page.show_matches(window.board.position_id)
    window.shortlist_action.trigger()
    finish(qtbot, window)
    assert page_texts(tmp_path / "short.pdf", first=1)[0].count("Shortlist") >= 1


def test_export_takes_its_format_from_the_file_type(
    qtbot: QtBot, db_path: Path, tmp_path: Path
) -> None:
    window = window_on_demo(qtbot, db_path)
    window.files.choose_save_path = choosing(tmp_path / "all")  # type: ignore[assignment]
    window.export_action.trigger()
    finish(qtbot, window)
    with zipfile.ZipFile(tmp_path / "all.zip") as bundle:
        assert "manifest.json" in bundle.namelist()
    window.files.choose_save_path = choosing(tmp_path / "people.csv")  # type: ignore[assignment]
    window.export_action.trigger()
    finish(qtbot, window)
    assert (tmp_path / "people.csv").read_text("utf-8-sig").count("\n") == 121
    assert "Exported 120 candidates" in window.statusBar().currentMessage()


def test_cancelled_choices_do_nothing(qtbot: QtBot, db_path: Path, tmp_path: Path) -> None:
    window = window_on_demo(qtbot, db_path)
    window.files.choose_save_path = choosing("")  # type: ignore[assignment]
    window.files.choose_open_path = choosing("")  # type: ignore[assignment]
    message = window.statusBar().currentMessage()
    for action in (window.export_action, window.shortlist_action, window.import_action):
        action.trigger()
    written = [p.name for p in tmp_path.iterdir() if p.suffix in {".pdf", ".zip", ".csv", ".json"}]
    assert written == []
    assert window.statusBar().currentMessage() == message


def test_lapsed_consent_is_said_at_start_and_leads_to_the_people(
    qtbot: QtBot, db_path: Path
) -> None:
    with templates.open_empty(db_path) as database:
        load_demo(database, candidates=300, seed=5)
        lapsed = lapsed_consent_count(database)
    assert lapsed > 0  # the demo sample lets some consents lapse
    window = MainWindow(str(db_path))
    qtbot.addWidget(window)
    window.show()
    window_settled(qtbot, window)
    assert window.lapsed_notice.isVisible()
    assert f"Consent lapsed for {lapsed:,} candidate" in window.lapsed_notice.text()
    window.lapsed_notice.click()
    assert window.current_page() == CANDIDATES
    qtbot.waitUntil(lambda: window.candidates_view.model.rowCount() == lapsed)


def test_the_pane_and_the_matches_view_have_their_pdf_buttons(
    qtbot: QtBot, db_path: Path, tmp_path: Path
) -> None:
    window = window_on_demo(qtbot, db_path)
    suggested: list[str] = []

    def choose(_parent: object, _title: str, name: str, _filters: str) -> str:
        suggested.append(name)
        return str(tmp_path / f"{len(suggested)}.pdf")

    window.files.choose_save_path = choose  # type: ignore[assignment]
    candidate_id = next(iter(board_stages(window.database, window.board.position_id or 1)))
    window.open_candidate(candidate_id)
    pane_loaded(qtbot, window.pane)
    window.pane.header.report_button.click()
    finish(qtbot, window)
    assert (tmp_path / "1.pdf").is_file()
    window.blind_action.trigger()
    finish(qtbot, window)
    blind_text = page_texts(tmp_path / "2.pdf", first=1)[0]
    name = window.pane.header.name.text()
    assert "Candidate C-" in blind_text
    assert name not in blind_text
    assert name not in suggested[1]  # the file's name goes to the client too
    assert suggested[1].startswith("Candidate C-")
    window.show_page(POSITIONS)
    window.positions_page.show_matches(window.board.position_id)
    window.positions_page.matches.shortlist_button.click()
    finish(qtbot, window)
    assert "Shortlist" in page_texts(tmp_path / "3.pdf", first=1)[0]


def test_no_file_action_writes_over_or_reads_the_open_database(qtbot: QtBot, db_path: Path) -> None:
    window = window_on_demo(qtbot, db_path)
    # The database under names an export and a report would take.
    csv, pdf = db_path.with_name("people.csv"), db_path.with_name("shortlist.pdf")
    os.link(db_path, csv)
    os.link(db_path, pdf)
    window.files.choose_save_path = choosing(csv)  # type: ignore[assignment]
    window.export_action.trigger()
    finish(qtbot, window)
    assert "it is the database recruitdesk has open" in window.statusBar().currentMessage()
    window.statusBar().clearMessage()
    window.files.choose_save_path = choosing(pdf)  # type: ignore[assignment]
    window.show_page(POSITIONS)
    window.positions_page.show_matches(window.board.position_id)
    window.shortlist_action.trigger()
    finish(qtbot, window)
    assert "it is the database recruitdesk has open" in window.statusBar().currentMessage()
    window.files.choose_open_path = choosing(db_path)  # type: ignore[assignment]
    window.import_action.trigger()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "importRefused") is not None)
    box = window.findChild(QMessageBox, "importRefused")
    assert isinstance(box, QMessageBox)
    assert "it is the database recruitdesk has open" in box.text()
    box.close()
    assert check_sqlite(db_path).ok
