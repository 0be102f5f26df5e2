"""A file manager's part in a drop, in its own process: a small window that starts a
real drag (XDND) of the files named on its command line when the pointer presses it.

``python file_drag_source.py X Y FILE...`` shows a 160 by 80 window titled "file drag
source" at X, Y (Xvfb has no window manager to move it) and prints ``ready`` once it has
been drawn, when a press reaches it; ``dragging`` when a press starts the drag; then
``accepted`` or ``refused`` each time the window under the pointer answers.
"""

import sys

from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QDrag, QMouseEvent, QPaintEvent
from PySide6.QtWidgets import QApplication, QLabel


class Source(QLabel):
    def __init__(self, files: list[str]) -> None:
        super().__init__("drag me")
        self.files = files
        self.setWindowTitle("file drag source")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drawn = False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        if not self.drawn:
            self.drawn = True
            print("ready", flush=True)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(name) for name in self.files])
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.actionChanged.connect(self.said)
        print("dragging", flush=True)
        drag.exec(Qt.DropAction.CopyAction)

    def said(self, action: Qt.DropAction) -> None:
        """What the window under the pointer answered: a drop is only made where the
        target has accepted it, so a hand waits for that before letting go."""
        accepted = action != Qt.DropAction.IgnoreAction
        print("accepted" if accepted else "refused", flush=True)


def main() -> None:
    app = QApplication(sys.argv[:1])
    x, y, *files = sys.argv[1:]
    source = Source(files)
    source.setGeometry(int(x), int(y), 160, 80)
    source.show()
    app.exec()


if __name__ == "__main__":
    main()
