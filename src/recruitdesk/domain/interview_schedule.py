"""Interviews: the kinds, and the checks of a time and a length before one is scheduled.

A moment is kept in UTC with the IANA time zone it was given in, so an invitation shows
the organiser's local time and every calendar converts it for its reader. Pure: no I/O.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from recruitdesk.errors import ValidationError

#: Shortest and longest interview, in minutes.
MINUTES_RANGE = (15, 8 * 60)


class InterviewKind(StrEnum):
    SCREENING = "screening"
    TECHNICAL = "technical"
    CODE_REVIEW = "code_review"
    SYSTEM_DESIGN = "system_design"
    FINAL = "final"


@dataclass(frozen=True, slots=True)
class InterviewPlan:
    """An interview as the user gives it, checked by :func:`check_plan`."""

    kind: InterviewKind
    local_start: datetime
    time_zone: str
    minutes: int
    interviewers: tuple[str, ...] = ()
    place: str | None = None


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            {"time_zone": f"'{name}' is not a time zone; use a name such as Europe/Warsaw."}
        ) from None


def start_in_utc(plan: InterviewPlan) -> datetime:
    """The plan's start as an aware UTC moment (its local time read in its zone)."""
    local = plan.local_start.replace(tzinfo=zone(plan.time_zone))
    return local.astimezone(ZoneInfo("UTC"))


def check_plan(plan: InterviewPlan, now: datetime) -> datetime:
    """The start in UTC, or every problem of the plan at once."""
    problems: dict[str, str] = {}
    try:
        start = start_in_utc(plan)
    except ValidationError as error:
        problems.update(error.problems)
        start = None
    low, high = MINUTES_RANGE
    if not low <= plan.minutes <= high:
        problems["minutes"] = f"An interview lasts {low} to {high} minutes, not {plan.minutes}."
    if start is not None and start < now:
        problems["start"] = (
            f"{plan.local_start:%Y-%m-%d %H:%M} in {plan.time_zone} has already passed."
        )
    if any(not name.strip() for name in plan.interviewers):
        problems["interviewers"] = "An interviewer's name cannot be empty."
    if problems or start is None:
        raise ValidationError(problems)
    return start


def end_of(start: datetime, minutes: int) -> datetime:
    return start + timedelta(minutes=minutes)
