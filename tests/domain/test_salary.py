"""The calculator against the seeds' own figures, the conversions, the ask's place in the
band and the sources' disagreement."""

import pytest

from recruitdesk.domain.money import (
    Basis,
    annual_from_hourly,
    check_amount,
    convert_currency,
    format_range,
    hourly_from_annual,
)
from recruitdesk.domain.rate_table import builtin_table
from recruitdesk.domain.salary import calculate, place_ask
from recruitdesk.domain.taxonomy import Level, Region
from recruitdesk.domain.taxonomy_text import parse_level, parse_region
from recruitdesk.errors import KnownError

DOC_000 = "000_de4aeff6f938fcaa.txt"
DOC_001 = "001_76b30190388735e8.txt"
TITLE_001 = "Senior Python developers: rates, vetting and hiring timelines"


def test_eastern_europe_senior_as_the_seeds_say() -> None:
    result = calculate(builtin_table(), Region.EASTERN_EUROPE, Level.SENIOR, contract=True)
    assert result.hourly is not None
    assert (result.hourly.min, result.hourly.max) == (60, 100)
    assert not result.hourly.derived
    assert result.primary is result.hourly
    # Annual: USD 50,000-90,000 (000) and EUR 55,000-85,000 (001) both kept; the band
    # spans them at the default EUR/USD rate of 1.10.
    assert result.annual is not None
    cited = {(f.min, f.max, f.currency) for f in result.annual.figures}
    assert cited == {(50_000, 90_000, "USD"), (55_000, 85_000, "EUR")}
    assert result.annual.min == 50_000
    assert result.annual.max == pytest.approx(85_000 * 1.10)


def test_us_senior_annual_starts_at_150000_and_is_open_ended() -> None:
    result = calculate(builtin_table(), parse_region("US / Canada"), parse_level("Senior"))
    assert result.annual is not None
    assert result.annual.min == 150_000
    assert result.annual.max == 220_000
    assert result.annual.open_ended
    assert result.annual.label() == "$150,000\u2013220,000+/yr"
    sources = [s.document for s in result.sources()]
    assert DOC_000 in sources


def test_the_us_hourly_disagreement_keeps_both_figures_and_shows_their_span() -> None:
    result = calculate(builtin_table(), Region.US_CANADA, Level.SENIOR, contract=True)
    assert result.hourly is not None
    assert result.hourly.sources_disagree
    pairs = {(f.min, f.max, f.source) for f in result.hourly.figures}
    assert pairs == {(100, 120, "hourly_table_2026"), (120, 180, "hourly_faq_2026")}
    assert (result.hourly.min, result.hourly.max) == (100, 180)
    note = next(n for n in result.notes if "differ" in n)
    assert "$100\u2013120+/h" in note
    assert "$120\u2013180+/h" in note
    assert "FAQ" in note
    data = result.to_json()
    assert {f["source"] for f in data["hourly"]["figures"]} == {
        f"{TITLE_001} (2026), Python developer rates in Europe and the US (2026)",
        f"{TITLE_001} (2026), FAQ: How much does a Python developer cost in 2026?",
    }
    assert data["hourly"]["sources_disagree"] is True
    assert "several_figures" in data["hourly"]["rules"]


def test_the_json_shape_the_command_line_promises() -> None:
    data = calculate(builtin_table(), Region.EASTERN_EUROPE, Level.SENIOR).to_json()
    assert {"region", "level", "currency", "hourly", "annual", "sources"} <= set(data)
    assert data["region"] == "eastern_europe"
    assert data["currency"] == "USD"
    assert (data["hourly"]["min"], data["hourly"]["max"]) == (60, 100)
    assert data["sources"]
    assert all({"document", "section"} <= set(s) for s in data["sources"])


def test_a_missing_basis_is_derived_by_the_stated_rule_and_marked() -> None:
    result = calculate(builtin_table(), Region.ASIA, Level.SENIOR)
    assert result.hourly is not None
    assert result.hourly.derived
    assert result.hourly.derived_by == ("hourly_from_annual",)
    assert result.hourly.min == pytest.approx(25_000 / 1_800)
    assert result.hourly.max == pytest.approx(60_000 / 1_800)
    assert result.annual is not None
    assert not result.annual.derived
    southern = calculate(
        builtin_table(), Region.SOUTHERN_EUROPE, Level.SENIOR, hours_per_year=2_000
    )
    assert southern.annual is not None
    assert southern.annual.derived_by == ("annual_from_hourly",)
    assert (southern.annual.min, southern.annual.max) == (130_000, 190_000)
    assert southern.hours_per_year == 2_000
    data = southern.to_json()
    assert data["annual"]["derived"] is True
    assert "hours_per_year" in data["annual"]["rules"]["annual_from_hourly"]


def test_no_figure_is_said_so_not_invented() -> None:
    result = calculate(builtin_table(), Region.LATIN_AMERICA, Level.JUNIOR)
    assert result.hourly is None
    assert result.annual is None
    assert "No hourly figure for Latin America junior." in result.notes
    data = result.to_json()
    assert data["hourly"] == {"min": None, "max": None, "available": False}


def test_lead_uses_the_senior_figures_marked_derived() -> None:
    result = calculate(builtin_table(), Region.WESTERN_EUROPE, Level.LEAD)
    assert result.annual is not None
    assert (result.annual.min, result.annual.max) == (90_000, 150_000)
    assert result.annual.derived_by == ("lead_from_senior",)
    assert any("no figures for lead" in note for note in result.notes)


def test_the_ai_ml_premium_widens_the_band_by_15_to_30_percent() -> None:
    plain = calculate(builtin_table(), Region.US_CANADA, Level.SENIOR)
    ml = calculate(builtin_table(), Region.US_CANADA, Level.SENIOR, ml=True)
    assert plain.annual is not None
    assert ml.annual is not None
    assert ml.annual.min == pytest.approx(150_000 * 1.15)
    assert ml.annual.max == pytest.approx(220_000 * 1.30)
    assert ml.annual.ml_premium == (0.15, 0.30)
    assert any(s.key == "ml_premium_2026" for s in ml.sources())


def test_conversions_between_hours_and_years_and_currencies() -> None:
    assert annual_from_hourly(60, 1_800) == 108_000
    assert hourly_from_annual(90_000, 1_800) == 50
    assert convert_currency(55_000, "EUR", "USD", 1.10) == pytest.approx(60_500)
    assert convert_currency(110, "USD", "EUR", 1.10) == pytest.approx(100)
    assert convert_currency(5, "USD", "USD", 9.0) == 5
    with pytest.raises(KnownError, match="GBP"):
        convert_currency(1, "GBP", "USD", 1.1)
    in_euro = calculate(builtin_table(), Region.EASTERN_EUROPE, Level.SENIOR, currency="EUR")
    assert in_euro.hourly is not None
    assert in_euro.hourly.min == pytest.approx(60 / 1.10)
    assert in_euro.hourly.currency == "EUR"
    other_rate = calculate(
        builtin_table(), Region.EASTERN_EUROPE, Level.SENIOR, currency="EUR", eur_usd=1.25
    )
    assert other_rate.hourly is not None
    assert other_rate.hourly.max == pytest.approx(80)


def test_where_an_ask_sits_below_within_with_percentile_above() -> None:
    result = calculate(builtin_table(), Region.EASTERN_EUROPE, Level.SENIOR, contract=True)
    assert result.hourly is not None
    band = result.hourly
    assert place_ask(band, 50, "USD", "hour").verdict == "below"
    middle = place_ask(band, 80, "USD", "hour")
    assert middle.verdict == "within"
    assert middle.percentile == pytest.approx(50)
    assert place_ask(band, 60, "USD", "hour").percentile == pytest.approx(0)
    assert place_ask(band, 100, "USD", "hour").percentile == pytest.approx(100)
    above = place_ask(band, 120, "USD", "hour")
    assert above.verdict == "above"
    assert "above the band by 20%" in above.describe()
    # An annual ask against the hourly band: 126,000 a year is 70 an hour at 1,800 h.
    yearly = place_ask(band, 126_000, "USD", "year", hours_per_year=1_800)
    assert yearly.amount == pytest.approx(70)
    assert yearly.percentile == pytest.approx(25)
    # A euro ask: EUR 80 is USD 88 at 1.10, the 70th percentile of 60-100.
    assert place_ask(band, 80, "EUR", "hour").percentile == pytest.approx(70)
    # SalaryResult.place picks the band of the ask's own period.
    assert result.place(70_000, "USD", "year") is not None
    placed = result.place(70_000, "USD", "year")
    assert placed is not None
    assert placed.band.basis is Basis.ANNUAL


def test_format_range() -> None:
    assert format_range(60, 100, "USD", Basis.HOURLY) == "$60\u2013100/h"
    assert format_range(55_000, 85_000, "EUR", Basis.ANNUAL) == "\u20ac55,000\u201385,000/yr"


def test_names_are_accepted_in_any_case() -> None:
    assert parse_region("EASTERN EUROPE") is Region.EASTERN_EUROPE
    assert parse_region("india / offshore") is Region.INDIA_OFFSHORE
    assert parse_region("latin_america") is Region.LATIN_AMERICA
    assert parse_level("Mid-level") is Level.MID
    with pytest.raises(KnownError, match="Unknown region 'Atlantis'"):
        parse_region("Atlantis")


def test_absurd_amounts_are_refused() -> None:
    check_amount(95, "hour")
    check_amount(150_000, "year")
    with pytest.raises(KnownError, match="more than 0"):
        check_amount(-5, "year")
    with pytest.raises(KnownError, match="not plausible"):
        check_amount(150_000, "hour")
    with pytest.raises(KnownError, match="not plausible"):
        check_amount(90_000_000, "year")
    with pytest.raises(KnownError, match="working hours"):
        calculate(builtin_table(), Region.ASIA, Level.SENIOR, hours_per_year=10)
