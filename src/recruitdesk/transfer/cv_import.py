"""A CV (PDF or DOCX) into a new candidate: read and shown first, written on confirmation.

The reader extracts the text (:mod:`recruitdesk.transfer.cv_text`) and reads the facts
(:mod:`recruitdesk.domain.cv_reading`) without touching the database; the writer adds the
candidate with the file kept beside them in one transaction. The values the preview shows
may be corrected before they are written (the GUI's dialog does).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from recruitdesk.domain.cv_reading import CvFacts, read_cv
from recruitdesk.domain.skills import catalogue_names
from recruitdesk.resources import load_json
from recruitdesk.storage.database import Database
from recruitdesk.transfer.cv_text import CvText, read_cv_file
from recruitdesk.transfer.results import ImportReport

#: Where candidates read from a CV say they came from.
CV_SOURCE = "CV"


#: The suffixes of the files a CV is read from.
CV_SUFFIXES = (".pdf", ".docx")


def is_cv(path: Path) -> bool:
    """Whether ``path`` names a CV (by its name: a drop or a dialog gives no bytes yet)."""
    return path.suffix.lower() in CV_SUFFIXES


@cache
def skill_names() -> tuple[str, ...]:
    """The skill catalogue's names (``resources/skill_catalogue.json``)."""
    return tuple(catalogue_names(load_json("skill_catalogue.json")))


@dataclass(frozen=True, slots=True)
class CvPreview:
    """A CV read and not yet written: the file, what it says, and the values to write."""

    file: CvText
    facts: CvFacts
    values: Mapping[str, Any] = field(default_factory=dict)

    def with_values(self, values: Mapping[str, Any]) -> "CvPreview":
        """The same file with corrected values (what the user confirmed)."""
        return CvPreview(self.file, self.facts, dict(values))

    def lines(self) -> list[str]:
        """What was read, a line a field, for the command line's preview."""
        years = self.facts.years_experience
        shown = {
            "Name": self.facts.full_name,
            "E-mail": self.facts.email,
            "Phone": self.facts.phone,
            "GitHub": self.facts.github_login,
            "LinkedIn": self.facts.linkedin,
            "Experience": None if years is None else f"{years} years",
            "Skills": ", ".join(self.facts.skills) or None,
        }
        return [f"{label}: {value or '(not found)'}" for label, value in shown.items()]


def facts_values(facts: CvFacts) -> dict[str, Any]:
    """The candidate fields ``facts`` fill (the ones the CV does not state are left out)."""
    values: dict[str, Any] = {
        "full_name": facts.full_name,
        "email": facts.email,
        "phone": facts.phone,
        "github_login": facts.github_login,
        "links": list(facts.links),
        "skills": list(facts.skills),
        "years_experience": facts.years_experience,
        "source": CV_SOURCE,
    }
    return {name: value for name, value in values.items() if value not in (None, [], "")}


def read_cv_preview(path: Path, today: date | None = None) -> CvPreview:
    """Read a CV file and what it says; writes nothing."""
    file = read_cv_file(path)
    facts = read_cv(file.text, skill_names(), today or datetime.now(UTC).date())
    return CvPreview(file, facts, facts_values(facts))


def write_cv(database: Database, preview: CvPreview, _skip_invalid: bool = False) -> ImportReport:
    """Add the candidate the preview's values describe, with the CV kept beside them."""
    from recruitdesk.storage.cv_files import add_candidate_with_file

    _candidate_id, changes = add_candidate_with_file(
        database, preview.values, preview.file.name, preview.file.media_type, preview.file.data
    )
    return ImportReport(source=preview.file.name, kind="cv", created=1, changes=changes)
