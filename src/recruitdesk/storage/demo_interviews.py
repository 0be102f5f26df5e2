"""Interviews for the demo sample, so its Interviews page and board show a working
week: the cards in screening, technical and final rounds have one booked in the days
after the demo's day, in the candidate's own time zone during their working hours, and
a few had one two days before whose scorecard is still owed.

Plain rows for ``storage/demo.py`` to insert with the sample, from their own random
stream so the rest of the sample stays as it was.
"""

import random
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from recruitdesk.domain.interview_schedule import InterviewKind
from recruitdesk.domain.pipeline import Stage
from recruitdesk.domain.taxonomy import Region

#: At most this many interviews are booked ahead, and this many are owed a scorecard.
AHEAD = 12
OWED = 3
#: A city's zone for each region (the sample's people live in these regions).
ZONES = {
    Region.US_CANADA: "America/Toronto",
    Region.WESTERN_EUROPE: "Europe/Berlin",
    Region.EASTERN_EUROPE: "Europe/Warsaw",
    Region.SOUTHERN_EUROPE: "Europe/Madrid",
    Region.LATIN_AMERICA: "America/Sao_Paulo",
    Region.ASIA: "Asia/Singapore",
    Region.INDIA_OFFSHORE: "Asia/Kolkata",
}
#: The rounds each stage holds, and how long they take.
ROUNDS = {
    Stage.SCREENING: ((InterviewKind.SCREENING, 30),),
    Stage.TECHNICAL: ((InterviewKind.TECHNICAL, 60), (InterviewKind.CODE_REVIEW, 60)),
    Stage.FINAL: ((InterviewKind.SYSTEM_DESIGN, 90), (InterviewKind.FINAL, 45)),
}
_INTERVIEWERS = ("Ana Ribeiro", "Bea Lindqvist", "Cyril Novak", "Dana Okafor")
_PLACES = ("Video call", "https://meet.example.org/{code}", "Office, meeting room 2")


def _moment(rng: random.Random, day: date, zone: str) -> datetime:
    """A start between 9:00 and 16:30 on ``day`` where the candidate lives, in UTC."""
    local = time(rng.randint(9, 16), rng.choice((0, 30)))
    return datetime.combine(day, local, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def demo_interviews(
    applications: Sequence[dict[str, Any]],
    candidates: Sequence[dict[str, Any]],
    *,
    seed: int,
    as_of: date,
) -> list[dict[str, Any]]:
    """Interview rows (with their uids) for the sample's cards in an interviewing stage."""
    rng = random.Random(f"interviews-{seed}")  # noqa: S311 (sample data, not secrets)
    region = {person["id"]: Region(person["region"]) for person in candidates}
    interviewing = [row for row in applications if Stage(row["stage"]) in ROUNDS]
    ahead = rng.sample(interviewing, min(len(interviewing), AHEAD))
    # An interview already held belongs to a card that was in its stage by then.
    settled = datetime.combine(as_of - timedelta(days=5), time(0), tzinfo=UTC)
    earlier = [
        row for row in interviewing if row not in ahead and row["entered_stage_at"] <= settled
    ]
    chosen = ahead + rng.sample(earlier, min(len(earlier), OWED))
    rows = []
    for index, application in enumerate(chosen):
        kind, minutes = rng.choice(ROUNDS[Stage(application["stage"])])
        zone = ZONES[region[application["candidate_id"]]]
        owed = index >= AHEAD
        # Weekdays only: a week of interviews starts on the next working day.
        offset = -2 if owed else 1 + index % 5 + 2 * (index // 5)
        day = as_of + timedelta(days=offset)
        while day.weekday() >= 5:
            day += timedelta(days=-1 if owed else 1)
        starts = _moment(rng, day, zone)
        booked = min(starts, datetime.combine(as_of, time(8), tzinfo=UTC)) - timedelta(days=3)
        rows.append(
            {
                "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "application_id": application["id"],
                "kind": kind.value,
                "starts_at": starts,
                "time_zone": zone,
                "minutes": minutes,
                "interviewers": sorted(rng.sample(_INTERVIEWERS, rng.randint(1, 2))),
                "place": rng.choice(_PLACES).format(code=f"{rng.getrandbits(24):06x}"),
                "created_at": booked,
                "updated_at": booked,
            }
        )
    return rows
