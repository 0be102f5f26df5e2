"""The preview of a CV before its person is added: what was read, each value editable,
the people on file who may be the same person, and the file that will be kept.

The dialog writes nothing itself until Add: then the corrected values and the file are
written in the background (:mod:`recruitdesk.gui.operations`); a refusal (a field, an
e-mail someone has) shows in the dialog, which stays open to fix it.
"""

from collections.abc import Sequence
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.duplicates import Reason
from recruitdesk.domain.wording import count
from recruitdesk.errors import KnownError, ValidationError
from recruitdesk.gui.operations import Operations
from recruitdesk.progress import Progress
from recruitdesk.storage.database import Database
from recruitdesk.storage.duplicates import PersonOnFile
from recruitdesk.transfer.cv_import import CvPreview, write_cv
from recruitdesk.transfer.results import ImportReport

#: The fields the dialog shows, with their labels; lists are typed comma-separated.
_FIELDS = (
    ("full_name", "Name"),
    ("email", "E-mail"),
    ("phone", "Phone"),
    ("github_login", "GitHub login"),
    ("links", "Links"),
    ("location", "Location"),
    ("years_experience", "Years of experience"),
    ("skills", "Skills"),
)
_LISTS = {"links", "skills"}

Suspects = Sequence[tuple[PersonOnFile, tuple[Reason, ...]]]


class CvDialog(QDialog):
    """Confirm (and correct) what a CV says, then add the person with the file."""

    def __init__(
        self,
        database: Database,
        operations: Operations,
        preview: CvPreview,
        suspects: Suspects,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cvDialog")
        self.database = database
        self.operations = operations
        self.preview = preview
        self.report: ImportReport | None = None
        self.setWindowTitle(f"Add from CV: {preview.file.name}")
        self.resize(640, 560)
        layout = QVBoxLayout(self)
        pages = f", {count(preview.file.pages, 'page')}" if preview.file.pages else ""
        kept = QLabel(
            f"{preview.file.name} ({preview.file.size_text}{pages}) will be kept with the "
            "candidate and erased with them. Check what was read:"
        )
        kept.setWordWrap(True)
        layout.addWidget(kept)
        form = QFormLayout()
        self.editors: dict[str, QLineEdit] = {}
        for name, label in _FIELDS:
            editor = QLineEdit(_shown(preview.values.get(name)))
            editor.setObjectName(f"cv_{name}")
            editor.setPlaceholderText("not found in the CV")
            self.editors[name] = editor
            form.addRow(label, editor)
        layout.addLayout(form)
        layout.addWidget(self._suspects_box(suspects))
        layout.addStretch(1)
        self.problem = QLabel()
        self.problem.setObjectName("cvProblem")
        self.problem.setWordWrap(True)
        self.problem.setProperty("role", "error")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        add = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        add.setText("Add candidate")
        add.setObjectName("cvAdd")
        self.buttons.accepted.connect(self.add)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _suspects_box(self, suspects: Suspects) -> QGroupBox:
        box = QGroupBox("Possible duplicates")
        box.setObjectName("cvSuspects")
        inner = QVBoxLayout(box)
        if not suspects:
            inner.addWidget(QLabel("Nobody on file looks like this person."))
        for person, reasons in suspects[:5]:
            where = f", {person.location}" if person.location else ""
            line = QLabel(
                f"<b>{escape(person.full_name)}</b>{escape(where)} (candidate {person.id}): "
                f"{escape(', '.join(reason.value for reason in reasons))}"
            )
            line.setTextFormat(Qt.TextFormat.RichText)
            line.setWordWrap(True)
            inner.addWidget(line)
        if suspects:
            hint = QLabel(
                "Add them anyway and merge on the Duplicates page, or cancel and edit the "
                "person on file."
            )
            hint.setWordWrap(True)
            inner.addWidget(hint)
        return box

    def values(self) -> dict[str, Any]:
        """The values as corrected: empty fields are left out."""
        values: dict[str, Any] = {"source": self.preview.values.get("source")}
        for name, editor in self.editors.items():
            text = editor.text().strip()
            if not text:
                continue
            if name in _LISTS:
                values[name] = [item.strip() for item in text.split(",") if item.strip()]
            else:
                values[name] = text
        return {name: value for name, value in values.items() if value is not None}

    def add(self) -> None:
        corrected = self.preview.with_values(self.values())
        database = self.database

        def work(_progress: Progress) -> ImportReport:
            return write_cv(database, corrected)

        self.buttons.setEnabled(False)
        self.operations.write(
            self, work, self._added, title="Adding from the CV", on_failure=self._refused
        )

    def _added(self, report: ImportReport) -> None:
        self.report = report
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, ValidationError):
            labels = dict(_FIELDS)
            self.problem.setText(
                " ".join(f"{labels.get(k, k)}: {reason}" for k, reason in error.problems.items())
            )
        elif isinstance(error, KnownError):
            self.problem.setText(str(error))
        else:
            self.operations.report_failure("Adding from the CV", error)
            return
        self.problem.show()


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)
