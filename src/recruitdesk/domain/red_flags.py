"""The red flags an analysis raises: the warning signs of the hiring guides' code review
(no tests, Python 2 syntax, no type hints, vague commits, no README) and of the
portfolio (forks with no work of one's own). Each has a stable code positions match on.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from recruitdesk.domain.figures import RepoFigures
from recruitdesk.domain.wording import count, percent

#: Functions needed before "no type hints" is a fair judgement.
MIN_FUNCTIONS_FOR_TYPING = 5
#: Below this share of typed functions, the code has no type hints to speak of.
NO_TYPE_HINTS_BELOW = 0.05
#: Commits by the user needed before "vague commit messages" is a fair judgement.
MIN_COMMITS_FOR_HYGIENE = 5
#: From this share of vague subjects on, commit messages are a red flag.
VAGUE_COMMITS_FROM = 0.3


@dataclass(frozen=True, slots=True)
class Flag:
    code: str
    message: str


class RedFlagCode:
    """The stable codes of red flags (other tools and positions match on them)."""

    NO_TESTS = "no_tests"
    PYTHON2_SYNTAX = "python2_syntax"
    NO_TYPE_HINTS = "no_type_hints"
    FORKS_ONLY = "forks_only"
    VAGUE_COMMITS = "vague_commits"
    NO_README = "no_readme"


def red_flags(repos: Sequence[RepoFigures], *, forks_only: bool = False) -> tuple[Flag, ...]:
    """The red flags the figures show, in a stable order."""
    flags: list[Flag] = []
    if forks_only:
        flags.append(
            Flag(
                RedFlagCode.FORKS_ONLY,
                "Every public repository is a fork the candidate never committed to.",
            )
        )
    with_code = [repo for repo in repos if repo.files > 0]
    if with_code and not any(repo.has_tests for repo in with_code):
        flags.append(Flag(RedFlagCode.NO_TESTS, "None of the analysed repositories has tests."))
    py2 = sum(repo.py2_files for repo in repos)
    if py2:
        uses = "still uses" if py2 == 1 else "still use"
        flags.append(
            Flag(RedFlagCode.PYTHON2_SYNTAX, f"{count(py2, 'file')} {uses} Python 2 syntax.")
        )
    functions = sum(repo.functions for repo in repos)
    if functions >= MIN_FUNCTIONS_FOR_TYPING:
        typed = sum(repo.typed_functions_ratio * repo.functions for repo in repos) / functions
        if typed < NO_TYPE_HINTS_BELOW:
            flags.append(
                Flag(
                    RedFlagCode.NO_TYPE_HINTS,
                    f"Only {percent(typed)} of {count(functions, 'function')} have type hints.",
                )
            )
    known = [repo for repo in repos if repo.has_history and repo.commits_by_user > 0]
    commits = sum(repo.commits_by_user for repo in known)
    if commits >= MIN_COMMITS_FOR_HYGIENE:
        vague = sum(repo.vague_ratio * repo.commits_by_user for repo in known) / commits
        if vague >= VAGUE_COMMITS_FROM:
            flags.append(
                Flag(
                    RedFlagCode.VAGUE_COMMITS,
                    f"{percent(vague)} of the candidate's commit messages say nothing "
                    "about the change.",
                )
            )
    if repos and not any(repo.has_readme for repo in repos):
        flags.append(Flag(RedFlagCode.NO_README, "No analysed repository has a README."))
    return tuple(flags)
