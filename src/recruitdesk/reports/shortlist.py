"""The shortlist report's layout: the position's requirements, the ranked summary, then
a page per candidate."""

from html import escape

from PySide6.QtGui import QImage

from recruitdesk.reports.candidate import candidate_body, h2, muted, table
from recruitdesk.reports.charts import score_colour
from recruitdesk.reports.model import PositionSection, ShortlistReport


def _requirements(position: PositionSection) -> str:
    rows: list[list[str]] = []

    def add(label: str, value: str) -> None:
        if value:
            rows.append([f"<b>{escape(label)}</b>", value])

    add("Level and track", escape(" · ".join(p for p in (position.level, position.track) if p)))
    add("Regions", escape(", ".join(position.regions)))
    add("Must have", escape(", ".join(position.must_have)))
    add("Nice to have", escape(", ".join(position.nice_to_have)))
    add("Minimum scores", escape(", ".join(f"{n} {v:.0f}" for n, v in position.min_scores)))
    add("Budget", escape(position.budget or ""))
    if not rows:
        return "<p>No requirements recorded for this position.</p>"
    return table(["Requirement", ""], rows, [24, 76])


def _summary(report: ShortlistReport) -> str:
    rows = []
    for entry in report.entries:
        overall = "—"
        if entry.overall is not None:
            colour = score_colour(entry.overall).name()
            overall = f'<span style="color:{colour}; font-weight:700;">{entry.overall:.0f}</span>'
        rows.append(
            [
                str(entry.rank),
                f"<b>{escape(entry.name)}</b><br>"
                + muted(" · ".join(p for p in (entry.level, entry.region) if p)),
                escape(entry.stage or "not on the board"),
                f"{entry.fit:.0f}",
                overall,
                # "$57,000/yr" is one figure: no line break after its slash.
                f'<span style="white-space:nowrap">{escape(entry.ask or "—")}</span>',
                escape(entry.why),
            ]
        )
    return table(
        ["#", "Candidate", "Stage", "Fit", "Code", "Ask", "Why"],
        rows,
        [4, 21, 13, 5, 6, 14, 37],
    )


def shortlist_body(report: ShortlistReport, images: dict[str, QImage]) -> list[str]:
    """The report's sections: the position and the ranking, then a section (starting on
    a page of its own) per candidate."""
    position = report.position
    title = position.title + (f" · {position.company}" if position.company else "")
    parts = [
        f'<h1 style="font-size:20pt; margin-bottom:2px;">Shortlist: {escape(title)}</h1>',
        f"<p>{muted(report.selection)}</p>",
        h2("What the position asks for"),
        _requirements(position),
        h2("The candidates"),
    ]
    if report.entries:
        parts.append(_summary(report))
        parts.append(
            "<p>"
            + muted(
                "Fit is 0-100 against the requirements (verified skills count more than "
                "claimed ones); Code is the overall code-quality score from the candidate's "
                "analysed code, where there is one."
            )
            + "</p>"
        )
    else:
        parts.append("<p>No candidate matches this position yet.</p>")
    return ["".join(parts)] + [
        candidate_body(candidate, images, key=str(index))
        for index, candidate in enumerate(report.candidates, start=1)
    ]
