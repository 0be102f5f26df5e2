"""What the window's File menu and the pages' buttons do with files: PDF reports,
imports with their preview, exports, the demo sample.

Each asks for a path on the GUI thread through a chooser (a file dialog in the app;
tests hand in a path), then does the work as a background operation
(:mod:`recruitdesk.gui.operations`) with a progress bar and Cancel, and says how it
went in one sentence on :attr:`FileActions.said`.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from recruitdesk import collector
from recruitdesk.domain.wording import count
from recruitdesk.errors import KnownError
from recruitdesk.gui.cv_dialog import CvDialog
from recruitdesk.gui.file_dialogs import ask_open_path, ask_save_path
from recruitdesk.gui.import_dialog import ImportDialog
from recruitdesk.gui.operations import Operations
from recruitdesk.progress import Progress
from recruitdesk.reports.gather import DEFAULT_SHORTLIST, blind_reference
from recruitdesk.reports.pdf import PaperSize
from recruitdesk.reports.render import write_candidate_report, write_shortlist_report
from recruitdesk.reports.writers import WrittenReport
from recruitdesk.storage.database import Database
from recruitdesk.storage.demo import DemoSummary, load_demo
from recruitdesk.storage.duplicates import duplicates_of_values
from recruitdesk.transfer.cv_import import CvPreview, is_cv, read_cv_preview
from recruitdesk.transfer.export_files import ExportSummary
from recruitdesk.transfer.formats import export, export_filter, export_target, import_filter
from recruitdesk.transfer.preview import Preview, read_preview

#: ``(parent, title, suggested name, file filter) -> chosen path, or "" when cancelled``.
PathChooser = Callable[[QWidget, str, str, str], str]


def _pdf_path(text: str) -> Path:
    path = Path(text)
    return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")


class FileActions(QObject):
    """The file work of one window; ``said`` carries the sentence for its status bar."""

    said = Signal(str)

    def __init__(
        self,
        window: QWidget,
        database: Database,
        operations: Operations,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.database = database
        self.operations = operations
        #: Where files are saved and opened from (tests hand in paths instead).
        self.choose_save_path: PathChooser = ask_save_path
        self.choose_open_path: PathChooser = ask_open_path
        #: The import preview open now, if any.
        self.dialog: ImportDialog | None = None
        #: The last CV preview opened (tests reach it here).
        self.cv_dialog: CvDialog | None = None

    def candidate_report(self, candidate_id: int, name: str, *, blind: bool = False) -> bool:
        """Ask where, then write the candidate's report; ``False`` when cancelled."""
        kind = "blind profile" if blind else "report"
        # A blind profile's file goes to a client too: its name must not give the person away.
        suggested = (
            f"{blind_reference(candidate_id)} - profile.pdf" if blind else f"{name} - report.pdf"
        )
        chosen = self.choose_save_path(
            self.window, f"Save the {kind} of {name}", suggested, "PDF (*.pdf)"
        )
        if not chosen:
            return False
        database, path = self.database, _pdf_path(chosen)

        def work(progress: Progress) -> WrittenReport:
            return write_candidate_report(
                database,
                candidate_id,
                path,
                paper=PaperSize.A4,
                blind=blind,
                in_child_process=True,
                progress=progress,
            )

        self.operations.query(
            self.window,
            work,
            lambda written: self.said.emit(
                f"Wrote {written.path.name} ({count(written.pages, 'page')})."
            ),
            title=f"Writing the {kind}",
            cancellable=True,
        )
        return True

    def shortlist_report(
        self, position_id: int, title: str, *, blind: bool = False, top: int = DEFAULT_SHORTLIST
    ) -> bool:
        """Ask where, then write the position's shortlist; ``False`` when cancelled."""
        chosen = self.choose_save_path(
            self.window, f"Save the shortlist of {title}", f"Shortlist - {title}.pdf", "PDF (*.pdf)"
        )
        if not chosen:
            return False
        database, path = self.database, _pdf_path(chosen)

        def work(progress: Progress) -> WrittenReport:
            return write_shortlist_report(
                database,
                position_id,
                path,
                top=top,
                blind=blind,
                in_child_process=True,
                progress=progress,
            )

        self.operations.query(
            self.window,
            work,
            lambda written: self.said.emit(
                f"Wrote the shortlist {written.path.name} ({count(written.pages, 'page')})."
            ),
            title="Writing the shortlist",
            cancellable=True,
        )
        return True

    def import_with_preview(self) -> bool:
        """Ask for a file, read it in the background, then show its preview; the
        dialog imports what the user accepts."""
        chosen = self.choose_open_path(self.window, "Import candidates", "", import_filter())
        if not chosen:
            return False
        path = Path(chosen)
        if is_cv(path):
            self.import_cv(path)
            return True

        def read(progress: Progress) -> Preview:
            preview = read_preview(path, progress)
            # The collector stays off until the dialog holds its own pause: a full
            # collection between the two would walk every row just read.
            collector.pause()
            return preview

        self.operations.query(
            self.window,
            read,
            self._show_preview,
            title=f"Reading {path.name}",
            cancellable=True,
            on_failure=lambda error: self._unreadable(path, error),
        )
        return True

    def import_cv(self, path: Path) -> None:
        """Read a CV (and who on file may be its person) in the background, then show
        what was read for confirmation; the dialog adds them."""
        database = self.database

        def read(progress: Progress) -> tuple[CvPreview, list[Any]]:
            progress.step(0, None, f"reading {path.name}")
            preview = read_cv_preview(path)
            return preview, duplicates_of_values(database, preview.values)

        self.operations.query(
            self.window,
            read,
            lambda found: self._show_cv(*found),
            title=f"Reading {path.name}",
            on_failure=lambda error: self._unreadable(path, error),
        )

    def _show_cv(self, preview: CvPreview, suspects: list[Any]) -> None:
        dialog = CvDialog(self.database, self.operations, preview, suspects, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.said.emit(dialog.report.summary() if dialog.report else "")
        )
        self.cv_dialog = dialog
        dialog.open()

    def _show_preview(self, preview: Preview) -> None:
        try:
            self.dialog = ImportDialog(self.database, self.operations, preview, self.window)
        finally:
            collector.resume()
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.finished.connect(self._dialog_closed)
        self.dialog.accepted.connect(self._imported)
        self.dialog.open()

    def _dialog_closed(self) -> None:
        # The dialog deletes itself; holding its wrapper kept the preview (and a
        # bundle's records) alive until the next import.
        self.dialog = None

    def _imported(self) -> None:
        dialog = self.dialog
        if dialog is not None and dialog.report is not None:
            self.said.emit(dialog.report.summary())

    def _unreadable(self, path: Path, error: BaseException) -> None:
        if not isinstance(error, KnownError):
            self.operations.report_failure(f"Reading {path.name}", error)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "Cannot import", str(error), parent=self.window)
        box.setObjectName("importRefused")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def export_data(self) -> bool:
        """Ask where and in which format (by the file type chosen), then export."""
        chosen = self.choose_save_path(
            self.window, "Export", "recruitdesk-export.zip", export_filter()
        )
        if not chosen:
            return False
        format_, path = export_target(Path(chosen))
        database = self.database

        def work(progress: Progress) -> ExportSummary:
            progress.step(0, None, path.name)
            return export(database, path, format=format_)

        self.operations.query(
            self.window,
            work,
            lambda report: self.said.emit(report.summary()),
            title="Exporting",
            cancellable=True,
        )
        return True

    def load_demo(self, candidates: int) -> None:
        """Fill the empty database with the demo sample."""
        database = self.database

        def work(progress: Progress) -> DemoSummary:
            # Here, not at the top: the analysis engine is a tenth of the window's start.
            from recruitdesk.jobs.demo_analyses import demo_analyses

            return load_demo(
                database, candidates=candidates, progress=progress, analyses=demo_analyses
            )

        self.operations.write(
            self.window,
            work,
            lambda summary: self.said.emit(
                f"Loaded {count(summary.candidates, 'candidate')} and "
                f"{count(summary.positions, 'position')}."
            ),
            title="Loading the demo sample",
            cancellable=True,
        )
