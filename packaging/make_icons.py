"""Render the application icon's PNG sizes from ``resources/app/recruitdesk.svg``.

    QT_QPA_PLATFORM=offscreen python packaging/make_icons.py

Run it after editing the SVG and commit the PNGs (the bundle and the Linux desktop
entry use them; the window uses the SVG).
"""

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 32, 48, 64, 128, 256, 512)
APP_FOLDER = Path(__file__).resolve().parents[1] / "resources" / "app"


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(APP_FOLDER / "recruitdesk.svg"))
    if not renderer.isValid():
        print("the SVG does not parse", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = APP_FOLDER / f"recruitdesk-{size}.png"
        if not image.save(str(target)):
            print(f"cannot write {target}", file=sys.stderr)
            return 1
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
