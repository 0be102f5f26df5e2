"""The files kept with a candidate (the CV they came from), atop the pane's details:
"Open CV" shows a temporary copy in the desktop's viewer, "Save CV as…" writes the kept
bytes where the user chooses.

Both copies go through the one atomic write, which refuses the database's own files
(docs/architecture.md, "Atomic files"); the bytes are read and written in the
background. The temporary copies live in a private folder of this process, removed
when it ends, so a person's CV does not outlive the app in the temporary folder.
"""

import atexit
import shutil
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QLocale, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from recruitdesk.atomic_files import atomic_write_bytes
from recruitdesk.errors import KnownError
from recruitdesk.gui.candidate.widgets import format_moment
from recruitdesk.gui.file_dialogs import ask_save_path
from recruitdesk.gui.operations import Operations
from recruitdesk.progress import Progress
from recruitdesk.storage.cv_files import KeptFile, file_bytes, list_files, save_file
from recruitdesk.storage.database import Database

#: File dialog filters by the kept file's media type.
_FILTERS = {
    "application/pdf": "PDF (*.pdf)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "Word document (*.docx)"
    ),
}
_copies: Path | None = None
#: ``(parent, title, suggested name, file filter) -> chosen path, or "" when cancelled``.
PathChooser = Callable[[QWidget, str, str, str], str]


def copies_folder() -> Path:
    """This process's private folder for the copies the desktop opens (made once)."""
    global _copies
    if _copies is None:
        _copies = Path(tempfile.mkdtemp(prefix="recruitdesk-cv-"))
        atexit.register(shutil.rmtree, _copies, ignore_errors=True)
    return _copies


def write_copy(database: Database, kept: KeptFile) -> Path:
    """A copy of the kept file to open, under its own name in a folder of its id."""
    folder = copies_folder() / str(kept.id)
    folder.mkdir(exist_ok=True)
    target = folder / (Path(kept.name).name or "CV")
    try:
        atomic_write_bytes(target, file_bytes(database, kept.id))
    except OSError as error:
        raise KnownError(f"Cannot make a copy to open: {error.strerror or error}.") from None
    return target


def size_text(size: int) -> str:
    return QLocale().formattedDataSize(size, 0, QLocale.DataSizeFormat.DataSizeSIFormat)


def file_text(kept: KeptFile) -> str:
    size = size_text(kept.size)
    return f"CV: {kept.name} · {size} · added {format_moment(kept.added_at)}"


class KeptFilesSection(QWidget):
    """A row per kept file with its two actions; hidden when there is none."""

    def __init__(
        self,
        database: Database,
        operations: Operations,
        say: Callable[..., None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("keptFiles")
        self.database = database
        self.operations = operations
        self.say = say
        #: Where a CV is saved (tests hand in a path instead).
        self.choose_save_path: PathChooser = ask_save_path
        self.candidate_id: int | None = None
        self.files: list[KeptFile] = []
        self.rows = QVBoxLayout(self)
        self.rows.setContentsMargins(0, 4, 0, 8)
        self.hide()

    def load(self, candidate_id: int | None) -> None:
        self.candidate_id = candidate_id
        if candidate_id is None:
            self.show_files(None, [])
            return
        database = self.database
        self.operations.query(
            self,
            lambda _p: list_files(database, candidate_id),
            partial(self._landed, candidate_id),
        )

    def _landed(self, candidate_id: int, files: list[KeptFile]) -> None:
        if candidate_id == self.candidate_id:  # else another candidate was opened meanwhile
            self.show_files(candidate_id, files)

    def show_files(self, candidate_id: int | None, files: list[KeptFile]) -> None:
        self.candidate_id = candidate_id
        self.files = files
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for kept in files:
            self.rows.addWidget(self._row(kept))
        self.setVisible(bool(files))

    def _row(self, kept: KeptFile) -> QWidget:
        """The file's name and size over its two actions: the pane is narrow."""
        row = QWidget()
        column = QVBoxLayout(row)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        label = QLabel(file_text(kept))
        label.setObjectName("keptFileName")
        label.setWordWrap(True)
        column.addWidget(label)
        actions = QHBoxLayout()
        open_button = QPushButton("Open CV")
        open_button.setObjectName("openCv")
        open_button.clicked.connect(partial(self.open_file, kept))
        save_button = QPushButton("Save CV as…")
        save_button.setObjectName("saveCv")
        save_button.clicked.connect(partial(self.save_file, kept))
        actions.addWidget(open_button)
        actions.addWidget(save_button)
        actions.addStretch(1)
        column.addLayout(actions)
        return row

    def open_file(self, kept: KeptFile) -> None:
        database = self.database
        self.operations.query(
            self,
            lambda _p: write_copy(database, kept),
            partial(self._opened, kept),
            on_failure=self._failed,
        )

    def _opened(self, kept: KeptFile, copy: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy))):
            self.say(f"No program here opens {kept.name}; use Save CV as… instead.", error=True)

    def save_file(self, kept: KeptFile) -> None:
        chosen = self.choose_save_path(
            self, f"Save the CV {kept.name}", kept.name, _FILTERS.get(kept.media_type, "")
        )
        if not chosen:
            return
        path, database = Path(chosen), self.database

        def work(_progress: Progress) -> int:
            return save_file(database, kept.id, path)

        self.operations.query(
            self,
            work,
            lambda written: self.say(f"Saved {path.name} ({size_text(written)})."),
            on_failure=self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, KnownError):
            self.say(str(error), error=True)
        else:
            self.operations.report_failure("Copying the CV", error)
