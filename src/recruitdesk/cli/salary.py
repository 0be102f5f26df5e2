"""``recruitdesk salary``: the calculator; ``recruitdesk search``: find candidates."""

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from recruitdesk.cli.common import (
    EXIT_OK,
    Commands,
    argument_type,
    positive_int,
    reading_arguments,
    say,
)

if TYPE_CHECKING:
    from recruitdesk.domain.salary import Band


def _band_line(name: str, band: "Band | None") -> str:
    from recruitdesk.domain.money import DASH

    if band is None:
        return f"{name:>7}: no figure in the sources"
    marks = []
    if band.derived:
        marks.append("derived")
    if band.ml_premium:
        low, high = band.ml_premium
        marks.append(f"AI/ML premium {low:.0%}{DASH}{high:.0%}")
    if band.sources_disagree:
        marks.append(f"spans {len(band.figures)} figures")
    extra = f"  ({'; '.join(marks)})" if marks else ""
    return f"{name:>7}: {band.label()}{extra}"


def cmd_salary(args: argparse.Namespace) -> int:
    from recruitdesk.domain.money import check_amount
    from recruitdesk.domain.salary import calculate
    from recruitdesk.domain.taxonomy import PayPeriod
    from recruitdesk.storage.rate_files import current_rates

    loaded = current_rates(args.rates)
    if loaded.problem:
        print(f"recruitdesk: {loaded.describe()}", file=sys.stderr)
    result = calculate(
        loaded.table,
        args.region,
        args.level,
        track=args.track,
        contract=args.contract,
        ml=args.ml,
        currency=args.currency,
        hours_per_year=args.hours,
        eur_usd=args.eur_usd,
    )
    placement = None
    if args.ask is not None:
        # A contract is priced by the hour, so a bare contract ask is an hourly one.
        default_period = PayPeriod.HOUR if args.contract else PayPeriod.YEAR
        period = PayPeriod(args.ask_period) if args.ask_period else default_period
        with reading_arguments():
            check_amount(args.ask, period, "The ask")
        placement = result.place(args.ask, args.ask_currency or args.currency, period)
    if args.json:
        data = result.to_json()
        if placement is not None:
            data["ask"] = {
                "amount": args.ask,
                "verdict": placement.verdict,
                "percentile": None
                if placement.percentile is None
                else round(placement.percentile, 1),
                "against": placement.band.basis.value,
            }
        say(json.dumps(data, indent=1, ensure_ascii=False))
        return EXIT_OK
    kind = "contract" if result.contract else "full-time"
    say(
        f"{result.region.label}, {result.level.label}, {kind}"
        + (", AI/ML" if result.ml else "")
        + f", in {result.currency}"
    )
    say(_band_line("hourly", result.hourly))
    say(_band_line("annual", result.annual))
    say(
        f"  at {result.hours_per_year:,} working hours a year; "
        f"EUR 1 = USD {result.eur_usd:.2f}; rates: {loaded.table.describe()}"
    )
    for note in result.notes:
        say(f"  note: {note}")
    for cite in dict.fromkeys(source.cite() for source in result.sources()):
        say(f"  source: {cite}")
    if placement is not None:
        say(f"    ask: {placement.describe()}")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from dataclasses import asdict, replace

    from recruitdesk.storage.migrate import open_database
    from recruitdesk.storage.search import parse_query, search_candidates

    query = parse_query(" ".join(args.query))
    if args.limit:
        query = replace(query, limit=args.limit)
    with open_database(args.db) as database:
        hits = search_candidates(database, query)
    if args.json:
        say(json.dumps([asdict(hit) for hit in hits], indent=1, ensure_ascii=False))
        return EXIT_OK
    for hit in hits:
        where = ", ".join(v for v in (hit.region, hit.track, hit.level) if v)
        verified = f"  verified: {', '.join(hit.verified)}" if hit.verified else ""
        say(f"{hit.candidate_id:>7}  {hit.full_name}  ({where}){verified}")
    say(
        f"{len(hits)} found"
        + (" (the first ones; narrow the search)" if len(hits) == query.limit else "")
    )
    return EXIT_OK


def _amount(text: str) -> float:
    try:
        return float(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def configure_salary(salary: argparse.ArgumentParser) -> None:
    from recruitdesk.domain.money import CURRENCIES
    from recruitdesk.domain.taxonomy import PayPeriod
    from recruitdesk.domain.taxonomy_text import parse_level, parse_region, parse_track

    salary.add_argument(
        "--region",
        required=True,
        type=argument_type(parse_region),
        help="us_canada, western_europe, eastern_europe, ... ",
    )
    salary.add_argument(
        "--level",
        required=True,
        type=argument_type(parse_level),
        help="junior, mid, senior or lead",
    )
    salary.add_argument(
        "--track", type=argument_type(parse_track), help="web_backend, data_ml or devops_automation"
    )
    salary.add_argument(
        "--contract", action="store_true", help="a contract (hourly) rather than full-time"
    )
    salary.add_argument("--ml", action="store_true", help="an AI/ML-focused role (premium)")
    salary.add_argument("--json", action="store_true", help="print JSON")
    salary.add_argument("--currency", choices=CURRENCIES, default="USD")
    salary.add_argument(
        "--hours", type=int, metavar="N", help="working hours a year (default: the rates file's)"
    )
    salary.add_argument(
        "--eur-usd", type=float, metavar="RATE", help="US dollars per euro (default: the file's)"
    )
    salary.add_argument("--rates", type=Path, metavar="FILE", help="a rates file of your own")
    salary.add_argument("--ask", type=_amount, metavar="AMOUNT", help="place an ask on the band")
    salary.add_argument(
        "--ask-period",
        choices=[p.value for p in PayPeriod],
        help="what the ask is per (default: hour with --contract, else year)",
    )
    salary.add_argument("--ask-currency", choices=CURRENCIES)
    salary.set_defaults(handler=cmd_salary)


def configure_search(search: argparse.ArgumentParser) -> None:
    search.add_argument(
        "query", nargs="+", help='e.g. FastAPI verified level:senior region:"Eastern Europe"'
    )
    search.add_argument("--limit", type=positive_int, metavar="N")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.set_defaults(handler=cmd_search)


def register(commands: Commands) -> None:
    commands.add_command(
        "salary",
        configure_salary,
        help="the market band for a region and level, from the rate tables",
        description="The hourly and annual bands for a region and level, from the rates "
        "file (every figure with its source).",
    )
    commands.add_command(
        "search",
        configure_search,
        help="find candidates by text, verified skill and filters",
        description='Words are found in names, skills and notes ("async" finds asyncio). '
        '"FastAPI verified" or verified:FastAPI asks for a skill their code shows; '
        "region:, track:, level: and stage: filter.",
    )
