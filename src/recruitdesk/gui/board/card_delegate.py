"""A card painted by a delegate (never a widget per card): name, track and level, the
score badge once analysed, the days in stage against the stage's typical stay."""

from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from recruitdesk.domain.pipeline import Stage, StageHealth, stage_health
from recruitdesk.domain.taxonomy import Level, Track
from recruitdesk.gui.board.card_model import CardRole
from recruitdesk.gui.style import colors, score_color
from recruitdesk.storage.board.cards import Card

#: The colour of each column's top stripe.
STAGE_COLORS = {
    Stage.SOURCED: "#7a8699",
    Stage.CONTACTED: "#4f86c6",
    Stage.SCREENING: "#3f9fb5",
    Stage.TECHNICAL: "#7a6ad8",
    Stage.FINAL: "#c0609a",
    Stage.OFFER: "#d08a1c",
    Stage.HIRED: "#2e9d6a",
    Stage.REJECTED: "#c05050",
    Stage.WITHDRAWN: "#8a8a8a",
}
#: The scheme colour of the days in stage, by how they compare with the typical stay.
HEALTH_COLORS = {
    StageHealth.ON_TRACK: "success",
    StageHealth.LATE: "warning",
    StageHealth.OVERDUE: "danger",
    StageHealth.NOT_TIMED: "muted",
}
_TRACK_SHORT = {
    Track.WEB_BACKEND.value: "Web / backend",
    Track.DATA_ML.value: "Data / ML",
    Track.DEVOPS_AUTOMATION.value: "DevOps",
}


def _level_label(level: str | None) -> str:
    if level in {member.value for member in Level}:
        return Level(str(level)).label
    return level or ""


class CardDelegate(QStyledItemDelegate):
    """Paints a card: name, track and level, the score badge once analysed, and the
    days in stage coloured against the stage's typical duration."""

    PADDING = 10
    MARGIN_X = 6
    MARGIN_Y = 4

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.now = datetime.now(UTC)

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        small = QFont(option.font)
        size = small.pointSizeF()
        if size > 0:
            small.setPointSizeF(size * 0.9)
        return bold, small

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        bold, small = self._fonts(option)
        line1 = QFontMetrics(bold).height()
        line2 = QFontMetrics(small).height()
        height = 2 * self.MARGIN_Y + 2 * self.PADDING + line1 + 2 * line2 + 4 + 6 + 4
        width = option.rect.width() if option.rect.width() > 0 else 220
        return QSize(width, height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        card = index.data(CardRole)
        if not isinstance(card, Card):
            super().paint(painter, option, index)
            return
        scheme = colors()
        rect: QRect = option.rect.adjusted(
            self.MARGIN_X, self.MARGIN_Y, -self.MARGIN_X, -self.MARGIN_Y
        )
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        fill = QColor(scheme["base"])
        if selected:
            tint = QColor(scheme["accent"])
            tint.setAlpha(38)
            painter.fillPath(path, fill)
            fill = tint
        painter.fillPath(path, fill)
        border = QColor(scheme["accent"] if selected or focused else scheme["border"])
        painter.setPen(QPen(border, 2 if selected else 1))
        painter.drawPath(path)
        # Left stripe in the stage colour.
        stripe = QPainterPath()
        stripe.addRoundedRect(
            QRectF(rect.left() + 1, rect.top() + 8, 3, rect.height() - 16), 1.5, 1.5
        )
        painter.fillPath(stripe, QColor(STAGE_COLORS.get(Stage(card.stage), scheme["accent"])))

        bold, small = self._fonts(option)
        inner = rect.adjusted(self.PADDING + 2, self.PADDING, -self.PADDING, -self.PADDING)
        top = inner.top()
        right = inner.right()
        # Score badge, top right.
        badge_width = 0
        if card.overall_score is not None:
            painter.setFont(small)
            metrics = QFontMetrics(small)
            text = f"{card.overall_score:.0f}"
            badge_width = metrics.horizontalAdvance("100") + 12
            badge = QRectF(right - badge_width + 1, top, badge_width, metrics.height() + 2)
            badge_path = QPainterPath()
            badge_path.addRoundedRect(badge, badge.height() / 2, badge.height() / 2)
            painter.fillPath(badge_path, QColor(score_color(card.overall_score)))
            painter.setPen(QColor(scheme["ontint"]))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
            badge_width += 6
        # Name.
        painter.setFont(bold)
        name_metrics = QFontMetrics(bold)
        painter.setPen(QColor(scheme["text"]))
        name = name_metrics.elidedText(
            card.full_name, Qt.TextElideMode.ElideRight, inner.width() - badge_width
        )
        painter.drawText(
            QRect(inner.left(), top, inner.width() - badge_width, name_metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            name,
        )
        top += name_metrics.height() + 4
        # Track and level.
        painter.setFont(small)
        small_metrics = QFontMetrics(small)
        details = " · ".join(
            part
            for part in (
                _level_label(card.level),
                _TRACK_SHORT.get(card.track or "", card.track or ""),
            )
            if part
        )
        painter.setPen(QColor(scheme["muted"]))
        painter.drawText(
            QRect(inner.left(), top, inner.width(), small_metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            small_metrics.elidedText(details or "—", Qt.TextElideMode.ElideRight, inner.width()),
        )
        top += small_metrics.height() + 6
        # Days in stage, as a coloured dot and text.
        days = max(0.0, card.days_in_stage(self.now))
        health = stage_health(Stage(card.stage), days)
        label = f"{days:.0f} d in stage" if days < 1000 else "1000+ d in stage"
        if health is StageHealth.LATE:
            label += " · late"
        elif health is StageHealth.OVERDUE:
            label += " · overdue"
        if card.stage == Stage.OFFER.value:
            label = f"offer {card.offer_state or 'not drafted'} · {label}"
        dot = small_metrics.height() * 0.45
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(scheme[HEALTH_COLORS[health]]))
        cy = top + small_metrics.height() / 2
        painter.drawEllipse(QRectF(inner.left(), cy - dot / 2, dot, dot))
        painter.setPen(
            QColor(scheme[HEALTH_COLORS[health]])
            if health in (StageHealth.LATE, StageHealth.OVERDUE)
            else QColor(scheme["muted"])
        )
        text_left = inner.left() + int(dot) + 6
        painter.drawText(
            QRect(text_left, top, inner.right() - text_left, small_metrics.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            small_metrics.elidedText(label, Qt.TextElideMode.ElideRight, inner.right() - text_left),
        )
        painter.restore()
