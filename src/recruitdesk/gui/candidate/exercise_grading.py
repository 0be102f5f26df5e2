"""Grading a written review: a row per planted problem with Found and Explained, filled
from the app's suggestion (what it read in the review, quoted) until the recruiter saves
their own verdict (docs/architecture.md, "The review exercise")."""

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QWidget

from recruitdesk.domain.exercise import (
    Exercise,
    Grade,
    Suggestion,
    max_points,
    suggest,
    total_points,
)

#: Longest quote of the review shown beside a suggestion.
QUOTE_CHARS = 160


def describe(suggestion: Suggestion) -> str:
    """What the app read, for the recruiter to check against the review."""
    if not suggestion.found:
        return "Not mentioned in the review."
    quote = suggestion.quote
    if len(quote) > QUOTE_CHARS:
        quote = quote[: QUOTE_CHARS - 1].rstrip() + "…"
    verdict = "found and explained" if suggestion.explained else "found, not explained"
    return f"Suggested: {verdict} (it {suggestion.basis}).\n“{quote}”"


class GradingPanel(QWidget):
    """The rubric's problems with the recruiter's checkboxes; ``edited`` fires on a
    change so the section can offer Save."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gradingPanel")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(3, 1)
        self.found: dict[str, QCheckBox] = {}
        self.explained: dict[str, QCheckBox] = {}
        self.readings: dict[str, QLabel] = {}
        # A child from the start, though it joins the grid only with an exercise: a
        # widget without a parent is freed by Python, and the cyclic collector may free
        # it at any moment (docs/architecture.md, "Threads").
        self.score = QLabel(self)
        self.score.setObjectName("gradeScore")
        self.score.hide()
        self.exercise: Exercise | None = None

    def _clear(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.score:
                widget.deleteLater()
        self.found.clear()
        self.explained.clear()
        self.readings.clear()

    def show_grading(
        self, exercise: Exercise | None, review: str, saved: Mapping[str, Grade]
    ) -> None:
        """The rows of ``exercise``: the saved verdict where there is one, else the
        suggestion read from ``review``."""
        self._clear()
        self.exercise = exercise
        if exercise is None:
            self.score.clear()
            self.score.hide()
            return
        for column, heading in enumerate(("Planted problem", "Found", "Why", "What the app read")):
            label = QLabel(heading)
            label.setProperty("class", "muted")
            self.grid.addWidget(label, 0, column)
        suggestions = {s.problem_id: s for s in suggest(exercise, review)}
        for row, problem in enumerate(exercise.problems, start=1):
            title = QLabel(f"<b>{problem.title}</b><br>{problem.where()}")
            title.setToolTip("A good review says: " + problem.good_review)
            title.setWordWrap(True)
            found = QCheckBox()
            found.setObjectName(f"found_{problem.id}")
            explained = QCheckBox()
            explained.setObjectName(f"explained_{problem.id}")
            suggestion = suggestions[problem.id]
            grade = saved.get(problem.id, Grade(suggestion.found, suggestion.explained))
            found.setChecked(grade.found)
            explained.setChecked(grade.explained)
            explained.setEnabled(grade.found)
            reading = QLabel(describe(suggestion) if review.strip() else "No review recorded yet.")
            reading.setObjectName(f"reading_{problem.id}")
            reading.setWordWrap(True)
            reading.setProperty("class", "muted")
            reading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            found.toggled.connect(self._changed)
            explained.toggled.connect(self._changed)
            self.grid.addWidget(title, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(found, row, 1, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(explained, row, 2, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(reading, row, 3, Qt.AlignmentFlag.AlignTop)
            self.found[problem.id] = found
            self.explained[problem.id] = explained
            self.readings[problem.id] = reading
        self.grid.addWidget(self.score, len(exercise.problems) + 1, 0, 1, 4)
        self.score.show()
        self.grid.setColumnMinimumWidth(0, 170)
        self._show_score()

    def grades(self) -> dict[str, Grade]:
        return {
            problem_id: Grade(
                box.isChecked(), box.isChecked() and self.explained[problem_id].isChecked()
            )
            for problem_id, box in self.found.items()
        }

    def _changed(self) -> None:
        for problem_id, box in self.found.items():
            self.explained[problem_id].setEnabled(box.isChecked())
        self._show_score()
        self.edited.emit()

    def _show_score(self) -> None:
        if self.exercise is None:
            return
        points = total_points(self.grades())
        self.score.setText(
            f"{points} of {max_points(self.exercise)} points: one for each problem found, "
            "one more when the review says why it matters."
        )
