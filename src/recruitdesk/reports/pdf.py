"""Writing a paginated PDF from rich text: A4 or Letter, a header rule and a footer with
"page N of M" on every page, selectable text with embedded fonts (Qt's PDF engine
embeds the subset of each font it uses), charts as images.

The PDF is laid out into memory, then written whole or not at all (docs/architecture.md,
"Atomic files").
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
    QTextOption,
)

from recruitdesk.atomic_files import atomic_write_bytes, refuse_database_file
from recruitdesk.errors import KnownError
from recruitdesk.progress import NO_PROGRESS, Progress

#: Dots per inch of the PDF's coordinate space; text and vectors stay sharp at any zoom.
RESOLUTION = 300
MARGINS_MM = QMarginsF(18, 16, 18, 16)
BODY_FONT = "DejaVu Sans"
BODY_POINT_SIZE = 9.5
#: Room above the body for the header rule and below it for the footer, in points.
HEADER_PT = 18
FOOTER_PT = 20
MUTED = QColor("#5b6478")
RULE = QColor("#d9dee8")


class PaperSize(StrEnum):
    A4 = "a4"
    LETTER = "letter"

    def page_size(self) -> QPageSize:
        size_id = QPageSize.PageSizeId.A4 if self is PaperSize.A4 else QPageSize.PageSizeId.Letter
        return QPageSize(size_id)


@dataclass(frozen=True, slots=True)
class PdfPage:
    """What the header and footer of every page say."""

    title: str
    header: str
    footer: str


def confidential_footer(prepared: date) -> str:
    """The footer of a report about people: it is not for passing on."""
    return f"Confidential · prepared {prepared:%d %b %Y}"


_own_app: list[QGuiApplication] = []


def ensure_gui_application() -> None:
    """Text layout and fonts need a QGuiApplication; a command-line run gets an offscreen
    one (a PDF needs no screen), kept for the life of the process."""
    if QGuiApplication.instance() is None:
        _own_app.append(QGuiApplication(["recruitdesk", "-platform", "offscreen"]))


def _points(writer: QPdfWriter, points: float) -> float:
    return points * writer.resolution() / 72.0


def checked_target(path: Path) -> Path:
    """``path`` resolved, or the :class:`KnownError` that says why no report can be
    written there (checked again where the report is written: a child process does not
    know the files of the database this process has open)."""
    path = path.expanduser().resolve()
    if path.is_dir():
        raise KnownError(f"{path} is a folder; give the report a file name ending in .pdf.")
    if not path.parent.is_dir():
        raise KnownError(f"The folder {path.parent} does not exist.")
    try:
        refuse_database_file(path)
    except PermissionError as error:
        raise KnownError(f"Cannot write {path}: {error.strerror}.") from None
    return path


def write_pdf(
    path: Path,
    html: str | Sequence[str],
    page: PdfPage,
    *,
    paper: PaperSize = PaperSize.A4,
    images: Mapping[str, QImage] | None = None,
    progress: Progress = NO_PROGRESS,
) -> int:
    """Lay ``html`` out on pages of ``paper`` and write the PDF to ``path``. A sequence
    of sections starts each section on a new page.

    ``images`` maps the names used in ``<img src="NAME">`` to pictures. Returns the
    number of pages. A cancel (through ``progress``) leaves no file behind.
    """
    ensure_gui_application()
    path = checked_target(path)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    sections = [html] if isinstance(html, str) else list(html)
    pages = _render(buffer, sections, page, paper, images or {}, progress)
    try:
        atomic_write_bytes(path, bytes(buffer.data().data()))
    except OSError as error:
        raise KnownError(f"Cannot write {path}: {error.strerror or error}.") from None
    return pages


def _render(
    device: QBuffer,
    sections: Sequence[str],
    page: PdfPage,
    paper: PaperSize,
    images: Mapping[str, QImage],
    progress: Progress,
) -> int:
    writer = QPdfWriter(device)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            paper.page_size(),
            QPageLayout.Orientation.Portrait,
            MARGINS_MM,
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(page.title)
    writer.setCreator("recruitdesk")
    width = float(writer.width())
    header = _points(writer, HEADER_PT)
    footer = _points(writer, FOOTER_PT)
    body_height = float(writer.height()) - header - footer

    # One document per section, laid out one at a time: PySide6 holds the GIL through
    # each layout call, so a whole 100-page report in one call would freeze the window
    # (docs/architecture.md, "Background operations").
    documents: list[tuple[QTextDocument, int]] = []
    for number, section in enumerate(sections):
        progress.step(number, len(sections), "laying out")
        document = _document(writer, section, images, QSizeF(width, body_height))
        documents.append((document, document.pageCount()))
    count = sum(pages for _document_, pages in documents)

    painter = QPainter(writer)
    try:
        number = 0
        for document, pages in documents:
            for index in range(pages):
                progress.step(number, count, f"page {number + 1} of {count}")
                if number:
                    writer.newPage()
                number += 1
                _decorate(painter, writer, page, number, count, header, body_height)
                painter.save()
                painter.translate(0, header - index * body_height)
                document.drawContents(painter, QRectF(0, index * body_height, width, body_height))
                painter.restore()
    finally:
        painter.end()
    return count


def _document(
    writer: QPdfWriter, html: str, images: Mapping[str, QImage], size: QSizeF
) -> QTextDocument:
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    font = QFont(BODY_FONT)
    font.setPointSizeF(BODY_POINT_SIZE)
    document.setDefaultFont(font)
    document.setDocumentMargin(0)
    # Qt's default also breaks inside a word that does not fit its table cell
    # ("Screenin g"); words stay whole, and a column widens to its longest word.
    option = document.defaultTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    document.setDefaultTextOption(option)
    for name, image in images.items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    document.setHtml(html)
    document.setPageSize(size)
    return document


def _decorate(
    painter: QPainter,
    writer: QPdfWriter,
    page: PdfPage,
    number: int,
    count: int,
    header: float,
    body_height: float,
) -> None:
    width = float(writer.width())
    small = QFont(BODY_FONT)
    small.setPointSizeF(7.5)
    painter.setFont(small)
    painter.setPen(QPen(MUTED))
    line_height = _points(writer, 10)
    painter.drawText(
        QRectF(0, 0, width, line_height),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
        page.header,
    )
    painter.setPen(QPen(RULE, _points(writer, 0.6)))
    painter.drawLine(0, int(header * 0.75), int(width), int(header * 0.75))
    footer_top = header + body_height + _points(writer, 6)
    painter.setPen(QPen(MUTED))
    box = QRectF(0, footer_top, width, line_height)
    painter.drawText(
        box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), page.footer
    )
    painter.drawText(
        box,
        int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
        f"page {number} of {count}",
    )
