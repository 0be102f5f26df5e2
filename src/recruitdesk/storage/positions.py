"""Positions and their requirements: reads that return plain values, and writes that
check every field first and return a :class:`Changes`.

Every write that edits a position field stamps ``field_times[field]`` with the time of
the edit (ISO 8601, UTC), so bundles can later merge positions field by field. A budget
must be positive and plausible (:func:`recruitdesk.domain.money.check_amount`), its
min no higher than its max, in a currency the calculator knows.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from recruitdesk.domain.money import CURRENCIES, check_amount
from recruitdesk.domain.skills import skill_key
from recruitdesk.domain.taxonomy import Level, PayPeriod, PositionStatus, Track
from recruitdesk.domain.taxonomy_text import parse_region
from recruitdesk.errors import KnownError, ValidationError
from recruitdesk.storage.audit import record_position
from recruitdesk.storage.change_feed import announce
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.clients import client_for_company
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Application, Position
from recruitdesk.storage.versions import check_version, one_save_wins

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


@dataclass(frozen=True, slots=True)
class PositionDetails:
    id: int
    title: str
    company: str | None = None
    track: str | None = None
    level: str | None = None
    regions: tuple[str, ...] = ()
    must_have: tuple[str, ...] = ()
    nice_to_have: tuple[str, ...] = ()
    min_scores: Mapping[str, float] = field(default_factory=dict)
    budget_min: int | None = None
    budget_max: int | None = None
    budget_currency: str | None = None
    budget_period: str | None = None
    status: str = PositionStatus.OPEN.value
    #: How many cards the position's board holds.
    candidates: int = 0
    version: int = 1

    @property
    def name(self) -> str:
        """ "Title — Company": three positions with one title are told apart."""
        return f"{self.title} — {self.company}" if self.company else self.title

    @property
    def label(self) -> str:
        """The position as a picker lists it: "Title — Company [on hold] · 12"."""
        where = self.name
        status = "" if self.status == "open" else f" [{self.status.replace('_', ' ')}]"
        return f"{where}{status} · {self.candidates:,}"

    def values(self) -> dict[str, Any]:
        """The editable fields, as :func:`update_position` takes them."""
        return {name: getattr(self, name) for name in sorted(EDITABLE_FIELDS)}


def _details(position: Position, candidates: int = 0) -> PositionDetails:
    return PositionDetails(
        id=position.id,
        title=position.title,
        company=position.company,
        track=position.track,
        level=position.level,
        regions=tuple(position.regions or ()),
        must_have=tuple(position.must_have or ()),
        nice_to_have=tuple(position.nice_to_have or ()),
        min_scores=dict(position.min_scores or {}),
        budget_min=position.budget_min,
        budget_max=position.budget_max,
        budget_currency=position.budget_currency,
        budget_period=position.budget_period,
        status=position.status,
        version=position.version,
        candidates=candidates,
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


def _check_whole(merged: Mapping[str, Any], problems: dict[str, str]) -> None:
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


def _current(position: Position) -> dict[str, Any]:
    return {name: getattr(position, name) for name in EDITABLE_FIELDS}


def create_position(
    database: Database, values: Mapping[str, Any], *, now: datetime | None = None
) -> tuple[int, Changes]:
    """A new position from ``values`` (``title`` at least); returns its id."""
    now = now or datetime.now(UTC)
    clean, problems = clean_position_fields(values)
    if not clean.get("title"):
        problems.setdefault("title", "A position needs a title.")
    if clean.get("budget_min") is not None or clean.get("budget_max") is not None:
        clean["budget_currency"] = clean.get("budget_currency") or "USD"
        clean["budget_period"] = clean.get("budget_period") or PayPeriod.YEAR.value
    _check_whole(clean, problems)
    if problems:
        raise ValidationError(problems)
    clean.setdefault("status", PositionStatus.OPEN.value)
    if clean.get("status") is None:
        clean["status"] = PositionStatus.OPEN.value
    with database.write() as session:
        position = Position(**clean)
        position.client_id = client_for_company(session, position.company, now)
        position.stamp(sorted(clean), now)
        position.created_at = position.updated_at = now
        session.add(position)
        session.flush()
        position_id = position.id
        record_position(session, database.actor, position_id, "create", None, now)
        return position_id, announce(session, Changes(positions=frozenset({position_id})))


def update_position(
    database: Database,
    position_id: int,
    values: Mapping[str, Any],
    *,
    version: int | None = None,
    now: datetime | None = None,
) -> Changes:
    """Change the fields in ``values``; refuses all of them with :class:`ValidationError`
    if any is invalid, and with :class:`EditConflictError` when saved over ``version``
    and the position has moved on. Only fields whose value really changes are written."""
    now = now or datetime.now(UTC)
    clean, problems = clean_position_fields(values)
    if "status" in clean and clean["status"] is None:
        problems["status"] = "A position needs a status."
    if problems:
        raise ValidationError(problems)
    with one_save_wins("The position"), database.write() as session:
        position = session.get(Position, position_id, with_for_update=True)
        if position is None:
            raise KnownError(f"There is no position with id {position_id}.")
        check_version(position, version, "The position", clean)
        merged = {**_current(position), **clean}
        if merged.get("budget_min") is not None or merged.get("budget_max") is not None:
            for name, default in (("budget_currency", "USD"), ("budget_period", "year")):
                if not merged.get(name):
                    merged[name] = clean[name] = default
        _check_whole(merged, problems)
        if problems:
            raise ValidationError(problems)
        changed = position.apply_edits(clean, now)
        if "company" in changed:
            position.client_id = client_for_company(session, position.company, now)
        if changed:
            record_position(session, database.actor, position_id, "edit", ", ".join(changed), now)
        return announce(
            session, Changes(positions=frozenset({position_id})) if changed else Changes()
        )


def get_position(database: Database, position_id: int) -> PositionDetails:
    with database.read() as session:
        position = session.get(Position, position_id)
        if position is None:
            raise KnownError(f"There is no position with id {position_id}.")
        count = session.scalar(
            select(func.count())
            .select_from(Application)
            .where(Application.position_id == position_id)
        )
        return _details(position, count or 0)


def list_positions(database: Database, *, open_only: bool = False) -> list[PositionDetails]:
    """Every position with its board's card count: the open ones first, then the rest,
    each part by title (in any case)."""
    cards = (
        select(Application.position_id, func.count().label("cards"))
        .group_by(Application.position_id)
        .subquery()
    )
    statement = select(Position, func.coalesce(cards.c.cards, 0)).outerjoin(
        cards, cards.c.position_id == Position.id
    )
    if open_only:
        statement = statement.where(Position.status == PositionStatus.OPEN.value)
    with database.read() as session:
        details = [_details(position, count) for position, count in session.execute(statement)]
    return sorted(
        details, key=lambda p: (p.status != PositionStatus.OPEN.value, p.title.casefold(), p.id)
    )
