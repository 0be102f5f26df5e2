"""The hiring pipeline: its stages, the moves allowed between them, and how long each
stage typically lasts.

The typical durations come from the hiring timeline of the rates-and-vetting guide:

=====================================  =========  ======================
phase (the source's own words)         duration   board stages
=====================================  =========  ======================
Job spec + sourcing                    1-2 weeks  sourced, contacted
First screen + technical review        1-2 weeks  screening, technical
Final interviews + reference checks    1 week     final
Notice period / availability           2-4 weeks  offer
=====================================  =========  ======================

A phase that spans two board stages is split evenly between them. The offer stage holds
a candidate from the offer until the start date, so it carries the notice period.
Total for a direct hire: 5-9 weeks.
"""

from dataclasses import dataclass
from enum import StrEnum

from recruitdesk.errors import RefusedError


class Stage(StrEnum):
    SOURCED = "sourced"
    CONTACTED = "contacted"
    SCREENING = "screening"
    TECHNICAL = "technical"
    FINAL = "final"
    OFFER = "offer"
    HIRED = "hired"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def is_terminal(self) -> bool:
        """No further progress is expected from a terminal stage."""
        return self in TERMINAL_STAGES

    @property
    def is_closed_out(self) -> bool:
        """Rejected or withdrawn: the candidate left the pipeline without a hire."""
        return self in CLOSED_OUT_STAGES


#: The stages a candidate moves forward through, in order.
FORWARD_STAGES: tuple[Stage, ...] = (
    Stage.SOURCED,
    Stage.CONTACTED,
    Stage.SCREENING,
    Stage.TECHNICAL,
    Stage.FINAL,
    Stage.OFFER,
    Stage.HIRED,
)
#: Every stage, in the order the board shows its columns.
BOARD_STAGES: tuple[Stage, ...] = (*FORWARD_STAGES, Stage.REJECTED, Stage.WITHDRAWN)
CLOSED_OUT_STAGES = frozenset({Stage.REJECTED, Stage.WITHDRAWN})
TERMINAL_STAGES = frozenset({Stage.HIRED, *CLOSED_OUT_STAGES})
#: Stages that need a reason when a candidate is moved into them.
REASON_REQUIRED = CLOSED_OUT_STAGES

#: The reasons offered when a candidate is rejected or withdraws (free text may follow).
REJECTION_REASONS: tuple[str, ...] = (
    "Skills below the bar for the role",
    "Seniority lower than the CV claims",
    "Salary expectations above budget",
    "Location or time zone does not fit",
    "Position filled or closed",
    "No response from the candidate",
)
WITHDRAWAL_REASONS: tuple[str, ...] = (
    "Accepted another offer",
    "Counter-offer from current employer",
    "Compensation did not meet expectations",
    "Personal reasons",
    "Lost interest in the role",
)


class MoveRefusedError(RefusedError):
    """A move the pipeline rules forbid; the message says why in one sentence."""


def _index(stage: Stage) -> int:
    return FORWARD_STAGES.index(stage)


def check_move(source: Stage, target: Stage) -> None:
    """Raise :class:`MoveRefusedError` unless a recruiter may move a card from ``source`` to
    ``target``.

    The rules: an open candidate may go forward any number of stages (fast-tracking a
    strong referral is normal), back to an earlier open stage (a second screen), or out
    of the pipeline as rejected or withdrawn. Hired is reached from the offer stage only,
    and is final. A rejected or withdrawn candidate may be reopened at any open stage.
    """
    if source == target:
        raise MoveRefusedError(f"The candidate is already in {source.label}.")
    if source is Stage.HIRED:
        raise MoveRefusedError("A hired candidate stays hired; undo the move if it was a mistake.")
    if target is Stage.HIRED and source is not Stage.OFFER:
        raise MoveRefusedError("Only a candidate at the offer stage can be marked hired.")
    if source.is_closed_out and target.is_closed_out:
        raise MoveRefusedError(f"Reopen the candidate before marking them {target.label.lower()}.")


def is_move_allowed(source: Stage, target: Stage) -> bool:
    """Whether :func:`check_move` accepts the move."""
    try:
        check_move(source, target)
    except MoveRefusedError:
        return False
    return True


def next_stage(stage: Stage) -> Stage | None:
    """The stage one step forward, or ``None`` from a terminal stage."""
    if stage.is_terminal:
        return None
    return FORWARD_STAGES[_index(stage) + 1]


def previous_stage(stage: Stage) -> Stage | None:
    """The stage one step back, or ``None`` from the first stage or a terminal one."""
    if stage.is_terminal or stage is Stage.SOURCED:
        return None
    return FORWARD_STAGES[_index(stage) - 1]


@dataclass(frozen=True, slots=True)
class TypicalDuration:
    """How long a candidate typically stays in one stage, in days."""

    min_days: int
    max_days: int
    phase: str


_SOURCING = "Job spec + sourcing (1-2 weeks)"
_SCREENING = "First screen + technical review (1-2 weeks)"
_FINAL = "Final interviews + reference checks (1 week)"
_NOTICE = "Notice period / availability (2-4 weeks)"

TYPICAL_DURATIONS: dict[Stage, TypicalDuration] = {
    Stage.SOURCED: TypicalDuration(4, 7, _SOURCING),
    Stage.CONTACTED: TypicalDuration(3, 7, _SOURCING),
    Stage.SCREENING: TypicalDuration(4, 7, _SCREENING),
    Stage.TECHNICAL: TypicalDuration(3, 7, _SCREENING),
    Stage.FINAL: TypicalDuration(7, 7, _FINAL),
    Stage.OFFER: TypicalDuration(14, 28, _NOTICE),
}
#: The source's total for a direct hire, in weeks.
TOTAL_WEEKS = (5, 9)

#: How far past its typical maximum a card may go before it is overdue rather than late.
OVERDUE_FACTOR = 1.5


class StageHealth(StrEnum):
    ON_TRACK = "on_track"
    LATE = "late"
    OVERDUE = "overdue"
    NOT_TIMED = "not_timed"


def stage_health(stage: Stage, days_in_stage: float) -> StageHealth:
    """How a card's time in its stage compares with the stage's typical duration.

    Within the typical maximum it is on track; up to half as long again it is late;
    beyond that, overdue. Terminal stages are not timed.
    """
    typical = TYPICAL_DURATIONS.get(stage)
    if typical is None:
        return StageHealth.NOT_TIMED
    if days_in_stage <= typical.max_days:
        return StageHealth.ON_TRACK
    if days_in_stage <= typical.max_days * OVERDUE_FACTOR:
        return StageHealth.LATE
    return StageHealth.OVERDUE
