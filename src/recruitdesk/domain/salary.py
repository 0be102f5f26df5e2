"""The salary calculator: the hourly and annual bands of a region and level from a rate
table, and where an ask sits against them (pure Python: no files, no Qt, no SQL).

Where a region or level has no figure of one basis, the band is derived from the other
basis by the table's stated rule (annual divided by working hours, or hourly times
working hours) and marked derived; where neither exists, the result says there is no
figure. The table comes from :func:`recruitdesk.storage.rate_files.current_rates`.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Literal

from recruitdesk.domain.money import (
    CURRENCIES,
    DEFAULT_EUR_USD,
    DEFAULT_HOURS_PER_YEAR,
    Basis,
    annual_from_hourly,
    convert_currency,
    format_money,
    format_range,
    hourly_from_annual,
)
from recruitdesk.domain.rate_table import BUILTIN_RULES, Figure, RateTable, Source
from recruitdesk.domain.taxonomy import Level, PayPeriod, Region, Track
from recruitdesk.domain.wording import ordinal
from recruitdesk.errors import KnownError


@dataclass(frozen=True, slots=True)
class Band:
    """A pay range of one basis, in one currency, with where it comes from."""

    basis: Basis
    min: float
    max: float
    currency: str
    open_ended: bool
    #: The figures the band is made from (in their own currencies).
    figures: tuple[Figure, ...]
    #: The rules used to get here, when the band is not the sources' own figure.
    derived_by: tuple[str, ...] = ()
    ml_premium: tuple[float, float] | None = None

    @property
    def derived(self) -> bool:
        return bool(self.derived_by)

    @property
    def sources_disagree(self) -> bool:
        return len({(f.source, f.min, f.max, f.currency) for f in self.figures}) > 1

    def label(self) -> str:
        return format_range(self.min, self.max, self.currency, self.basis, self.open_ended)


def _span(figures: Iterable[Figure], currency: str, eur_usd: float) -> tuple[float, float, bool]:
    items = list(figures)
    low = min(convert_currency(f.min, f.currency, currency, eur_usd) for f in items)
    high_figure = max(items, key=lambda f: convert_currency(f.max, f.currency, currency, eur_usd))
    high = convert_currency(high_figure.max, high_figure.currency, currency, eur_usd)
    return low, high, high_figure.open_ended


@dataclass(frozen=True, slots=True)
class AskPlacement:
    """Where an ask sits against a band."""

    verdict: Literal["below", "within", "above"]
    #: The ask's position in the band, 0 at its min and 100 at its max (within only).
    percentile: float | None
    #: The ask in the band's currency and basis.
    amount: float
    band: Band

    def describe(self) -> str:
        ask = format_money(self.amount, self.band.currency, self.band.basis)
        if self.verdict == "within":
            assert self.percentile is not None
            return f"{ask}: within the band, at the {ordinal(round(self.percentile))} percentile"
        if self.verdict == "below":
            gap = (self.band.min - self.amount) / self.band.min * 100
            return f"{ask}: below the band by {gap:.0f}%"
        gap = (self.amount - self.band.max) / self.band.max * 100
        note = " (the band is open-ended at the top)" if self.band.open_ended else ""
        return f"{ask}: above the band by {gap:.0f}%{note}"


def place_ask(
    band: Band,
    amount: float,
    currency: str,
    period: PayPeriod | str,
    *,
    hours_per_year: int = DEFAULT_HOURS_PER_YEAR,
    eur_usd: float = DEFAULT_EUR_USD,
) -> AskPlacement:
    """Below, within (with its percentile: 0 at the band's min, 100 at its max, linear
    in between) or above. The ask is converted to the band's currency and basis first."""
    value = convert_currency(float(amount), currency, band.currency, eur_usd)
    ask_basis = Basis.HOURLY if PayPeriod(period) is PayPeriod.HOUR else Basis.ANNUAL
    if ask_basis is not band.basis:
        value = (
            hourly_from_annual(value, hours_per_year)
            if band.basis is Basis.HOURLY
            else annual_from_hourly(value, hours_per_year)
        )
    if value < band.min:
        return AskPlacement("below", None, value, band)
    if value > band.max:
        return AskPlacement("above", None, value, band)
    width = band.max - band.min
    percentile = 50.0 if width <= 0 else (value - band.min) / width * 100
    return AskPlacement("within", percentile, value, band)


@dataclass(frozen=True, slots=True)
class SalaryResult:
    region: Region
    level: Level
    track: Track | None
    contract: bool
    ml: bool
    currency: str
    hours_per_year: int
    eur_usd: float
    hourly: Band | None
    annual: Band | None
    table: RateTable
    notes: tuple[str, ...] = ()

    @property
    def primary(self) -> Band | None:
        """The band the engagement is paid in: hourly for a contract, else annual."""
        return self.hourly if self.contract else self.annual

    def band_for(self, period: PayPeriod | str) -> Band | None:
        return self.hourly if PayPeriod(period) is PayPeriod.HOUR else self.annual

    def place(self, amount: float, currency: str, period: PayPeriod | str) -> AskPlacement | None:
        """Where an ask sits, against the band of the ask's own period."""
        band = self.band_for(period) or self.primary
        if band is None:
            return None
        return place_ask(
            band,
            amount,
            currency,
            period,
            hours_per_year=self.hours_per_year,
            eur_usd=self.eur_usd,
        )

    def sources(self) -> list[Source]:
        keys: list[str] = []
        for band in (self.hourly, self.annual):
            for figure in band.figures if band else ():
                if figure.source not in keys:
                    keys.append(figure.source)
        if self.ml:
            keys.append("ml_premium_2026")
        return [self.table.sources[k] for k in keys if k in self.table.sources]

    def to_json(self) -> dict[str, Any]:
        def number(value: float) -> float | int:
            rounded = round(value, 2)
            return int(rounded) if rounded == int(rounded) else rounded

        def band_json(band: Band | None, basis: Basis) -> dict[str, Any]:
            if band is None:
                return {"min": None, "max": None, "available": False}
            names = list(band.derived_by)
            if len(band.figures) > 1:
                names.append("several_figures")
            rules = {
                rule: self.table.rules.get(rule, BUILTIN_RULES.get(rule, rule)) for rule in names
            }
            return {
                "min": number(band.min),
                "max": number(band.max),
                "open_ended": band.open_ended,
                "derived": band.derived,
                "rules": rules,
                "ml_premium": list(band.ml_premium) if band.ml_premium else None,
                "sources_disagree": band.sources_disagree,
                "figures": [
                    {
                        "min": number(f.min),
                        "max": number(f.max),
                        "currency": f.currency,
                        "open_ended": f.open_ended,
                        "level": f.level.value,
                        "basis": f.basis.value,
                        "source": self.table.sources[f.source].cite(),
                    }
                    for f in band.figures
                ],
            }

        return {
            "region": self.region.value,
            "level": self.level.value,
            "track": self.track.value if self.track else None,
            "contract": self.contract,
            "ml": self.ml,
            "currency": self.currency,
            "basis": "hourly" if self.contract else "annual",
            "hourly": band_json(self.hourly, Basis.HOURLY),
            "annual": band_json(self.annual, Basis.ANNUAL),
            "hours_per_year": self.hours_per_year,
            "eur_usd": self.eur_usd,
            "rates": self.table.describe(),
            "notes": list(self.notes),
            "sources": [
                {
                    "title": s.title,
                    "year": s.year,
                    "document": s.document,
                    "section": s.section,
                    "note": s.note,
                }
                for s in self.sources()
            ],
        }


def calculate(
    table: RateTable,
    region: Region,
    level: Level,
    *,
    track: Track | None = None,
    contract: bool = False,
    ml: bool = False,
    currency: str = "USD",
    hours_per_year: int | None = None,
    eur_usd: float | None = None,
) -> SalaryResult:
    """The hourly and annual bands for a region and level, in ``currency``.

    Each band comes from the sources' figures of its basis; a basis without a figure is
    derived from the other one by the stated rule (and marked so). With ``ml`` the
    AI/ML premium raises the band's min by its low end and its max by its high end.
    """
    hours = hours_per_year or table.hours_per_year
    rate = eur_usd or table.eur_usd
    if not 500 <= hours <= 3_000:
        raise KnownError(f"{hours} working hours a year is not plausible (500..3000).")
    if not 0.2 <= rate <= 5:
        raise KnownError(f"{rate} US dollars per euro is not plausible.")
    if currency not in CURRENCIES:
        raise KnownError(f"Unknown currency {currency!r}; use USD or EUR.")
    notes: list[str] = []
    source_level = level
    base_rules: tuple[str, ...] = ()
    if level is Level.LEAD:
        source_level = Level.SENIOR
        base_rules = ("lead_from_senior",)
        notes.append("The sources give no figures for lead; the senior figures stand in.")

    direct: dict[Basis, Band | None] = {}
    for basis in Basis:
        figures = table.figures_for(region, source_level, basis)
        if not figures:
            direct[basis] = None
            continue
        low, high, open_ended = _span(figures, currency, rate)
        direct[basis] = Band(basis, low, high, currency, open_ended, tuple(figures), base_rules)
    for basis, band in direct.items():
        if band is not None and band.sources_disagree:
            cited = "; ".join(
                f"{format_range(f.min, f.max, f.currency, basis, f.open_ended)} "
                f"({table.sources[f.source].cite()})"
                for f in band.figures
            )
            notes.append(
                f"The sources give {region.label} {source_level.value} {basis.value} figures "
                f"that differ: {cited}; the band spans them."
            )

    bands: dict[Basis, Band | None] = dict(direct)
    for basis, other in ((Basis.HOURLY, Basis.ANNUAL), (Basis.ANNUAL, Basis.HOURLY)):
        source_band = direct[other]
        if direct[basis] is not None:
            continue
        if source_band is None:
            notes.append(f"No {basis.value} figure for {region.label} {source_level.value}.")
            continue
        to_hourly = basis is Basis.HOURLY
        convert = hourly_from_annual if to_hourly else annual_from_hourly
        rule = "hourly_from_annual" if to_hourly else "annual_from_hourly"
        bands[basis] = Band(
            basis,
            convert(source_band.min, hours),
            convert(source_band.max, hours),
            currency,
            source_band.open_ended,
            source_band.figures,
            (*source_band.derived_by, rule),
        )
        notes.append(
            f"No {basis.value} figure for {region.label} {source_level.value}: derived from "
            f"the {other.value} band at {hours:,} hours a year."
        )
    if ml:
        low_premium, high_premium = table.ml_premium
        for basis, band in bands.items():
            if band is not None:
                bands[basis] = replace(
                    band,
                    min=band.min * (1 + low_premium),
                    max=band.max * (1 + high_premium),
                    ml_premium=(low_premium, high_premium),
                )
    if track is not None:
        notes.append("The sources give no figures by track; use the AI/ML premium for ML roles.")
    return SalaryResult(
        region=region,
        level=level,
        track=track,
        contract=contract,
        ml=ml,
        currency=currency,
        hours_per_year=hours,
        eur_usd=rate,
        hourly=bands[Basis.HOURLY],
        annual=bands[Basis.ANNUAL],
        table=table,
        notes=tuple(notes),
    )
