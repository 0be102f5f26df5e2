"""Offers on applications: draft, send, record the answer, and keep the board's card in
step (docs/architecture.md, "Offers").

The terms are checked against the position's budget with the rate table's hours and
exchange rate (``rate_files.current_rates``), and placed against the market band of the
candidate's region and level and against their ask. A state change that moves the card
moves it first, through the board's own rules: a move the pipeline refuses leaves the
offer as it was.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from recruitdesk.domain.money import Basis, format_money
from recruitdesk.domain.offer import (
    BOARD_STAGE,
    Budget,
    OfferState,
    OfferTerms,
    check_terms,
    check_transition,
    compare,
    effective_state,
    in_terms,
)
from recruitdesk.domain.pipeline import Stage, check_move
from recruitdesk.domain.salary import AskPlacement, calculate
from recruitdesk.domain.taxonomy import PayPeriod
from recruitdesk.domain.taxonomy_text import parse_level, parse_region
from recruitdesk.errors import KnownError, RefusedError
from recruitdesk.storage.audit import record
from recruitdesk.storage.board.moves import move_cards
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.hiring import Offer
from recruitdesk.storage.models.pipeline import Application, Candidate, Position
from recruitdesk.storage.rate_files import current_rates

#: The reason a card carries to the withdrawn column when its offer was declined.
DECLINED_PREFIX = "Declined the offer"


@dataclass(frozen=True, slots=True)
class OfferView:
    id: int
    application_id: int
    candidate_id: int
    candidate_name: str
    position_id: int
    position_title: str
    company: str | None
    terms: OfferTerms
    #: The state as it stands today (a sent offer past its expiry is expired).
    state: OfferState
    reason: str | None
    sent_at: datetime | None
    decided_at: datetime | None
    created_at: datetime


def _budget(position: Position) -> Budget | None:
    if position.budget_min is None and position.budget_max is None:
        return None
    return Budget(
        position.budget_min,
        position.budget_max,
        position.budget_currency or "USD",
        PayPeriod(position.budget_period or PayPeriod.YEAR.value),
    )


def _terms(offer: Offer) -> OfferTerms:
    return OfferTerms(
        offer.amount,
        offer.currency,
        PayPeriod(offer.period),
        offer.start_date,
        offer.expires_on,
        offer.notes or "",
    )


def _view(offer: Offer, candidate: Candidate, position: Position, today: date) -> OfferView:
    return OfferView(
        id=offer.id,
        application_id=offer.application_id,
        candidate_id=candidate.id,
        candidate_name=candidate.full_name,
        position_id=position.id,
        position_title=position.title,
        company=position.company,
        terms=_terms(offer),
        state=effective_state(OfferState(offer.state), offer.expires_on, today),
        reason=offer.reason,
        sent_at=offer.sent_at,
        decided_at=offer.decided_at,
        created_at=offer.created_at,
    )


def _select() -> Select[Offer, Candidate, Position]:
    return (
        select(Offer, Candidate, Position)
        .join(Application, Application.id == Offer.application_id)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .join(Position, Position.id == Application.position_id)
    )


def _check(session: Session, application_id: int, terms: OfferTerms, today: date) -> Application:
    application = session.get(Application, application_id)
    if application is None:
        raise KnownError(f"There is no application with id {application_id}.")
    position = session.get_one(Position, application.position_id)
    table = current_rates().table
    check_terms(
        terms,
        today,
        _budget(position),
        hours_per_year=table.hours_per_year,
        eur_usd=table.eur_usd,
    )
    return application


def _columns(terms: OfferTerms) -> dict[str, object]:
    return {
        "amount": terms.amount,
        "currency": terms.currency,
        "period": terms.period.value,
        "start_date": terms.start_date,
        "expires_on": terms.expires_on,
        "notes": terms.notes.strip() or None,
    }


def draft_offer(
    database: Database, application_id: int, terms: OfferTerms, today: date | None = None
) -> tuple[int, Changes]:
    """A new draft offer; refused while the application has an offer still open."""
    today = today or date.today()
    with database.write() as session:
        application = _check(session, application_id, terms, today)
        for other in session.scalars(select(Offer).where(Offer.application_id == application_id)):
            state = effective_state(OfferState(other.state), other.expires_on, today)
            if state in (OfferState.DRAFT, OfferState.SENT):
                raise RefusedError(
                    f"This application already has an offer that is {state.value}; "
                    "change that one instead."
                )
        offer = Offer(
            application_id=application_id, state=OfferState.DRAFT.value, **_columns(terms)
        )
        session.add(offer)
        session.flush()
        _audit(session, database, application, "Drafted an offer")
        return offer.id, _changed(application)


def update_draft(
    database: Database, offer_id: int, terms: OfferTerms, today: date | None = None
) -> Changes:
    """New terms for an offer not yet sent."""
    today = today or date.today()
    with database.write() as session:
        offer = _locked(session, offer_id)
        if offer.state != OfferState.DRAFT.value:
            raise RefusedError("A sent offer keeps its terms; draft a new one to change them.")
        application = _check(session, offer.application_id, terms, today)
        for name, value in _columns(terms).items():
            setattr(offer, name, value)
        _audit(session, database, application, "Changed the draft offer's terms")
        return _changed(application)


def _locked(session: Session, offer_id: int) -> Offer:
    offer = session.get(Offer, offer_id, with_for_update=True)
    if offer is None:
        raise KnownError("That offer has been deleted meanwhile.")
    return offer


def _audit(session: Session, database: Database, application: Application, what: str) -> None:
    """An offer's step in the candidate's trail; the terms stay out of it, as every
    value does (``storage/audit.py``)."""
    detail = f"{what} (position {application.position_id})"
    record(session, database.actor, [application.candidate_id], "offer", detail, datetime.now(UTC))


def _changed(application: Application) -> Changes:
    return Changes(
        candidates=frozenset({application.candidate_id}),
        applications=frozenset({application.id}),
    )


def change_state(
    database: Database,
    offer_id: int,
    target: OfferState,
    *,
    reason: str | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> Changes:
    """Send an offer, or record its answer; the card moves to the stage the new state
    puts it in (the offer column, hired, withdrawn with the reason) before the offer
    changes, so a move the board refuses leaves both as they were."""
    today = today or date.today()
    now = now or datetime.now(UTC)
    with database.read() as session:
        offer = session.get(Offer, offer_id)
        if offer is None:
            raise KnownError("That offer has been deleted meanwhile.")
        stored = OfferState(offer.state)
        current = effective_state(stored, offer.expires_on, today)
        check_transition(current, target, reason)
        terms = _terms(offer)
        application = session.get_one(Application, offer.application_id)
        stage = Stage(application.stage)
        application_id = application.id
    if target is OfferState.SENT:
        with database.read() as session:
            _check(session, application_id, terms, today)
    changes = Changes()
    destination = BOARD_STAGE.get(target)
    if destination is not None and destination is not stage:
        check_move(stage, destination)
        why = f"{DECLINED_PREFIX}: {reason.strip()}" if reason else None
        changes = move_cards(database, [application_id], destination.value, reason=why).changes
    with database.write() as session:
        offer = _locked(session, offer_id)
        if OfferState(offer.state) is not stored:
            raise KnownError("The offer was changed elsewhere meanwhile; look at it again.")
        offer.state = target.value
        if target is OfferState.SENT:
            offer.sent_at = now
        else:
            offer.decided_at = now
            offer.reason = (reason or "").strip() or None
        application = session.get_one(Application, offer.application_id)
        _audit(session, database, application, f"Marked the offer {target.value}")
        return changes | _changed(application)


def get_offer(database: Database, offer_id: int, today: date | None = None) -> OfferView:
    with database.read() as session:
        row = session.execute(_select().where(Offer.id == offer_id)).first()
        if row is None:
            raise KnownError(f"There is no offer with id {offer_id}.")
        return _view(*row, today or date.today())


def offers_of(database: Database, candidate_id: int, today: date | None = None) -> list[OfferView]:
    """The candidate's offers, newest first."""
    with database.read() as session:
        rows = session.execute(
            _select()
            .where(Candidate.id == candidate_id)
            .order_by(Offer.created_at.desc(), Offer.id.desc())
        )
        return [_view(*row, today or date.today()) for row in rows]


def latest_offer_states(
    database: Database, application_ids: list[int], today: date | None = None
) -> dict[int, OfferState]:
    """The newest offer's state of each application that has one (the board's badge)."""
    if not application_ids:
        return {}
    today = today or date.today()
    with database.read() as session:
        rows = session.execute(
            select(Offer.application_id, Offer.state, Offer.expires_on)
            .where(Offer.application_id.in_(application_ids))
            .order_by(Offer.created_at, Offer.id)
        )
        return {
            application_id: effective_state(OfferState(state), expires_on, today)
            for application_id, state, expires_on in rows
        }


def placement(database: Database, application_id: int, terms: OfferTerms) -> list[str]:
    """Sentences placing ``terms``: the position's budget, the market band of the
    candidate's region and level (from the rate table), and the candidate's ask."""
    with database.read() as session:
        application = session.get(Application, application_id)
        if application is None:
            raise KnownError(f"There is no application with id {application_id}.")
        candidate = session.get_one(Candidate, application.candidate_id)
        budget = _budget(session.get_one(Position, application.position_id))
        region, level = candidate.region, candidate.level
        ask = (candidate.ask_amount, candidate.ask_currency, candidate.ask_period)
    table = current_rates().table
    said: list[str] = []
    if budget is not None:
        said.append(f"The position's budget is {budget.label()}.")
    market: AskPlacement | None = None
    if region and level:
        try:
            result = calculate(
                table,
                parse_region(region),
                parse_level(level),
                contract=terms.period is PayPeriod.HOUR,
                currency=terms.currency,
            )
            market = result.place(terms.amount, terms.currency, terms.period)
        except KnownError:
            market = None
    asked: float | None = None
    ask_text: str | None = None
    amount, currency, period = ask
    if amount and currency and period:
        asked = in_terms(
            amount,
            currency,
            PayPeriod(period),
            terms.currency,
            terms.period,
            hours_per_year=table.hours_per_year,
            eur_usd=table.eur_usd,
        )
        basis = Basis.HOURLY if period == PayPeriod.HOUR.value else Basis.ANNUAL
        ask_text = format_money(amount, currency, basis)
    return said + compare(terms, market, asked, ask_text)
