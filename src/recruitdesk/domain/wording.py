"""Counts, ordinals and clock times in English, so "1 page", "3rd" and "08:39 CET"
read right wherever a number meets a noun or a moment is shown (views, reports, the
command line)."""

from datetime import datetime

#: The ways a candidate may be named where a person types one (the command line).
CANDIDATE_FORMS = "an id, an e-mail, a GitHub login or an exact full name"


def plural(number: int, noun: str, plural_form: str | None = None) -> str:
    """``noun`` or its plural for ``number`` (``plural_form`` for irregular nouns)."""
    if number == 1:
        return noun
    return plural_form if plural_form is not None else f"{noun}s"


def count(number: int, noun: str, plural_form: str | None = None) -> str:
    """ "1 page", "2 pages", "1,200 candidates": the number with thousands separators."""
    return f"{number:,} {plural(number, noun, plural_form)}"


def percent(share: float) -> str:
    """ "42%" for 0.42."""
    return f"{share * 100:.0f}%"


def ordinal(number: int) -> str:
    """ "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "112th"."""
    if number % 100 in (11, 12, 13):
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def clock_time(moment: datetime, now: datetime | None = None) -> str:
    """``moment`` on the user's wall clock with its zone, "08:39 CET"; with the day
    when it is not today, "Wed 2 Dec 08:39 CET". A bare "08:39" leaves a user in
    another zone than the server's, or reading a log later, guessing."""
    local = moment.astimezone()
    today = (now or datetime.now(local.tzinfo)).astimezone(local.tzinfo).date()
    zone = local.tzname() or ""
    if not zone.isalpha() or len(zone) > 5:
        # Windows names zones in words ("W. Europe Standard Time") and some zones have
        # only a number ("+0530"): the offset reads better.
        offset = local.strftime("%z")
        zone = f"UTC{offset[:3]}:{offset[3:]}"
    day = "" if local.date() == today else f"{local:%a} {local.day} {local:%b} "
    return f"{day}{local:%H:%M} {zone}"
