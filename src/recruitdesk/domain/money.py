"""Amounts of pay: their basis, currencies, conversions, limits and how they are written.

The calculator, matching, the reports and the views all show and compare pay through
these, so a band reads the same everywhere.
"""

import re
from enum import StrEnum

from recruitdesk.domain.taxonomy import PayPeriod
from recruitdesk.errors import KnownError

DEFAULT_HOURS_PER_YEAR = 1_800
DEFAULT_EUR_USD = 1.10
CURRENCIES = ("USD", "EUR")
DASH = "\u2013"
#: Sanity limits for a rates file and for asks and budgets typed in.
MAX_HOURLY = 2_000
MAX_ANNUAL = 5_000_000
_SYMBOLS = {"USD": "$", "EUR": "€"}


class Basis(StrEnum):
    """What a figure is per: an hourly contract rate or an annual full-time salary."""

    HOURLY = "hourly"
    ANNUAL = "annual"

    @property
    def period(self) -> PayPeriod:
        return PayPeriod.HOUR if self is Basis.HOURLY else PayPeriod.YEAR


def convert_currency(amount: float, source: str, target: str, eur_usd: float) -> float:
    """``amount`` in ``source`` currency expressed in ``target`` (USD per EUR rate)."""
    if source == target:
        return amount
    if (source, target) == ("EUR", "USD"):
        return amount * eur_usd
    if (source, target) == ("USD", "EUR"):
        return amount / eur_usd
    raise KnownError(f"Cannot convert {source} to {target}; the calculator knows USD and EUR.")


def annual_from_hourly(hourly: float, hours_per_year: int) -> float:
    return hourly * hours_per_year


def hourly_from_annual(annual: float, hours_per_year: int) -> float:
    return annual / hours_per_year


def check_amount(amount: float, period: PayPeriod | str, what: str = "The amount") -> None:
    """Refuse a negative, zero or absurd ask or budget (raises :class:`KnownError`)."""
    limit = MAX_HOURLY if PayPeriod(period) is PayPeriod.HOUR else MAX_ANNUAL
    unit = "an hour" if PayPeriod(period) is PayPeriod.HOUR else "a year"
    if amount <= 0:
        raise KnownError(f"{what} must be more than 0 (got {amount:,.0f}).")
    if amount > limit:
        raise KnownError(f"{what} of {amount:,.0f} {unit} is not plausible (at most {limit:,}).")


def format_money(amount: float, currency: str, basis: Basis | None = None) -> str:
    symbol = _SYMBOLS.get(currency, f"{currency} ")
    if basis is Basis.HOURLY or (basis is None and amount < 1_000):
        text = f"{amount:,.0f}" if abs(amount - round(amount)) < 0.05 else f"{amount:,.1f}"
    else:
        text = f"{amount:,.0f}"
    suffix = "/h" if basis is Basis.HOURLY else "/yr" if basis is Basis.ANNUAL else ""
    return f"{symbol}{text}{suffix}"


def format_range(
    low: float, high: float, currency: str, basis: Basis | None, open_ended: bool = False
) -> str:
    """A range as shown: "$60-100/h", "$150,000-220,000+/yr" (with an en dash)."""
    first = format_money(low, currency, basis)
    second = format_money(high, currency, basis)
    for suffix in ("/h", "/yr"):
        first = first.removesuffix(suffix)
    second = second.removeprefix(_SYMBOLS.get(currency, f"{currency} "))
    if open_ended:
        second = re.sub(r"(/h|/yr)?$", lambda m: "+" + m.group(0), second, count=1)
    return f"{first}{DASH}{second}"
