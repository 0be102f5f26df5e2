"""The open source score: judged only on evidence, never lowered by its absence."""

from hypothesis import given
from hypothesis import strategies as st

from recruitdesk.domain.contribution_view import contributions_view
from recruitdesk.domain.contributions import Project
from recruitdesk.domain.open_source import (
    NO_CONTRIBUTIONS,
    ContributionFigures,
    best_and_weakest,
    open_source_score,
    standing,
)
from recruitdesk.domain.pr_writing import Writing

GOOD = Writing(True, True, True, 80)
BARE = Writing(False, False, False, 3)

#: The strings of ``[a-z]{1,8}/[a-z]{1,8}``: built from two words, a third the cost of
#: drawing them through ``st.from_regex`` (1.1 s of the bounded-score test's 1.7 s).
_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
projects = st.lists(
    st.builds(
        Project,
        st.builds("{}/{}".format, _word, _word),
        st.integers(1, 200),
        st.none() | st.integers(0, 500_000),
    ),
    max_size=12,
)
writings = st.lists(
    st.builds(Writing, st.booleans(), st.booleans(), st.booleans(), st.integers(0, 3_000)),
    max_size=30,
)


def test_nothing_public_is_not_judged_and_says_so_only() -> None:
    judged = open_source_score(ContributionFigures())
    assert judged.score is None
    assert judged.lines == [NO_CONTRIBUTIONS]


def test_reviews_alone_are_judged_on_reviews() -> None:
    judged = open_source_score(ContributionFigures(reviews_total=40, reviewed_projects=3))
    assert judged.score is not None
    assert judged.score > 50
    assert judged.lines[0] == "Reviewed 40 pull requests in 3 projects run by others."


def test_well_known_projects_outrank_unknown_ones_at_equal_counts() -> None:
    known = [Project("django/django", 10, 80_000), Project("psf/requests", 6, 50_000)]
    small = [Project("a/b", 10, 3), Project("c/d", 6, 0)]
    high = open_source_score(ContributionFigures(16, known, [GOOD] * 16))
    low = open_source_score(ContributionFigures(16, small, [GOOD] * 16))
    assert high.score is not None
    assert low.score is not None
    assert high.score > low.score + 20


def test_bare_descriptions_score_below_explained_ones() -> None:
    work = [Project("django/django", 10, 80_000)]
    good = open_source_score(ContributionFigures(10, work, [GOOD] * 10))
    bare = open_source_score(ContributionFigures(10, work, [BARE] * 10))
    assert good.score is not None
    assert bare.score is not None
    assert good.score > bare.score
    assert "Of 10 descriptions read, 0 say why" in " ".join(bare.lines)


@given(projects, writings, st.integers(0, 5_000))
def test_any_figures_give_a_bounded_score(
    found: list[Project], written: list[Writing], reviews: int
) -> None:
    merged = sum(project.merged for project in found)
    judged = open_source_score(ContributionFigures(merged, found, written, reviews, 1))
    if merged or reviews:
        assert judged.score is not None
        assert 0 <= judged.score <= 100
    else:
        assert judged.score is None


@given(st.none() | st.integers(0, 10**7), st.integers(0, 10**7))
def test_standing_grows_with_stars_and_stays_within_bounds(a: int | None, b: int) -> None:
    assert 0 <= standing(a) <= 1
    if a is not None and a <= b:
        assert standing(a) <= standing(b)


@given(writings)
def test_the_best_is_never_worse_than_the_weakest(written: list[Writing]) -> None:
    picked = best_and_weakest(written)
    if not written:
        assert picked is None
        return
    assert picked is not None
    best, weakest = picked
    assert written[best].points >= written[weakest].points


def test_a_view_of_a_damaged_record_does_not_fail() -> None:
    record = {
        "merged_total": 2,
        "pulls": [{"repo": "o/r", "number": 1, "url": "javascript:alert(1)", "title": None}, 5],
        "projects": [{"repo": "o/r", "merged": 2, "stars": None}, "x"],
        "packages": [{"name": "p", "releases": 0}],
    }
    view = contributions_view(record)
    assert view is not None
    assert view.evidence[0].url == ""  # only http(s) links are ever linked
    assert view.evidence[0].title == ""
    assert view.packages == ()
    assert contributions_view(None) is None
