"""The import preview: what a CSV or JSON Resume file holds before anything is written.

For a CSV the dialog shows how each column is mapped (the guess from the header, which
the user can fix), then every row with its line and whether it can be imported, and why
not. A file with invalid rows imports only when the user chooses to skip them. The
import itself is :func:`recruitdesk.transfer.people_writer.import_people`: one transaction,
all or nothing, matching people already stored by e-mail or GitHub login.

The main window opens it with :func:`open_import_dialog` and publishes
:attr:`ImportDialog.imported`'s :class:`~recruitdesk.storage.changes.Changes` on its
change hub.
"""

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.candidate_fields import CSV_COLUMNS
from recruitdesk.errors import KnownError
from recruitdesk.storage.database import Database
from recruitdesk.transfer.bundle_merge import merge_bundle
from recruitdesk.transfer.bundle_read import BundleContent, read_bundle
from recruitdesk.transfer.csv_people import (
    CsvSource,
    mapping_problem,
    read_csv,
    rows_from_csv,
)
from recruitdesk.transfer.formats import detect_format
from recruitdesk.transfer.people_writer import import_people
from recruitdesk.transfer.person_rows import PersonRow
from recruitdesk.transfer.results import ImportReport, Problem
from recruitdesk.transfer.resume import read_resumes

_ParentIndex = QModelIndex | QPersistentModelIndex
_INVALID_BACKGROUND = QColor(255, 228, 225)


class PreviewModel(QAbstractTableModel):
    """Every row of the file: line, status, who, and the problem if any."""

    HEADERS = ("Line", "Status", "Name", "E-mail", "GitHub", "Problem")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, PersonRow | None, str]] = []
        self._raw: dict[int, dict[str, str]] = {}

    def set_rows(
        self,
        rows: list[PersonRow],
        problems: list[Problem],
        raw: dict[int, dict[str, str]] | None = None,
    ) -> None:
        """``raw``: for a CSV, each line's text by field, to show who an invalid row is."""
        self.beginResetModel()
        self._raw = raw or {}
        entries: list[tuple[tuple[str, int], str, PersonRow | None, str]] = [
            (("", row.line), str(row.line), row, "") for row in rows
        ]
        entries += [
            (
                (problem.member, problem.line),
                f"{problem.member} {problem.line}".strip(),
                None,
                problem.reason,
            )
            for problem in problems
        ]
        entries.sort(key=lambda entry: entry[0])
        self._rows = [(where, row, reason) for _key, where, row, reason in entries]
        self.endResetModel()

    def rowCount(self, parent: _ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ParentIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def data(self, index: _ParentIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        where, row, reason = self._rows[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole and row is None:
            return QBrush(_INVALID_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole and row is None:
            return reason
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values: dict[str, Any] = row.values if row is not None else self._raw_values(where)
        column = index.column()
        if column == 0:
            return where
        if column == 1:
            return "ok" if row is not None else "invalid"
        if column == 5:
            return reason
        key = ("full_name", "email", "github_login")[column - 2]
        return str(values.get(key) or "")

    def _raw_values(self, where: str) -> dict[str, Any]:
        given = self._raw.get(int(where)) if where.isdigit() else None
        if not given:
            return {}
        parts = (given.get("first_name", ""), given.get("last_name", ""))
        name = given.get("full_name") or " ".join(part for part in parts if part)
        login = given.get("github") or given.get("url", "")
        return {"full_name": name, "email": given.get("email", ""), "github_login": login}

    @property
    def invalid(self) -> int:
        return sum(1 for _line, row, _reason in self._rows if row is None)


class ImportDialog(QDialog):
    """Preview a CSV, a JSON Resume file or a bundle; fix a CSV's column mapping; then
    import it (a bundle merges)."""

    #: The :class:`Changes` of a finished import, for the app's change hub.
    imported = Signal(object)

    def __init__(self, database: Database, path: Path, parent: QWidget | None = None) -> None:
        """Reads ``path`` whole; raises :class:`KnownError` for a file that cannot be read
        (see :func:`open_import_dialog`, which says so in a message box)."""
        super().__init__(parent)
        self.database = database
        self.path = path
        self.kind = detect_format(path).name
        self.bundle: BundleContent | None = None
        self.source: CsvSource | None = None
        self.rows: list[PersonRow] = []
        self.problems: list[Problem] = []
        self.report: ImportReport | None = None
        self.combos: list[QComboBox] = []
        if self.kind == "csv":
            self.source = read_csv(path)
        elif self.kind == "bundle":
            self.bundle = read_bundle(path)
            self.problems = list(self.bundle.problems)
        else:
            resumes = read_resumes(path)
            self.rows, self.problems = resumes.rows, resumes.problems
        self.setWindowTitle(f"Import {path.name}")
        self.resize(900, 640)
        layout = QVBoxLayout(self)
        self.about = QLabel(self._describe())
        self.about.setWordWrap(True)
        layout.addWidget(self.about)
        if self.source is not None:
            layout.addWidget(self._mapping_box(self.source))
        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        layout.addWidget(self.table, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.skip_invalid = QCheckBox()
        self.skip_invalid.toggled.connect(self._update_buttons)
        layout.addWidget(self.skip_invalid)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Import")
        self.buttons.accepted.connect(self._import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._revalidate()

    # ----------------------------------------------------------------------------------

    def _describe(self) -> str:
        if self.bundle is not None:
            counts = ", ".join(
                f"{len(items)} {member.removesuffix('.json')}"
                for member, items in self.bundle.records.items()
            )
            return (
                f"<b>{self.path.name}</b>: a recruitdesk bundle (format "
                f"{self.bundle.manifest['format_version']}) holding {counts}. It merges: the "
                "newer edit of each field wins, nothing here is deleted."
            )
        if self.source is None:
            return f"<b>{self.path.name}</b>: JSON Resume"
        return (
            f"<b>{self.path.name}</b>: CSV, {self.source.encoding.upper()}, "
            f"{self.source.delimiter_name}-separated, header on line "
            f"{self.source.header_line}, {len(self.source.records)} rows"
        )

    def _mapping_box(self, source: CsvSource) -> QWidget:
        box = QGroupBox("Columns: what each one holds")
        inner = QWidget()
        form = QFormLayout(inner)
        sample = source.records[0][1] if source.records else []
        for index, header in enumerate(source.header):
            combo = QComboBox()
            combo.addItem("(ignore)", None)
            for column in CSV_COLUMNS:
                combo.addItem(column.label, column.key)
            guessed = source.mapping[index]
            combo.setCurrentIndex(max(0, combo.findData(guessed)) if guessed else 0)
            combo.currentIndexChanged.connect(self._revalidate)
            example = sample[index] if index < len(sample) else ""
            label = QLabel(f"{header or '(no name)'}  <i>{example[:40]}</i>")
            form.addRow(label, combo)
            self.combos.append(combo)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setMaximumHeight(200)
        outer = QVBoxLayout(box)
        outer.addWidget(scroll)
        return box

    def mapping(self) -> list[str | None]:
        return [combo.currentData() for combo in self.combos]

    def set_field(self, column: int, field: str | None) -> None:
        """Map a column to a field, as the user does with its combo box."""
        combo = self.combos[column]
        combo.setCurrentIndex(max(0, combo.findData(field)) if field else 0)

    def _revalidate(self) -> None:
        self.mapping_problem: str | None = None
        if self.source is not None:
            mapping = self.mapping()
            self.mapping_problem = mapping_problem(mapping, self.source.header)
            if self.mapping_problem:
                self.rows, self.problems = [], []
            else:
                self.rows, self.problems = rows_from_csv(self.source, mapping)
        raw: dict[int, dict[str, str]] = {}
        if self.source is not None and self.problems:
            bad = {problem.line for problem in self.problems}
            mapping = self.mapping()
            raw = {
                line: {
                    name: text.strip()
                    for name, text in zip(mapping, record, strict=False)
                    if name is not None
                }
                for line, record in self.source.records
                if line in bad
            }
        self.model.set_rows(self.rows, self.problems, raw)
        self._update_buttons()

    def _update_buttons(self) -> None:
        valid, invalid = len(self.rows), len(self.problems)
        if self.bundle is not None:
            valid = self.bundle.count
        if self.mapping_problem:
            self.summary.setText(f"Fix the columns: {self.mapping_problem}.")
        elif invalid:
            self.summary.setText(
                f"{valid} rows can be imported; {invalid} cannot (shaded, with the reason). "
                "A file with invalid rows is imported only if you skip them."
            )
        else:
            self.summary.setText(f"All {valid} rows can be imported.")
        self.skip_invalid.setText(f"Import the {valid} valid rows and skip the {invalid} invalid")
        self.skip_invalid.setVisible(bool(invalid) and not self.mapping_problem)
        self.import_button.setEnabled(
            not self.mapping_problem
            and valid > 0
            and (invalid == 0 or self.skip_invalid.isChecked())
        )

    def _import(self) -> None:
        # One transaction, a few seconds for tens of thousands of rows: say it is working.
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._write()
        finally:
            QGuiApplication.restoreOverrideCursor()

    def _write(self) -> None:
        try:
            if self.bundle is not None:
                self.report = merge_bundle(
                    self.database, self.bundle, skip_invalid=self.skip_invalid.isChecked()
                )
                self.imported.emit(self.report.changes)
                self.accept()
                return
            self.report = import_people(
                self.database,
                self.rows,
                self.problems,
                source=self.path.name,
                kind=self.kind,
                skip_invalid=self.skip_invalid.isChecked(),
            )
        except KnownError as error:
            # Conflicts with people already stored show only now: nothing was written.
            self.summary.setText(str(error))
            self.import_button.setEnabled(False)
            return
        self.imported.emit(self.report.changes)
        self.accept()


def open_import_dialog(
    database: Database, path: Path, parent: QWidget | None = None
) -> ImportDialog | None:
    """The preview of ``path`` (read under a wait cursor), or ``None`` after telling the
    user why it cannot be read."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return ImportDialog(database, path, parent)
    except KnownError as error:
        problem = str(error)
    finally:
        QGuiApplication.restoreOverrideCursor()
    QMessageBox.warning(parent, "Cannot import", problem)
    return None
