"""A stored analysis with work in others' projects, for the pane's and the report's
tests: well and badly written pull requests, one with a hostile title."""

from recruitdesk.analysis.contribution_parts import Contributions, Package
from recruitdesk.analysis.engine import assemble
from recruitdesk.analysis.result import RepoResult
from recruitdesk.domain.contributions import Project, PullRequest
from recruitdesk.domain.pr_writing import judge_writing, quote

GOOD_BODY = (
    "The admin changelist ran one query per row when `list_select_related` named a "
    "reverse relation, because the prefetch was dropped. This keeps it.\n\n"
    "Fixes #35111. Added a test with `assertNumQueries` and ran the admin suite."
)
WEAK_BODY = "update"
HOSTILE_TITLE = '<script>alert("x")</script><img src=x onerror=alert(1)> & </table>'


def _pull(repo: str, number: int, title: str, body: str) -> PullRequest:
    return PullRequest(
        repo=repo,
        number=number,
        title=title,
        url=f"https://github.com/{repo}/pull/{number}",
        merged_at="2025-06-03T09:00:00Z",
        writing=judge_writing(body),
        quote=quote(body),
    )


def sample_contributions() -> Contributions:
    pulls = (
        *(
            _pull("django/django", 17000 + n, f"Fixed #{35100 + n} -- admin", GOOD_BODY)
            for n in range(4)
        ),
        _pull("psf/requests", 6401, HOSTILE_TITLE, WEAK_BODY),
    )
    return Contributions(
        merged_total=5,
        pulls=pulls,
        projects=(
            Project("django/django", 4, 81_200, "Python"),
            Project("psf/requests", 1, 52_000),
        ),
        reviews_total=7,
        reviewed=(("django/django", 6), ("pallets/flask", 1)),
        packages=(Package("shop", "shop", 3, "1.2.0"),),
    )


def github_record(login: str, contributions: Contributions | None) -> dict[str, object]:
    """A stored GitHub analysis of ``login`` with one small repository."""
    repo = RepoResult(name="shop", sloc=800, functions=30, typed_functions_ratio=0.8, blocks=30)
    result = assemble(source="github", repos=[repo], login=login, contributions=contributions)
    return result.to_record()
