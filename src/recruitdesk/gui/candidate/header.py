"""The candidate pane's header: the name, a one-line summary, the tags, and the
pane's actions (close, analyse GitHub, PDF)."""

from collections.abc import Iterable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from recruitdesk.domain.taxonomy import Level, Region, Track
from recruitdesk.storage.candidates import CandidateDetails


def chips(tags: Iterable[str]) -> str:
    """The tags as coloured chips (rich text; a tag's own text is never markup)."""
    return "".join(
        f'<span style="background:#4f86c6;color:white;">&nbsp;{escape(tag)}&nbsp;</span>&nbsp; '
        for tag in tags
    )


class PaneHeader(QWidget):
    """Who the pane shows, and what can be done with them."""

    close_clicked = Signal()
    analyse_clicked = Signal()
    report_clicked = Signal()
    submit_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: The candidate shown, as last read (None while new or being read): who a
        #: report or a submission is of, without reading again or parsing a label.
        self.details: CandidateDetails | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        head = QHBoxLayout()
        titles = QVBoxLayout()
        self.name = QLabel()
        self.name.setObjectName("paneTitle")
        self.name.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("paneSubtitle")
        self.subtitle.setWordWrap(True)
        titles.addWidget(self.name)
        titles.addWidget(self.subtitle)
        self.tags = QLabel()
        self.tags.setObjectName("tagChips")
        self.tags.setTextFormat(Qt.TextFormat.RichText)
        self.tags.setWordWrap(True)
        # The row keeps a row of chips' height, with no tags and while a candidate is
        # read: the tabs and the form below stay put when the read lands.
        self.tags.setText(chips(["tag"]))
        self.tags.setMinimumHeight(self.tags.sizeHint().height())
        self.tags.clear()
        titles.addWidget(self.tags)
        close = QToolButton()
        close.setObjectName("closePane")
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        close.setShortcut("Esc")
        close.clicked.connect(self.close_clicked)
        self.analyse_button = QPushButton("Analyse GitHub")
        self.analyse_button.setObjectName("analyseGithub")
        self.analyse_button.clicked.connect(self.analyse_clicked)
        self.report_button = QPushButton("PDF")
        self.report_button.setObjectName("candidateReport")
        self.report_button.setToolTip("Save this candidate's report as a PDF (Ctrl+P)")
        self.report_button.clicked.connect(self.report_clicked)
        head.addLayout(titles, 1)
        head.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(head)
        # The actions sit under the name and the tags, which keep the pane's whole width:
        # four buttons beside the tags did not fit a pane on a small laptop.
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.analyse_button)
        actions.addWidget(self.report_button)
        self.submit_button = QPushButton("Submit…")
        self.submit_button.setObjectName("submitToClient")
        self.submit_button.setToolTip("Send this candidate to a client and log it")
        self.submit_button.clicked.connect(self.submit_clicked)
        actions.addWidget(self.submit_button)
        layout.addLayout(actions)

    def show_new(self) -> None:
        """A candidate not saved yet: nothing to analyse or report."""
        self.details = None
        self.name.setText("New candidate")
        self.subtitle.setText("Fill in at least the name, then Save.")
        self.tags.clear()
        self.analyse_button.setEnabled(False)
        self.report_button.setEnabled(False)
        self.submit_button.setEnabled(False)

    def show_loading(self) -> None:
        """Another candidate chosen and still being read: nothing of the last one."""
        self.details = None
        self.name.setText("Loading…")
        self.subtitle.setText("Reading their details, notes and history.")
        self.tags.clear()
        for button in (self.analyse_button, self.report_button, self.submit_button):
            button.setEnabled(False)

    def show_details(self, details: CandidateDetails) -> None:
        self.details = details
        self.report_button.setEnabled(True)
        self.submit_button.setEnabled(True)
        self.analyse_button.setEnabled(bool(details.github_login))
        self.analyse_button.setToolTip(
            f"Analyse the code of {details.github_login} on GitHub, in the background"
            if details.github_login
            else "Add a GitHub login under Details first"
        )
        self.name.setText(details.full_name)
        parts = []
        if details.level in {v.value for v in Level}:
            parts.append(Level(details.level).label)
        if details.track in {t.value for t in Track}:
            parts.append(Track(details.track).label)
        if details.region in {r.value for r in Region}:
            parts.append(Region(details.region).label)
        if details.location:
            parts.append(details.location)
        self.subtitle.setText(" · ".join(parts))
        self.tags.setText(chips(details.tags))
