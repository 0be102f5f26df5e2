"""The Analysis tab of the candidate pane: scores with their reasons, verified skills
with evidence, red flags; or an honest empty state before the first analysis."""

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from recruitdesk.analysis.authorship import share_summary
from recruitdesk.domain.calibration import describe_evidence
from recruitdesk.gui.candidate.contributions import ContributionsSection
from recruitdesk.gui.candidate.widgets import PaneContext, format_moment, muted, section_label
from recruitdesk.gui.style import score_bar_palette
from recruitdesk.storage.analysis_views import AnalysisView


class AnalysisSection(QWidget):
    """Scores with their reasons, verified skills with evidence, red flags; or an
    honest empty state before the first analysis."""

    def __init__(self, pane: PaneContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pane = pane
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(4, 8, 8, 8)

    def _clear(self) -> None:
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def show_analysis(self, analysis: AnalysisView | None) -> None:
        self._clear()
        if analysis is None:
            empty = QFrame()
            empty.setObjectName("analysisEmpty")
            box = QVBoxLayout(empty)
            box.setContentsMargins(16, 14, 16, 14)
            box.addWidget(section_label("Not analysed yet"))
            box.addWidget(
                muted(
                    "No analysis of this candidate's code is stored yet. Analyse GitHub "
                    "(above) runs one in the background; 'recruitdesk analyze --path' "
                    "reads a take-home archive. It shows code-quality scores with the "
                    "reasons behind each, the skills their repositories prove with the "
                    "files as evidence, and red flags such as missing tests."
                )
            )
            self.layout_.addWidget(empty)
            self.layout_.addStretch(1)
            return
        source = analysis.login or analysis.source
        self.layout_.addWidget(
            muted(f"Analysed {format_moment(analysis.analyzed_at)} from {source}.")
        )
        self.layout_.addWidget(section_label("Scores"))
        authored = share_summary(
            (repo.name, repo.metrics.get("authorship")) for repo in analysis.repositories
        )
        if authored:
            share = muted(authored)
            share.setObjectName("authoredShare")
            self.layout_.addWidget(share)
        named = set(analysis.scores) | set(analysis.explanations)
        order = ["overall", *sorted(k for k in named if k != "overall")]
        for name in order:
            if name not in named:
                continue
            row = QWidget()
            grid = QGridLayout(row)
            grid.setContentsMargins(0, 0, 0, 0)
            title = QLabel(name.replace("_", " ").capitalize())
            score = analysis.scores.get(name)
            if score is None:
                value: QWidget = muted("not judged")
            else:
                bar = QProgressBar()
                bar.setRange(0, 100)
                bar.setValue(round(score))
                bar.setPalette(score_bar_palette(score))
                bar.setFormat("%v")
                value = bar
            grid.addWidget(title, 0, 0)
            grid.addWidget(value, 0, 1)
            grid.setColumnMinimumWidth(0, 130)
            reasons = list(analysis.explanations.get(name, ()))
            evidence = describe_evidence(analysis.score_evidence.get(name))
            if evidence:
                reasons.append(f"Rests on {evidence}.")
            if reasons:
                grid.addWidget(muted("\n".join(f"• {r}" for r in reasons)), 1, 0, 1, 2)
            self.layout_.addWidget(row)
        self.layout_.addWidget(section_label("Verified skills"))
        if not analysis.skills:
            self.layout_.addWidget(muted("No skill could be verified from the code."))
        for skill in analysis.skills:
            evidence = "; ".join(f"{repo}/{path}: {why}" for repo, path, why in skill.evidence[:3])
            label = QLabel(f"<b>{skill.name}</b> ({skill.confidence:.0%})")
            self.layout_.addWidget(label)
            if evidence:
                self.layout_.addWidget(muted(evidence))
        if analysis.source == "github":
            self.layout_.addWidget(ContributionsSection(analysis.contributions))
        self.layout_.addWidget(section_label("Red flags"))
        if not analysis.red_flags:
            self.layout_.addWidget(muted("None found."))
        for code, message in analysis.red_flags:
            flag = QLabel(f"⚑ {message} ({code})")
            flag.setWordWrap(True)
            flag.setObjectName("redFlag")
            self.layout_.addWidget(flag)
        self.layout_.addStretch(1)
