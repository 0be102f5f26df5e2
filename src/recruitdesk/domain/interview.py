"""The interview kit: eight questions and a code-review exercise, each rated 1-4 with a
comment, an overall recommendation, and the red-flag checklist.

The kit lives in ``resources/interview_kit.json`` (facts from both source documents, in
our own words). A scorecard stores its answers in ``Scorecard.ratings``, one entry per
item id: ``{"rating": 1..4, "comment": str}`` for a question or the review exercise,
``{"flagged": true, "comment": str}`` for a red flag that was seen.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any

from recruitdesk.errors import RefusedError
from recruitdesk.resources import load_json

KIT_FILE = "interview_kit.json"
#: The ``Scorecard.kind`` of a scorecard filled in from this kit.
SCORECARD_KIND = "interview_kit"
MIN_RATING = 1
MAX_RATING = 4


class Recommendation(StrEnum):
    STRONG_NO = "strong_no"
    NO = "no"
    YES = "yes"
    STRONG_YES = "strong_yes"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True, slots=True)
class KitItem:
    """A question or the review exercise: something the interviewer rates 1-4."""

    id: str
    prompt: str
    tests: str
    listen_for: str


@dataclass(frozen=True, slots=True)
class RedFlag:
    id: str
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class RatingLevel:
    value: int
    label: str
    meaning: str


@dataclass(frozen=True, slots=True)
class InterviewKit:
    questions: tuple[KitItem, ...]
    code_review: KitItem
    planted_issues: tuple[str, ...]
    red_flags: tuple[RedFlag, ...]
    rating_scale: tuple[RatingLevel, ...]

    @property
    def rated_items(self) -> tuple[KitItem, ...]:
        """Everything rated 1-4: the eight questions, then the review exercise."""
        return (*self.questions, self.code_review)

    def item_ids(self) -> frozenset[str]:
        return frozenset(item.id for item in self.rated_items)

    def flag_ids(self) -> frozenset[str]:
        return frozenset(flag.id for flag in self.red_flags)


@cache
def interview_kit() -> InterviewKit:
    """The kit shipped in ``resources/interview_kit.json`` (read once)."""
    return kit_from_json(load_json(KIT_FILE))


def kit_from_json(data: dict[str, Any]) -> InterviewKit:
    """The kit from its JSON form (pure: no file access)."""
    review = data["code_review"]
    return InterviewKit(
        questions=tuple(
            KitItem(q["id"], q["prompt"], q["tests"], q["listen_for"]) for q in data["questions"]
        ),
        code_review=KitItem(review["id"], review["prompt"], review["tests"], review["listen_for"]),
        planted_issues=tuple(review["planted_issues"]),
        red_flags=tuple(RedFlag(f["id"], f["text"], f["source"]) for f in data["red_flags"]),
        rating_scale=tuple(
            RatingLevel(r["value"], r["label"], r["meaning"]) for r in data["rating_scale"]
        ),
    )


class ScorecardError(RefusedError):
    """A scorecard that does not fit the kit; the message says what."""


@dataclass(frozen=True, slots=True)
class ScorecardAnswers:
    """What an interviewer filled in: ratings with comments, flags seen, a verdict."""

    ratings: dict[str, int] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    flags: frozenset[str] = frozenset()
    flag_comments: dict[str, str] = field(default_factory=dict)
    recommendation: Recommendation | None = None

    @property
    def mean_rating(self) -> float | None:
        """The mean of the ratings given, or ``None`` before any."""
        if not self.ratings:
            return None
        return sum(self.ratings.values()) / len(self.ratings)


def check_answers(answers: ScorecardAnswers, kit: InterviewKit | None = None) -> None:
    """Raise :class:`ScorecardError` unless every id is the kit's and every rating 1-4."""
    kit = kit or interview_kit()
    unknown = (set(answers.ratings) | set(answers.comments)) - kit.item_ids()
    if unknown:
        raise ScorecardError(f"Not in the interview kit: {', '.join(sorted(unknown))}.")
    unknown_flags = (answers.flags | set(answers.flag_comments)) - kit.flag_ids()
    if unknown_flags:
        raise ScorecardError(f"Not a red flag of the kit: {', '.join(sorted(unknown_flags))}.")
    for item_id, rating in answers.ratings.items():
        if not MIN_RATING <= rating <= MAX_RATING:
            raise ScorecardError(
                f"{item_id} is rated {rating}; ratings run {MIN_RATING} to {MAX_RATING}."
            )


def answers_to_ratings(answers: ScorecardAnswers) -> dict[str, Any]:
    """The JSON stored in ``Scorecard.ratings``."""
    check_answers(answers)
    stored: dict[str, Any] = {}
    for item_id in sorted(set(answers.ratings) | set(answers.comments)):
        entry: dict[str, Any] = {"comment": answers.comments.get(item_id, "")}
        if item_id in answers.ratings:
            entry["rating"] = answers.ratings[item_id]
        stored[item_id] = entry
    for flag_id in sorted(answers.flags):
        stored[flag_id] = {"flagged": True, "comment": answers.flag_comments.get(flag_id, "")}
    return stored


def ratings_to_answers(ratings: dict[str, Any], recommendation: str | None) -> ScorecardAnswers:
    """Read ``Scorecard.ratings`` back; entries the kit no longer has are dropped."""
    kit = interview_kit()
    items, flags = kit.item_ids(), kit.flag_ids()
    given: dict[str, int] = {}
    comments: dict[str, str] = {}
    seen: set[str] = set()
    flag_comments: dict[str, str] = {}
    for key, entry in ratings.items():
        if not isinstance(entry, dict):
            continue
        if key in items:
            rating = entry.get("rating")
            if isinstance(rating, int) and MIN_RATING <= rating <= MAX_RATING:
                given[key] = rating
            if entry.get("comment"):
                comments[key] = str(entry["comment"])
        elif key in flags and entry.get("flagged"):
            seen.add(key)
            if entry.get("comment"):
                flag_comments[key] = str(entry["comment"])
    verdict = (
        Recommendation(recommendation)
        if recommendation in {r.value for r in Recommendation}
        else None
    )
    return ScorecardAnswers(given, comments, frozenset(seen), flag_comments, verdict)
