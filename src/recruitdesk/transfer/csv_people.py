"""CSV files of people, as other tools export them: the delimiter and the header found,
each column mapped to a field by its name (the user may fix the mapping), each record
checked into a :class:`~recruitdesk.transfer.person_rows.PersonRow` or a
:class:`~recruitdesk.transfer.results.Problem` naming its line (the header is line 1).
"""

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from recruitdesk.domain.csv_columns import by_alias
from recruitdesk.errors import KnownError, ValidationError
from recruitdesk.progress import NO_PROGRESS, Progress
from recruitdesk.transfer.person_rows import PersonRow, flag_duplicates, person_from_fields
from recruitdesk.transfer.results import Problem, refused_fields
from recruitdesk.transfer.text_files import decode_text, read_limited, text_encoding

#: How many records at the top of a CSV may come before its header (LinkedIn's
#: Connections.csv starts with a few lines of notes).
HEADER_SEARCH_RECORDS = 12
#: How much of the start of a file the header is looked for in.
_HEAD_CHARS = 65_536
#: Characters of a decoded file handed to the CSV reader at a time.
_PIECE_CHARS = 262_144
DELIMITERS = (",", ";", "\t", "|")


def guess_mapping(header: Sequence[str]) -> list[str | None]:
    """The column key each header names, as ATS and LinkedIn exports spell them (``None``:
    ignored); a key is used once, leftmost first."""
    used: set[str] = set()
    mapping: list[str | None] = []
    for name in header:
        column = by_alias(name)
        guessed = column.key if column else None
        if guessed in used:
            guessed = None
        if guessed:
            used.add(guessed)
        mapping.append(guessed)
    return mapping


def mapping_problem(mapping: Sequence[str | None], header: Sequence[str]) -> str | None:
    """Why a mapping cannot import anyone (a name and an e-mail or GitHub are required)."""
    fields = {name for name in mapping if name}
    names = ", ".join(repr(name) for name in header) or "none"
    if not fields & {"full_name", "first_name", "last_name"}:
        return f"no column gives a name (the columns are {names})"
    if not fields & {"email", "github", "url"}:
        return f"no column gives an e-mail or a GitHub profile (the columns are {names})"
    return None


@dataclass(slots=True)
class CsvSource:
    """A CSV file read and parsed, before its columns are mapped."""

    name: str
    encoding: str
    delimiter: str
    header_line: int
    header: list[str]
    #: ``(line, fields)`` for every non-empty record after the header.
    records: list[tuple[int, list[str]]]
    mapping: list[str | None]

    @property
    def delimiter_name(self) -> str:
        return {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}[self.delimiter]


def _lines(text: str) -> Iterator[str]:
    """``text``'s lines as a file opened with ``newline=""`` gives them, a piece at a
    time: a ``StringIO`` of a whole 50,000-row file copies it in one call that holds the
    GIL long enough to freeze the window."""
    start = 0
    while start < len(text):
        # A piece ends just after a "\n" (or at the end): no line, no "\r\n", is cut.
        end = text.find("\n", start + _PIECE_CHARS) + 1 or len(text)
        yield from io.StringIO(text[start:end], newline="")
        start = end


def _records(text: str | TextIO, delimiter: str, source: str) -> Iterator[tuple[int, list[str]]]:
    lines = _lines(text) if isinstance(text, str) else text
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    start = 1
    try:
        for record in reader:
            yield start, record
            start = reader.line_num + 1
    except csv.Error as error:
        raise KnownError(
            f"{source} cannot be read as CSV at line {start}: {error}; nothing was imported."
        ) from None


def _find_header(text: str, source: str) -> tuple[str, int]:
    """The delimiter and the index of the header record (the first record that names
    known columns) in the start of a file."""
    head = text[:_HEAD_CHARS]
    best: tuple[int, int, str] | None = None  # (mapped columns, -record index, delimiter)
    for delimiter in DELIMITERS:
        try:
            reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
            for index, record in enumerate(reader):
                if index >= HEADER_SEARCH_RECORDS:
                    break
                score = sum(1 for name in guess_mapping(record) if name)
                if score and (best is None or (score, -index) > best[:2]):
                    best = (score, -index, delimiter)
        except csv.Error:
            continue
    if best is None:
        first = text.strip().splitlines()[0][:80] if text.strip() else ""
        raise KnownError(
            f"{source}: the first line ({first!r}) names no column recruitdesk knows "
            "(a name, e-mail, GitHub...); is it a CSV of candidates?"
            if first
            else f"{source} is empty."
        )
    _score, minus_index, delimiter = best
    return delimiter, -minus_index


def parse_csv(text: str, source: str) -> CsvSource:
    """Find the delimiter and the header, and every record after it."""
    delimiter, header_index = _find_header(text, source)
    header: list[str] = []
    header_line = 1
    records: list[tuple[int, list[str]]] = []
    for index, (line, record) in enumerate(_records(text, delimiter, source)):
        if index < header_index:
            continue
        if index == header_index:
            header, header_line = [name.strip() for name in record], line
            continue
        if any(value.strip() for value in record):
            records.append((line, record))
    return CsvSource(
        name=source,
        encoding="",
        delimiter=delimiter,
        header_line=header_line,
        header=header,
        records=records,
        mapping=guess_mapping(header),
    )


def read_csv(path: Path) -> CsvSource:
    """Read a CSV file whole: decode it, find the delimiter and the header."""
    text, encoding = decode_text(read_limited(path), path.name)
    source = parse_csv(text, path.name)
    source.encoding = encoding
    return source


class _RecordChecker:
    """Checks one record after another under a mapping."""

    def __init__(self, name: str, header: Sequence[str], mapping: Sequence[str | None]) -> None:
        problem = mapping_problem(mapping, header)
        if problem:
            raise KnownError(f"{name}: {problem}; nothing was imported.")
        self.mapping = list(mapping)
        self.width = len(header)
        # A refused value is named by the file's own header, as the user sees it.
        self.names = {key: name for key, name in zip(mapping, header, strict=False) if key}

    def check(self, line: int, record: list[str]) -> PersonRow | Problem:
        if len(record) > self.width:
            return Problem(
                line,
                f"it has {len(record)} fields but the header has {self.width} "
                "(an unquoted delimiter inside a value?)",
            )
        given = {
            name: value
            for name, value in zip(self.mapping, record, strict=False)
            if name is not None
        }
        try:
            return person_from_fields(line, given)
        except ValidationError as error:
            return Problem(line, refused_fields(error, self.names))


def rows_from_csv(
    source: CsvSource,
    mapping: Sequence[str | None] | None = None,
    progress: Progress = NO_PROGRESS,
) -> tuple[list[PersonRow], list[Problem]]:
    """Validate every record under ``mapping`` (the source's own guess by default)."""
    checker = _RecordChecker(
        source.name, source.header, source.mapping if mapping is None else mapping
    )
    rows: list[PersonRow] = []
    problems: list[Problem] = []
    total = len(source.records)
    for number, (line, record) in enumerate(source.records):
        if not number % 1000:
            progress.step(number, total, "checking the rows")
        checked = checker.check(line, record)
        if isinstance(checked, Problem):
            problems.append(checked)
        else:
            rows.append(checked)
    flag_duplicates(rows, problems)
    return rows, problems


@dataclass(frozen=True, slots=True)
class CsvFile:
    """A CSV file to import as it is read: its encoding, delimiter and header found
    from its start, its records read one at a time."""

    path: Path
    encoding: str
    delimiter: str
    header_index: int

    @property
    def name(self) -> str:
        return self.path.name


def open_csv(path: Path) -> CsvFile:
    """Find a CSV file's encoding (reading it through once, a chunk at a time), its
    delimiter and its header, without holding it whole."""
    encoding = text_encoding(path, path.name)
    with path.open(encoding=encoding, newline="") as handle:
        head = handle.read(_HEAD_CHARS)
    delimiter, header_index = _find_header(head, path.name)
    return CsvFile(path, encoding, delimiter, header_index)


def stream_rows(csv_file: CsvFile) -> Iterator[PersonRow | Problem]:
    """Each record after the header, checked under the mapping its header gives."""
    checker: _RecordChecker | None = None
    # The codecs a byte order mark chose drop it, as ``decode_text`` does.
    with csv_file.path.open(encoding=csv_file.encoding, newline="") as handle:
        records = _records(handle, csv_file.delimiter, csv_file.name)
        for index, (line, record) in enumerate(records):
            if index < csv_file.header_index:
                continue
            if checker is None:
                header = [name.strip() for name in record]
                checker = _RecordChecker(csv_file.name, header, guess_mapping(header))
                continue
            if any(value.strip() for value in record):
                yield checker.check(line, record)
