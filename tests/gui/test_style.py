"""The app's style: what it decides for every window, whatever the desktop asks."""

from collections.abc import Iterator

import pytest
from gui_helpers import use_scheme
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QProxyStyle, QStyle, QWidget
from pytestqt.qtbot import QtBot


class IconsPlease(QProxyStyle):
    """A desktop theme that wants stock icons on dialog buttons (as GNOME's and KDE's do)."""

    def styleHint(self, hint: QStyle.StyleHint, *args: object) -> int:  # noqa: N802
        if hint is QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 1
        return super().styleHint(hint, *args)  # type: ignore[arg-type]


@pytest.fixture
def icon_theme() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyle(IconsPlease("Fusion"))  # tests start in Qt's plain look (tests/conftest.py)
    yield
    app.setStyle("Fusion")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_dialog_buttons_have_no_stock_icons(qtbot: QtBot, icon_theme: None, scheme: str) -> None:
    plain = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    qtbot.addWidget(plain)
    assert not plain.buttons()[0].icon().isNull()  # the theme really asks for icons
    use_scheme(scheme)
    parent = QWidget()
    qtbot.addWidget(parent)
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent
    )
    assert [button.icon().isNull() for button in box.buttons()] == [True, True]
