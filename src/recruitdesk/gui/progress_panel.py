"""The progress of long work, in the status bar: what runs, a bar, and Cancel where the
work can stop. It follows :class:`~recruitdesk.gui.operations.Operations`; with several
operations at once it shows the newest and counts the others."""

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from recruitdesk.gui.operations import Operations, Running
from recruitdesk.progress import Step

_BAR_STEPS = 1000


class ProgressPanel(QWidget):
    """A label, a bar and a Cancel button, hidden while nothing long runs."""

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressPanel")
        self.operations = operations
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(8)
        self.label = QLabel()
        self.label.setProperty("class", "muted")
        # Room for "Writing the shortlist: page 12 of 104" without clipping.
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("M" * 22))
        self.bar = QProgressBar()
        self.bar.setObjectName("operationProgress")
        self.bar.setFixedWidth(180)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelOperation")
        self.cancel_button.setToolTip("Stop this work; nothing of it is kept")
        self.cancel_button.clicked.connect(self.cancel)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self._shown: list[Running] = []
        self._texts: dict[int, str] = {}
        operations.started.connect(self._started)
        operations.progressed.connect(self._progressed)
        operations.ended.connect(self._ended)
        self.hide()

    @property
    def current(self) -> Running | None:
        return self._shown[-1] if self._shown else None

    def cancel(self) -> None:
        current = self.current
        if current is not None:
            self.operations.cancel(current.id)
            self.cancel_button.setEnabled(False)
            self.label.setText(f"{current.title}: cancelling…")

    def _started(self, running: Running) -> None:
        self._shown.append(running)
        self._texts[running.id] = ""
        self.bar.setRange(0, 0)  # busy until the first step says how far
        self._show_current()

    def _progressed(self, operation_id: int, step: Step) -> None:
        if operation_id not in self._texts:
            return
        self._texts[operation_id] = step.text
        current = self.current
        if current is None or current.id != operation_id:
            return
        fraction = step.fraction
        if fraction is None:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, _BAR_STEPS)
            self.bar.setValue(round(fraction * _BAR_STEPS))
        self._show_label()

    def _ended(self, operation_id: int) -> None:
        self._shown = [running for running in self._shown if running.id != operation_id]
        self._texts.pop(operation_id, None)
        if self._shown:
            self.bar.setRange(0, 0)
            self._show_current()
        else:
            self.hide()

    def _show_current(self) -> None:
        current = self.current
        if current is None:
            return
        self.cancel_button.setVisible(current.cancellable)
        self.cancel_button.setEnabled(True)
        self._show_label()
        self.show()

    def _show_label(self) -> None:
        current = self.current
        if current is None:
            return
        text = self._texts.get(current.id) or ""
        others = len(self._shown) - 1
        parts = [current.title + (f": {text}" if text else "")]
        if others:
            parts.append(f"and {others} more")
        self.label.setText(" ".join(parts))
