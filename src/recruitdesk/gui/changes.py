"""The app-wide change signal (DESIGN.md convention 4, after Anki's
``operation_did_execute``): every write's :class:`Changes` goes out on one signal of one
``QObject`` created in the GUI thread, and each view refreshes only what it shows."""

from PySide6.QtCore import QObject, Signal

from recruitdesk.storage.changes import Changes


class ChangesHub(QObject):
    """Carries each write's :class:`Changes` to every view."""

    changed = Signal(object)

    def publish(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)
