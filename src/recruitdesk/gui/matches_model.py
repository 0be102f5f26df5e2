"""The table of ranked matches: one row per candidate (the reasons worded only when a
row is shown, a cache of the summaries) and the fit drawn as a short bar."""

from collections.abc import Sized
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from recruitdesk.domain.matching.ranking import Match
from recruitdesk.domain.money import Basis, format_money
from recruitdesk.domain.taxonomy import PayPeriod, Region
from recruitdesk.gui.style import colors, score_color
from recruitdesk.gui.tables import RowTableModel

COLUMNS = ("#", "Candidate", "Fit", "Region", "Level", "Ask", "Why", "Board")
FIT_COLUMN = 2
CandidateIdRole = Qt.ItemDataRole.UserRole + 1
ScoreRole = Qt.ItemDataRole.UserRole + 2
_REGION_LABELS = {region.value: region.label for region in Region}
_SUMMARY_CACHE = 2_000
#: Rows the view gets at a time.
PAGE = 500


def ask_text(match: Match) -> str:
    facts = match.facts
    if facts.ask_amount is None:
        return ""
    basis = Basis.HOURLY if facts.ask_period == PayPeriod.HOUR.value else Basis.ANNUAL
    return format_money(facts.ask_amount, facts.ask_currency or "USD", basis)


class MatchTableModel(RowTableModel):
    """The ranked candidates of one position, shown to the view a page at a time as it
    scrolls: a reset of 100,000 rows at once held the GUI thread for 57 ms."""

    columns = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.matches: list[Match] = []
        self._summaries: dict[int, str] = {}
        self._shown = 0

    def set_matches(self, matches: list[Match]) -> None:
        self.beginResetModel()
        self.matches = matches
        self._summaries = {}
        self._shown = min(len(matches), PAGE)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._shown

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self._shown < len(self.matches)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008, N802
        more = min(len(self.matches), self._shown + PAGE)
        if parent.isValid() or more == self._shown:
            return
        self.beginInsertRows(QModelIndex(), self._shown, more - 1)
        self._shown = more
        self.endInsertRows()

    def table_rows(self) -> Sized:
        return self.matches

    def summary(self, row: int) -> str:
        text = self._summaries.get(row)
        if text is None:
            if len(self._summaries) >= _SUMMARY_CACHE:
                self._summaries.clear()
            text = self._summaries[row] = self.matches[row].summary(limit=3)
        return text

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.matches):
            return None
        match = self.matches[index.row()]
        facts = match.facts
        column = index.column()
        if role == CandidateIdRole:
            return facts.candidate_id
        if role == ScoreRole:
            return match.score
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(index.row() + 1)
            if column == 1:
                return facts.full_name
            if column == FIT_COLUMN:
                return f"{match.score:.0f}"
            if column == 3:
                return _REGION_LABELS.get(facts.region or "", facts.region or "")
            if column == 4:
                return (facts.level or "").capitalize()
            if column == 5:
                return ask_text(match)
            if column == 6:
                return self.summary(index.row())
            return "on board" if facts.on_board else ""
        if role == Qt.ItemDataRole.ToolTipRole and column == 6:
            return "\n".join(r.text for r in match.reasons())
        if role == Qt.ItemDataRole.ForegroundRole and column in (0, 7):
            return QColor(colors()["muted"])
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, FIT_COLUMN, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class FitDelegate(QStyledItemDelegate):
    """The fit as a short bar with its number."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        scheme = colors()
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, QColor(scheme["selection"]))
        score = float(index.data(ScoreRole) or 0.0)
        rect = QRectF(option.rect).adjusted(6, 0, -6, 0)
        bar = QRectF(rect.left(), rect.center().y() - 4, rect.width() - 30, 8)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(scheme["border"]))
        painter.drawRoundedRect(bar, 4, 4)
        painter.setBrush(QColor(score_color(score)))
        painter.drawRoundedRect(QRectF(bar.left(), bar.top(), bar.width() * score / 100, 8), 4, 4)
        painter.setPen(QColor(scheme["text"]))
        painter.drawText(
            QRectF(bar.right() + 4, rect.top(), 26, rect.height()),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            f"{score:.0f}",
        )
        painter.restore()

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(120, super().sizeHint(option, index).height())
