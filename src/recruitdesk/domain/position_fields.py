"""A position's fields as a form or an import sends them: which can be edited, how
each is normalised and checked, and the checks across fields (a budget's min no higher
than its max, in a currency the calculator knows; a skill not both must-have and
nice-to-have). Pure: the storage layer runs them before it writes."""

from collections.abc import Callable, Mapping
from typing import Any

from recruitdesk.domain.money import CURRENCIES, check_amount
from recruitdesk.domain.skills import skill_key
from recruitdesk.domain.taxonomy import Level, PayPeriod, PositionStatus, Track
from recruitdesk.domain.taxonomy_text import parse_region
from recruitdesk.errors import KnownError

#: The score names of the analysis result (docs/architecture.md, "The analysis") a
#: minimum can be set on.
SCORE_NAMES = (
    "overall",
    "complexity",
    "testing",
    "documentation",
    "typing",
    "modern_python",
    "commit_hygiene",
    "organization",
)
MAX_SKILLS = 30
MAX_SKILL_LENGTH = 100
EDITABLE_FIELDS = frozenset(
    {
        "title",
        "company",
        "track",
        "level",
        "regions",
        "must_have",
        "nice_to_have",
        "min_scores",
        "budget_min",
        "budget_max",
        "budget_currency",
        "budget_period",
        "status",
    }
)


def _skills(value: Any, name: str, problems: dict[str, str]) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    chosen: dict[str, str] = {}
    for item in value or ():
        text = " ".join(str(item).split())
        if not text:
            continue
        if len(text) > MAX_SKILL_LENGTH:
            problems[name] = f"A skill name has at most {MAX_SKILL_LENGTH} characters."
        chosen.setdefault(skill_key(text), text)
    if len(chosen) > MAX_SKILLS:
        problems[name] = f"At most {MAX_SKILLS} skills."
    return list(chosen.values())


def _budget(value: Any, name: str, problems: dict[str, str]) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        amount = float(str(value).replace(",", "").replace("_", "").strip())
    except ValueError:
        problems[name] = f"{value!r} is not a number."
        return None
    if amount != amount or amount in (float("inf"), float("-inf")):  # NaN or infinite
        problems[name] = "A budget is a finite number."
        return None
    return round(amount)


#: Checks one form field: takes what the form sent, the field's name and the problems
#: so far (a checker may add the field's problem) and returns the clean value.
_FieldCheck = Callable[[Any, str, dict[str, str]], Any]


def _stripped(raw: Any) -> Any:
    """Text without surrounding blanks, ``None`` for blank text; other values as given."""
    return raw.strip() or None if isinstance(raw, str) else raw


def _title(raw: Any, name: str, problems: dict[str, str]) -> Any:
    value = _stripped(raw)
    if not value:
        problems[name] = "A position needs a title."
    elif len(value) > 200:
        problems[name] = "At most 200 characters."
    return value


def _company(raw: Any, name: str, problems: dict[str, str]) -> Any:
    value = _stripped(raw)
    if value and len(value) > 200:
        problems[name] = "At most 200 characters."
    return value


def _track(raw: Any, name: str, problems: dict[str, str]) -> Any:
    value = _stripped(raw)
    if value is not None and value not in {t.value for t in Track}:
        problems[name] = f"{value!r} is not a track."
    return value


def _level(raw: Any, name: str, problems: dict[str, str]) -> Any:
    value = _stripped(raw)
    if value is not None and value not in {x.value for x in Level}:
        problems[name] = f"{value!r} is not a level."
    return value


def _status(raw: Any, name: str, problems: dict[str, str]) -> Any:
    # Empty is refused too, unlike the other choices: a position always has a status.
    value = _stripped(raw)
    if value not in {s.value for s in PositionStatus}:
        problems[name] = f"{value!r} is not a position status."
    return value


def _regions(raw: Any, name: str, problems: dict[str, str]) -> list[str]:
    regions: list[str] = []
    for item in [raw] if isinstance(raw, str) else raw or ():
        try:
            key = parse_region(str(item)).value
        except KnownError as error:
            problems[name] = str(error)
            continue
        if key not in regions:
            regions.append(key)
    return regions


def _min_score(score: Any, minimum: Any) -> tuple[float | None, str | None]:
    """One score's minimum as ``(number, problem)``; ``(None, None)`` when left empty."""
    if score not in SCORE_NAMES:
        return None, f"{score!r} is not a score ({', '.join(SCORE_NAMES)})."
    if minimum is None or minimum == "":
        return None, None
    try:
        number = float(minimum)
    except (TypeError, ValueError):
        return None, f"The minimum for {score} is not a number."
    if not 0 <= number <= 100:
        return None, f"The minimum for {score} must be from 0 to 100."
    return number, None


def _min_scores(raw: Any, name: str, problems: dict[str, str]) -> dict[str, float]:
    """The minimums set above 0; a minimum of 0 asks for nothing, so it is dropped."""
    scores: dict[str, float] = {}
    for score, minimum in dict(raw or {}).items():
        number, problem = _min_score(score, minimum)
        if problem:
            problems[name] = problem
        elif number is not None and number > 0:
            scores[score] = int(number) if number == int(number) else number
    return scores


def _currency(raw: Any, name: str, problems: dict[str, str]) -> Any:
    value = _stripped(raw)
    if value is None:
        return None
    value = str(value).upper()
    if value not in CURRENCIES:
        problems[name] = f"The budget's currency is one of {', '.join(CURRENCIES)}."
    return value


def _period(raw: Any, name: str, problems: dict[str, str]) -> Any:
    value = _stripped(raw)
    if value is not None and value not in {p.value for p in PayPeriod}:
        problems[name] = "The budget is per year or per hour."
    return value


_FIELD_CHECKS: dict[str, _FieldCheck] = {
    "title": _title,
    "company": _company,
    "track": _track,
    "level": _level,
    "status": _status,
    "regions": _regions,
    "must_have": _skills,
    "nice_to_have": _skills,
    "min_scores": _min_scores,
    "budget_min": _budget,
    "budget_max": _budget,
    "budget_currency": _currency,
    "budget_period": _period,
}


def clean_position_fields(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Normalise and check what a form sends: ``(clean values, problems)``."""
    clean: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name, raw in values.items():
        if name not in EDITABLE_FIELDS:
            problems[name] = "This field cannot be edited."
            continue
        clean[name] = _FIELD_CHECKS[name](raw, name, problems)
    return clean, problems


def check_whole_position(merged: Mapping[str, Any], problems: dict[str, str]) -> None:
    """Checks across fields, on the position as it would be after the edit."""
    low, high = merged.get("budget_min"), merged.get("budget_max")
    period = merged.get("budget_period") or PayPeriod.YEAR.value
    for name, amount in (("budget_min", low), ("budget_max", high)):
        if amount is not None and name not in problems:
            try:
                check_amount(amount, period, "The budget")
            except KnownError as error:
                problems[name] = str(error)
    if low is not None and high is not None and low > high and "budget_max" not in problems:
        problems["budget_max"] = "The budget's max is below its min."
    must = {skill_key(s) for s in merged.get("must_have") or ()}
    both = [s for s in merged.get("nice_to_have") or () if skill_key(s) in must]
    if both:
        problems["nice_to_have"] = f"{', '.join(both)} is already a must-have."
