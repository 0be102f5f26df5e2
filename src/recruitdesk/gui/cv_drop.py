"""CV files dropped on the window: a PDF or DOCX dropped anywhere on it opens the CV
preview (:meth:`recruitdesk.gui.file_actions.FileActions.import_cv`), one a file.

An event filter on the window, so the window's own code stays as it is; a drop of
anything else is left to whichever widget takes it (none does today).
"""

from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

from recruitdesk.gui.file_actions import FileActions
from recruitdesk.transfer.cv_import import is_cv


def dropped_cvs(mime: QMimeData) -> list[Path]:
    """The local CV files among what is dragged."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [path for path in paths if is_cv(path)]


class CvDropTarget(QObject):
    """Takes drops of CVs on ``window`` and hands each to ``files``."""

    def __init__(self, window: QWidget, files: FileActions) -> None:
        super().__init__(window)
        self.files = files
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if isinstance(event, QDragEnterEvent | QDragMoveEvent):
            if dropped_cvs(event.mimeData()):
                event.acceptProposedAction()
                return True
        elif isinstance(event, QDropEvent):
            paths = dropped_cvs(event.mimeData())
            if paths:
                event.acceptProposedAction()
                for path in paths:
                    self.files.import_cv(path)
                return True
        return super().eventFilter(watched, event)
