"""What the message dialog must know before it fills a message: whom it writes to (their
contact and the verified evidence a message may name) and the open positions it may be
about. Opened from the candidate pane, the recipient is what the pane last read; from
elsewhere it is read with the positions, in the background (docs/architecture.md,
"The change signal"). Opening the dialog read three times on the GUI thread before."""

from dataclasses import dataclass
from pathlib import Path

from recruitdesk.gui.candidate.shown_candidate import ShownCandidate
from recruitdesk.progress import Progress
from recruitdesk.storage.analysis_views import AnalysisView, latest_analysis
from recruitdesk.storage.database import Database
from recruitdesk.storage.outreach import Contact, contact_of
from recruitdesk.storage.positions import PositionDetails, list_positions


@dataclass(frozen=True, slots=True)
class Recipient:
    """Whom a message goes to, and what of their work it may name."""

    contact: Contact
    #: Phrases for the message's evidence, strongest skill first.
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MessageChoices:
    """Everything the dialog offers, as plain values."""

    recipient: Recipient
    #: Read each time the dialog opens: the pane's last read does not follow changes
    #: of positions alone, so its list may hold one closed since.
    positions: list[PositionDetails]


def evidence_choices(analysis: AnalysisView | None) -> tuple[str, ...]:
    """Each piece of verified evidence of an analysis, as a phrase a message can name
    ("your pipeline.py in etl-kit (pandas)"), strongest skill first."""
    if analysis is None:
        return ()
    choices: list[str] = []
    for skill in analysis.skills:
        for repo, path, _why in skill.evidence:
            where = f"your {Path(path).name} in {repo}" if path else f"your {repo} repository"
            phrase = f"{where} ({skill.name})"
            if phrase not in choices:
                choices.append(phrase)
    return tuple(choices)


def recipient_of(shown: ShownCandidate) -> Recipient:
    """The recipient as the candidate pane last read them (no read)."""
    return Recipient(shown.contact, evidence_choices(shown.analysis))


def read_choices(
    database: Database, candidate_id: int, known: Recipient | None, _progress: Progress
) -> MessageChoices:
    """The open positions, and the recipient unless ``known`` (run on a pool thread)."""
    recipient = known or Recipient(
        contact_of(database, candidate_id),
        evidence_choices(latest_analysis(database, candidate_id)),
    )
    return MessageChoices(recipient, list_positions(database, open_only=True))
