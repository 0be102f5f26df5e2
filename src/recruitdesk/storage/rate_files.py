"""The rates file: reading and checking a market rate table written as JSON
(``resources/market_rates.json``, format 2), and choosing the table the app uses.

A user can edit or replace the file without touching code: every figure names its source
document, and the rules that derive a missing figure are stated in the file. A bad file
is reported with its name and line, and the app then uses the built-in table
(:func:`recruitdesk.domain.rate_table.builtin_table`) and says so.

This is the one place that reads a rates file or ``$RECRUITDESK_RATES``; it imports
neither SQLAlchemy nor Qt, so ``recruitdesk salary`` starts at once.
"""

import json
import json.decoder
import json.scanner
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from recruitdesk.domain.money import (
    CURRENCIES,
    DEFAULT_EUR_USD,
    DEFAULT_HOURS_PER_YEAR,
    MAX_ANNUAL,
    MAX_HOURLY,
    Basis,
)
from recruitdesk.domain.rate_table import BUILTIN_RULES, Figure, RateTable, Source, builtin_table
from recruitdesk.domain.taxonomy import Level, Region
from recruitdesk.domain.taxonomy_text import parse_region
from recruitdesk.errors import KnownError
from recruitdesk.resources import resource_path

FORMAT = 2
#: The environment variable that points at a rates file of the user's own.
RATES_ENV = "RECRUITDESK_RATES"
SHIPPED_NAME = "market_rates.json"


class RatesFileError(KnownError):
    """A rates file that cannot be used; the message names the file and the line."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        where = f"{path}, line {line}" if line is not None else path
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


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
_SOURCE_KEYS = {"document", "title", "year", "section", "note", "url"}
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
            reader.text(entry, "title", f"source {key!r}") if "title" in entry else "",
            int(reader.number(entry, "year", f"source {key!r}", 1900, 2100))
            if "year" in entry
            else None,
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


@dataclass(frozen=True, slots=True)
class LoadedRates:
    """The table in use, and why it is that one."""

    table: RateTable
    #: Why the file could not be used (then the built-in table is in use), or None.
    problem: str | None = None

    @property
    def using_builtin(self) -> bool:
        return self.table.origin == "built-in"

    @property
    def from_own_file(self) -> bool:
        """A file the user chose (``--rates``, ``$RECRUITDESK_RATES``), not the shipped one."""
        return not self.using_builtin and Path(self.table.origin) != shipped_rates_path()

    def origin_label(self) -> str:
        """Where the rates come from, in words: the shipped file is "shipped with the
        app" (its installed path means nothing to a reader), a file of one's own is
        named by its file name."""
        if self.from_own_file:
            return Path(self.table.origin).name
        return "built-in" if self.using_builtin else "shipped with the app"

    def describe(self) -> str:
        if self.problem is None:
            return f"Rates: {self.table.describe()}."
        return f"{self.problem}. Using the built-in rates ({self.table.describe()}) instead."


def shipped_rates_path() -> Path:
    """The rates file that ships with the app."""
    return resource_path(SHIPPED_NAME)


def current_rates(explicit: Path | None = None) -> LoadedRates:
    """The rates the app uses: ``explicit`` (the command line's ``--rates``), else the
    file ``$RECRUITDESK_RATES`` names, else the shipped file; the built-in table when
    that file cannot be used.

    A file is read again only when its modification time or size changed, so an edited
    file counts at the next call and an unchanged one costs a ``stat``.
    """
    env = os.environ.get(RATES_ENV)
    path = explicit or (Path(env) if env else None) or shipped_rates_path()
    try:
        status = path.stat()
    except OSError:
        return _loaded(path)  # not cached: the read fails and says why
    return _loaded_cached(str(path), status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=8)
def _loaded_cached(path: str, modified_ns: int, size: int) -> LoadedRates:
    """:func:`_loaded`, once per version of a file (the arguments past the path are
    the cache's key only)."""
    return _loaded(Path(path))


def _loaded(path: Path) -> LoadedRates:
    try:
        return LoadedRates(load_rates(path))
    except RatesFileError as error:
        return LoadedRates(builtin_table(), problem=str(error).rstrip("."))
