"""The app-wide change signal (docs/architecture.md, "The change signal"; after Anki's
``operation_did_execute``): every write's :class:`Changes` goes out on one signal of one
``QObject`` created in the GUI thread, and each view refreshes only what it shows."""

from PySide6.QtCore import QObject, Signal

from recruitdesk.storage.changes import Changes


class ChangesHub(QObject):
    """Carries each write's :class:`Changes` to every view."""

    changed = Signal(object)

    def publish(self, changes: Changes, initiator: object | None = None) -> None:
        """Send ``changes`` to every view; ``initiator`` (when given) marks who made them,
        so that view can skip reloading what it already shows."""
        if initiator is not None:
            changes = changes.made_by(initiator)
        if changes:
            self.changed.emit(changes)
