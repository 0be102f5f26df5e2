"""The market rates the views use, loaded in this one place: ``$RECRUITDESK_RATES``, else
the shipped file, else the built-in table (the loaded value says which and why)."""

from recruitdesk.domain.salary import LoadedRates, load_configured_rates
from recruitdesk.resources import resource_path


def configured_rates() -> LoadedRates:
    """The rates in use, read again on each call (about a millisecond), so an edited
    rates file counts at once."""
    return load_configured_rates(None, resource_path("market_rates.json"))
