"""The fixed vocabularies candidates and positions are described with.

Region keys are the keys of the market rate tables; tracks are the three profiles of a
senior Python developer in the rates-and-vetting guide (web/backend, data/ML,
DevOps/automation).
"""

from enum import StrEnum


class Region(StrEnum):
    US_CANADA = "us_canada"
    WESTERN_EUROPE = "western_europe"
    EASTERN_EUROPE = "eastern_europe"
    SOUTHERN_EUROPE = "southern_europe"
    LATIN_AMERICA = "latin_america"
    ASIA = "asia"
    INDIA_OFFSHORE = "india_offshore"

    @property
    def label(self) -> str:
        return _REGION_LABELS[self]


_REGION_LABELS = {
    Region.US_CANADA: "US / Canada",
    Region.WESTERN_EUROPE: "Western Europe",
    Region.EASTERN_EUROPE: "Eastern Europe",
    Region.SOUTHERN_EUROPE: "Southern Europe",
    Region.LATIN_AMERICA: "Latin America",
    Region.ASIA: "Asia",
    Region.INDIA_OFFSHORE: "India / offshore",
}


class Track(StrEnum):
    WEB_BACKEND = "web_backend"
    DATA_ML = "data_ml"
    DEVOPS_AUTOMATION = "devops_automation"

    @property
    def label(self) -> str:
        return _TRACK_LABELS[self]


_TRACK_LABELS = {
    Track.WEB_BACKEND: "Web / backend",
    Track.DATA_ML: "Data / ML",
    Track.DEVOPS_AUTOMATION: "DevOps / automation",
}


class Level(StrEnum):
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    LEAD = "lead"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Employment(StrEnum):
    """What kind of engagement a candidate wants."""

    FULL_TIME = "full_time"
    CONTRACT = "contract"
    EITHER = "either"


class PayPeriod(StrEnum):
    """What a salary figure is per."""

    YEAR = "year"
    HOUR = "hour"


class PositionStatus(StrEnum):
    OPEN = "open"
    ON_HOLD = "on_hold"
    FILLED = "filled"
    CLOSED = "closed"


class JobState(StrEnum):
    """Where an analysis job is in its life."""

    QUEUED = "queued"
    RUNNING = "running"
    WAITING = "waiting"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


ACTIVE_JOB_STATES = frozenset({JobState.QUEUED, JobState.RUNNING, JobState.WAITING})
