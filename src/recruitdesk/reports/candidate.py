"""The candidate report's layout: rich text for ``QTextDocument`` plus its charts."""

from html import escape

from PySide6.QtGui import QImage

from recruitdesk.domain.contribution_view import ContributionsView
from recruitdesk.domain.contributions import PullRequest
from recruitdesk.domain.wording import count
from recruitdesk.reports.charts import SCALE, BandChart, Bar, band_chart, score_bars, score_colour
from recruitdesk.reports.model import AnalysisSection, AskSection, CandidateReport

ACCENT = "#2f6fde"
MUTED = "#5b6478"
RULE = "#d9dee8"
PANEL = "#f4f6fa"

#: How many pieces of evidence a skill shows; the rest are counted.
EVIDENCE_SHOWN = 3


def h2(text: str) -> str:
    return (
        f'<h2 style="font-size:12.5pt; color:{ACCENT}; margin-top:20px; margin-bottom:6px;">'
        f"{escape(text)}</h2>"
    )


def muted(text: str) -> str:
    return f'<span style="color:{MUTED};">{escape(text)}</span>'


def table(headers: list[str], rows: list[list[str]], widths: list[int] | None = None) -> str:
    """A ruled table; cells are already-escaped HTML."""
    head = "".join(
        f'<th align="left" style="color:{MUTED}; font-weight:600;"'
        f"{f' width={widths[i]}%' if widths else ''}>{escape(h)}</th>"
        for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>" + "".join(f'<td valign="top">{cell}</td>' for cell in row) + "</tr>" for row in rows
    )
    return (
        f'<table width="100%" cellspacing="0" cellpadding="4" '
        f'style="border-collapse:collapse; border-color:{RULE}; margin-bottom:14px;" border="1">'
        f'<thead><tr style="background-color:{PANEL};">{head}</tr></thead>{body}</table>'
    )


def _image(name: str, image: QImage) -> str:
    return f'<img src="{name}" width="{image.width() // SCALE}" height="{image.height() // SCALE}">'


def _header(report: CandidateReport) -> str:
    person = report.person
    facts = [p for p in (person.level, person.track) if p]
    place = person.region or ""
    if person.location:
        place = f"{place} ({person.location})" if place else person.location
    if place:
        facts.append(place)
    lines = [
        f'<h1 style="font-size:20pt; margin-bottom:2px;">{escape(person.display_name)}</h1>',
        f'<p style="font-size:11pt; margin-top:0;">{escape(" · ".join(facts))}</p>',
    ]
    contact = [c for c in (person.email, person.phone) if c] + list(person.links)
    if contact:
        lines.append(f"<p>{muted(' · '.join(contact))}</p>")
    if report.blind:
        withheld = (
            "Blind profile: name, contact details, links and location below the region "
            "are withheld."
        )
        lines.append(f"<p>{muted(withheld)}</p>")
    details = []
    if person.years_experience is not None:
        details.append(f"{count(person.years_experience, 'year')} of experience")
    if person.employment:
        details.append(person.employment)
    if person.notice_weeks is not None:
        details.append(f"notice {count(person.notice_weeks, 'week')}")
    if details:
        lines.append(f"<p>{escape(' · '.join(details))}</p>")
    return "".join(lines)


def _analysis(section: AnalysisSection | None, images: dict[str, QImage], key: str) -> str:
    if section is None:
        return h2("Code quality") + (
            "<p><b>Not analysed yet.</b> No code of this candidate has been analysed, so the "
            "report holds no verified skills, scores or red flags. Analyse their GitHub "
            "account or a take-home archive to add them.</p>"
        )
    overall = next((s for s in section.scores if s.key == "overall"), None)
    parts = [h2("Code quality")]
    summary = f"Analysed {section.analysed_at:%d %b %Y} from {escape(section.source)}"
    if section.track:
        summary += f"; the code reads as <b>{escape(section.track)}</b> work"
    if overall is not None and overall.value is not None:
        colour = score_colour(overall.value).name()
        summary = (
            f'<span style="font-size:16pt; font-weight:700; color:{colour};">'
            f"{overall.value:.0f}</span> overall. " + summary
        )
    parts.append(f"<p>{summary}.</p>")
    if section.authored_share:
        parts.append(f"<p>{escape(section.authored_share)}</p>")
    chart = score_bars([Bar(s.label, s.value) for s in section.scores if s.value is not None])
    images[f"chart:scores:{key}"] = chart
    parts.append(f"<p>{_image(f'chart:scores:{key}', chart)}</p>")
    # Every score again as text: the chart is a picture, the table can be searched.
    reasons = [
        [
            f"<b>{escape(s.label)}</b>",
            f"{s.value:.0f}" if s.value is not None else muted("not judged"),
            "<br>".join(
                [escape(r) for r in s.reasons]
                + ([muted(f"Rests on {escape(s.evidence)}.")] if s.evidence else [])
            )
            or muted("no reasons recorded"),
        ]
        for s in section.scores
    ]
    parts.append(table(["Score", "Value", "Why"], reasons, [22, 8, 70]))
    parts.append(h2("Verified skills"))
    if section.skills:
        rows = []
        for skill in section.skills:
            shown = [
                f"{escape(e.repo)}/{escape(e.path)} — {escape(e.why)}"
                for e in skill.evidence[:EVIDENCE_SHOWN]
            ]
            more = len(skill.evidence) - EVIDENCE_SHOWN
            if more > 0:
                shown.append(muted(f"and {more} more"))
            rows.append(
                [f"<b>{escape(skill.name)}</b>", f"{skill.confidence:.0%}", "<br>".join(shown)]
            )
        parts.append(table(["Skill", "Confidence", "Evidence"], rows, [20, 15, 65]))
    else:
        parts.append("<p>No skill could be verified from the analysed code.</p>")
    parts.append(_contributions(section.contributions))
    if section.repos:
        parts.append(h2("Repositories"))
        rows = [
            [
                escape(r.name),
                str(r.stars),
                f"{r.sloc:,}",
                "—" if r.cc_mean is None else f"{r.cc_mean:.1f}",
                "—" if r.mi_mean is None else f"{r.mi_mean:.0f}",
                "—" if r.typed_ratio is None else f"{r.typed_ratio:.0%}",
                "yes" if r.has_tests else "no",
                "yes" if r.has_ci else "no",
            ]
            for r in section.repos
        ]
        parts.append(
            table(
                ["Repository", "Stars", "Lines", "Complexity", "Maint.", "Typed", "Tests", "CI"],
                rows,
            )
        )
    parts.append(h2("Red flags"))
    if section.red_flags:
        items = "".join(f"<li>{escape(message)}</li>" for _code, message in section.red_flags)
        parts.append(f"<ul>{items}</ul>")
    else:
        parts.append("<p>None found in the analysed code.</p>")
    return "".join(parts)


def _pull_link(pull: PullRequest) -> str:
    label = escape(pull.label)
    return f'<a href="{escape(pull.url, quote=True)}">{label}</a>' if pull.url else label


def _contributions(view: ContributionsView | None) -> str:
    """Work in others' projects; titles and quotes are other people's text, escaped."""
    if view is None:
        return ""
    parts = [h2("In others' projects"), f"<p>{escape(view.summary())}</p>"]
    if view.projects:
        rows = [
            [escape(p.repo), str(p.merged), "—" if p.stars is None else f"{p.stars:,}"]
            for p in view.projects
        ]
        parts.append(table(["Project", "Merged", "Stars"], rows, [60, 20, 20]))
    if view.evidence:
        parts.append("<p>" + "<br>".join(_pull_link(pull) for pull in view.evidence) + "</p>")
    if view.reviewed:
        reviewed = ", ".join(f"{repo} ({n})" for repo, n in view.reviewed)
        parts.append(f"<p>Reviews given: {escape(reviewed)}.</p>")
    for title, example in (("Best written", view.best), ("Weakest written", view.weakest)):
        if example is not None:
            quoted = f"“{example.quote}”" if example.quote else "(no description)"
            parts.append(
                f"<p><b>{title}</b> ({example.writing.points} of 100): {escape(quoted)}<br>"
                f"{_pull_link(example)}</p>"
            )
    if view.packages:
        parts.append(f"<p>Packages maintained: {escape('; '.join(view.packages))}.</p>")
    parts += [f"<p>{muted(note)}</p>" for note in view.notes]
    return "".join(parts)


def _ask(section: AskSection | None, images: dict[str, QImage], key: str) -> str:
    parts = [h2("Salary ask against the market")]
    if section is None:
        parts.append("<p>No salary ask recorded, or no market band for the region and level.</p>")
        return "".join(parts)
    unit = f"{section.currency}/{'h' if section.period == 'hour' else 'yr'}"
    chart = band_chart(BandChart(section.band_min, section.band_max, section.amount, unit))
    images[f"chart:ask:{key}"] = chart
    parts.append(f"<p>{_image(f'chart:ask:{key}', chart)}</p>")
    parts.append(f"<p>{escape(section.verdict)}</p>")
    if section.sources:
        parts.append(f"<p>{muted('Sources: ' + '; '.join(section.sources))}</p>")
    return "".join(parts)


def _history(report: CandidateReport) -> str:
    parts = [h2("Pipeline history")]
    if not report.history:
        parts.append("<p>Not in any pipeline yet.</p>")
        return "".join(parts)
    rows = [
        [
            f"{line.when:%d %b %Y}",
            escape(line.position),
            escape(f"{line.from_stage or 'new'} → {line.to_stage}"),
            escape(line.reason or ""),
        ]
        for line in report.history
    ]
    parts.append(table(["Date", "Position", "Move", "Reason"], rows, [14, 34, 26, 26]))
    return "".join(parts)


def _scorecards(report: CandidateReport) -> str:
    parts = [h2("Interview scorecards")]
    if not report.scorecards:
        parts.append("<p>No interview scorecards yet.</p>")
        return "".join(parts)
    for card in report.scorecards:
        when = f"{card.held_on:%d %b %Y}" if card.held_on else "undated"
        who = card.interviewer or "interviewer not recorded"
        recommendation = card.recommendation or "no recommendation"
        parts.append(
            f"<p><b>{escape(card.position)}</b> · {escape(card.kind)} · {escape(when)} · "
            f"{escape(who)} · recommendation: <b>{escape(recommendation)}</b></p>"
        )
        rows = [
            [escape(r.question), "—" if r.rating is None else f"{r.rating} / 4", escape(r.comment)]
            for r in card.ratings
        ]
        if rows:
            parts.append(table(["Question", "Rating", "Comment"], rows, [46, 10, 44]))
    return "".join(parts)


def candidate_body(report: CandidateReport, images: dict[str, QImage], key: str = "1") -> str:
    """The report's rich text; the charts it uses are added to ``images`` under names
    made unique by ``key`` (a shortlist holds many candidates)."""
    return "".join(
        (
            _header(report),
            _analysis(report.analysis, images, key),
            _ask(report.ask, images, key),
            _history(report),
            _scorecards(report),
        )
    )
