"""The app's look: Qt's Fusion style, a palette that follows the system's light or
dark scheme, the style sheet in ``resources/style.qss``, and the flags it styles by."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from recruitdesk.domain.score_bands import ScoreBand, score_band
from recruitdesk.resources import resource_path

#: Palette roles per scheme; the style sheet uses the same colours by name.
LIGHT = {
    "window": "#f4f6fa",
    "base": "#ffffff",
    "text": "#1d2433",
    "muted": "#5b6478",
    "faint": "#a4acbb",  # disabled text: plainly not clickable
    "accent": "#2f6fde",
    "border": "#d9dee8",
    "panel": "#ffffff",
    "column": "#e9edf4",
    "sidebar": "#1f2a3d",
    "sidebartext": "#c9d3e6",
    "selection": "#dbe7fb",
    "danger": "#c93c3c",
    "dangersoft": "#fbe9e9",
    "success": "#2e9d6a",
    "warning": "#c98512",
    "ontint": "#ffffff",  # text on a score badge
}
DARK = {
    "window": "#171b22",
    "base": "#1f242d",
    "text": "#e6e9ef",
    "muted": "#9aa3b5",
    "faint": "#5c6576",
    "accent": "#5b93f5",
    "border": "#333a47",
    "panel": "#222833",
    "column": "#1b2029",
    "sidebar": "#12161d",
    "sidebartext": "#aab4c8",
    "selection": "#26385a",
    "danger": "#ef6b6b",
    "dangersoft": "#3a2228",
    "success": "#4cc38a",
    "warning": "#e0a13a",
    "ontint": "#171b22",  # text on a score badge
}


#: A scheme forced by :func:`force_scheme` ("light" or "dark"), else the system's.
_forced: str | None = None


def is_dark() -> bool:
    if _forced is not None:
        return _forced == "dark"
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def colors() -> dict[str, str]:
    return DARK if is_dark() else LIGHT


#: The scheme colour of each score band: the board's badges, the matches' fit bars and
#: the candidate pane's score bars.
SCORE_BAND_COLORS = {
    ScoreBand.STRONG: "success",
    ScoreBand.FAIR: "warning",
    ScoreBand.WEAK: "danger",
}


#: The scheme colour of where an ask sits against its market band.
VERDICT_COLORS = {"within": "success", "below": "accent", "above": "danger"}


def score_color(value: float) -> str:
    """The colour of a 0..100 score's band in the current scheme."""
    return colors()[SCORE_BAND_COLORS[score_band(value)]]


def score_bar_palette(value: float) -> QPalette:
    """The app's palette with a score's band as the highlight, for a progress bar that
    shows the score: the bar in the band's colour, its number readable on it."""
    palette = QPalette(QApplication.palette())
    palette.setColor(QPalette.ColorRole.Highlight, QColor(score_color(value)))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor(colors()["ontint"]))
    return palette


def _palette(scheme: dict[str, str]) -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    palette.setColor(role.Window, QColor(scheme["window"]))
    palette.setColor(role.WindowText, QColor(scheme["text"]))
    palette.setColor(role.Base, QColor(scheme["base"]))
    palette.setColor(role.AlternateBase, QColor(scheme["window"]))
    palette.setColor(role.Text, QColor(scheme["text"]))
    palette.setColor(role.Button, QColor(scheme["panel"]))
    palette.setColor(role.ButtonText, QColor(scheme["text"]))
    palette.setColor(role.Highlight, QColor(scheme["accent"]))
    # Links in labels (a pull request's): Qt's default dark blue is unreadable on dark.
    palette.setColor(role.Link, QColor(scheme["accent"]))
    palette.setColor(role.LinkVisited, QColor(scheme["accent"]))
    palette.setColor(role.HighlightedText, QColor("#ffffff"))
    palette.setColor(role.PlaceholderText, QColor(scheme["muted"]))
    palette.setColor(role.ToolTipBase, QColor(scheme["panel"]))
    palette.setColor(role.ToolTipText, QColor(scheme["text"]))
    return palette


def style_sheet(scheme: dict[str, str]) -> str:
    """The style sheet with the scheme's colours filled in (``@name`` placeholders)."""
    text = resource_path("style.qss").read_text(encoding="utf-8")
    # "@icons" is the folder of the shipped icons; "@scheme" light or dark (icon names).
    text = text.replace("@icons", resource_path("icons").as_posix())
    text = text.replace("@scheme", "dark" if scheme is DARK else "light")
    for name, value in sorted(scheme.items(), key=lambda item: -len(item[0])):
        text = text.replace(f"@{name}", value)
    return text


def force_scheme(app: QApplication, scheme: str | None) -> None:
    """Use the ``"light"`` or ``"dark"`` scheme whatever the system says (``None``: follow
    the system again), e.g. for screenshots; restyles the app at once."""
    global _forced
    _forced = scheme
    chosen = colors()
    app.setPalette(_palette(chosen))
    app.setStyleSheet(style_sheet(chosen))


def apply_style(app: QApplication) -> None:
    """Fusion, the scheme's palette and the style sheet; again when the scheme changes."""
    app.setStyle("Fusion")

    def restyle() -> None:
        scheme = colors()
        app.setPalette(_palette(scheme))
        app.setStyleSheet(style_sheet(scheme))

    restyle()
    QGuiApplication.styleHints().colorSchemeChanged.connect(restyle)


def set_flag(widget: QWidget, name: str, value: bool) -> None:
    """Set a property the style sheet selects on (``[error="true"]``), and restyle the
    widget: Qt does not match the selectors again when a property changes."""
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def show_message(label: QLabel, text: str, *, error: bool = False) -> None:
    """A dialog's or pane's one-line message, red when it is an error."""
    label.setText(text)
    set_flag(label, "error", error)
    label.setVisible(bool(text))
