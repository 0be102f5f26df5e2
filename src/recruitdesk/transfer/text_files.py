"""Reading text files of unknown origin: bounded in size, decoded whatever the encoding,
JSON arrays read item by item with the line each starts on, so a problem names its line.
"""

import codecs
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from recruitdesk.atomic_files import refuse_database_file
from recruitdesk.errors import KnownError
from recruitdesk.transfer.json_numbers import CheckedDecoder, refused_number

#: A file larger than this is refused before it is read: 50,000 rows take ~10 MB.
MAX_IMPORT_BYTES = 200 * 1024 * 1024


def read_limited(path: Path, limit: int = MAX_IMPORT_BYTES) -> bytes:
    """The bytes of ``path``, refusing a missing, unreadable or oversized file and the
    database's own files."""
    checked_size(path, limit)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise KnownError(f"There is no file {path}.") from None
    except OSError as error:
        raise KnownError(f"Cannot read {path}: {error.strerror}.") from None


def _line_at(data: bytes | str, offset: int) -> int:
    newline: Any = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, offset) + 1


#: Characters no text file of people holds (tab, line feed and carriage return aside).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _bom_or_utf16(data: bytes, source: str) -> str:
    """The encoding a byte order mark or UTF-16's zero bytes give away, or ``""``."""
    encoding = ""
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            encoding = name
            break
    if not encoding:
        head = data[:4096]
        zeros = head.count(0)
        if zeros and len(head) >= 2:
            even = head[0::2].count(0)
            odd = head[1::2].count(0)
            if odd > len(head) * 0.4 and even < len(head) * 0.05:
                encoding = "utf-16-le"
            elif even > len(head) * 0.4 and odd < len(head) * 0.05:
                encoding = "utf-16-be"
            else:
                offset = data.index(0)
                raise KnownError(
                    f"{source} is not a text file: line {_line_at(data, offset)} holds a zero "
                    f"byte (offset {offset}); export it as CSV (UTF-8) and import that."
                )
    return encoding


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Decode a text file of unknown encoding: ``(text, encoding name)``.

    A byte order mark decides (UTF-8, UTF-16, UTF-32); without one, UTF-16 is recognised
    by its zero bytes, then UTF-8 is tried, then Windows-1252 and Latin-1 (what
    spreadsheets on Windows save). A file that is not text at all is refused, naming
    the line of the first byte that gives it away.
    """
    encoding = _bom_or_utf16(data, source)
    candidates = [encoding] if encoding else ["utf-8", "cp1252", "latin-1"]
    text = ""
    for name in candidates:
        try:
            text = data.decode(name)
        except UnicodeDecodeError as error:
            if name == candidates[-1]:
                raise KnownError(
                    f"{source} is not valid {name.upper()}: line "
                    f"{_line_at(data, error.start)} holds the bytes "
                    f"{data[error.start : error.start + 4].hex(' ')}."
                ) from None
            continue
        encoding = name
        break
    control = _CONTROL.search(text)
    if control:
        index, char = control.start(), control.group()
        raise KnownError(
            f"{source} is not a text file: line {_line_at(text, index)} holds the control "
            f"character U+{ord(char):04X}; export it as CSV (UTF-8) and import that."
        )
    return text.removeprefix("\ufeff"), encoding


#: Bytes decoded per step while a file's encoding is checked.
_CHUNK = 1024 * 1024


def checked_size(path: Path, limit: int = MAX_IMPORT_BYTES) -> None:
    """Refuse, before anything reads it, a file to import that is missing, a folder, too
    large, or one of the open database's files (reading would drop SQLite's locks)."""
    try:
        refuse_database_file(path)
        if path.is_dir():
            raise KnownError(f"{path} is a folder, not a file to import.")
        size = path.stat().st_size
    except FileNotFoundError:
        raise KnownError(f"There is no file {path}.") from None
    except OSError as error:
        raise KnownError(f"Cannot read {path}: {error.strerror}.") from None
    if size > limit:
        raise KnownError(
            f"{path} is {size / 1_048_576:.0f} MB; recruitdesk imports files of at most "
            f"{limit / 1_048_576:.0f} MB."
        )


def _decodes_as(path: Path, encoding: str, source: str, last: bool) -> bool:
    """Whether the whole file decodes as ``encoding`` with no control character, read a
    chunk at a time; for the ``last`` encoding tried, a failure is the file's refusal."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 1
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(_CHUNK)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                if not last:
                    return False
                line = lines + chunk.count(b"\n", 0, max(error.start, 0))
                raise KnownError(
                    f"{source} is not valid {encoding.upper()}: line {line} holds the bytes "
                    f"{error.object[error.start : error.start + 4].hex(' ')}."
                ) from None
            control = _CONTROL.search(text)
            if control:
                line = lines + text.count("\n", 0, control.start())
                raise KnownError(
                    f"{source} is not a text file: line {line} holds the control character "
                    f"U+{ord(control.group()):04X}; export it as CSV (UTF-8) and import that."
                )
            lines += text.count("\n")
            if not chunk:
                return True


def _refuse_mixed(path: Path, source: str) -> None:
    """Refuse a file that is not UTF-8 as a whole but has lines that are: decoded as
    Windows-1252 those would read "JosÃ©", and no one encoding reads every line."""
    utf8_line = other_line = 0
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                other_line = other_line or number
            else:
                utf8_line = utf8_line or number
            if utf8_line and other_line:
                raise KnownError(
                    f"{source} mixes two encodings: line {utf8_line} is UTF-8 and line "
                    f"{other_line} is not (Latin-1 or Windows-1252, perhaps); save the file "
                    "as CSV (UTF-8) and import it again."
                )


def text_encoding(path: Path, source: str, limit: int = MAX_IMPORT_BYTES) -> str:
    """The encoding of a text file, found as :func:`decode_text` finds it but reading
    the file a chunk at a time, so a large file is never held whole."""
    checked_size(path, limit)
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
        encoding = _bom_or_utf16(head, source)
        candidates = [encoding] if encoding else ["utf-8", "cp1252", "latin-1"]
        for name in candidates:
            if _decodes_as(path, name, source, last=name == candidates[-1]):
                return name
            if name == "utf-8":
                _refuse_mixed(path, source)
    except OSError as error:
        raise KnownError(f"Cannot read {path}: {error.strerror}.") from None
    raise AssertionError("the last encoding tried refuses the file or is taken")


#: The most text one item of a JSON array (a resume, a bundle record) may take.
MAX_ITEM_CHARS = 16 * 1024 * 1024
_READ_CHARS = 1024 * 1024
#: Characters read past a value before it is taken as whole.
_LOOKAHEAD = 64
_BLANK = re.compile(r"\s*")


class _JsonText:
    """The text of a JSON file read a chunk at a time: the part not yet decoded, and
    the line and column its start is at."""

    def __init__(self, handle: TextIO, source: str) -> None:
        self.handle = handle
        self.source = source
        self.text = ""
        self.position = 0
        self.eof = False
        self._line = 1  # the line of text[self._counted]
        self._counted = 0
        self._column = 0  # how far into its line text[0] is

    def more(self) -> bool:
        """Read another chunk, dropping what was decoded; ``False`` at the end."""
        if self.eof:
            return False
        chunk = self.handle.read(_READ_CHARS)
        if not chunk:
            self.eof = True
            return False
        if self.position:
            self.line_at(self.position)
            dropped = self.text[: self.position]
            newline = dropped.rfind("\n")
            self._column = (
                len(dropped) - newline - 1 if newline >= 0 else self._column + len(dropped)
            )
            self.text, self.position, self._counted = self.text[self.position :], 0, 0
        self.text += chunk
        return True

    def line_at(self, offset: int) -> int:
        """The line ``offset`` is on (offsets only grow between two reads)."""
        self._line += self.text.count("\n", self._counted, offset)
        self._counted = offset
        return self._line

    def skip_blank(self) -> str:
        """Skip white space; the next character, or ``""`` at the end."""
        while True:
            self.position = _BLANK.match(self.text, self.position).end()  # type: ignore[union-attr]
            if self.position < len(self.text) or not self.more():
                return self.text[self.position : self.position + 1]

    def decode(self, decoder: CheckedDecoder) -> tuple[int, Any]:
        """The value that starts here, with its line."""
        while True:
            try:
                value, end = decoder.raw_decode(self.text, self.position)
            except json.JSONDecodeError as error:
                if self._can_grow() and self.more():
                    continue
                raise self._invalid(error) from None
            except RecursionError:
                raise KnownError(
                    f"{self.source}: the item on line {self.line_at(self.position)} is nested "
                    "too deeply to be a resume or a record; nothing was imported."
                ) from None
            # A number may go on in the next chunk ("12" of "123", "1" of "1.5").
            if len(self.text) - end < _LOOKAHEAD and self.more():
                continue
            line = self.line_at(self.position)
            refused = refused_number(decoder, value)
            if refused:
                raise KnownError(
                    f"{self.source}: the item on line {line}: {refused}; nothing was imported."
                )
            self.position = end
            return line, value

    def _can_grow(self) -> bool:
        if self.eof:
            return False
        if len(self.text) - self.position > MAX_ITEM_CHARS:
            raise KnownError(
                f"{self.source}: the item on line {self.line_at(self.position)} is larger than "
                f"{MAX_ITEM_CHARS // 1_048_576} MB, too large to be a resume or a record; "
                "nothing was imported."
            )
        return True

    def _invalid(self, error: json.JSONDecodeError) -> KnownError:
        base = self._line - self.text.count("\n", 0, self._counted)  # the line of text[0]
        column = error.colno + (self._column if error.lineno == 1 else 0)
        return KnownError(
            f"{self.source} is not valid JSON: line {base + error.lineno - 1} column {column}: "
            f"{error.msg}."
        )

    def fail_at(self, message: str) -> KnownError:
        return KnownError(
            f"{self.source} is not valid JSON: line {self.line_at(self.position)}{message}"
        )


def iter_json_items(handle: TextIO, source: str) -> Iterator[tuple[int, Any]]:
    """The items of a top-level JSON array with the line each starts on, read a chunk
    at a time (an item may take up to :data:`MAX_ITEM_CHARS`); a top-level object
    counts as an array of one."""
    decoder = CheckedDecoder()
    text = _JsonText(handle, source)
    first = text.skip_blank()
    if not first:
        raise KnownError(f"{source} is empty.")
    if first != "[":
        yield text.decode(decoder)
        if text.skip_blank():
            raise text.fail_at(" has more after the end.")
        return
    text.position += 1
    if text.skip_blank() == "]":
        return
    while True:
        yield text.decode(decoder)
        following = text.skip_blank()
        if following == ",":
            text.position += 1
            text.skip_blank()
            continue
        if following == "]":
            break
        raise text.fail_at(": expected ',' or ']' between the items.")
