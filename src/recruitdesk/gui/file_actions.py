"""What the window's File menu and the pages' buttons do with files: PDF reports,
imports with their preview, exports. Each asks for a path through a chooser the caller
passes (a file dialog in the app; tests hand in a path), writes through the storage or
report functions, and returns the sentence to show."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from recruitdesk.errors import KnownError
from recruitdesk.gui.changes import ChangesHub
from recruitdesk.gui.import_dialog import open_import_dialog
from recruitdesk.reports.gather import blind_reference
from recruitdesk.reports.pdf import PaperSize
from recruitdesk.reports.render import write_candidate_report, write_shortlist_report
from recruitdesk.storage.database import Database
from recruitdesk.transfer.formats import export, export_filter, export_target, import_filter

#: ``(parent, title, suggested name, file filter) -> chosen path, or "" when cancelled``.
PathChooser = Callable[[QWidget, str, str, str], str]


def ask_save_path(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    path, _chosen = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path


def ask_open_path(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    path, _chosen = QFileDialog.getOpenFileName(parent, title, suggested, filters)
    return path


def _busy(work: Callable[[], str]) -> str:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return work()
    except KnownError as error:
        return str(error)
    finally:
        QGuiApplication.restoreOverrideCursor()


def _pdf_path(text: str) -> Path:
    path = Path(text)
    return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")


def save_candidate_report(
    parent: QWidget,
    database: Database,
    candidate_id: int,
    name: str,
    choose: PathChooser = ask_save_path,
    *,
    blind: bool = False,
) -> str | None:
    """Ask where, then write the candidate's report; ``None`` when cancelled."""
    kind = "blind profile" if blind else "report"
    # A blind profile's file goes to a client too: its name must not give the person away.
    suggested = (
        f"{blind_reference(candidate_id)} - profile.pdf" if blind else f"{name} - report.pdf"
    )
    chosen = choose(parent, f"Save the {kind} of {name}", suggested, "PDF (*.pdf)")
    if not chosen:
        return None

    def work() -> str:
        written = write_candidate_report(
            database, candidate_id, _pdf_path(chosen), paper=PaperSize.A4, blind=blind
        )
        return f"Wrote {written.path.name} ({written.pages} pages)."

    return _busy(work)


def save_shortlist_report(
    parent: QWidget,
    database: Database,
    position_id: int,
    title: str,
    choose: PathChooser = ask_save_path,
    *,
    blind: bool = False,
) -> str | None:
    """Ask where, then write the position's shortlist; ``None`` when cancelled."""
    chosen = choose(
        parent, f"Save the shortlist of {title}", f"Shortlist - {title}.pdf", "PDF (*.pdf)"
    )
    if not chosen:
        return None

    def work() -> str:
        written = write_shortlist_report(database, position_id, _pdf_path(chosen), blind=blind)
        return f"Wrote the shortlist {written.path.name} ({written.pages} pages)."

    return _busy(work)


def import_with_preview(
    parent: QWidget, database: Database, hub: ChangesHub, choose: PathChooser = ask_open_path
) -> str | None:
    """Ask for a file, show its preview, and import what the user accepts."""
    chosen = choose(parent, "Import candidates", "", import_filter())
    if not chosen:
        return None
    dialog = open_import_dialog(database, Path(chosen), parent)
    if dialog is None:
        return None
    dialog.imported.connect(hub.publish)
    dialog.exec()
    return dialog.report.summary() if dialog.report is not None else None


def export_data(
    parent: QWidget, database: Database, choose: PathChooser = ask_save_path
) -> str | None:
    """Ask where and in which format (by the file type chosen), then export."""
    chosen = choose(parent, "Export", "recruitdesk-export.zip", export_filter())
    if not chosen:
        return None
    format_, path = export_target(Path(chosen))
    return _busy(lambda: export(database, path, format=format_).summary())
