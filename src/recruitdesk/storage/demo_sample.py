"""The demo sample, made up: a realistic, deterministic set of rows, not yet written.

The same seed and the same "as of" day give the same rows, byte for byte. People come
from every region of the rate tables, with names and cities of the region
(``resources/demo_sample.json``), skills of their track, salary asks drawn near the
market band of their region and level, and pipeline histories whose dates follow the
typical stage durations. Rows are plain dicts with their ids, ready for one
``executemany`` per table (:func:`recruitdesk.storage.demo.load_demo`).
"""

import random
import unicodedata
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from recruitdesk.domain.money import DEFAULT_HOURS_PER_YEAR, Basis
from recruitdesk.domain.pipeline import (
    BOARD_STAGES,
    FORWARD_STAGES,
    REJECTION_REASONS,
    TYPICAL_DURATIONS,
    WITHDRAWAL_REASONS,
    Stage,
)
from recruitdesk.domain.rate_table import RateTable
from recruitdesk.domain.taxonomy import Employment, Level, PayPeriod, Region, Track
from recruitdesk.resources import load_json
from recruitdesk.storage.rate_files import current_rates, shipped_rates_path

#: How the demo scales a senior annual band for the other levels.
LEVEL_FACTORS = {Level.JUNIOR: 0.5, Level.MID: 0.75, Level.SENIOR: 1.0, Level.LEAD: 1.2}
LEVEL_WEIGHTS = {Level.JUNIOR: 8, Level.MID: 24, Level.SENIOR: 50, Level.LEAD: 18}
YEARS_BY_LEVEL = {
    Level.JUNIOR: (0, 2),
    Level.MID: (3, 5),
    Level.SENIOR: (5, 12),
    Level.LEAD: (8, 18),
}
EMPLOYMENT_WEIGHTS = {Employment.FULL_TIME: 55, Employment.CONTRACT: 25, Employment.EITHER: 20}
#: Where a card ends up: most are early in the funnel, as on a real board.
STAGE_WEIGHTS = {
    Stage.SOURCED: 22,
    Stage.CONTACTED: 17,
    Stage.SCREENING: 13,
    Stage.TECHNICAL: 10,
    Stage.FINAL: 6,
    Stage.OFFER: 3,
    Stage.HIRED: 2,
    Stage.REJECTED: 19,
    Stage.WITHDRAWN: 8,
}
_ASCII = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "ß": "ss", "đ": "d"})


def _uid(rng: random.Random) -> str:
    """A version-4 UUID drawn from the sample's RNG, so the sample stays deterministic."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII))
    return "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch in "-"))


def person_name(people: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    """A given name and a family name of a region's people: the family name in the
    form of the given name's gender where the language has two ("Dmytro Ivanov",
    "Iryna Ivanova", never "Dmytro Ivanova")."""
    gender = rng.choice(("female", "male"))
    given = rng.choice(people["given"][gender])
    family = rng.choice(people["family"])
    return given, family if isinstance(family, str) else family[gender]


def _weighted(rng: random.Random, weights: dict[Any, int]) -> Callable[[], Any]:
    """A fast chooser: ``rng.choices`` with the cumulative weights computed once."""
    keys = list(weights)
    cumulative: list[float] = []
    total = 0
    for key in keys:
        total += weights[key]
        cumulative.append(total)
    return lambda: rng.choices(keys, cum_weights=cumulative)[0]


def _annual_band(table: RateTable, region: str, level: Level) -> tuple[int, int, str]:
    """The demo's annual band for a region and level, from the market rate table: the
    senior USD salary figure scaled by level, else the senior hourly span times hours."""
    where = Region(region)
    factor = LEVEL_FACTORS[level]
    annual = [
        f for f in table.figures_for(where, Level.SENIOR, Basis.ANNUAL) if f.currency == "USD"
    ]
    if annual:
        return int(annual[0].min * factor), int(annual[0].max * factor), annual[0].currency
    hourly = table.figures_for(where, Level.SENIOR, Basis.HOURLY)
    low = min(f.min for f in hourly) * DEFAULT_HOURS_PER_YEAR
    high = max(f.max for f in hourly) * DEFAULT_HOURS_PER_YEAR
    return int(low * factor), int(high * factor), hourly[0].currency


def _hourly_band(table: RateTable, region: str, level: Level) -> tuple[int, int, str]:
    wanted = Level.SENIOR if level is Level.LEAD else level
    rows = table.figures_for(Region(region), wanted, Basis.HOURLY)
    if not rows:
        low, high, currency = _annual_band(table, region, level)
        return low // DEFAULT_HOURS_PER_YEAR, high // DEFAULT_HOURS_PER_YEAR, currency
    bump = 1.15 if level is Level.LEAD else 1.0
    lowest = min(r.min for r in rows)
    highest = max(r.max for r in rows)
    return int(lowest * bump), int(highest * bump), rows[0].currency


def _round_ask(value: float, period: PayPeriod) -> int:
    step = 1_000 if period is PayPeriod.YEAR else 5
    return max(step, round(value / step) * step)


class _SampleBuilder:
    """Builds every demo row in memory, deterministically from one RNG."""

    def __init__(self, seed: int, as_of: date) -> None:
        self.rng = random.Random(seed)  # noqa: S311 (sample data, not secrets)
        self.now = datetime.combine(as_of, time(9, 0), tzinfo=UTC)
        self.as_of = as_of
        self.sample: dict[str, Any] = load_json("demo_sample.json")
        # The shipped table whatever $RECRUITDESK_RATES says: a seed makes the same demo.
        self.rates = current_rates(shipped_rates_path()).table
        self.candidates: list[dict[str, Any]] = []
        self.positions: list[dict[str, Any]] = []
        self.applications: list[dict[str, Any]] = []
        self.stage_changes: list[dict[str, Any]] = []
        self.notes: list[dict[str, Any]] = []
        self._logins: set[str] = set()
        self.choose_employment: Callable[[], Employment] = _weighted(self.rng, EMPLOYMENT_WEIGHTS)
        self._ranks: Counter[tuple[int, str]] = Counter()

    def positions_for(self, count: int) -> None:
        rng = self.rng
        titles = self.sample["position_titles"]
        companies = self.sample["companies"]
        regions = list(self.sample["region_weights"])
        skills = self.sample["skills"]
        for index in range(count):
            track = list(Track)[index % 3]
            level = Level.LEAD if "Lead" in titles[track][index // 3 % 3] else Level.SENIOR
            pool = skills[track.value]
            must = rng.sample(pool, 3)
            nice = rng.sample([s for s in pool + skills["common"] if s not in must], 3)
            wanted_regions = sorted(rng.sample(regions, rng.randint(1, 3)))
            low, high, currency = _annual_band(self.rates, wanted_regions[0], level)
            created = self.now - timedelta(days=rng.randint(30, 150))
            self.positions.append(
                {
                    "id": index + 1,
                    "uid": _uid(rng),
                    "title": titles[track][index // 3 % 3],
                    "company": companies[index % len(companies)],
                    "track": track.value,
                    "level": level.value,
                    "regions": wanted_regions,
                    "must_have": must,
                    "nice_to_have": nice,
                    "min_scores": {"overall": rng.choice([55, 60, 65, 70]), "testing": 50},
                    "budget_min": _round_ask(low, PayPeriod.YEAR),
                    "budget_max": _round_ask(high * 1.05, PayPeriod.YEAR),
                    "budget_currency": currency,
                    "budget_period": PayPeriod.YEAR.value,
                    "status": "open" if index % 7 else "on_hold",
                    "created_at": created,
                    "updated_at": created,
                }
            )

    def _login(self, first: str, last: str) -> str:
        rng = self.rng
        base = rng.choice(
            (f"{first}{last}", f"{first[0]}{last}", f"{first}-{last}", f"{last}{first[0]}")
        ).lower()[:30]
        login = base
        while login in self._logins:
            login = f"{base}{rng.randint(2, 9999)}"
        self._logins.add(login)
        return login

    def candidate(self, candidate_id: int, region: str, track: Track, level: Level) -> None:
        rng = self.rng
        people = self.sample["regions"][region]
        first, last = person_name(people, rng)
        ascii_first, ascii_last = _ascii(first), _ascii(last)
        login = self._login(ascii_first, ascii_last) if rng.random() < 0.75 else None
        employment = self.choose_employment()
        contract = employment is Employment.CONTRACT
        period = PayPeriod.HOUR if contract else PayPeriod.YEAR
        band = (_hourly_band if contract else _annual_band)(self.rates, region, level)
        ask = _round_ask(rng.uniform(band[0] * 0.9, band[1] * 1.1), period)
        years = rng.randint(*YEARS_BY_LEVEL[level])
        skills = rng.sample(self.sample["skills"]["common"], rng.randint(3, 6))
        extra = rng.sample(self.sample["skills"][track.value], rng.randint(3, 7))
        skills += [skill for skill in extra if skill not in skills]
        links = [f"https://www.linkedin.com/in/{ascii_first}-{ascii_last}-{candidate_id}".lower()]
        if login:
            links.append(f"https://github.com/{login}")
        digits = {k: rng.randint(0, 9) for k in "abcdef"}
        created = self.now - timedelta(days=rng.randint(1, 200), minutes=rng.randint(0, 1439))
        lapsed = rng.random() < 0.03
        consent = self.as_of + timedelta(
            days=-rng.randint(1, 60) if lapsed else rng.randint(90, 730)
        )
        self.candidates.append(
            {
                "id": candidate_id,
                "uid": _uid(rng),
                "full_name": f"{first} {last}",
                "email": f"{ascii_first}.{ascii_last}.{candidate_id}@example.com".lower(),
                "phone": people["phone"].format(**digits),
                "location": rng.choice(people["places"]),
                "region": region,
                "github_login": login,
                "links": links,
                "track": track.value,
                "level": level.value,
                "years_experience": years,
                "employment": employment.value,
                "ask_amount": ask,
                "ask_currency": band[2],
                "ask_period": period.value,
                "notice_weeks": rng.choice((0, 2, 4, 4, 4, 8, 12)),
                "source": rng.choice(self.sample["sources"]),
                "skills": skills,
                "tags": rng.sample(self.sample["tags"], rng.choice((0, 0, 1, 1, 2))),
                "consent_until": consent,
                "created_at": created,
                "updated_at": created,
            }
        )
        if rng.random() < 0.6:
            self.note(candidate_id, created)

    def note(self, candidate_id: int, after: datetime) -> None:
        rng = self.rng
        template = rng.choice(self.sample["notes"])
        body = template.format(n=rng.randint(2, 40), w=rng.choice((2, 4, 8)))
        written = after + timedelta(hours=rng.randint(1, 24 * 20))
        written = min(written, self.now)
        self.notes.append(
            {
                "id": len(self.notes) + 1,
                "uid": _uid(rng),
                "candidate_id": candidate_id,
                "body": body,
                "private": rng.random() < 0.2,
                "author": rng.choice(("Alex (recruiter)", "Sam (sourcer)", "Jamie (hiring mgr)")),
                "created_at": written,
                "updated_at": written,
            }
        )

    def application(self, candidate_id: int, position_id: int, stage: Stage) -> None:
        """One card, with a history that walks the forward stages up to ``stage``."""
        rng = self.rng
        reached = FORWARD_STAGES[rng.randint(0, 4)] if stage.is_closed_out else stage
        path = list(FORWARD_STAGES[: FORWARD_STAGES.index(reached) + 1])
        if stage.is_closed_out:
            path.append(stage)
        # Walk back from now: time in the current stage, then each earlier stage.
        current = TYPICAL_DURATIONS.get(path[-1])
        days_now = rng.uniform(0, current.max_days * 1.8) if current else rng.uniform(1, 60)
        moments = [self.now - timedelta(days=days_now)]
        for earlier in reversed(path[:-1]):
            typical = TYPICAL_DURATIONS[earlier]
            spent = rng.uniform(typical.min_days * 0.5, typical.max_days * 1.3)
            moments.append(moments[-1] - timedelta(days=spent))
        moments.reverse()
        moments = [m.replace(second=0, microsecond=0) for m in moments]
        application_id = len(self.applications) + 1
        reason = None
        if stage is Stage.REJECTED:
            reason = rng.choice(REJECTION_REASONS)
        elif stage is Stage.WITHDRAWN:
            reason = rng.choice(WITHDRAWAL_REASONS)
        person = self.candidates[candidate_id - 1]
        # Nobody applies before they are on file.
        person["created_at"] = person["updated_at"] = min(person["created_at"], moments[0])
        self._ranks[(position_id, stage.value)] += 1
        self.applications.append(
            {
                "id": application_id,
                "uid": _uid(rng),
                "candidate_id": candidate_id,
                "position_id": position_id,
                "stage": stage.value,
                "rank": float(self._ranks[(position_id, stage.value)]),
                "entered_stage_at": moments[-1],
                "rejection_reason": reason,
                "created_at": moments[0],
                "updated_at": moments[-1],
            }
        )
        previous: str | None = None
        for moment, step in zip(moments, path, strict=True):
            self.stage_changes.append(
                {
                    "id": len(self.stage_changes) + 1,
                    "uid": _uid(rng),
                    "application_id": application_id,
                    "from_stage": previous,
                    "to_stage": step.value,
                    "changed_at": moment,
                    "reason": reason if step is stage and stage.is_closed_out else None,
                }
            )
            previous = step.value

    def build(self, candidates: int) -> None:
        rng = self.rng
        choose_region = _weighted(rng, self.sample["region_weights"])
        choose_level = _weighted(rng, LEVEL_WEIGHTS)
        choose_stage = _weighted(rng, STAGE_WEIGHTS)
        self.positions_for(max(4, min(24, candidates // 250)))
        tracks = list(Track)
        by_track = {t: [p["id"] for p in self.positions if p["track"] == t.value] for t in tracks}
        # Every stage shows up on every board, whatever the sample's size; the first
        # people of each track fill those places on their track's boards.
        guaranteed = {t: [(p, s) for p in by_track[t] for s in BOARD_STAGES] for t in tracks}
        for candidate_id in range(1, candidates + 1):
            track = tracks[rng.randint(0, 2)]
            self.candidate(candidate_id, choose_region(), track, choose_level())
            if guaranteed[track]:
                position_id, stage = guaranteed[track].pop()
                self.application(candidate_id, position_id, stage)
                continue
            if rng.random() < 0.8:
                self.application(candidate_id, rng.choice(by_track[track]), choose_stage())


@dataclass(frozen=True, slots=True)
class DemoSample:
    """The sample's rows by table, each row a dict of column values with its id."""

    positions: list[dict[str, Any]]
    candidates: list[dict[str, Any]]
    applications: list[dict[str, Any]]
    stage_changes: list[dict[str, Any]]
    notes: list[dict[str, Any]]


def build_sample(candidates: int, *, seed: int, as_of: date) -> DemoSample:
    """``candidates`` people, the positions that suit their number, and their cards,
    histories and notes, the latest dated on the morning of ``as_of``."""
    builder = _SampleBuilder(seed, as_of)
    builder.build(candidates)
    return DemoSample(
        positions=builder.positions,
        candidates=builder.candidates,
        applications=builder.applications,
        stage_changes=builder.stage_changes,
        notes=builder.notes,
    )
