"""Checks of the Qt binding itself, for faults that would take the app down."""

import sys

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot


@pytest.mark.skipif(
    sys.version_info >= (3, 12),
    reason="None is immortal from Python 3.12 on (PEP 683): its count says nothing",
)
def test_painting_keeps_its_references_to_none(qtbot: QtBot) -> None:
    """PySide6 6.12.0 dropped a reference to None on every void QPainter call; on
    Python 3.11, where None is not immortal, the process then aborts ("deallocating
    None") after a few thousand painted cards."""
    image = QImage(64, 64, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    colour = QColor("#2f6fde")
    rect = QRectF(2, 2, 20, 10)
    before = sys.getrefcount(None)
    try:
        for _ in range(300):
            painter.setPen(colour)
            painter.setBrush(colour)
            painter.drawRoundedRect(rect, 3, 3)
    finally:
        painter.end()
    assert sys.getrefcount(None) >= before - 100
