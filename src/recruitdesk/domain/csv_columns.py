"""The columns of a CSV of candidates (docs/architecture.md, "Adding things"): each
field of the candidate field table that a CSV carries, plus the parts an importer
assembles a field from (first and last names, a LinkedIn or other web address), with
the header spellings of ATS and LinkedIn exports."""

import re
import unicodedata
from dataclasses import dataclass

from recruitdesk.domain.candidate_fields import FIELDS, PART_ALIASES, by_name


@dataclass(frozen=True, slots=True)
class CsvColumn:
    """A column of a CSV of candidates: a field, or a part the importer assembles one
    from (first and last names, a LinkedIn or other web address)."""

    key: str
    label: str
    aliases: tuple[str, ...]
    #: The field the column fills (``None`` for a first or last name).
    field: str | None
    #: Written by the CSV export (the import reads every column).
    exported: bool = True


def _field_column(name: str) -> CsvColumn:
    spec = by_name(name)
    assert spec.csv_key is not None
    return CsvColumn(spec.csv_key, spec.column_label or spec.label, spec.aliases, name)


def _part_column(key: str, label: str, field: str | None, exported: bool = False) -> CsvColumn:
    return CsvColumn(key, label, tuple(PART_ALIASES[key].split()), field, exported)


#: The do-not-contact mark and why: no field of the pane (a refusal sets it, and only an
#: erasure lifts it), but it travels with the record, so a person who asked not to be
#: contacted is not contacted from a copy either.
DO_NOT_CONTACT, DO_NOT_CONTACT_REASON = "do_not_contact", "do_not_contact_reason"
CONSENT_KEYS = frozenset({DO_NOT_CONTACT, DO_NOT_CONTACT_REASON})
_CONTACT_FIELDS = frozenset({"full_name", "email", "phone", "location", "github_login", "links"})
#: The columns in the order the import dialog lists them and the export writes them.
CSV_COLUMNS: tuple[CsvColumn, ...] = (
    _field_column("full_name"),
    _part_column("first_name", "First name", None),
    _part_column("last_name", "Last name", None),
    _field_column("email"),
    _field_column("phone"),
    _field_column("location"),
    _field_column("github_login"),
    _part_column("linkedin", "LinkedIn URL", "links", exported=True),
    _part_column("url", "Web address (sorted by site)", "links"),
    _field_column("links"),
    *(
        _field_column(spec.name)
        for spec in FIELDS
        if spec.csv_key and spec.name not in _CONTACT_FIELDS
    ),
    CsvColumn(DO_NOT_CONTACT, "Do not contact", ("donotcontact", "dnc", "optedout"), None),
    CsvColumn(DO_NOT_CONTACT_REASON, "Do not contact (why)", ("donotcontactreason",), None),
)
#: The header of an exported CSV.
EXPORTED_CSV_KEYS = tuple(column.key for column in CSV_COLUMNS if column.exported)
_BY_ALIAS = {alias: column for column in CSV_COLUMNS for alias in column.aliases}


def normal_header(text: str) -> str:
    """A header as the aliases are written: casefolded letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKC", text).casefold())


def by_alias(header: str) -> CsvColumn | None:
    """The column a CSV header names, as ATS and LinkedIn exports spell them."""
    return _BY_ALIAS.get(normal_header(header))
