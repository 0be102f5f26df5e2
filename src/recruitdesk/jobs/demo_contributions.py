"""Work in other people's projects for the demo's analysed people, so the demo shows the
Contributions tab and the open-source score as a real analysis gives them.

Made up, deterministically from the seed: seniors and leads more often than juniors
have merged pull requests in well-known projects of their track, written more or less
well; some review others' pull requests. The demo's people are fictional, so their pull
requests carry no link: nothing in the demo may point at a real person's work.
"""

import random
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from recruitdesk.analysis.catalogue import Catalogue
from recruitdesk.analysis.contribution_parts import Contributions
from recruitdesk.analysis.contribution_skills import project_skill
from recruitdesk.domain.contributions import Project, PullRequest
from recruitdesk.domain.pr_writing import judge_writing, quote
from recruitdesk.domain.taxonomy import Level, Track

#: The chance that an analysed person of a level has contributed elsewhere.
CONTRIBUTES = {Level.JUNIOR: 0.1, Level.MID: 0.3, Level.SENIOR: 0.55, Level.LEAD: 0.7}
#: Projects of each track with their stars (a round figure of the public count).
PROJECTS = {
    Track.WEB_BACKEND: (
        ("fastapi/fastapi", 80_000),
        ("django/django", 80_000),
        ("pallets/flask", 68_000),
        ("encode/httpx", 13_000),
        ("pydantic/pydantic", 21_000),
    ),
    Track.DATA_ML: (
        ("pandas-dev/pandas", 44_000),
        ("apache/airflow", 37_000),
        ("scikit-learn/scikit-learn", 60_000),
        ("dask/dask", 12_000),
        ("pola-rs/polars", 31_000),
    ),
    Track.DEVOPS_AUTOMATION: (
        ("ansible/ansible", 63_000),
        ("boto/boto3", 9_000),
        ("prometheus/client_python", 4_000),
        ("pypa/pip", 9_500),
        ("saltstack/salt", 14_000),
    ),
}
_TITLES = (
    "Fix {thing} when the input is empty",
    "Add type hints to {thing}",
    "Document {thing} options",
    "Speed up {thing} for large inputs",
    "Handle timeouts in {thing}",
    "Deprecate the old {thing} argument",
)
_THINGS = ("the client", "the parser", "the scheduler", "serialisation", "the CLI", "caching")
#: Descriptions from terse to complete: why, the issue it fixes, how it was tested.
_BODIES = (
    "",
    "Small fix.",
    "Fixes #{issue}. The old code assumed a non-empty list, which breaks on the first run.",
    "Fixes #{issue}\n\nThe {thing} raised instead of returning an empty result because the "
    "loop assumed at least one item. This keeps the behaviour for the normal case and adds "
    "a test for the empty one; I ran the whole test suite locally and on 3.9 and 3.13.",
)


#: Days before the demo's day of the latest merged pull request: every demo analysis is
#: at most 61 days old (``demo_analyses.py``), and a pull request predates its analysis.
LATEST_DAYS = 65


def _fitting(track: Track, claimed: set[str], catalogue: Catalogue) -> list[tuple[str, int]]:
    """The track's projects that show no skill or one the person claims: a demo person
    has not merged work into a library they do not list."""
    fitting = []
    for repo, stars in PROJECTS[track]:
        skill = project_skill(Project(repo, 1), catalogue)
        if skill is None or skill.name.lower() in claimed:
            fitting.append((repo, stars))
    return fitting


def demo_contributions(
    rng: random.Random,
    person: Mapping[str, Any],
    catalogue: Catalogue,
    as_of: date,
) -> Contributions | None:
    """What one analysed demo person did elsewhere (``None``: nothing public)."""
    level = Level(person["level"])
    if rng.random() >= CONTRIBUTES[level]:
        return None
    claimed = {str(skill).lower() for skill in person.get("skills", ())}
    fitting = _fitting(Track(person["track"]), claimed, catalogue)
    if not fitting:
        return None
    craft = {Level.JUNIOR: 0, Level.MID: 1, Level.SENIOR: 2, Level.LEAD: 3}[level]
    chosen = rng.sample(fitting, rng.randint(1, min(3, len(fitting))))
    pulls: list[PullRequest] = []
    projects: list[Project] = []
    for repo, stars in chosen:
        merged = rng.randint(1, 2 + 4 * craft)
        projects.append(Project(repo, merged, stars, "Python"))
        for _ in range(min(merged, 3)):
            thing = rng.choice(_THINGS)
            body = _BODIES[min(len(_BODIES) - 1, max(0, craft + rng.randint(-1, 1)))].format(
                issue=rng.randint(200, 12_000), thing=thing
            )
            days = rng.randint(LATEST_DAYS, LATEST_DAYS + 700)
            when = datetime.combine(as_of, time(12), tzinfo=UTC) - timedelta(days=days)
            pulls.append(
                PullRequest(
                    repo=repo,
                    number=rng.randint(300, 30_000),
                    title=rng.choice(_TITLES).format(thing=thing),
                    url="",
                    merged_at=when.replace(microsecond=0).isoformat(),
                    writing=judge_writing(body),
                    quote=quote(body),
                )
            )
    pulls.sort(key=lambda pull: pull.merged_at or "", reverse=True)
    projects.sort(key=lambda project: -project.merged)
    reviewed = tuple(
        (repo, rng.randint(1, 3 * craft)) for repo, _ in chosen if craft and rng.random() < 0.5
    )
    return Contributions(
        merged_total=sum(project.merged for project in projects),
        pulls=tuple(pulls),
        projects=tuple(projects),
        reviews_total=sum(n for _, n in reviewed),
        reviewed=reviewed,
    )
