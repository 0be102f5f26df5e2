"""A take-home submission analysed offline and attached to the candidate's review
exercise: the same engine as ``recruitdesk analyze --path`` (a folder with its git
history, a ``.zip`` or a ``.tar.gz``), stored as an analysis of its own so it never
stands in for the candidate's GitHub analysis."""

from collections.abc import Sequence
from pathlib import Path

from recruitdesk.progress import NO_PROGRESS, Progress
from recruitdesk.storage.analyses import store_analysis
from recruitdesk.storage.changes import Changes
from recruitdesk.storage.database import Database
from recruitdesk.storage.exercises import attach_submission


def analyse_submission(
    database: Database,
    assignment_id: int,
    path: Path,
    *,
    authors: Sequence[str] = (),
    progress: Progress = NO_PROGRESS,
) -> Changes:
    """Analyse ``path`` and attach the stored result to the exercise; the analysis runs
    in worker processes for a large tree (``analysis/pool.py``)."""
    # Here, not at the top: the engine and its metrics are part of the window's start
    # otherwise (the exercise tab imports this module), for a rare action.
    from recruitdesk.analysis.engine import analyze_path

    progress.step(0, None, f"analysing {path.name}")
    result = analyze_path(path, authors=authors)
    progress.step(1, 2, "storing the analysis")
    analysis_id, changes = store_analysis(database, result.to_record())
    return changes | attach_submission(database, assignment_id, analysis_id)
