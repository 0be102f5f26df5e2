"""The question asked when cards leave the pipeline: why they were rejected or withdrew."""

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from recruitdesk.domain.pipeline import REJECTION_REASONS, WITHDRAWAL_REASONS, Stage


class ReasonDialog(QDialog):
    """Why a candidate leaves the pipeline: one of the usual reasons, plus free text."""

    def __init__(self, stage: Stage, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reasonDialog")
        who = "this candidate" if count == 1 else f"these {count} candidates"
        verb = "rejected" if stage is Stage.REJECTED else "withdrawn"
        self.setWindowTitle(f"Mark as {verb}")
        layout = QVBoxLayout(self)
        intro = QLabel(f"Why is {who} {verb}? The reason goes into the stage history.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.reasons = QComboBox()
        self.reasons.setObjectName("reasonChoice")
        self.reasons.addItems(
            list(REJECTION_REASONS if stage is Stage.REJECTED else WITHDRAWAL_REASONS)
        )
        self.details = QLineEdit()
        self.details.setObjectName("reasonDetails")
        self.details.setPlaceholderText("Optional details")
        form.addRow("Reason", self.reasons)
        form.addRow("Details", self.details)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(f"Mark {verb}")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def reason(self) -> str:
        details = self.details.text().strip()
        chosen = self.reasons.currentText()
        return f"{chosen}: {details}" if details else chosen
