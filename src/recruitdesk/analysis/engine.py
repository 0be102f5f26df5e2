"""From repositories' figures to the whole analysis result, and the local entry point.

:func:`analyze_path` analyses a checkout, a ``.zip`` or a ``.tar.gz`` offline;
:func:`recruitdesk.analysis.github.account.analyze_login` a GitHub user. Both end in
:func:`assemble`, which adds the skills with their evidence, the scores, the red flags
and the track guess (the formulas live in :mod:`recruitdesk.domain.scoring`).
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from recruitdesk.analysis.archive import DEFAULT_LIMITS, Limits, read_source
from recruitdesk.analysis.authorship import explain, local_history
from recruitdesk.analysis.catalogue import Catalogue, load_catalogue
from recruitdesk.analysis.contribution_parts import Contributions
from recruitdesk.analysis.contribution_skills import with_contributions
from recruitdesk.analysis.errors import AnalysisError
from recruitdesk.analysis.evidence import evidence_weight
from recruitdesk.analysis.history import git_log
from recruitdesk.analysis.repo_parts import Evidence
from recruitdesk.analysis.repository import RepoInfo, build_repo_result
from recruitdesk.analysis.result import AnalysisResult, RedFlag, RepoResult, Skill, Source
from recruitdesk.domain.figures import RepoFigures
from recruitdesk.domain.open_source import open_source_score
from recruitdesk.domain.scoring import assess
from recruitdesk.domain.track import guess_track, repo_standing, skill_confidence, track_share

#: Evidence items kept per skill across all repositories.
EVIDENCE_PER_SKILL = 5
#: Track weight a repository's DevOps files (Dockerfile, Jenkinsfile, ...) add.
DEVOPS_FILES_WEIGHT = 1.0


def figures(repo: RepoResult) -> RepoFigures:
    """The scoring view of a repository."""
    return RepoFigures(
        name=repo.name,
        files=repo.files,
        sloc=repo.sloc,
        cc_mean=repo.cc_mean,
        cc_max=repo.cc_max,
        mi_mean=repo.mi_mean,
        functions=repo.functions,
        typed_functions_ratio=repo.typed_functions_ratio,
        docstring_ratio=repo.docstring_ratio,
        test_files=repo.test_files,
        has_tests=repo.has_tests,
        has_ci=repo.has_ci,
        has_readme=repo.has_readme,
        python_features=repo.python_features,
        py2_files=repo.py2_files,
        parse_errors=repo.parse_errors,
        has_history=repo.has_history,
        commit_count=repo.commits.count,
        commits_by_user=repo.commits.by_user,
        conventional_ratio=repo.commits.conventional_ratio,
        mean_subject_len=repo.commits.mean_subject_len,
        vague_ratio=repo.commits.vague_ratio,
        body_ratio=repo.commits.body_ratio,
        nontrivial_commits=repo.commits.nontrivial,
        active_days=repo.commits.active_days,
        span_days=repo.commits.span_days,
        commits_of_everyone=repo.authorship is not None and not repo.authorship.candidate,
        authored_share=_authored_share(repo),
        blocks=repo.blocks,
        complex_blocks=repo.complex_blocks,
        very_complex_blocks=repo.very_complex_blocks,
        public_definitions=repo.public_definitions,
        stub_typed_modules=repo.stub_typed_modules,
        tooling=repo.tooling_kinds,
        skipped_files=repo.skipped_files,
        test_cases=repo.test_cases,
        assertions=repo.assertions,
        test_frameworks=repo.test_frameworks,
    )


def _authored_share(repo: RepoResult) -> float:
    """How much of the repository the scores credit to the candidate (all of it when
    unknown or when the analysis is about everyone)."""
    authorship = repo.authorship
    return 1.0 if authorship is None or authorship.share is None else authorship.share


def skills_of(repos: Sequence[RepoResult]) -> tuple[Skill, ...]:
    found: dict[str, list[Evidence]] = defaultdict(list)
    repos_of: dict[str, set[str]] = defaultdict(set)
    for repo in repos:
        for item in repo.evidence:
            found[item.skill].append(Evidence(repo.name, item.path, item.why))
            repos_of[item.skill].add(repo.name)
    skills = [
        Skill(
            name=name,
            confidence=skill_confidence(len(items), len(repos_of[name])),
            evidence=tuple(items[:EVIDENCE_PER_SKILL]),
        )
        for name, items in found.items()
    ]
    return tuple(sorted(skills, key=lambda skill: (-skill.confidence, skill.name)))


def _track_points(repo: RepoResult, catalogue: Catalogue) -> dict[str, float]:
    """Each library counts once, at its catalogue weight times its strongest evidence."""
    strongest: dict[str, float] = defaultdict(float)
    for item in repo.evidence:
        strongest[item.skill] = max(strongest[item.skill], evidence_weight(item.path))
    points: dict[str, float] = defaultdict(float)
    for name, strength in strongest.items():
        skill = catalogue.skill(name)
        if skill is not None and skill.track is not None:
            points[skill.track] += skill.weight * strength
    if "devops_files" in repo.tooling_kinds:
        points["devops_automation"] += DEVOPS_FILES_WEIGHT
    return points


def _age_days(pushed_at: str | None, now: datetime) -> float | None:
    if not pushed_at:
        return None
    try:
        pushed = datetime.fromisoformat(pushed_at.replace("Z", "+00:00"))
    except ValueError:
        return None
    pushed = pushed if pushed.tzinfo else pushed.replace(tzinfo=UTC)
    return (now - pushed).total_seconds() / 86400


def track_weights(
    repos: Sequence[RepoResult], catalogue: Catalogue, now: datetime | None = None
) -> dict[str, float]:
    """Each track's weight: every repository's standing (code volume, tests, stars,
    recency) times its share of the track, so the main repository decides, not a count
    of the frameworks seen anywhere."""
    now = now or datetime.now(UTC)
    weights: dict[str, float] = defaultdict(float)
    for repo in repos:
        standing = repo_standing(
            repo.sloc, repo.has_tests, repo.stars, _age_days(repo.pushed_at, now)
        )
        for track, share in track_share(_track_points(repo, catalogue)).items():
            weights[track] += standing * share
    return dict(weights)


def assemble(
    *,
    source: Source,
    repos: Sequence[RepoResult],
    login: str | None = None,
    path: str | None = None,
    api_requests: int = 0,
    forks_only: bool = False,
    listing_etag: str | None = None,
    catalogue: Catalogue | None = None,
    contributions: Contributions | None = None,
) -> AnalysisResult:
    catalogue = catalogue or load_catalogue()
    assessment = assess(
        [figures(repo) for repo in repos],
        forks_only=forks_only,
        open_source=None if contributions is None else open_source_score(contributions.figures()),
    )
    for repo in repos:
        if repo.authorship is not None:
            assessment.explanations.setdefault("overall", []).extend(
                explain(repo.name, repo.authorship)
            )
    return AnalysisResult(
        source=source,
        login=login,
        path=path,
        analyzed_at=datetime.now(UTC).replace(microsecond=0),
        api_requests=api_requests,
        repos=tuple(repos),
        scores=assessment.scores,
        skills=with_contributions(skills_of(repos), contributions, catalogue),
        red_flags=tuple(RedFlag(flag.code, flag.message) for flag in assessment.red_flags),
        track=guess_track(track_weights(repos, catalogue)),
        explanations=assessment.explanations,
        score_evidence=assessment.evidence,
        listing_etag=listing_etag,
        contributions=contributions,
    )


def _repo_name(path: Path) -> str:
    name = path.name
    for suffix in (".tar.gz", ".tgz", ".zip"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def analyze_path(
    path: Path | str,
    *,
    authors: Sequence[str] = (),
    workers: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> AnalysisResult:
    """Analyse a local checkout (with its git history when it has one), a ``.zip`` or
    a ``.tar.gz``, offline. ``authors`` (names or addresses) name whose work it is; the
    code figures still cover the whole checkout, and the result says how much of it
    they wrote."""
    root = Path(path).expanduser().resolve()
    files = read_source(root, limits)
    log = git_log(root) if root.is_dir() else None
    if authors and not log:
        raise AnalysisError(
            f"{root} has no git history, so whose work it is cannot be told (--author)."
        )
    history = local_history(root, log, authors) if log else None
    repo = build_repo_result(
        RepoInfo(name=_repo_name(root)),
        files,
        commits=history[0] if history else None,
        workers=workers,
    )
    if history:
        repo = replace(repo, authorship=history[1])
    return assemble(source="path", repos=[repo], path=str(root))
