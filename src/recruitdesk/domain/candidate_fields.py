"""The fields of a candidate a user edits: one table that the candidate pane, the storage
validator, the importer and the exporters all read (docs/architecture.md, "Adding
things").

Each :class:`FieldSpec` says how a field is labelled and edited, what it accepts and how
its text becomes the stored value, which CSV headers name it, and where it may travel.
One rule per field: what the pane refuses an import refuses too, and the other way round.

The API, all pure (no I/O):

- :func:`parse` turns one field's text into its stored value or raises
  :class:`~recruitdesk.errors.ValidationError`; :func:`problem` gives the sentence only;
- :func:`clean_values` takes what a form or a caller sends (text, or values already
  typed), normalises it and returns ``(values, problems)``, checking the fields that
  depend on each other (an ask against its period); :func:`check_values` returns the
  problems only;
- :data:`FIELDS`, :func:`by_name`; :data:`CSV_COLUMNS` and :func:`by_alias` for the
  columns of a CSV file (the fields plus the importer's name and link columns).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from recruitdesk.domain.money import check_amount
from recruitdesk.domain.taxonomy import Employment, Level, PayPeriod, Region, Track
from recruitdesk.domain.validation import (
    DATE_FORMAT,
    EMAIL_MAX,
    InvalidValueError,
    choice_parser,
    merge_items,
    one_line,
    parse_currency,
    parse_date,
    parse_email,
    parse_github_login,
    parse_link,
    parse_phone,
    parse_whole_number,
    split_links,
    split_words,
)
from recruitdesk.errors import KnownError, ValidationError


class FieldKind(StrEnum):
    """How a field is edited and what its value is."""

    TEXT = "text"  # one line of text (str)
    CHOICE = "choice"  # one value of a vocabulary (str)
    NUMBER = "number"  # a whole number (int)
    DATE = "date"  # a day (date)
    LINKS = "links"  # web addresses, one a line (list[str])
    WORDS = "words"  # short items separated by commas (list[str])


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One editable field of a candidate."""

    name: str
    #: What the details form shows beside the editor.
    label: str
    kind: FieldKind
    #: Turns the (stripped, non-empty) text of one value, or one item of a list, into
    #: what is stored; raises :class:`InvalidValueError`.
    parser: Callable[[str], Any]
    required: bool = False
    max_length: int | None = None
    low: int | None = None
    high: int | None = None
    #: ``(stored value, label)`` of each choice, in the order a menu lists them.
    choices: tuple[tuple[str, str], ...] = ()
    #: A further rule on the parsed value: ``None`` or why it is refused.
    check: Callable[[Any], str | None] | None = None
    placeholder: str = ""
    #: The column of a CSV file that carries the field (export header and import key);
    #: ``None``: the field is not a CSV column.
    csv_key: str | None = None
    #: What the import dialog calls that column (the form's label when ``None``).
    column_label: str | None = None
    #: Header spellings of other tools that name the column, normalised by
    #: :func:`normal_header`.
    aliases: tuple[str, ...] = ()
    #: Names or reaches the person: a blind report leaves it out.
    identifying: bool = False
    #: Travels in a JSON Resume's ``meta.recruitdesk`` (the schema has no place for it).
    resume_extra: bool = False

    @property
    def is_list(self) -> bool:
        return self.kind in (FieldKind.LINKS, FieldKind.WORDS)


# -- the table ----------------------------------------------------------------------------

_EMPLOYMENT_LABELS = {
    Employment.FULL_TIME: "Full-time",
    Employment.CONTRACT: "Contract",
    Employment.EITHER: "Either",
}
_CHOICES: dict[str, tuple[tuple[str, str], ...]] = {
    "region": tuple((r.value, r.label) for r in Region),
    "track": tuple((t.value, t.label) for t in Track),
    "level": tuple((v.value, v.label) for v in Level),
    "employment": tuple((e.value, _EMPLOYMENT_LABELS[e]) for e in Employment),
    "ask_period": ((PayPeriod.YEAR.value, "Year"), (PayPeriod.HOUR.value, "Hour")),
}


#: How other tools' CSV headers name each column (normalised by
#: :func:`recruitdesk.domain.csv_columns.normal_header`).
PART_ALIASES = {
    "full_name": "name fullname candidatename candidate contactname displayname",
    "first_name": "firstname givenname first forename",
    "last_name": "lastname surname familyname last",
    "email": "email emailaddress mail primaryemail workemail personalemail candidateemail emails",
    "phone": "phone phonenumber mobile mobilephone mobilenumber telephone tel cell cellphone "
    "phonenumbers primaryphone",
    "location": "location city address currentlocation locality geolocation",
    "github": "github githuburl githubprofile githubprofileurl githubusername githublogin "
    "githubhandle",
    "linkedin": "linkedin linkedinurl linkedinprofile linkedinprofileurl",
    "url": "url profileurl publicprofileurl website homepage link",
    "links": "links otherlinks",
    "region": "region",
    "track": "track",
    "level": "level seniority",
    "years_experience": "yearsexperience yearsofexperience experienceyears years",
    "employment": "employment employmenttype",
    "ask_amount": "askamount ask salaryexpectation desiredsalary",
    "ask_currency": "askcurrency currency",
    "ask_period": "askperiod",
    "notice_weeks": "noticeweeks notice noticeperiodweeks",
    "source": "source candidatesource origin",
    "skills": "skills skill keyskills",
    "tags": "tags labels",
    "consent_until": "consentuntil consent consentexpires",
}


def _field(name: str, label: str, kind: FieldKind, parser: Any, **more: Any) -> FieldSpec:
    """A field that is a CSV column of its own name unless ``csv_key`` says otherwise."""
    key = more.pop("csv_key", name)
    aliases = tuple(PART_ALIASES[key].split())
    return FieldSpec(name, label, kind, parser, csv_key=key, aliases=aliases, **more)


def _text(name: str, label: str, limit: int, **more: Any) -> FieldSpec:
    return _field(name, label, FieldKind.TEXT, one_line, max_length=limit, **more)


def _choice(name: str, label: str, **more: Any) -> FieldSpec:
    parse = choice_parser(_CHOICES[name])
    return _field(name, label, FieldKind.CHOICE, parse, choices=_CHOICES[name], **more)


def _number(name: str, label: str, high: int | None, **more: Any) -> FieldSpec:
    return _field(name, label, FieldKind.NUMBER, parse_whole_number, low=0, high=high, **more)


#: The longest notice a candidate can give: a year.
NOTICE_WEEKS_MAX = 52
YEARS_EXPERIENCE_MAX = 70
_COMMAS = "Separated by commas"

FIELDS: tuple[FieldSpec, ...] = (
    _text("full_name", "Name", 200, required=True, column_label="Full name", identifying=True),
    _field("email", "E-mail", FieldKind.TEXT, parse_email, max_length=EMAIL_MAX, identifying=True),
    _field("phone", "Phone", FieldKind.TEXT, parse_phone, max_length=50, identifying=True),
    _text("location", "Location", 200, identifying=True),
    _choice("region", "Region", resume_extra=True),
    _field(
        "github_login",
        "GitHub login",
        FieldKind.TEXT,
        parse_github_login,
        csv_key="github",
        column_label="GitHub (URL or login)",
        identifying=True,
    ),
    _field(
        "links",
        "Links",
        FieldKind.LINKS,
        parse_link,
        placeholder="One address a line",
        column_label="Other links",
        identifying=True,
    ),
    _choice("track", "Track", resume_extra=True),
    _choice("level", "Level", resume_extra=True),
    _number(
        "years_experience",
        "Years",
        YEARS_EXPERIENCE_MAX,
        column_label="Years of experience",
        resume_extra=True,
    ),
    _choice("employment", "Employment", resume_extra=True),
    # The bound depends on the period: alone, the ask is held to the yearly one;
    # clean_values checks it against the period sent with it.
    _number(
        "ask_amount",
        "Ask",
        None,
        check=lambda amount: ask_problem(amount, None),
        column_label="Ask (amount)",
        resume_extra=True,
    ),
    _field(
        "ask_currency",
        "Currency",
        FieldKind.TEXT,
        parse_currency,
        column_label="Ask (currency)",
        resume_extra=True,
    ),
    _choice("ask_period", "Per", column_label="Ask (per)", resume_extra=True),
    _number("notice_weeks", "Notice (weeks)", NOTICE_WEEKS_MAX, resume_extra=True),
    _text("source", "Source", 100, resume_extra=True),
    _field("skills", "Skills", FieldKind.WORDS, one_line, placeholder=_COMMAS),
    _field("tags", "Tags", FieldKind.WORDS, one_line, placeholder=_COMMAS, resume_extra=True),
    _field(
        "consent_until",
        "Consent until",
        FieldKind.DATE,
        parse_date,
        placeholder=DATE_FORMAT,
        resume_extra=True,
    ),
)
_BY_NAME = {spec.name: spec for spec in FIELDS}
#: The names of the fields, for the storage layer's "can this be edited" check.
FIELD_NAMES = frozenset(_BY_NAME)


def by_name(name: str) -> FieldSpec:
    """The field called ``name``; :class:`KeyError` when there is none."""
    return _BY_NAME[name]


# -- parsing and checking -----------------------------------------------------------------


def _range_problem(spec: FieldSpec, number: int) -> str | None:
    low = spec.low if spec.low is not None else number
    high = spec.high if spec.high is not None else number
    if low <= number <= high:
        return None
    if spec.high is None:
        return f"A whole number from {low} up is expected (not {number})."
    return f"A whole number from {low} to {high} is expected (not {number})."


def _checked(spec: FieldSpec, value: Any) -> Any:
    """``value`` when the field's limits allow it; :class:`InvalidValueError` otherwise."""
    found: str | None = None
    if spec.max_length is not None and len(value) > spec.max_length:
        found = f"At most {spec.max_length} characters (this has {len(value)})."
    elif spec.kind is FieldKind.NUMBER:
        found = _range_problem(spec, value)
    if found is None and spec.check is not None:
        found = spec.check(value)
    if found:
        raise InvalidValueError(found)
    return value


def _parse_item(spec: FieldSpec, text: str) -> Any:
    return _checked(spec, spec.parser(text))


def _clean_list(spec: FieldSpec, raw: Any) -> list[str]:
    if isinstance(raw, str):
        raw = split_links(raw) if spec.kind is FieldKind.LINKS else split_words(raw)
    items = [str(item).strip() for item in raw or ()]
    return merge_items(_parse_item(spec, item) for item in items if item)


def _clean_typed(spec: FieldSpec, raw: Any) -> Any:
    """A value that is not text: checked against the field's rule, kept as it is."""
    if spec.kind is FieldKind.NUMBER:
        if isinstance(raw, bool) or not isinstance(raw, int | float) or raw != int(raw):
            raise InvalidValueError("A whole number is expected.")
        return _checked(spec, int(raw))
    if spec.kind is FieldKind.DATE:
        if isinstance(raw, datetime):
            return _checked(spec, raw.date())
        if isinstance(raw, date):
            return _checked(spec, raw)
        raise InvalidValueError(f"A date is expected, written {DATE_FORMAT}.")
    return _parse_item(spec, str(raw))


def _cleaner(spec: FieldSpec) -> Callable[[Any], Any]:
    """The cleaning of one field, its spec's branches decided once, not per value."""
    if spec.is_list:
        return lambda raw: _clean_list(spec, raw)
    parse_text = spec.parser
    # The checks that apply: a length, a range, a rule (most fields have one or none).
    checked = spec.max_length is not None or spec.kind is FieldKind.NUMBER or spec.check

    def clean_one(raw: Any) -> Any:
        if isinstance(raw, str):
            raw = raw.strip()
            if raw:
                value = parse_text(raw)
                value = _checked(spec, value) if checked else value
            else:
                value = None
        else:
            value = None if raw is None else _clean_typed(spec, raw)
        if value is None and spec.required:
            raise InvalidValueError(
                "A candidate needs a name." if spec.name == "full_name" else "Required."
            )
        return value

    return clean_one


_CLEANERS = {spec.name: _cleaner(spec) for spec in FIELDS}


def clean(name: str, raw: Any) -> Any:
    """The stored value of ``raw`` (text as typed or a value already typed) for field
    ``name``: ``None`` (or ``[]`` for a list) when empty; :class:`InvalidValueError` when
    the rule refuses it."""
    return _CLEANERS[name](raw)


def parse(name: str, text: str) -> Any:
    """The stored value of field ``name`` written as ``text``; raises
    :class:`ValidationError` naming the field when the text is refused."""
    try:
        return clean(name, text)
    except InvalidValueError as error:
        raise ValidationError({name: str(error)}) from None


def problem(name: str, value: Any) -> str | None:
    """Why ``value`` (text as typed, or a value already typed) cannot be field ``name``,
    or ``None`` when it can."""
    try:
        clean(name, value)
    except InvalidValueError as error:
        return str(error)
    return None


def ask_problem(amount: int | None, period: str | None) -> str | None:
    """Why an ask is implausible for its period (a year when none is given): the salary
    rules of :func:`recruitdesk.domain.salary.check_amount`."""
    if amount is None:
        return None
    if period not in {p.value for p in PayPeriod}:
        period = PayPeriod.YEAR.value
    try:
        check_amount(amount, period, "The ask")
    except KnownError as error:
        return str(error)
    return None


def clean_values(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Normalise and check what a form or a caller sends: ``(values, problems)``.

    Each value is text as typed, or a value already typed (an ``int``, a ``date``, a
    list); text is stripped and empty text becomes ``None``. ``problems`` maps a field's
    name to one sentence, and names fields that do not exist or cannot be edited. An ask
    is checked against the period sent with it (a year when none is).
    """
    cleaned: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name, raw in values.items():
        cleaner = _CLEANERS.get(name)
        if cleaner is None:
            problems[name] = "This field cannot be edited."
            continue
        try:
            cleaned[name] = cleaner(raw)
        except InvalidValueError as error:
            problems[name] = str(error)
    if "ask_amount" in cleaned and "ask_period" not in problems:
        found = ask_problem(cleaned["ask_amount"], cleaned.get("ask_period"))
        if found:
            problems["ask_amount"] = found
    return cleaned, problems


def check_values(values: Mapping[str, Any]) -> dict[str, str]:
    """The problems of :func:`clean_values` only: field name -> sentence."""
    return clean_values(values)[1]
