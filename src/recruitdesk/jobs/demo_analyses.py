"""Stored analyses for the demo sample, made as a real analysis is: each repository's
figures as the engine's :class:`~recruitdesk.analysis.result.RepoResult`, assembled by
the engine (:func:`~recruitdesk.analysis.engine.assemble`) into scores, verified skills
with their evidence, red flags and a track guess. The demo then has analysis tabs, code
scores and verified-skill search ("FastAPI verified"), in the very records the queue
stores, so they cannot drift from what a real analysis gives.

Plain Python (no Qt): the command line's ``demo`` uses it as the app does. The figures
are made up, deterministically from the seed: seniors tend to write typed, tested,
documented code with tidy commits; juniors less so.
"""

import random
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from recruitdesk.analysis.catalogue import Catalogue, CatalogueSkill, load_catalogue
from recruitdesk.analysis.engine import assemble
from recruitdesk.analysis.repo_parts import CommitStats, RepoEvidence, ToolingFound
from recruitdesk.analysis.result import RepoResult
from recruitdesk.domain.taxonomy import Level
from recruitdesk.jobs.demo_contributions import demo_contributions

#: Every how-manyth candidate with a GitHub login has a stored analysis.
EVERY = 3
#: The most analyses a demo stores, whatever its size.
MAX_ANALYSES = 250
#: The chance that a repository shows a skill its author claims (and the catalogue knows).
SHOWN = 0.8
#: How good the code of each level tends to be (0..1).
CRAFT = {Level.JUNIOR: 0.3, Level.MID: 0.55, Level.SENIOR: 0.75, Level.LEAD: 0.8}
_REPO_NAMES = (
    "api",
    "service",
    "toolkit",
    "pipeline",
    "dashboard",
    "sdk",
    "worker",
    "infra",
    "scripts",
    "notebooks",
)
_FEATURES = ("f_strings", "dataclasses", "async", "union_types", "match", "walrus", "protocol")


def _claim_index(catalogue: Catalogue) -> dict[str, tuple[int, CatalogueSkill]]:
    """The catalogue's skills, with their place in it, by each word a person may claim
    one with: its name, an import or a requirement (the first skill listed keeps a word)."""
    index: dict[str, tuple[int, CatalogueSkill]] = {}
    for place, skill in enumerate(catalogue.skills):
        for word in (skill.name.split(" (")[0].lower(), *skill.imports, *skill.requirements):
            index.setdefault(word, (place, skill))
    return index


def _catalogue_skill(
    claimed: str, index: Mapping[str, tuple[int, CatalogueSkill]]
) -> CatalogueSkill | None:
    """The catalogue's skill a person's claimed skill names ("Apache Airflow" is
    Airflow, "boto3" is "boto3 (AWS)"), as written or with hyphens for spaces: the one
    listed first where both name one."""
    key = claimed.strip().lower()
    found = [hit for hit in (index.get(key), index.get(key.replace(" ", "-"))) if hit]
    return min(found, key=lambda hit: hit[0])[1] if found else None


def _repo(
    rng: random.Random, login: str, name: str, skills: list[CatalogueSkill], craft: float
) -> RepoResult:
    def share(spread: float = 0.2) -> float:
        return round(min(1.0, max(0.0, rng.gauss(craft, spread))), 3)

    sloc = rng.randint(600, 18_000)
    files = max(3, sloc // rng.randint(90, 160))
    tested = rng.random() < 0.35 + craft * 0.6
    test_files = max(1, files // rng.randint(3, 6)) if tested else 0
    evidence: list[RepoEvidence] = []
    package = name.replace("-", "_")
    for skill in skills:
        requirement = sorted(skill.requirements)[0] if skill.requirements else None
        module = sorted(skill.imports)[0] if skill.imports else None
        if requirement:
            evidence.append(
                RepoEvidence(skill.name, "pyproject.toml", f"declares the dependency {requirement}")
            )
        if module:
            path = f"src/{package}/{rng.choice(('app', 'core', 'jobs', 'client', 'models'))}.py"
            evidence.append(RepoEvidence(skill.name, path, f"imports {module}"))
    tooling = [ToolingFound("packaging", "pyproject.toml", "pyproject.toml")]
    if rng.random() < craft:
        tooling.append(ToolingFound("linters", "ruff", "pyproject.toml"))
    if rng.random() < craft * 0.8:
        tooling.append(ToolingFound("type_checkers", "mypy", "pyproject.toml"))
    if rng.random() < 0.5:
        tooling.append(ToolingFound("containers", "Docker", "Dockerfile"))
    has_ci = rng.random() < 0.3 + craft * 0.6
    if has_ci:
        tooling.append(ToolingFound("ci", "GitHub Actions", ".github/workflows/ci.yml"))
    commits = rng.randint(25, 900)
    functions = max(5, sloc // rng.randint(9, 15))
    blocks = functions + functions // 6
    complex_share = max(0.0, rng.gauss((1 - craft) * 0.12, 0.02))
    return RepoResult(
        name=name,
        url=f"https://github.com/{login}/{name}",
        stars=int(rng.paretovariate(1.4)) - 1,
        pushed_at=None,
        files=files,
        sloc=sloc,
        cc_mean=round(rng.uniform(1.8, 3.2) + (1 - craft) * 3.5, 2),
        cc_max=rng.randint(9, 18) + int((1 - craft) * 25),
        mi_mean=round(min(100.0, rng.uniform(52, 70) + craft * 20), 2),
        functions=functions,
        blocks=blocks,
        complex_blocks=round(blocks * complex_share),
        very_complex_blocks=round(blocks * complex_share / 4),
        public_definitions=round(blocks * 0.7),
        test_cases=round(functions * share() * 0.8) if tested else 0,
        assertions=round(sloc * share() * 0.1) if tested else 0,
        typed_functions_ratio=share(),
        docstring_ratio=share(0.25),
        test_files=test_files,
        has_tests=tested,
        has_ci=has_ci,
        has_readme=rng.random() < 0.6 + craft * 0.4,
        frameworks=tuple(sorted({item.skill for item in evidence})),
        python_features=tuple(sorted(rng.sample(_FEATURES, rng.randint(1 + int(craft * 3), 6)))),
        commits=CommitStats(
            count=commits,
            by_user=int(commits * rng.uniform(0.6, 1.0)),
            conventional_ratio=share(0.25),
            mean_subject_len=round(rng.uniform(18, 40) + craft * 12, 1),
            vague_ratio=round(max(0.0, rng.gauss((1 - craft) * 0.3, 0.05)), 3),
            body_ratio=share(0.25),
            nontrivial=commits // 3,
            active_days=min(commits, rng.randint(20, 300)),
            span_days=float(rng.randint(60, 1500)),
        ),
        tooling=tuple(tooling),
        test_frameworks=("pytest",) if tested else (),
        evidence=tuple(evidence),
        has_history=True,
    )


def demo_analyses(
    candidates: Sequence[Mapping[str, Any]], *, seed: int, as_of: date
) -> list[dict[str, Any]]:
    """Analysis records (as :meth:`AnalysisResult.to_record` gives them, ready for
    :func:`recruitdesk.storage.analyses.add_analysis`) for every :data:`EVERY`-th demo
    candidate with a GitHub login, at most :data:`MAX_ANALYSES`, each dated before
    ``as_of``."""
    rng = random.Random(f"analyses-{seed}")  # noqa: S311 (sample data, not secrets)
    # Its own stream, so the rest of the demo stays as it was without contributions.
    elsewhere = random.Random(f"contributions-{seed}")  # noqa: S311 (sample data)
    catalogue = load_catalogue()
    claims = _claim_index(catalogue)
    people = [person for person in candidates if person.get("github_login")]
    records = []
    for person in people[::EVERY][:MAX_ANALYSES]:
        login = str(person["github_login"])
        known = [
            skill
            for skill in (_catalogue_skill(str(s), claims) for s in person.get("skills", ()))
            if skill is not None
        ]
        shown = [skill for skill in dict.fromkeys(known) if rng.random() < SHOWN]
        craft = CRAFT[Level(person["level"])]
        names = rng.sample(_REPO_NAMES, rng.randint(1, 3))
        repos = []
        for index, name in enumerate(names):
            # Each skill shows in one of the repositories, the first ones most often.
            own = [skill for n, skill in enumerate(shown) if n % len(names) == index]
            repos.append(_repo(rng, login, f"{login}-{name}", own, craft))
        result = assemble(
            source="github",
            repos=repos,
            login=login,
            api_requests=2 + 3 * len(repos),
            catalogue=catalogue,
            contributions=demo_contributions(elsewhere, person, catalogue, as_of),
        )
        moment = datetime.combine(as_of, time(8), tzinfo=UTC)
        analysed = moment - timedelta(days=rng.randint(1, 60), minutes=rng.randint(0, 600))
        pushed = (analysed - timedelta(days=rng.randint(2, 300))).isoformat()
        result = replace(
            result,
            analyzed_at=analysed,
            repos=tuple(replace(repo, pushed_at=pushed) for repo in result.repos),
        )
        records.append(result.to_record())
    return records
