"""The Analysis tab's "In others' projects" part: merged pull requests by project with
links as evidence, reviews given, the best and the weakest written description, and
packages maintained; "No public contributions found." when there is none.

Titles and quotes are other people's text from GitHub: they are shown as plain text,
or escaped inside the one rich-text label that links them, never interpreted.
"""

from collections.abc import Mapping
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from recruitdesk.domain.contribution_view import contributions_view
from recruitdesk.domain.contributions import PullRequest
from recruitdesk.gui.candidate.widgets import muted, section_label


def _plain(text: str) -> QLabel:
    label = muted(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _link(pull: PullRequest) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    text = escape(pull.label)
    label.setText(f'<a href="{escape(pull.url, quote=True)}">{text}</a>' if pull.url else text)
    label.setOpenExternalLinks(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    return label


class ContributionsSection(QWidget):
    """What ``contributions`` (the analysis JSON's, or ``None``) shows."""

    def __init__(self, contributions: Mapping[str, Any] | None) -> None:
        super().__init__()
        self.setObjectName("contributions")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(section_label("In others' projects"))
        view = contributions_view(contributions)
        if view is None:
            box.addWidget(muted("Not looked for in this analysis."))
            return
        summary = _plain(view.summary())
        summary.setObjectName("contributionsSummary")
        box.addWidget(summary)
        if view.projects:
            box.addWidget(_plain("\n".join(f"• {p.describe()}" for p in view.projects)))
        for pull in view.evidence:
            box.addWidget(_link(pull))
        if view.reviewed:
            reviewed = ", ".join(f"{repo} ({n})" for repo, n in view.reviewed)
            box.addWidget(_plain(f"Reviews given: {reviewed}."))
        for title, example in (("Best written", view.best), ("Weakest written", view.weakest)):
            if example is not None:
                quoted = f"“{example.quote}”" if example.quote else "(no description)"
                box.addWidget(_plain(f"{title} ({example.writing.points} of 100): {quoted}"))
                box.addWidget(_link(example))
        if view.packages:
            box.addWidget(_plain("Packages maintained: " + "; ".join(view.packages) + "."))
        for note in view.notes:
            box.addWidget(_plain(note))
