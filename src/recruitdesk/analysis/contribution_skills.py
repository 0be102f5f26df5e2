"""Skills evidenced by work other projects accepted: pull requests merged into a
library's own repository ("12 merged pull requests to django/django") show the
library better than an import does, so they come first among its evidence.

A project is a catalogue skill when its repository's name is a distribution or a
module the skill catalogue knows (``pallets/flask`` is Flask); other projects evidence
no skill.
"""

from collections.abc import Sequence

from recruitdesk.analysis.catalogue import Catalogue, CatalogueSkill
from recruitdesk.analysis.contribution_parts import Contributions
from recruitdesk.analysis.repo_parts import Evidence
from recruitdesk.analysis.result import Skill
from recruitdesk.domain.contributions import Project
from recruitdesk.domain.wording import count

#: Evidence items kept per skill (as for the candidate's own repositories).
EVIDENCE_PER_SKILL = 5
#: Confidence of a skill shown by one merged pull request, and what each further one
#: (up to :data:`FULL_AT`) adds.
BASE_CONFIDENCE = 0.6
FULL_AT = 5


def project_skill(project: Project, catalogue: Catalogue) -> CatalogueSkill | None:
    name = project.repo.rsplit("/", 1)[-1]
    return catalogue.by_requirement(name) or catalogue.by_import(name.replace("-", "_").lower())


def _evidence(project: Project, contributions: Contributions) -> Evidence:
    first = next((pull for pull in contributions.pulls if pull.repo == project.repo), None)
    why = f"{count(project.merged, 'merged pull request')} to {project.repo}"
    # The path within the project, as a file's is: "django/django" + "pull/111".
    return Evidence(project.repo, f"pull/{first.number}" if first else "", why)


def with_contributions(
    skills: Sequence[Skill], contributions: Contributions | None, catalogue: Catalogue
) -> tuple[Skill, ...]:
    """``skills`` with the evidence of merged pull requests added (new skills too)."""
    if contributions is None or not contributions.projects:
        return tuple(skills)
    found = {skill.name: skill for skill in skills}
    for project in contributions.projects:
        known = project_skill(project, catalogue)
        if known is None:
            continue
        confidence = min(1.0, BASE_CONFIDENCE + 0.1 * (min(project.merged, FULL_AT) - 1))
        evidence = _evidence(project, contributions)
        old = found.get(known.name)
        if old is None:
            found[known.name] = Skill(known.name, round(confidence, 2), (evidence,))
        else:
            found[known.name] = Skill(
                known.name,
                round(max(old.confidence, confidence), 2),
                (evidence, *old.evidence)[:EVIDENCE_PER_SKILL],
            )
    return tuple(sorted(found.values(), key=lambda skill: (-skill.confidence, skill.name)))
