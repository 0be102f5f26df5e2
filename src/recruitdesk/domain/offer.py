"""Offers: their terms, the states they pass through, and how the terms compare with the
position's budget, the market band and the candidate's ask (docs/architecture.md,
"Offers").

An offer is drafted, sent, then accepted or declined; a sent offer nobody answered is
expired once its expiry date has passed (computed, so the board never shows a stale
"sent"). The board follows the offer: sending puts the card in the offer stage,
accepting marks it hired, declining marks it withdrawn with the candidate's reason.

An offer outside the position's budget is refused in one sentence; the market band and
the ask are compared and said, never refused (a strong candidate may be worth more than
the market). Pure: no I/O.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from recruitdesk.domain.money import (
    CURRENCIES,
    DEFAULT_EUR_USD,
    DEFAULT_HOURS_PER_YEAR,
    Basis,
    annual_from_hourly,
    check_amount,
    convert_currency,
    format_money,
    format_range,
    hourly_from_annual,
)
from recruitdesk.domain.pipeline import Stage
from recruitdesk.domain.salary import AskPlacement
from recruitdesk.domain.taxonomy import PayPeriod
from recruitdesk.domain.wording import ordinal
from recruitdesk.errors import KnownError, RefusedError, ValidationError


class OfferState(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"

    @property
    def label(self) -> str:
        return self.value.capitalize()


#: The moves a recruiter makes; expiry is not one (it follows from the date).
TRANSITIONS: dict[OfferState, frozenset[OfferState]] = {
    OfferState.DRAFT: frozenset({OfferState.SENT}),
    OfferState.SENT: frozenset({OfferState.ACCEPTED, OfferState.DECLINED}),
    OfferState.ACCEPTED: frozenset(),
    OfferState.DECLINED: frozenset(),
    OfferState.EXPIRED: frozenset(),
}
#: Where each state puts the candidate's card on the board (a draft leaves it alone).
BOARD_STAGE: dict[OfferState, Stage] = {
    OfferState.SENT: Stage.OFFER,
    OfferState.ACCEPTED: Stage.HIRED,
    OfferState.DECLINED: Stage.WITHDRAWN,
}


@dataclass(frozen=True, slots=True)
class OfferTerms:
    amount: int
    currency: str
    period: PayPeriod
    start_date: date
    expires_on: date
    notes: str = ""

    @property
    def basis(self) -> Basis:
        return Basis.HOURLY if self.period is PayPeriod.HOUR else Basis.ANNUAL

    def pay(self) -> str:
        """ "$150,000/yr", "€75/h"."""
        return format_money(self.amount, self.currency, self.basis)


@dataclass(frozen=True, slots=True)
class Budget:
    """A position's budget; either end may be open."""

    min: int | None
    max: int | None
    currency: str
    period: PayPeriod

    def label(self) -> str:
        basis = Basis.HOURLY if self.period is PayPeriod.HOUR else Basis.ANNUAL
        if self.min is None:
            return "up to " + format_money(self.max or 0, self.currency, basis)
        if self.max is None:
            return "from " + format_money(self.min, self.currency, basis)
        return format_range(self.min, self.max, self.currency, basis)


def effective_state(state: OfferState, expires_on: date, today: date) -> OfferState:
    """A sent offer past its expiry date without an answer has expired."""
    if state is OfferState.SENT and today > expires_on:
        return OfferState.EXPIRED
    return state


def check_transition(current: OfferState, target: OfferState, reason: str | None) -> None:
    if target not in TRANSITIONS[current]:
        if current is OfferState.EXPIRED:
            raise RefusedError("The offer has expired; draft a new one to offer again.")
        raise RefusedError(f"An offer that is {current.value} cannot be marked {target.value}.")
    if target is OfferState.DECLINED and not (reason or "").strip():
        raise RefusedError("Say why the offer was declined: the reason is kept with it.")


def in_terms(
    amount: float,
    currency: str,
    period: PayPeriod,
    target_currency: str,
    target_period: PayPeriod,
    *,
    hours_per_year: int = DEFAULT_HOURS_PER_YEAR,
    eur_usd: float = DEFAULT_EUR_USD,
) -> float:
    """``amount`` converted to another currency and period."""
    value = convert_currency(float(amount), currency, target_currency, eur_usd)
    if period is target_period:
        return value
    if target_period is PayPeriod.HOUR:
        return hourly_from_annual(value, hours_per_year)
    return annual_from_hourly(value, hours_per_year)


def check_terms(
    terms: OfferTerms,
    today: date,
    budget: Budget | None,
    *,
    hours_per_year: int = DEFAULT_HOURS_PER_YEAR,
    eur_usd: float = DEFAULT_EUR_USD,
) -> None:
    """Refuse terms that cannot be offered, every problem named by its field: an amount
    out of reason or outside the position's budget, an unknown currency, a start or an
    expiry in the past, an expiry after the start."""
    problems: dict[str, str] = {}
    try:
        check_amount(terms.amount, terms.period, "The offer")
    except KnownError as error:
        problems["amount"] = str(error)
    if terms.currency not in CURRENCIES:
        problems["currency"] = f"{terms.currency!r} is not a currency the app knows (USD, EUR)."
    if terms.start_date < today:
        problems["start_date"] = f"The start date {terms.start_date:%d %b %Y} is in the past."
    if terms.expires_on < today:
        problems["expires_on"] = (
            f"The offer would expire on {terms.expires_on:%d %b %Y}, already past."
        )
    elif terms.expires_on > terms.start_date:
        problems["expires_on"] = "The offer must expire before the start date."
    if budget is not None and "amount" not in problems and "currency" not in problems:
        value = in_terms(
            terms.amount,
            terms.currency,
            terms.period,
            budget.currency,
            budget.period,
            hours_per_year=hours_per_year,
            eur_usd=eur_usd,
        )
        basis = Basis.HOURLY if budget.period is PayPeriod.HOUR else Basis.ANNUAL
        shown = format_money(value, budget.currency, basis)
        if budget.max is not None and value > budget.max + 0.5:
            problems["amount"] = (
                f"The offer ({shown}) is above the position's budget of {budget.label()}; "
                "raise the budget first if this was agreed."
            )
        elif budget.min is not None and value < budget.min - 0.5:
            problems["amount"] = (
                f"The offer ({shown}) is below the position's budget of {budget.label()}."
            )
    if problems:
        raise ValidationError(problems)


def compare(
    terms: OfferTerms,
    market: AskPlacement | None,
    ask: float | None,
    ask_text: str | None,
) -> list[str]:
    """Sentences that place the offer: against the market band of the candidate's
    region and level, and against their ask (``ask`` converted to the offer's currency
    and period, ``ask_text`` as they gave it)."""
    said: list[str] = []
    if market is not None:
        band = market.band.label()
        if market.verdict == "within":
            assert market.percentile is not None
            said.append(
                f"Within the market band of {band}, at the "
                f"{ordinal(round(market.percentile))} percentile."
            )
        else:
            said.append(f"{market.verdict.capitalize()} the market band of {band}.")
    if ask is not None and ask > 0 and ask_text:
        gap = (terms.amount - ask) / ask * 100
        if abs(gap) < 0.5:
            said.append(f"Matches their ask of {ask_text}.")
        else:
            side = "above" if gap > 0 else "below"
            said.append(f"{abs(gap):.0f}% {side} their ask of {ask_text}.")
    return said
