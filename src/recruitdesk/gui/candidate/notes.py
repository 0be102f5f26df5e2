"""The Notes tab of the candidate pane: the notes newest first; add, edit, delete, and
a private flag on each."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.errors import KnownError
from recruitdesk.gui.candidate.widgets import PaneContext, format_moment
from recruitdesk.storage.notes import NoteView, add_note, delete_note, edit_note

_NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: ``(body, private)`` of the note, for editing it.
_NOTE_ROLE = Qt.ItemDataRole.UserRole + 2


class NotesSection(QWidget):
    """Notes: add, edit, delete, and a private flag on each."""

    def __init__(self, pane: PaneContext) -> None:
        super().__init__()
        self.pane = pane
        self.editing: int | None = None
        self.editing_version: int | None = None
        #: The body of the note being edited, as stored: an edit is a difference from it.
        self.editing_body = ""
        #: The candidate whose notes are listed.
        self.loaded_for: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 8, 8, 8)
        self.list = QListWidget()
        self.list.setObjectName("notesList")
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("noteEditor")
        self.editor.setPlaceholderText("Write a note…")
        self.editor.setFixedHeight(80)
        self.private = QCheckBox("Private (never leaves this database)")
        self.private.setObjectName("notePrivate")
        buttons = QHBoxLayout()
        self.save_button = QPushButton("Add note")
        self.save_button.setObjectName("saveNote")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        self.edit_button = QPushButton("Edit")
        self.edit_button.setObjectName("editNote")
        self.edit_button.clicked.connect(self.start_edit)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("deleteNote")
        self.delete_button.clicked.connect(self.delete)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_edit)
        self.cancel_button.hide()
        for button in (self.save_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.editor)
        layout.addWidget(self.private)
        layout.addLayout(buttons)
        self._selection_changed()

    def show_notes(self, candidate_id: int | None, notes: list[NoteView]) -> None:
        """List the candidate's notes; a note being written for the same candidate is
        kept (another window's change reloads the list, not the draft)."""
        keep_draft = candidate_id == self.loaded_for and self.has_unsaved_note()
        self.loaded_for = candidate_id
        self.list.clear()
        if not keep_draft:
            self.cancel_edit()
        if candidate_id is None:
            return
        for note in notes:
            lock = "Private · " if note.private else ""
            meta = f"{lock}{note.author or 'unknown'} · {format_moment(note.created_at)}"
            item = QListWidgetItem(f"{note.body}\n{meta}")
            item.setData(_NOTE_ID_ROLE, note.id)
            item.setData(_NOTE_ROLE, (note.body, note.private, note.version))
            self.list.addItem(item)

    def _selected(self) -> QListWidgetItem | None:
        items = self.list.selectedItems()
        return items[0] if items else None

    def _selection_changed(self) -> None:
        has = self._selected() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def start_edit(self) -> None:
        item = self._selected()
        if item is None:
            return
        body, private, self.editing_version = item.data(_NOTE_ROLE)
        self.editing = int(item.data(_NOTE_ID_ROLE))
        self.editing_body = body
        self.editor.setPlainText(body)
        self.private.setChecked(bool(private))
        self.save_button.setText("Save note")
        self.cancel_button.show()

    def has_unsaved_note(self) -> bool:
        """A note written and not added, or an edit of one not saved."""
        text = self.editor.toPlainText().strip()
        if self.editing is None:
            return bool(text)
        return text != self.editing_body.strip()

    def cancel_edit(self) -> None:
        self.editing = None
        self.editing_body = ""
        self.editor.clear()
        self.private.setChecked(False)
        self.save_button.setText("Add note")
        self.cancel_button.hide()

    def save(self) -> bool:
        """Add or save the note; False (and the reason shown) when it was refused."""
        candidate_id = self.pane.candidate_id
        if candidate_id is None:
            return False
        body = self.editor.toPlainText()
        try:
            if self.editing is None:
                _note, changes = add_note(
                    self.pane.database,
                    candidate_id,
                    body,
                    private=self.private.isChecked(),
                    author=self.pane.database.actor,
                )
            else:
                changes = edit_note(
                    self.pane.database,
                    self.editing,
                    body=body,
                    private=self.private.isChecked(),
                    version=self.editing_version,
                )
        except KnownError as error:
            self.pane.show_message(str(error), error=True)
            return False
        self.pane.publish(changes)
        self.cancel_edit()
        self.pane.refresh()  # the list shows the note when the read lands
        return True

    def delete(self) -> None:
        item = self._selected()
        if item is None:
            return
        try:
            changes = delete_note(self.pane.database, int(item.data(_NOTE_ID_ROLE)))
        except KnownError as error:
            self.pane.show_message(str(error), error=True)
            return
        self.pane.publish(changes)
        self.pane.refresh()
