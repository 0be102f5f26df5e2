"""Offers: terms checked against the position's budget, placed against the market band
and the ask, their states, and the board's card following them."""

from datetime import date

import pytest

from recruitdesk.domain.offer import OfferState, OfferTerms
from recruitdesk.domain.taxonomy import PayPeriod
from recruitdesk.errors import RefusedError, ValidationError
from recruitdesk.storage.audit import list_audit
from recruitdesk.storage.board.cards import read_cards
from recruitdesk.storage.board.new_cards import add_to_board
from recruitdesk.storage.candidates import create_candidate
from recruitdesk.storage.database import Database
from recruitdesk.storage.models.pipeline import Application
from recruitdesk.storage.offers import (
    change_state,
    draft_offer,
    get_offer,
    latest_offer_states,
    offers_of,
    placement,
    update_draft,
)
from recruitdesk.storage.positions import create_position

TODAY = date(2026, 12, 1)


def terms(amount: int = 110_000, **changes: object) -> OfferTerms:
    base: dict[str, object] = {
        "amount": amount,
        "currency": "EUR",
        "period": PayPeriod.YEAR,
        "start_date": date(2027, 2, 1),
        "expires_on": date(2026, 12, 15),
        "notes": "",
    }
    base.update(changes)
    return OfferTerms(**base)  # type: ignore[arg-type]


@pytest.fixture
def application(database: Database) -> int:
    candidate_id, _ = create_candidate(
        database,
        {
            "full_name": "Zoë Nowak",
            "region": "western_europe",
            "level": "senior",
            "ask_amount": 100_000,
            "ask_currency": "EUR",
            "ask_period": "year",
        },
    )
    position_id, _ = create_position(
        database,
        {
            "title": "Senior Python Engineer",
            "budget_min": 90_000,
            "budget_max": 120_000,
            "budget_currency": "EUR",
            "budget_period": "year",
        },
    )
    application_id, _ = add_to_board(database, candidate_id, position_id)
    return application_id


def stored(database: Database, application_id: int) -> Application:
    with database.read() as session:
        found = session.get_one(Application, application_id)
        session.expunge(found)
        return found


def stage_of(database: Database, application_id: int) -> str:
    return stored(database, application_id).stage


def test_terms_outside_the_budget_or_in_the_past_are_refused_per_field(
    database: Database, application: int
) -> None:
    with pytest.raises(ValidationError) as above:
        draft_offer(database, application, terms(130_000), TODAY)
    assert above.value.problems["amount"] == (
        "The offer (€130,000/yr) is above the position's budget of €90,000\u2013120,000/yr; "
        "raise the budget first if this was agreed."
    )
    # An hourly offer is compared in the budget's period (the rate table's hours).
    with pytest.raises(ValidationError, match="below the position's budget"):
        draft_offer(database, application, terms(30, period=PayPeriod.HOUR), TODAY)
    with pytest.raises(ValidationError) as dated:
        draft_offer(
            database,
            application,
            terms(start_date=date(2026, 11, 1), expires_on=date(2026, 11, 20)),
            TODAY,
        )
    assert set(dated.value.problems) == {"start_date", "expires_on"}
    assert offers_of(database, stored(database, application).candidate_id, TODAY) == []


def test_placement_names_the_budget_the_market_band_and_the_ask(
    database: Database, application: int
) -> None:
    said = placement(database, application, terms(110_000))
    assert said[0] == "The position's budget is €90,000\u2013120,000/yr."
    assert said[1].startswith("Within the market band of €")
    assert said[2] == "10% above their ask of €100,000/yr."
    assert placement(database, application, terms(100_000))[-1] == (
        "Matches their ask of €100,000/yr."
    )


def test_sent_then_accepted_moves_the_card_to_offer_then_hired(
    database: Database, application: int
) -> None:
    offer_id, _ = draft_offer(database, application, terms(), TODAY)
    update_draft(database, offer_id, terms(115_000, notes="Hybrid, Berlin"), TODAY)
    assert stage_of(database, application) == "sourced"
    with pytest.raises(RefusedError, match="already has an offer that is draft"):
        draft_offer(database, application, terms(), TODAY)
    change_state(database, offer_id, OfferState.SENT, today=TODAY)
    assert stage_of(database, application) == "offer"
    assert latest_offer_states(database, [application], TODAY) == {application: OfferState.SENT}
    (card,) = read_cards(database, [application])
    # The card reads the state as of the real today, as the board shows it.
    assert card.stage == "offer"
    assert card.offer_state == latest_offer_states(database, [application])[application].value
    with pytest.raises(RefusedError, match="keeps its terms"):
        update_draft(database, offer_id, terms(), TODAY)
    change_state(database, offer_id, OfferState.ACCEPTED, today=TODAY)
    assert stage_of(database, application) == "hired"
    shown = get_offer(database, offer_id, TODAY)
    assert (shown.state, shown.terms.amount, shown.terms.notes) == (
        OfferState.ACCEPTED,
        115_000,
        "Hybrid, Berlin",
    )


def test_a_decline_needs_its_reason_and_withdraws_the_card_with_it(
    database: Database, application: int
) -> None:
    offer_id, _ = draft_offer(database, application, terms(), TODAY)
    with pytest.raises(RefusedError, match="cannot be marked declined"):
        change_state(database, offer_id, OfferState.DECLINED, reason="x", today=TODAY)
    change_state(database, offer_id, OfferState.SENT, today=TODAY)
    with pytest.raises(RefusedError, match="Say why"):
        change_state(database, offer_id, OfferState.DECLINED, today=TODAY)
    change_state(database, offer_id, OfferState.DECLINED, reason="Counter-offer", today=TODAY)
    assert stage_of(database, application) == "withdrawn"
    reason = stored(database, application).rejection_reason
    assert reason == "Declined the offer: Counter-offer"
    assert get_offer(database, offer_id, TODAY).reason == "Counter-offer"


def test_an_unanswered_offer_expires_after_its_date(database: Database, application: int) -> None:
    offer_id, _ = draft_offer(database, application, terms(), TODAY)
    change_state(database, offer_id, OfferState.SENT, today=TODAY)
    later = date(2026, 12, 16)
    assert get_offer(database, offer_id, later).state is OfferState.EXPIRED
    assert latest_offer_states(database, [application], later) == {application: OfferState.EXPIRED}
    with pytest.raises(RefusedError, match="has expired"):
        change_state(database, offer_id, OfferState.ACCEPTED, today=later)
    # An expired offer no longer blocks a new one.
    draft_offer(database, application, terms(expires_on=date(2026, 12, 20)), later)


def test_each_step_of_an_offer_is_in_the_trail_without_its_terms(
    database: Database, application: int
) -> None:
    offer_id, _ = draft_offer(database, application, terms(), TODAY)
    update_draft(database, offer_id, terms(115_000, notes="Signing bonus 7,000"), TODAY)
    change_state(database, offer_id, OfferState.SENT, today=TODAY)
    change_state(database, offer_id, OfferState.DECLINED, reason="Counter-offer", today=TODAY)
    candidate_id = stored(database, application).candidate_id
    offer_steps = [e for e in list_audit(database, candidate_id) if e.action == "offer"]
    assert [e.detail.split(" (")[0] for e in offer_steps if e.detail] == [
        "Marked the offer declined",
        "Marked the offer sent",
        "Changed the draft offer's terms",
        "Drafted an offer",
    ]
    assert {e.actor for e in offer_steps} == {database.actor}
    written = " ".join(e.detail or "" for e in offer_steps)
    for value in ("115", "7,000", "Counter-offer", "EUR"):
        assert value not in written
