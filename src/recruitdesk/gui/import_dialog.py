"""The import preview: what a CSV, a JSON Resume file or a bundle holds before anything
is written (docs/architecture.md, "Background operations").

The file was read in the background (:func:`recruitdesk.transfer.preview.read_preview`).
For a CSV the dialog shows how each column is mapped (the guess from the header, which
the user can fix: the rows are checked again in the background), then every row with
its line and whether it can be imported, and why not. A file with invalid rows imports
only when the user chooses to skip them. The import itself is one background write,
all or nothing, with a progress bar and Cancel in the dialog; a refusal found only
then (a conflict with people already stored) is shown and nothing is written.
"""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from recruitdesk import collector
from recruitdesk.domain.csv_columns import CSV_COLUMNS
from recruitdesk.domain.wording import count
from recruitdesk.errors import KnownError
from recruitdesk.gui.import_preview_model import PreviewModel
from recruitdesk.gui.operations import Operations
from recruitdesk.progress import Cancelled, Progress, Step
from recruitdesk.storage.database import Database
from recruitdesk.transfer.bundle_merge import merge_bundle
from recruitdesk.transfer.people_writer import import_people
from recruitdesk.transfer.preview import CheckedRows, Preview, check_csv
from recruitdesk.transfer.results import ImportReport

_BAR_STEPS = 1000
#: The columns whose mapping boxes are added per turn of the event loop.
_COLUMNS_PER_TURN = 2


#: What a bundle's member holds, one and many ("1 analysis", "2 analyses").
_MEMBER_NOUNS: dict[str, tuple[str, str]] = {
    "positions.json": ("position", "positions"),
    "candidates.json": ("candidate", "candidates"),
    "applications.json": ("application", "applications"),
    "notes.json": ("note", "notes"),
    "scorecards.json": ("scorecard", "scorecards"),
    "analyses.json": ("analysis", "analyses"),
}


class ImportDialog(QDialog):
    """Preview a file; fix a CSV's column mapping; then import it (a bundle merges)."""

    def __init__(
        self,
        database: Database,
        operations: Operations,
        preview: Preview,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        # The preview holds every row of the file until the dialog goes: a full garbage
        # collection walking them all would freeze the window (see recruitdesk.collector).
        self._collector = collector.paused()
        self._collector.__enter__()
        self.destroyed.connect(
            lambda _gone=None, held=self._collector: held.__exit__(None, None, None)
        )
        self.database = database
        self.operations = operations
        self.preview = preview
        # A bundle's records wait in a private file: it goes when the dialog does.
        self.finished.connect(lambda _result: preview.close())
        self.checked = preview.checked
        self.report: ImportReport | None = None
        self.combos: list[QComboBox] = []
        #: The background check of the rows under a changed mapping, if one runs.
        self.checking: int | None = None
        #: The background write, once Import was pressed.
        self.writing: int | None = None
        #: Whether the dialog is built: it opens at once with what the file is, then
        #: adds the mapping and then the rows, one step per turn of the event loop, so
        #: opening it never holds the window for long.
        self.ready = False
        self.setWindowTitle(f"Import {preview.path.name}")
        self.resize(900, 640)
        self.layout_ = QVBoxLayout(self)
        self.about = QLabel(self._describe())
        self.about.setWordWrap(True)
        self.layout_.addWidget(self.about)
        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.layout_.addWidget(self.table, 1)
        self.summary = QLabel("Preparing the preview…")
        self.summary.setWordWrap(True)
        self.layout_.addWidget(self.summary)
        self.skip_invalid = QCheckBox()
        self.skip_invalid.hide()
        self.skip_invalid.toggled.connect(self._update_buttons)
        self.layout_.addWidget(self.skip_invalid)
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.hide()
        self.layout_.addWidget(self.progress)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Import")
        self.import_button.setEnabled(False)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)
        operations.progressed.connect(self._progressed)
        QTimer.singleShot(0, self, self._add_mapping)

    def _add_mapping(self) -> None:
        source = self.preview.source
        if source is None:
            QTimer.singleShot(0, self, self._add_rows)
            return
        box = QGroupBox("Columns: what each one holds")
        self.mapping_rows = QWidget()
        self.form = QFormLayout(self.mapping_rows)
        self.mapping_area = QScrollArea()
        self.mapping_area.setWidget(self.mapping_rows)
        self.mapping_area.setWidgetResizable(True)
        self.mapping_area.setMaximumHeight(200)
        QVBoxLayout(box).addWidget(self.mapping_area)
        self.layout_.insertWidget(1, box)
        # One list of fields that every column's combo box shows: filled item by item
        # per box, the fields were most of the time the dialog took to open.
        self.fields = QStandardItemModel(self)
        for text, key in (("(ignore)", None), *((c.label, c.key) for c in CSV_COLUMNS)):
            item = QStandardItem(text)
            item.setData(key, Qt.ItemDataRole.UserRole)
            self.fields.appendRow(item)
        QTimer.singleShot(0, self, self._add_columns)

    def _add_columns(self) -> None:
        """A few columns' boxes per turn: each box is styled as it is added."""
        source = self.preview.source
        assert source is not None
        sample = source.records[0][1] if source.records else []
        start = len(self.combos)
        for index in range(start, min(start + _COLUMNS_PER_TURN, len(source.header))):
            combo = QComboBox()
            combo.setModel(self.fields)
            guessed = source.mapping[index]
            combo.setCurrentIndex(max(0, combo.findData(guessed)) if guessed else 0)
            combo.currentIndexChanged.connect(self._recheck)
            example = sample[index] if index < len(sample) else ""
            header = source.header[index]
            self.form.addRow(QLabel(f"{header or '(no name)'}  <i>{example[:40]}</i>"), combo)
            self.combos.append(combo)
        # The area grows with the rows added, up to its maximum: its size hint was
        # taken while it was empty.
        area = self.mapping_area
        wanted = self.mapping_rows.sizeHint().height() + 2 * area.frameWidth()
        area.setMinimumHeight(min(wanted, area.maximumHeight()))
        more = len(self.combos) < len(source.header)
        QTimer.singleShot(0, self, self._add_columns if more else self._add_rows)

    def _add_rows(self) -> None:
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.ready = True
        self._show_checked()

    # -- what the file holds -------------------------------------------------------------

    def _describe(self) -> str:
        name = self.preview.path.name
        bundle, source = self.preview.bundle, self.preview.source
        if bundle is not None:
            counts = ", ".join(
                count(len(items), *_MEMBER_NOUNS[member])
                for member, items in bundle.records.items()
            )
            return (
                f"<b>{name}</b>: a recruitdesk bundle (format "
                f"{bundle.manifest['format_version']}) holding {counts}. It merges: the "
                "newer edit of each field wins, nothing here is deleted."
            )
        if source is None:
            return f"<b>{name}</b>: JSON Resume"
        return (
            f"<b>{name}</b>: CSV, {source.encoding.upper()}, "
            f"{source.delimiter_name}-separated, header on line "
            f"{source.header_line}, {count(len(source.records), 'row')}"
        )

    def mapping(self) -> list[str | None]:
        return [combo.currentData() for combo in self.combos]

    def set_field(self, column: int, field: str | None) -> None:
        """Map a column to a field, as the user does with its combo box."""
        combo = self.combos[column]
        combo.setCurrentIndex(max(0, combo.findData(field)) if field else 0)

    def _recheck(self) -> None:
        """Check every row again under the new mapping, in the background."""
        source = self.preview.source
        if source is None:
            return
        if self.checking is not None:
            self.operations.cancel(self.checking)
        mapping = self.mapping()

        def check(progress: Progress) -> CheckedRows:
            return check_csv(source, mapping, progress)

        self.summary.setText("Checking the rows…")
        operation = self.operations.query(
            self,
            check,
            lambda checked: self._checked(operation, checked),
            on_failure=lambda error: self._check_failed(operation, error),
        )
        self.checking = operation
        self._update_buttons()

    def _checked(self, operation: int, checked: CheckedRows) -> None:
        if operation != self.checking:  # a newer mapping is being checked
            return
        self.checking = None
        self.checked = checked
        self._show_checked()

    def _check_failed(self, operation: int, error: BaseException) -> None:
        if operation != self.checking or isinstance(error, Cancelled):
            return
        self.checking = None
        self.operations.report_failure("Checking the rows", error)
        self._update_buttons()

    def _show_checked(self) -> None:
        checked = self.checked
        self.model.set_rows(checked)
        self._update_buttons()

    def _update_buttons(self) -> None:
        checked = self.checked
        valid, invalid = len(checked.rows), len(checked.problems)
        if self.preview.bundle is not None:
            valid = self.preview.bundle.count
        if not self.ready:
            return
        busy = self.checking is not None or self.writing is not None
        if self.writing is not None:
            pass  # the progress of the write speaks
        elif self.checking is not None:
            self.summary.setText("Checking the rows…")
        elif checked.mapping_problem:
            self.summary.setText(f"Fix the columns: {checked.mapping_problem}.")
        elif invalid:
            self.summary.setText(
                f"{count(valid, 'row')} can be imported; {invalid:,} cannot (shaded, with the "
                "reason). "
                "A file with invalid rows is imported only if you skip them."
            )
        else:
            self.summary.setText(
                "The row can be imported." if valid == 1 else f"All {valid:,} rows can be imported."
            )
        self.skip_invalid.setText(
            f"Import the {count(valid, 'valid row')} and skip the {count(invalid, 'invalid row')}"
        )
        self.skip_invalid.setVisible(bool(invalid) and not checked.mapping_problem)
        self.import_button.setEnabled(
            not busy
            and not checked.mapping_problem
            and valid > 0
            and (invalid == 0 or self.skip_invalid.isChecked())
        )

    # -- the import ----------------------------------------------------------------------

    def start_import(self) -> None:
        """Write in the background; the dialog closes when it is done."""
        if not self.import_button.isEnabled():
            return
        database, preview, checked = self.database, self.preview, self.checked
        skip = self.skip_invalid.isChecked()

        def write(progress: Progress) -> ImportReport:
            if preview.bundle is not None:
                return merge_bundle(database, preview.bundle, skip_invalid=skip, progress=progress)
            return import_people(
                database,
                checked.rows,
                checked.problems,
                source=preview.path.name,
                kind=preview.kind,
                skip_invalid=skip,
                progress=progress,
            )

        self.writing = self.operations.write(
            self, write, self._written, on_failure=self._write_failed
        )
        for widget in (*self.combos, self.skip_invalid, self.table):
            widget.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.summary.setText("Importing…")
        self.cancel_button.setText("Stop")
        self._update_buttons()

    def _progressed(self, operation: int, step: Step) -> None:
        if operation != self.writing:
            return
        fraction = step.fraction
        if fraction is not None:
            self.progress.setRange(0, _BAR_STEPS)
            self.progress.setValue(round(fraction * _BAR_STEPS))
        self.summary.setText(f"Importing: {step.text}…" if step.text else "Importing…")

    def _written(self, report: ImportReport) -> None:
        self.writing = None
        self.report = report
        self.accept()

    def _write_failed(self, error: BaseException) -> None:
        self.writing = None
        self.progress.hide()
        self.cancel_button.setText("Cancel")
        for widget in (*self.combos, self.skip_invalid, self.table):
            widget.setEnabled(True)
        self._update_buttons()
        if isinstance(error, Cancelled):
            self.summary.setText("Stopped: nothing was imported.")
        elif isinstance(error, KnownError):
            # Conflicts with people already stored show only now: nothing was written.
            self.summary.setText(str(error))
            self.import_button.setEnabled(False)
        else:
            self.operations.report_failure("The import", error)

    def reject(self) -> None:
        """Cancel: while the import runs it stops it (all or nothing), else it closes."""
        if self.writing is not None:
            self.operations.cancel(self.writing)
            self.summary.setText("Stopping…")
            return
        super().reject()
