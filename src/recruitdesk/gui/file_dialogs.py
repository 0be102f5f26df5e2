"""The app's file dialogs: the only place that makes a ``QFileDialog``.

The widget dialog that Qt draws in the app's own process learns each file's type and
icon from ``QMimeDatabase``, which opens and reads a file whose name does not settle
its type (``x.sqlite-wal``). Closing that descriptor drops every POSIX lock the process
holds on the file, SQLite's among them, and another process then checkpoints and
deletes the WAL under the app (docs/architecture.md, "Writes and transactions").
So these dialogs name types from file names only, and refuse the database's own files
without opening them.

On Linux and macOS the dialog is always Qt's widget dialog: a native dialog may run in
the app's process too (GTK's and KDE's do) and sniff files the same way, and whether
one runs out of process (the desktop portal) cannot be told from here. Windows locks
belong to a handle, not a process, so its own dialog is kept there.
"""

import sys
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QFileInfo, QMimeDatabase, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFileDialog,
    QFileIconProvider,
    QMessageBox,
    QSplitter,
    QTreeView,
    QWidget,
)

from recruitdesk.atomic_files import is_database_file


class Purpose(Enum):
    OPEN = QFileDialog.AcceptMode.AcceptOpen
    SAVE = QFileDialog.AcceptMode.AcceptSave


class NameOnlyIcons(QFileIconProvider):
    """Icons and type names read from a file's name, never from its contents."""

    def __init__(self) -> None:
        super().__init__()
        self._types = QMimeDatabase()
        self.setOptions(QFileIconProvider.Option.DontUseCustomDirectoryIcons)

    def icon(self, what: QFileInfo | QFileIconProvider.IconType) -> QIcon:
        if not isinstance(what, QFileInfo):
            return super().icon(what)
        if what.isDir():
            return super().icon(QFileIconProvider.IconType.Folder)
        mime = self._types.mimeTypeForFile(what.fileName(), QMimeDatabase.MatchMode.MatchExtension)
        fallback = super().icon(QFileIconProvider.IconType.File)
        return QIcon.fromTheme(mime.iconName(), QIcon.fromTheme(mime.genericIconName(), fallback))

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        name = info.fileName()
        mime = self._types.mimeTypeForFile(name, QMimeDatabase.MatchMode.MatchExtension)
        return mime.comment() if not mime.isDefault() else "File"


#: Widths in the widget dialog, in pixels: its list of places, and the name and type
#: columns of its list of files.
PLACES_WIDTH, NAME_WIDTH, TYPE_WIDTH = 170, 320, 170

#: The widget dialog on every system whose file locks belong to the process.
USE_WIDGET_DIALOG = sys.platform != "win32"


class FileDialog(QFileDialog):
    """A file dialog that opens no file to show the folder and refuses to hand out the
    database recruitdesk has open, for reading or for writing."""

    def __init__(self, parent: QWidget | None, title: str, purpose: Purpose) -> None:
        super().__init__(parent, title)
        self.setObjectName("fileDialog")
        # Before any folder is shown: the model asks the provider as it lists files.
        self.setOption(QFileDialog.Option.DontUseNativeDialog, USE_WIDGET_DIALOG)
        self.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons)
        self.icons = NameOnlyIcons()  # the dialog does not own it: it lives as long
        self.setIconProvider(self.icons)
        self.setAcceptMode(purpose.value)
        self.setFileMode(
            QFileDialog.FileMode.ExistingFile
            if purpose is Purpose.OPEN
            else QFileDialog.FileMode.AnyFile
        )
        # The widget dialog's places and type names get room to be read.
        places = self.findChild(QSplitter, "splitter")
        if places is not None:
            places.setSizes([PLACES_WIDTH, places.width()])
        files = self.findChild(QTreeView, "treeView")
        if files is not None:
            files.header().resizeSection(0, NAME_WIDTH)
            files.header().resizeSection(2, TYPE_WIDTH)

    def accept(self) -> None:
        chosen = self.selectedFiles()
        if chosen and is_database_file(Path(chosen[0])):
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.windowTitle(),
                f"{Path(chosen[0]).name} belongs to the database recruitdesk has open: "
                "choose another file.",
                parent=self,
            )
            box.setObjectName("databaseFileRefused")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            return
        super().accept()


def file_dialog(
    parent: QWidget | None, title: str, suggested: str, filters: str, purpose: Purpose
) -> FileDialog:
    """A dialog to choose a file; ``suggested`` is a file's name or path, or a folder;
    ``filters`` is Qt's ``"Label (*.x);;..."``."""
    dialog = FileDialog(parent, title, purpose)
    dialog.setNameFilters(filters.split(";;") if filters else [])
    place = Path(suggested)
    if suggested and place.is_dir():
        dialog.setDirectory(suggested)
    elif suggested:
        if place.parent != Path():
            dialog.setDirectory(str(place.parent))
        dialog.selectFile(place.name)
    return dialog


def _chosen(dialog: FileDialog) -> str:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return ""
        files = dialog.selectedFiles()
        return files[0] if files else ""
    finally:
        dialog.deleteLater()


def ask_save_path(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    """Where to save, or ``""`` when cancelled."""
    return _chosen(file_dialog(parent, title, suggested, filters, Purpose.SAVE))


def ask_open_path(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    """Which file to open, or ``""`` when cancelled."""
    return _chosen(file_dialog(parent, title, suggested, filters, Purpose.OPEN))
