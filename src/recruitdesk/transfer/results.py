"""What an import found wrong with a file, and what it did."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from recruitdesk.domain import wording
from recruitdesk.errors import KnownError, ValidationError
from recruitdesk.storage.changes import Changes

#: How many problems the one-sentence message of a refusal quotes.
QUOTED_PROBLEMS = 3


@dataclass(frozen=True, slots=True)
class Problem:
    """Why one row (or record) of a file cannot be imported."""

    line: int
    reason: str
    #: The member of a bundle the line is in; empty for a CSV or JSON file.
    member: str = ""

    def __str__(self) -> str:
        where = f"{self.member} line {self.line}" if self.member else f"line {self.line}"
        return f"{where}: {self.reason}"


def refused_fields(error: ValidationError, names: Mapping[str, str] | None = None) -> str:
    """Why a record was refused, for a :class:`Problem`: each field, by the name the file
    gives it (``names``: key -> name) or else by its key, and why."""
    names = names or {}
    return "; ".join(
        f"{names.get(key) or key}: {reason.rstrip('.')}" for key, reason in error.problems.items()
    )


class InvalidImportError(KnownError):
    """A file with invalid rows: nothing was written. ``problems`` lists the first ones
    (every one, unless ``total`` says there were more)."""

    def __init__(
        self,
        source: str,
        problems: Sequence[Problem],
        valid: int,
        unit: str = "row",
        *,
        total: int | None = None,
    ) -> None:
        self.source = source
        self.problems = tuple(problems)
        self.valid = valid
        count = len(self.problems) if total is None else total
        #: How many problems there were beyond ``problems``.
        self.more = count - len(self.problems)
        quoted = "; ".join(str(problem) for problem in self.problems[:QUOTED_PROBLEMS])
        more = f"; and {count - QUOTED_PROBLEMS:,} more" if count > QUOTED_PROBLEMS else ""
        verb = "is" if count == 1 else "are"
        hint = (
            f" (--skip-invalid imports the {wording.count(valid, 'valid ' + unit)})"
            if valid
            else ""
        )
        super().__init__(
            f"{source}: {wording.count(count, unit)} {verb} invalid, nothing was imported"
            f"{hint}: {quoted}{more}."
        )


@dataclass(slots=True)
class ImportReport:
    """What an import did, for the command line and the GUI."""

    source: str
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Problem] = field(default_factory=list)
    #: How many more rows were skipped than ``skipped`` lists.
    more_skipped: int = 0
    #: Further lines: for a bundle, what was taken from where.
    details: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)

    def summary(self) -> str:
        line = (
            f"{self.source}: {wording.count(self.created, 'candidate')} added, "
            f"{self.updated:,} updated, {self.unchanged:,} unchanged"
        )
        if self.skipped:
            line += f"; {len(self.skipped) + self.more_skipped:,} invalid skipped"
        return line + "."
