"""An agency's terms: the fee of a placement, its guarantee, and the window in which a
fee may be claimed for a candidate the agency submitted.

Agencies claim their fee when a client hires someone they were sent "within a year of
submission"; a guarantee (the fee back, or a replacement, if the hire leaves early)
runs for weeks or months from the start date, never years.
"""

from datetime import date, datetime, timedelta

from recruitdesk.domain.money import CURRENCIES

#: A submission entitles the agency to a fee for this long.
CLAIM_WINDOW_DAYS = 365
#: A guarantee longer than a year is a typing mistake, not a term anyone agrees.
MAX_GUARANTEE_DAYS = 365
#: The largest fee accepted: a contingent fee on the highest salary the app accepts.
MAX_FEE = 2_000_000
#: A start further ahead than this is a typing mistake: offers are made for months
#: ahead, not years.
MAX_START_AHEAD_DAYS = 365


def claim_until(submitted_on: date) -> date:
    """The last day a fee may be claimed for a submission made on ``submitted_on``."""
    return submitted_on + timedelta(days=CLAIM_WINDOW_DAYS)


def claim_days_left(submitted_on: date, today: date) -> int:
    """Days left in the claim window (0 on its last day, negative once it closed)."""
    return (claim_until(submitted_on) - today).days


def guarantee_until(start: date, days: int) -> date:
    return start + timedelta(days=days)


def placement_problems(fee: object, currency: object, guarantee_days: object) -> dict[str, str]:
    """What is wrong with a placement's terms, a sentence per field (empty: nothing)."""
    problems: dict[str, str] = {}
    if not isinstance(fee, int) or isinstance(fee, bool):
        problems["fee_amount"] = "The fee is a whole amount of money."
    elif fee < 0:
        problems["fee_amount"] = f"The fee cannot be negative (got {fee:,})."
    elif fee > MAX_FEE:
        problems["fee_amount"] = f"A fee of {fee:,} is not plausible (at most {MAX_FEE:,})."
    if currency not in CURRENCIES:
        problems["fee_currency"] = f"The fee's currency is one of {', '.join(CURRENCIES)}."
    if not isinstance(guarantee_days, int) or isinstance(guarantee_days, bool):
        problems["guarantee_days"] = "The guarantee is a whole number of days."
    elif not 0 <= guarantee_days <= MAX_GUARANTEE_DAYS:
        problems["guarantee_days"] = (
            f"A guarantee runs from 0 to {MAX_GUARANTEE_DAYS} days (got {guarantee_days:,})."
        )
    return problems


def start_problem(start: date, today: date) -> str | None:
    """What is wrong with a placement's start date, in one sentence (``None``: nothing)."""
    if (start - today).days > MAX_START_AHEAD_DAYS:
        return (
            f"A start on {start:%d %b %Y} is more than {MAX_START_AHEAD_DAYS} days ahead; "
            "check the year."
        )
    return None


def submission_time_problem(submitted_at: datetime, now: datetime) -> str | None:
    """What is wrong with when a submission was made, in one sentence (``None``:
    nothing): a claim window counts from it, so it cannot lie ahead. Moments, not days,
    are compared: a day is another day in another time zone."""
    if submitted_at > now:
        return (
            f"A submission cannot be dated after today (got {submitted_at.astimezone():%d %b %Y})."
        )
    return None
