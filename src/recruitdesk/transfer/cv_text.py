"""The text of a CV file, PDF (pypdf) or DOCX (python-docx), read as untrusted input.

Every refusal is one sentence and happens before anything is written: a file too large,
an encrypted or malformed PDF, one whose streams decompress beyond a cap (a bomb), a CV
of more pages than any CV has, a DOCX that is not a zip or whose members would unpack
beyond a cap, and a file with no text at all (a scan). The addresses links point to are
read too (a "GitHub" word linked to the profile), since many CVs show only the word.
"""

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from recruitdesk.errors import KnownError
from recruitdesk.transfer.text_files import read_limited

if TYPE_CHECKING:
    from pypdf import PageObject, PdfReader

#: A CV is a few pages; a larger file is not one (and would sit in the database).
MAX_CV_BYTES = 20 * 1024 * 1024
#: More pages than any CV has: a book, a thesis, a bomb of blank pages.
MAX_CV_PAGES = 30
#: The most bytes one PDF stream or all of a DOCX's members may unpack to.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
#: The most members a DOCX holds (Word writes about twenty).
MAX_DOCX_MEMBERS = 2_000
#: Text beyond this is not read: the facts of a CV are on its first pages.
MAX_TEXT_CHARS = 400_000
#: Fewer letters than this is no text (a scan, or pages of images).
_FEWEST_LETTERS = 20

PDF_MEDIA_TYPE = "application/pdf"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class CvFileError(KnownError):
    """A CV file that cannot be read; the message says why in one sentence."""


@dataclass(frozen=True, slots=True)
class CvText:
    """A CV file's bytes and the text read from them."""

    name: str
    media_type: str
    data: bytes
    text: str
    pages: int | None

    @property
    def size_text(self) -> str:
        """The file's size as people read it: "84 KB", "1.2 MB"."""
        size = len(self.data)
        if size < 1024 * 1024:
            return f"{max(1, round(size / 1024))} KB"
        return f"{size / 2**20:.1f} MB"


def read_cv_file(path: Path) -> CvText:
    """The text of the PDF or DOCX at ``path`` (by its first bytes, whatever its name)."""
    data = read_limited(path, MAX_CV_BYTES)
    pages: int | None = None
    # Readers accept a PDF header anywhere in the first kilobyte.
    if b"%PDF-" in data[:1024]:
        text, pages = _pdf_text(data, path.name)
        media_type = PDF_MEDIA_TYPE
    elif path.suffix.lower() == ".docx" or data.startswith(b"PK\x03\x04"):
        text, media_type = _docx_text(data, path.name), DOCX_MEDIA_TYPE
    else:
        raise CvFileError(f"{path.name} is neither a PDF nor a DOCX file.")
    if sum(char.isalpha() for char in text[:5000]) < _FEWEST_LETTERS:
        raise CvFileError(f"{path.name} holds no text (a scanned CV?): add the candidate by hand.")
    return CvText(path.name, media_type, data, text[:MAX_TEXT_CHARS], pages)


def _pdf_text(data: bytes, name: str) -> tuple[str, int]:
    from pypdf import PdfReader, apply_configuration, get_configuration
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PyPdfError

    capped = (
        "zlib_maximum_output_length",
        "lzw_maximum_output_length",
        "run_length_maximum_output_length",
        "array_based_stream_maximum_output_length",
        "maximum_declared_stream_length",
        "image_maximum_buffer_size",
    )
    caps = get_configuration().with_overwrites(**dict.fromkeys(capped, MAX_UNPACKED_BYTES))
    try:
        with apply_configuration(caps):
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not _opens_without_password(reader):
                raise CvFileError(f"{name} is encrypted: save it without a password first.")
            pages = len(reader.pages)
            if pages > MAX_CV_PAGES:
                raise CvFileError(f"{name} has {pages:,} pages; a CV has at most {MAX_CV_PAGES}.")
            parts: list[str] = []
            size = 0
            for page in reader.pages:
                # Text extraction swallows a decompression limit (the page reads as
                # empty); decoding the contents first lets a bomb say what it is.
                page.get_contents()
                part = page.extract_text() or ""
                parts.append(part)
                parts.extend(_page_links(page))
                size += len(part)
                if size > MAX_TEXT_CHARS:
                    break
    except LimitReachedError:
        raise CvFileError(
            f"{name} unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB (a decompression "
            "bomb?); it is not read."
        ) from None
    except (FileNotDecryptedError, DependencyError):
        raise CvFileError(f"{name} is encrypted: save it without a password first.") from None
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        RecursionError,
        AssertionError,
        UnicodeError,
        OverflowError,
        ZeroDivisionError,
    ):
        # pypdf meets broken files with whatever its parser trips on.
        raise CvFileError(f"{name} is not a readable PDF (it is damaged).") from None
    return "\n".join(parts), pages


def _opens_without_password(reader: "PdfReader") -> bool:
    """Whether the PDF is locked only against editing (an empty user password)."""
    from pypdf import PasswordType

    return reader.decrypt("") != PasswordType.NOT_DECRYPTED


def _page_links(page: "PageObject") -> list[str]:
    found: list[str] = []
    for annotation in page.get("/Annots") or ():
        action = annotation.get_object().get("/A") or {}
        uri = action.get_object().get("/URI") if hasattr(action, "get_object") else None
        if isinstance(uri, str):
            found.append(uri)
    return found


def _docx_text(data: bytes, name: str) -> str:
    _check_zip(data, name)
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile):
        raise CvFileError(f"{name} is not a Word document (DOCX).") from None
    except SyntaxError:
        # lxml's XMLSyntaxError: a member that is not XML.
        raise CvFileError(f"{name} is not a readable DOCX (it is damaged).") from None
    parts: list[str] = []
    for section in document.sections:
        parts.extend(paragraph.text for paragraph in section.header.paragraphs)
    parts.extend(paragraph.text for paragraph in document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    for section in document.sections:
        parts.extend(paragraph.text for paragraph in section.footer.paragraphs)
    parts.extend(
        relation.target_ref
        for relation in document.part.rels.values()
        if relation.reltype == RELATIONSHIP_TYPE.HYPERLINK
    )
    return "\n".join(parts)


def _check_zip(data: bytes, name: str) -> None:
    """Refuse a DOCX that is not a zip, or whose members would unpack beyond the cap.
    A member is never unpacked beyond the size its header declares, so the declared
    sizes bound what reading can cost."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise CvFileError(f"{name} is not a Word document (DOCX).") from None
    if len(members) > MAX_DOCX_MEMBERS:
        raise CvFileError(f"{name} holds {len(members):,} files; a DOCX holds a few dozen.")
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise CvFileError(
            f"{name} unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB (a zip bomb?); "
            "it is not read."
        )
    if not any(member.filename == "word/document.xml" for member in members):
        raise CvFileError(f"{name} is not a Word document (DOCX).")
