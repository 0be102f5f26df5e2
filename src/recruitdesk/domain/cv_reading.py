"""What a CV's text says about its person: name, e-mail, phone, GitHub login, LinkedIn
address, catalogue skills and years of experience (pure Python: the caller extracts the
text and passes the catalogue's names in).

CVs have no one layout, so every rule reads the text, not a position on the page: the
name is the first line near the top that is shaped like a name (or follows a "Name:"
label); the contact details are found by their own shape wherever they are; the years
are the largest figure stated ("8+ years of experience") or, failing that, the union of
the date ranges of the work history ("03/2016 - present", "2012 to 2015").
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from recruitdesk.domain.phones import find_phone
from recruitdesk.domain.skills import skill_key, spellings
from recruitdesk.domain.validation import GITHUB_LOGIN_MAX

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_GITHUB = re.compile(
    r"github\.com/([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})(?![\w-])", re.IGNORECASE
)
_GITHUB_LABEL = re.compile(r"\bgithub\s*[:|]\s*@?([A-Za-z0-9](?:[A-Za-z0-9-]){0,38})\b", re.I)
#: GitHub's own pages, never a person's login.
_GITHUB_PAGES = frozenset(
    {"about", "orgs", "features", "topics", "sponsors", "settings", "marketplace", "login"}
)
_LINKEDIN = re.compile(r"linkedin\.com/in/([\w%-]{3,100})/?", re.IGNORECASE)
_LABEL = re.compile(r"^\s*(?:full\s+)?name\s*[:|]\s*(.+)$", re.IGNORECASE)
#: Apostrophes as typed and as word processors set them (U+2019).
_APOSTROPHES = "'\u2019"
_NAME_WORD = re.compile(rf"^[^\W\d_][^\W\d_{_APOSTROPHES}.-]*(?:[{_APOSTROPHES}.-][^\W\d_]+)*\.?$")
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "del", "la", "le", "bin"})
#: Lines at the top of a CV that are titles, not names.
_TITLES = frozenset({"curriculum vitae", "resume", "résumé", "cv", "profile", "contact"})
#: How far from the top a name is looked for.
_NAME_LINES = 12

_STATED_YEARS = re.compile(
    rf"(\d{{1,2}})\s*\+?\s*(?:years?|yrs?)(?:[{_APOSTROPHES}]|\s+of)?\s+(?:\w+\s+){{0,3}}?"
    r"experience",
    re.IGNORECASE,
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_POINT = (
    r"(?:(?P<{0}m>\d{{1,2}})[/.](?P<{0}y>(?:19|20)\d\d)"
    r"|(?:\b(?P<{0}n>" + _MONTH_NAMES + r")\.?\s+)?(?P<{0}yy>(?:19|20)\d\d))"
)
_RANGE = re.compile(
    _POINT.format("a")
    + r"\s*(?:-|\u2013|\u2014|to|until)\s*"
    + r"(?:(?P<now>present|now|today|current|heute|date)|"
    + _POINT.format("b")
    + ")",
    re.IGNORECASE,
)
#: A range on a line (or the line after) naming a school is education, not work.
_EDUCATION = re.compile(
    r"universit|college|school|bachelor|master|b\.?sc|m\.?sc|ph\.?d|degree|studies|diploma",
    re.IGNORECASE,
)
#: A range longer than this is not one job (a birth year, a typo).
_LONGEST_JOB_YEARS = 45


@dataclass(frozen=True, slots=True)
class CvFacts:
    """What was read from a CV; ``None`` or empty where the text does not say."""

    full_name: str | None
    email: str | None
    phone: str | None
    github_login: str | None
    linkedin: str | None
    skills: tuple[str, ...]
    years_experience: int | None

    @property
    def links(self) -> tuple[str, ...]:
        found = []
        if self.github_login:
            found.append(f"https://github.com/{self.github_login}")
        if self.linkedin:
            found.append(self.linkedin)
        return tuple(found)


def read_cv(text: str, skill_names: Iterable[str], today: date) -> CvFacts:
    """The facts ``text`` (a CV's) states; ``skill_names`` are the catalogue's."""
    # PDF writers put ligatures ("ﬂ") and tabs between words; a link broken at a
    # hyphen at a line's end continues on the next line.
    text = unicodedata.normalize("NFKC", text).replace("\t", " ")
    joined = re.sub(r"(?<=[\w/])-\n\s*", "-", text)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    email = _EMAIL.search(text)
    return CvFacts(
        full_name=_name(lines),
        email=email.group().lower() if email else None,
        phone=find_phone(text),
        github_login=_github_login(joined),
        linkedin=_linkedin(joined),
        skills=_skills(text, skill_names),
        years_experience=_years(text, today),
    )


def _is_name(line: str) -> bool:
    words = line.replace(",", " ").split()
    if not 2 <= len(words) <= 5 or line.casefold() in _TITLES:
        return False
    named = 0
    for word in words:
        if word.casefold() in _PARTICLES:
            continue
        if not _NAME_WORD.match(word) or not word[0].isupper():
            return False
        named += 1
    return named >= 2


def _name(lines: Sequence[str]) -> str | None:
    for line in lines:
        labelled = _LABEL.match(line)
        if labelled and _is_name(labelled.group(1).strip()):
            return labelled.group(1).strip()
    top = [line for line in lines if line][:_NAME_LINES]
    for line in top:
        # "Jane Doe | Senior engineer" or "Jane Doe - Berlin": the name comes first.
        first = re.split(r"\s+[|\u2013\u2014\u00b7\u2022-]\s+|\t", line)[0].strip()
        if _is_name(first):
            return first.title() if first.isupper() else first
    return None


def _github_login(text: str) -> str | None:
    for pattern in (_GITHUB, _GITHUB_LABEL):
        for match in pattern.finditer(text):
            login = match.group(1)
            if login.lower() not in _GITHUB_PAGES and len(login) <= GITHUB_LOGIN_MAX:
                return login
    return None


def _linkedin(text: str) -> str | None:
    match = _LINKEDIN.search(text)
    return f"https://www.linkedin.com/in/{match.group(1)}" if match else None


def _skill_patterns(names: Iterable[str]) -> list[tuple[str, re.Pattern[str]]]:
    patterns = []
    for name in names:
        forms = {name.casefold(), *spellings(name)}
        bracketless = re.sub(r"\s*\([^)]*\)\s*$", "", name)
        forms.add(bracketless.casefold())
        # A name that is also a plain word ("Rich", "Click", "mock") counts only when
        # written as the catalogue writes it; others whatever their case.
        plain_word = bracketless.isalpha() and bracketless[1:].islower()
        alternatives = "|".join(
            re.escape(form).replace(r"\ ", r"\s+") for form in sorted(forms, key=len, reverse=True)
        )
        flags = 0 if plain_word else re.IGNORECASE
        if plain_word:
            alternatives = re.escape(bracketless)
        patterns.append(
            (name, re.compile(rf"(?<![\w.+#-])(?:{alternatives})(?![\w+#]|-\w)", flags))
        )
    return patterns


def _skills(text: str, names: Iterable[str]) -> tuple[str, ...]:
    found: dict[str, str] = {}
    for name, pattern in _skill_patterns(names):
        if pattern.search(text):
            found.setdefault(skill_key(name), name)
    return tuple(sorted(found.values(), key=str.casefold))


def _point(match: re.Match[str], side: str, today: date) -> float | None:
    """A range's start or end as a fractional year."""
    if side == "b" and match.group("now"):
        return today.year + (today.month - 1) / 12
    month_text, year_text = match.group(f"{side}m"), match.group(f"{side}y")
    if year_text:
        month = int(month_text)
        return int(year_text) + (month - 1) / 12 if 1 <= month <= 12 else None
    name = match.group(f"{side}n")
    month = _MONTHS[name.casefold()] if name else 0
    # A bare year starts in its January and ends in its December.
    fraction = (month - 1) / 12 if month else (0.0 if side == "a" else 11 / 12)
    return int(match.group(f"{side}yy")) + fraction


def _around(text: str, offset: int) -> str:
    """The line holding ``offset`` and the line after it."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    if end != -1:
        after = text.find("\n", end + 1)
        end = len(text) if after == -1 else after
    return text[start : len(text) if end == -1 else end]


def _years(text: str, today: date) -> int | None:
    stated = [int(match.group(1)) for match in _STATED_YEARS.finditer(text)]
    if stated:
        return max(stated)
    spans: list[tuple[float, float]] = []
    for match in _RANGE.finditer(text):
        if _EDUCATION.search(_around(text, match.start())):
            continue
        start, end = _point(match, "a", today), _point(match, "b", today)
        if start is None or end is None:
            continue
        end = min(end + 1 / 12, today.year + today.month / 12)
        if 0 < end - start <= _LONGEST_JOB_YEARS:
            spans.append((start, end))
    if not spans:
        return None
    spans.sort()
    total, (low, high) = 0.0, spans[0]
    for start, end in spans[1:]:
        if start > high:
            total += high - low
            low, high = start, end
        else:
            high = max(high, end)
    total += high - low
    return int(total + 0.25)
