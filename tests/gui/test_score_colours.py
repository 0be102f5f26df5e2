"""Every place that colours a score paints the same band in the same colour: the
board's badge, the ranked matches' fit bar, the candidate pane's score bars and the
PDF reports."""

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QModelIndex, QRect
from PySide6.QtGui import (
    QColor,
    QImage,
    QPainter,
    QPalette,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from recruitdesk.domain.score_bands import ScoreBand, score_band
from recruitdesk.gui.board.card_delegate import CardDelegate
from recruitdesk.gui.board.card_model import CardRole
from recruitdesk.gui.matches_model import FitDelegate, ScoreRole
from recruitdesk.gui.style import SCORE_BAND_COLORS, colors, score_bar_palette
from recruitdesk.reports.charts import FAIR, GOOD, score_colour
from recruitdesk.storage.board.cards import Card


def painted_colours(
    delegate: QStyledItemDelegate, role: int, value: object, width: int, height: int
) -> dict[str, int]:
    """How many pixels of each scheme colour the delegate paints for one item."""
    model = QStandardItemModel()
    item = QStandardItem()
    item.setData(value, role)
    model.appendRow(item)
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("#808080"))
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, width, height)
    option.font = QApplication.font()
    painter = QPainter(image)
    delegate.paint(painter, option, model.index(0, 0, QModelIndex()))
    painter.end()
    wanted = {QColor(colour).rgb(): name for name, colour in colors().items()}
    found: dict[str, int] = {}
    for x in range(width):
        for y in range(height):
            name = wanted.get(image.pixel(x, y))
            if name is not None:
                found[name] = found.get(name, 0) + 1
    return found


def card(score: float) -> Card:
    """A withdrawn card: grey stripe, stay not timed, so the badge is its only band colour."""
    return Card(1, 1, "Ana Example", None, None, "withdrawn", 1.0, datetime.now(UTC), score)


@pytest.mark.parametrize(("score", "band"), [(72, ScoreBand.STRONG), (50, ScoreBand.FAIR)])
def test_the_board_and_the_matches_paint_a_score_in_one_band(
    qtbot: QtBot, score: float, band: ScoreBand
) -> None:
    assert score_band(score) is band
    colour = SCORE_BAND_COLORS[band]
    others = set(SCORE_BAND_COLORS.values()) - {colour}
    board = painted_colours(CardDelegate(), CardRole, card(score), 240, 90)
    matches = painted_colours(FitDelegate(), ScoreRole, float(score), 140, 24)
    for painted in (board, matches):
        assert painted.get(colour, 0) > 20
        assert not others & set(painted)
    bar = score_bar_palette(score).color(QPalette.ColorRole.Highlight)
    assert bar == QColor(colors()[colour])


def test_the_reports_band_scores_the_same_way() -> None:
    assert score_colour(72) == GOOD
    assert score_colour(50) == FAIR
    assert score_colour(72) != score_colour(50)
