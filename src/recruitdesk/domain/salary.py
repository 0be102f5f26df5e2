"""The salary calculator and its rate tables (pure Python: no Qt, no SQL).

The figures live in ``resources/market_rates.json`` (format 2), which a user can edit or
replace without touching code: every figure names its source document, and the rules
that derive a missing figure are stated in the file. :func:`load_rates` reads and
checks such a file; a bad one is reported with its file name and line, and
:func:`load_configured_rates` then falls back to :data:`BUILTIN_FIGURES` (the same
figures, kept in the code so a damaged file cannot take the calculator down) and says
which table it uses.

Where the sources disagree (senior hourly rates in the US and Canada: 100-120+ in the
table of ``001_76b30190388735e8.txt``, 120-180+ in its FAQ) both figures are kept, each
with its source, and the band spans them. Where a region or level has no figure of one
basis, the band is derived from the other basis by the file's stated rule (annual divided
by working hours, or hourly times working hours) and marked derived; where neither exists, the
result says there is no figure.
"""

import json
import json.decoder
import json.scanner
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from recruitdesk.domain.taxonomy import Level, PayPeriod, Region, Track
from recruitdesk.errors import KnownError

FORMAT = 2
#: The environment variable that points at a rates file of the user's own.
RATES_ENV = "RECRUITDESK_RATES"
DEFAULT_HOURS_PER_YEAR = 1_800
DEFAULT_EUR_USD = 1.10
CURRENCIES = ("USD", "EUR")
DASH = "\u2013"
#: Sanity limits for a rates file and for asks and budgets typed in.
MAX_HOURLY = 2_000
MAX_ANNUAL = 5_000_000


class Basis(StrEnum):
    """What a figure is per: an hourly contract rate or an annual full-time salary."""

    HOURLY = "hourly"
    ANNUAL = "annual"

    @property
    def period(self) -> PayPeriod:
        return PayPeriod.HOUR if self is Basis.HOURLY else PayPeriod.YEAR


class RatesFileError(KnownError):
    """A rates file that cannot be used; the message names the file and the line."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        where = f"{path}, line {line}" if line is not None else path
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    document: str
    section: str
    note: str = ""

    def cite(self) -> str:
        return f"{self.document}, {self.section}"


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


# ---------------------------------------------------------------------------------------
# Parsing names


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


_REGION_ALIASES = {
    **{_key(r.value): r for r in Region},
    **{_key(r.label): r for r in Region},
    "us": Region.US_CANADA,
    "usa": Region.US_CANADA,
    "united_states": Region.US_CANADA,
    "canada": Region.US_CANADA,
    "india": Region.INDIA_OFFSHORE,
    "offshore": Region.INDIA_OFFSHORE,
    "latam": Region.LATIN_AMERICA,
}


def parse_region(text: str) -> Region:
    """A region from its key or its human name, in any case ("Eastern Europe")."""
    region = _REGION_ALIASES.get(_key(text))
    if region is None:
        names = ", ".join(r.value for r in Region)
        raise KnownError(f"Unknown region {text!r}; use one of: {names}.")
    return region


def parse_level(text: str) -> Level:
    key = _key(text)
    key = {"mid_level": "mid", "middle": "mid", "medior": "mid", "staff": "lead"}.get(key, key)
    try:
        return Level(key)
    except ValueError:
        names = ", ".join(level.value for level in Level)
        raise KnownError(f"Unknown level {text!r}; use one of: {names}.") from None


def parse_track(text: str) -> Track:
    key = _key(text)
    for track in Track:
        if key in (track.value, _key(track.label)):
            return track
    names = ", ".join(t.value for t in Track)
    raise KnownError(f"Unknown track {text!r}; use one of: {names}.")


# ---------------------------------------------------------------------------------------
# The built-in table: the same figures as the shipped resources/market_rates.json.

_A, _T, _F, _E = "annual_2026", "hourly_table_2026", "hourly_faq_2026", "full_time_ee_2026"
_DOC_001 = "001_76b30190388735e8.txt"
BUILTIN_SOURCES: dict[str, Source] = {
    _A: Source(_A, "000_de4aeff6f938fcaa.txt", "Salary Expectations by Region"),
    _T: Source(
        _T, "001_76b30190388735e8.txt", "Python developer rates in Europe and the US (2026)"
    ),
    _F: Source(
        _F, "001_76b30190388735e8.txt", "FAQ: How much does a Python developer cost in 2026?"
    ),
    _E: Source(
        _E, "001_76b30190388735e8.txt", "Python developer rates in Europe and the US (2026)"
    ),
    "ml_premium_2026": Source(
        "ml_premium_2026", "000_de4aeff6f938fcaa.txt", "Salary Expectations by Region"
    ),
    "defaults": Source("defaults", "recruitdesk", "defaults"),
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


# ---------------------------------------------------------------------------------------
# Reading a rates file, with the line of every object and key


class _Located(dict[str, Any]):
    """A JSON object that knows the line it starts on and the line of each key."""

    line: int
    key_lines: dict[str, int]


def _located_loads(text: str) -> Any:
    """``json.loads`` whose objects are :class:`_Located` (the pure-Python scanner,
    with an object parser that notes where each object and key sits)."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    spans: list[tuple[int, int]] = []

    def line_of(pos: int) -> int:
        low, high = 0, len(line_starts)
        while high - low > 1:
            mid = (low + high) // 2
            if line_starts[mid] <= pos:
                low = mid
            else:
                high = mid
        return low + 1

    json_object: Callable[..., tuple[dict[str, Any], int]] = json.decoder.JSONObject  # type: ignore[attr-defined]

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[_Located, int]:
        string, start = s_and_end
        pairs, end = json_object(s_and_end, *args)
        located = _Located(pairs)
        located.line = line_of(start - 1)
        inner = [(a, b) for a, b in spans if start <= a and b <= end]
        located.key_lines = {}
        for key in located:
            for match in re.finditer(rf'"{re.escape(key)}"\s*:', string[start:end]):
                pos = start + match.start()
                if not any(a <= pos < b for a, b in inner):
                    located.key_lines[key] = line_of(pos)
                    break
            else:
                located.key_lines[key] = located.line
        spans.append((start - 1, end))
        return located, end

    decoder = json.JSONDecoder()
    # The C scanner parses objects itself; the pure-Python one calls parse_object.
    make_scanner: Callable[[json.JSONDecoder], Any] = getattr(json.scanner, "py_make_scanner")  # noqa: B009
    setattr(decoder, "parse_object", parse_object)  # noqa: B010
    setattr(decoder, "scan_once", make_scanner(decoder))  # noqa: B010
    return decoder.decode(text)


_TOP_KEYS = {
    "format",
    "version",
    "date",
    "about",
    "sources",
    "defaults",
    "derivation",
    "ml_premium",
    "figures",
}
_FIGURE_KEYS = {
    "region",
    "level",
    "basis",
    "min",
    "max",
    "currency",
    "source",
    "open_ended",
    "note",
}
_FIGURE_REQUIRED = ("region", "level", "basis", "min", "max", "currency", "source")
_SOURCE_KEYS = {"document", "section", "note", "url"}
_DEFAULT_KEYS = {"hours_per_year", "hours_per_year_rule", "eur_usd", "eur_usd_rule", "source"}
_PREMIUM_KEYS = {"min", "max", "source", "rule"}


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, line: int | None, problem: str) -> RatesFileError:
        return RatesFileError(self.path, line, problem)

    def obj(self, value: Any, where: str, line: int) -> _Located:
        if not isinstance(value, _Located):
            raise self.fail(line, f"{where} must be an object {{...}}")
        return value

    def keys(self, value: _Located, allowed: set[str], where: str) -> None:
        for key in value:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.fail(
                    value.key_lines[key], f"unknown key {key!r} in {where} (known: {known})"
                )

    def number(self, value: _Located, key: str, where: str, low: float, high: float) -> float:
        if key not in value:
            raise self.fail(value.line, f"{where} lacks {key!r}")
        number = value[key]
        line = value.key_lines[key]
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise self.fail(line, f"{where}: {key} must be a number, not {json.dumps(number)}")
        if not low <= number <= high:
            raise self.fail(line, f"{where}: {key} {number} is outside {low:g}..{high:g}")
        return float(number)

    def text(self, value: _Located, key: str, where: str) -> str:
        if key not in value:
            raise self.fail(value.line, f"{where} lacks {key!r}")
        found = value[key]
        if not isinstance(found, str) or not found.strip():
            raise self.fail(value.key_lines[key], f"{where}: {key} must be a non-empty text")
        return found


def parse_rates(text: str, path: str) -> RateTable:
    """Check and read the text of a rates file; :class:`RatesFileError` names the line."""
    reader = _Reader(path)
    try:
        data = _located_loads(text)
    except json.JSONDecodeError as error:
        raise reader.fail(error.lineno, f"not valid JSON: {error.msg}") from None
    top = reader.obj(data, "the file", 1)
    reader.keys(top, _TOP_KEYS, "the file")
    if top.get("format") != FORMAT:
        line = top.key_lines.get("format", top.line)
        raise reader.fail(line, f"format must be {FORMAT} (found {top.get('format')!r})")
    version = reader.text(top, "version", "the file")
    date = reader.text(top, "date", "the file")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise reader.fail(top.key_lines["date"], f"date must be YYYY-MM-DD, not {date!r}")

    sources: dict[str, Source] = {}
    raw_sources = reader.obj(top.get("sources"), "sources", top.key_lines.get("sources", 1))
    for key, raw in raw_sources.items():
        entry = reader.obj(raw, f"source {key!r}", raw_sources.key_lines[key])
        reader.keys(entry, _SOURCE_KEYS, f"source {key!r}")
        sources[key] = Source(
            key,
            reader.text(entry, "document", f"source {key!r}"),
            reader.text(entry, "section", f"source {key!r}"),
            str(entry.get("note", "")),
        )

    hours, eur_usd = DEFAULT_HOURS_PER_YEAR, DEFAULT_EUR_USD
    if "defaults" in top:
        defaults = reader.obj(top["defaults"], "defaults", top.key_lines["defaults"])
        reader.keys(defaults, _DEFAULT_KEYS, "defaults")
        if "hours_per_year" in defaults:
            hours = int(reader.number(defaults, "hours_per_year", "defaults", 500, 3_000))
        if "eur_usd" in defaults:
            eur_usd = reader.number(defaults, "eur_usd", "defaults", 0.2, 5)

    premium = (0.15, 0.30)
    if "ml_premium" in top:
        raw_premium = reader.obj(top["ml_premium"], "ml_premium", top.key_lines["ml_premium"])
        reader.keys(raw_premium, _PREMIUM_KEYS, "ml_premium")
        premium = (
            reader.number(raw_premium, "min", "ml_premium", 0, 2),
            reader.number(raw_premium, "max", "ml_premium", 0, 2),
        )

    rules: dict[str, str] = {}
    if "derivation" in top:
        raw_rules = reader.obj(top["derivation"], "derivation", top.key_lines["derivation"])
        reader.keys(raw_rules, set(BUILTIN_RULES), "derivation")
        rules = {key: str(value) for key, value in raw_rules.items()}

    figures_line = top.key_lines.get("figures", top.line)
    raw_figures = top.get("figures")
    if not isinstance(raw_figures, list) or not raw_figures:
        raise reader.fail(figures_line, "figures must be a non-empty list")
    figures = [_figure(reader, raw, figures_line, sources) for raw in raw_figures]
    covered = {f.region for f in figures}
    for region in Region:
        if region not in covered:
            raise reader.fail(
                figures_line, f"no figure for region {region.value!r} ({region.label})"
            )
    return RateTable(
        version=version,
        date=date,
        figures=tuple(figures),
        sources=sources,
        hours_per_year=hours,
        eur_usd=eur_usd,
        ml_premium=premium,
        rules=rules or BUILTIN_RULES,
        origin=path,
    )


def _figure(reader: _Reader, raw: Any, line: int, sources: Mapping[str, Source]) -> Figure:
    entry = reader.obj(raw, "a figure", line)
    reader.keys(entry, _FIGURE_KEYS, "a figure")
    for key in _FIGURE_REQUIRED:
        if key not in entry:
            raise reader.fail(entry.line, f"a figure lacks {key!r}")
    where = f"the figure for {entry['region']!r} {entry['level']!r}"
    try:
        region = parse_region(str(entry["region"]))
    except KnownError:
        raise reader.fail(
            entry.key_lines["region"], f"unknown region {entry['region']!r}"
        ) from None
    try:
        level = Level(str(entry["level"]))
        basis = Basis(str(entry["basis"]))
    except ValueError as error:
        raise reader.fail(entry.line, f"{where}: {error}") from None
    high = MAX_HOURLY if basis is Basis.HOURLY else MAX_ANNUAL
    low_value = reader.number(entry, "min", where, 1, high)
    high_value = reader.number(entry, "max", where, 1, high)
    if low_value > high_value:
        raise reader.fail(entry.key_lines["max"], f"{where}: max is below min")
    currency = str(entry["currency"])
    if currency not in CURRENCIES:
        raise reader.fail(entry.key_lines["currency"], f"{where}: unknown currency {currency!r}")
    source = str(entry["source"])
    if source not in sources:
        raise reader.fail(entry.key_lines["source"], f"{where}: no source named {source!r}")
    open_ended = entry.get("open_ended", False)
    if not isinstance(open_ended, bool):
        raise reader.fail(entry.key_lines["open_ended"], f"{where}: open_ended must be true/false")
    return Figure(region, level, basis, low_value, high_value, currency, source, open_ended)


def load_rates(path: Path) -> RateTable:
    """Read a rates file; :class:`RatesFileError` if it cannot be used."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RatesFileError(str(path), None, f"cannot be read ({error})") from None
    return parse_rates(text, str(path))


_LAST_DATA: list[tuple[Mapping[str, Any], RateTable]] = []


def table_from_data(data: Mapping[str, Any], origin: str = "market_rates.json") -> RateTable:
    """The checked table of a rates file already read as JSON (the last one is kept, so
    a caller asking again for the same object pays nothing)."""
    if _LAST_DATA and _LAST_DATA[0][0] is data:
        return _LAST_DATA[0][1]
    table = parse_rates(json.dumps(data, indent=1), origin)
    _LAST_DATA[:] = [(data, table)]
    return table


@dataclass(frozen=True, slots=True)
class LoadedRates:
    """The table in use, and why it is that one."""

    table: RateTable
    #: Why the file could not be used (then the built-in table is in use), or None.
    problem: str | None = None

    @property
    def using_builtin(self) -> bool:
        return self.table.origin == "built-in"

    def describe(self) -> str:
        if self.problem is None:
            return f"Rates: {self.table.describe()}."
        return f"{self.problem}. Using the built-in rates ({self.table.describe()}) instead."


def load_configured_rates(explicit: Path | None, shipped: Path | None) -> LoadedRates:
    """The rates the app uses: ``explicit`` (``--rates``), else ``$RECRUITDESK_RATES``,
    else the shipped file; the built-in table when that file cannot be used."""
    env = os.environ.get(RATES_ENV)
    path = explicit or (Path(env) if env else None) or shipped
    if path is None:
        return LoadedRates(builtin_table())
    try:
        return LoadedRates(load_rates(path))
    except RatesFileError as error:
        return LoadedRates(builtin_table(), problem=str(error).rstrip("."))


# ---------------------------------------------------------------------------------------
# The calculator


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


def format_money(amount: float, currency: str, basis: Basis | None = None) -> str:
    symbol = {"USD": "$", "EUR": "€"}.get(currency, f"{currency} ")
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
    symbol = {"USD": "$", "EUR": "€"}.get(currency, f"{currency} ")
    second = second.removeprefix(symbol)
    if open_ended:
        second = re.sub(r"(/h|/yr)?$", lambda m: "+" + m.group(0), second, count=1)
    return f"{first}{DASH}{second}"


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
            return f"{ask}: within the band, at the {self.percentile:.0f}th percentile"
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
                {"document": s.document, "section": s.section, "note": s.note}
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


def check_amount(amount: float, period: PayPeriod | str, what: str = "The amount") -> None:
    """Refuse a negative, zero or absurd ask or budget (raises :class:`KnownError`)."""
    limit = MAX_HOURLY if PayPeriod(period) is PayPeriod.HOUR else MAX_ANNUAL
    unit = "an hour" if PayPeriod(period) is PayPeriod.HOUR else "a year"
    if amount <= 0:
        raise KnownError(f"{what} must be more than 0 (got {amount:,.0f}).")
    if amount > limit:
        raise KnownError(f"{what} of {amount:,.0f} {unit} is not plausible (at most {limit:,}).")
