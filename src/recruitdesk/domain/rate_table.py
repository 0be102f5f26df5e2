"""A table of market pay rates: each figure with the source document it comes from, and
the built-in table (the figures of the shipped ``resources/market_rates.json``, kept in
the code so a damaged or missing file cannot take the calculator down).

Where the sources disagree (senior hourly rates in the US and Canada: 100-120+ in the
table of the rates guide, 120-180+ in its FAQ) both figures are kept, each
with its source; the calculator's band spans them.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from recruitdesk.domain.money import DEFAULT_EUR_USD, DEFAULT_HOURS_PER_YEAR, Basis
from recruitdesk.domain.taxonomy import Level, Region


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    #: The file the document is kept as: for tracing a figure, never shown to a reader.
    document: str
    section: str
    note: str = ""
    #: What a reader sees (views, reports sent to clients); a file of one's own may
    #: leave it out, and then the document's name stands in.
    title: str = ""
    year: int | None = None

    def cite(self) -> str:
        year = f" ({self.year})" if self.year else ""
        return f"{self.title or self.document}{year}, {self.section}"


@dataclass(frozen=True, slots=True)
class Figure:
    """One range as a source gives it."""

    region: Region
    level: Level
    basis: Basis
    min: float
    max: float
    currency: str
    source: str
    open_ended: bool = False


@dataclass(frozen=True, slots=True)
class RateTable:
    version: str
    date: str
    figures: tuple[Figure, ...]
    sources: Mapping[str, Source]
    hours_per_year: int = DEFAULT_HOURS_PER_YEAR
    eur_usd: float = DEFAULT_EUR_USD
    ml_premium: tuple[float, float] = (0.15, 0.30)
    rules: Mapping[str, str] = field(default_factory=dict)
    #: Where the table came from: a file's path, or "built-in".
    origin: str = "built-in"

    def figures_for(self, region: Region, level: Level, basis: Basis) -> list[Figure]:
        return [
            f for f in self.figures if f.region is region and f.level is level and f.basis is basis
        ]

    def describe(self) -> str:
        return f"{self.origin} (version {self.version}, {self.date})"


_A, _T, _F, _E = "annual_2026", "hourly_table_2026", "hourly_faq_2026", "full_time_ee_2026"
# The documents carry no titles of their own: these describe them (the rates file says so).
_DOC_000 = ("000_de4aeff6f938fcaa.txt", "A guide to hiring a senior Python developer")
_DOC_001 = (
    "001_76b30190388735e8.txt",
    "Senior Python developers: rates, vetting and hiring timelines",
)
_RATES_001 = "Python developer rates in Europe and the US (2026)"


def _cited(key: str, document: tuple[str, str], section: str) -> Source:
    return Source(key, document[0], section, title=document[1], year=2026)


BUILTIN_SOURCES: dict[str, Source] = {
    _A: _cited(_A, _DOC_000, "Salary Expectations by Region"),
    _T: _cited(_T, _DOC_001, _RATES_001),
    _F: _cited(_F, _DOC_001, "FAQ: How much does a Python developer cost in 2026?"),
    _E: _cited(_E, _DOC_001, _RATES_001),
    "ml_premium_2026": _cited("ml_premium_2026", _DOC_000, "Salary Expectations by Region"),
    "defaults": Source(
        "defaults", "recruitdesk", "defaults", title="recruitdesk's working assumptions"
    ),
}
_S, _H, _Y = Level.SENIOR, Basis.HOURLY, Basis.ANNUAL
_J, _M = Level.JUNIOR, Level.MID
_US, _WE, _EE = Region.US_CANADA, Region.WESTERN_EUROPE, Region.EASTERN_EUROPE
_SE, _LA, _AS, _IN = (
    Region.SOUTHERN_EUROPE,
    Region.LATIN_AMERICA,
    Region.ASIA,
    Region.INDIA_OFFSHORE,
)
# fmt: off
BUILTIN_FIGURES: tuple[Figure, ...] = (
    Figure(_US, _S, _Y, 150_000, 220_000, "USD", _A, open_ended=True),
    Figure(_WE, _S, _Y, 90_000, 150_000, "USD", _A),
    Figure(_EE, _S, _Y, 50_000, 90_000, "USD", _A),
    Figure(_EE, _S, _Y, 55_000, 85_000, "EUR", _E),
    Figure(_LA, _S, _Y, 40_000, 80_000, "USD", _A),
    Figure(_AS, _S, _Y, 25_000, 60_000, "USD", _A),
    Figure(_US, _J, _H, 40, 70, "USD", _T),
    Figure(_US, _M, _H, 80, 130, "USD", _T),
    Figure(_US, _S, _H, 100, 120, "USD", _T, open_ended=True),
    Figure(_US, _S, _H, 120, 180, "USD", _F, open_ended=True),
    Figure(_WE, _J, _H, 35, 60, "USD", _T),
    Figure(_WE, _M, _H, 60, 100, "USD", _T),
    Figure(_WE, _S, _H, 90, 130, "USD", _T, open_ended=True),
    Figure(_EE, _J, _H, 20, 40, "USD", _T),
    Figure(_EE, _M, _H, 40, 70, "USD", _T),
    Figure(_EE, _S, _H, 60, 100, "USD", _T),
    Figure(_SE, _J, _H, 25, 50, "USD", _T),
    Figure(_SE, _M, _H, 45, 75, "USD", _T),
    Figure(_SE, _S, _H, 65, 95, "USD", _T),
    Figure(_IN, _J, _H, 12, 30, "USD", _T),
    Figure(_IN, _M, _H, 30, 50, "USD", _T),
    Figure(_IN, _S, _H, 50, 80, "USD", _T),
)
# fmt: on
BUILTIN_RULES = {
    "hourly_from_annual": "annual min and max divided by hours_per_year",
    "annual_from_hourly": "hourly min and max multiplied by hours_per_year",
    "lead_from_senior": "the sources give no figures for lead: the senior figures stand in",
    "several_figures": "the band spans every figure (lowest min to highest max)",
}


def builtin_table() -> RateTable:
    return RateTable(
        version="2026.2",
        date="2026-11-21",
        figures=BUILTIN_FIGURES,
        sources=BUILTIN_SOURCES,
        rules=BUILTIN_RULES,
    )
