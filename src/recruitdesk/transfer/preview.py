"""What a file holds before anything is written: the import dialog's preview, read in
the background as plain values.

:func:`read_preview` reads any import format (the registry's detector says which) and,
for a CSV, checks every row under the column mapping guessed from the header;
:func:`check_csv` checks them again under a mapping the user changed. Both step
``progress``, so a cancel stops a long read.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from recruitdesk.progress import NO_PROGRESS, Progress
from recruitdesk.transfer.bundle_read import BundleContent, read_bundle
from recruitdesk.transfer.csv_people import CsvSource, mapping_problem, read_csv, rows_from_csv
from recruitdesk.transfer.formats import detect_format
from recruitdesk.transfer.person_rows import PersonRow
from recruitdesk.transfer.results import Problem
from recruitdesk.transfer.resume import read_resumes


@dataclass(slots=True)
class CheckedRows:
    """The rows of a file under one mapping: who can be imported, and why the rest
    cannot, with what each refused line holds."""

    rows: list[PersonRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: The refused lines' values by field, to show beside their problem.
    raw: dict[int, dict[str, str]] = field(default_factory=dict)
    #: Why the mapping itself cannot import anyone, or ``None``.
    mapping_problem: str | None = None
    #: The preview's lines in the file's order: ``(where, row or None, problem)``.
    entries: list[tuple[str, PersonRow | None, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        keyed: list[tuple[tuple[str, int], str, PersonRow | None, str]] = [
            (("", row.line), str(row.line), row, "") for row in self.rows
        ]
        keyed += [
            ((found.member, found.line), f"{found.member} {found.line}".strip(), None, found.reason)
            for found in self.problems
        ]
        keyed.sort(key=lambda entry: entry[0])
        self.entries = [(where, row, reason) for _key, where, row, reason in keyed]


@dataclass(slots=True)
class Preview:
    """A file read for the import dialog."""

    path: Path
    kind: str
    checked: CheckedRows
    source: CsvSource | None = None
    bundle: BundleContent | None = None

    def close(self) -> None:
        """Remove the bundle's private file of records now (it holds personal data)."""
        if self.bundle is not None:
            self.bundle.stage.close()


def check_csv(
    source: CsvSource, mapping: Sequence[str | None], progress: Progress = NO_PROGRESS
) -> CheckedRows:
    """Every record of ``source`` checked under ``mapping``."""
    problem = mapping_problem(mapping, source.header)
    if problem:
        return CheckedRows(mapping_problem=problem)
    rows, problems = rows_from_csv(source, mapping, progress)
    bad = {found.line for found in problems}
    raw = {
        line: {
            name: text.strip()
            for name, text in zip(mapping, record, strict=False)
            if name is not None
        }
        for line, record in source.records
        if line in bad
    }
    return CheckedRows(rows, problems, raw)


def read_preview(path: Path, progress: Progress = NO_PROGRESS) -> Preview:
    """Read ``path`` whole for the preview; raises ``KnownError`` for a file that cannot
    be read as any import format."""
    kind = detect_format(path).name
    progress.step(0, None, f"reading {path.name}")
    if kind == "csv":
        source = read_csv(path)
        return Preview(path, kind, check_csv(source, source.mapping, progress), source=source)
    if kind == "bundle":
        bundle = read_bundle(path)
        return Preview(path, kind, CheckedRows(problems=bundle.problems.first()), bundle=bundle)
    resumes = read_resumes(path)
    return Preview(path, kind, CheckedRows(resumes.rows, resumes.problems))
