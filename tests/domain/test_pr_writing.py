"""How a pull request is written: real-looking descriptions in several styles."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recruitdesk.domain.pr_writing import (
    MAX_BODY_CHARS,
    QUOTE_CHARS,
    Writing,
    authored_text,
    judge_writing,
    quote,
)

PROSE = """\
`Session.merge()` dropped the pending state of related objects when the parent was
already in the identity map, because the cascade visited the stale copy first. This
changes the visit order so the new state wins.

Fixes #10423.

I added a regression test in `test/orm/test_merge.py` that fails on main and passes
here, and ran the ORM suite locally with `pytest test/orm -p no:randomly`.
"""

TEMPLATE_FILLED = """\
<!-- Thank you for contributing! Please fill in the sections below. -->
## Description
Adds a `timeout` argument to `Client.stream()` so long downloads can be bounded;
previously the only way was a global setting that also affected short calls.

## Related issue
Closes https://github.com/encode/httpx/issues/2810

## How has this been tested?
- [x] Unit tests
- [ ] Documentation updated
Tested with a local server that stalls after the headers.
"""

TEMPLATE_EMPTY = """\
<!-- Thank you for contributing! Please fill in the sections below. -->
## Description
<!-- What does this change and why? -->

## Related issue
<!-- Link the issue: Fixes #1234 -->

## Checklist
- [ ] I added tests
- [ ] I updated the docs
"""

TERSE = "fix typo"

BULLETS = """\
* bump ruff to 0.6
* reformat
* drop py38 from the matrix
"""

JIRA = """\
DATA-4411: the exporter wrote naive datetimes, so rows from Sydney landed a day early
in the warehouse. Convert to UTC before writing.

Verified by re-running yesterday's export against staging and diffing the counts.
"""


def test_a_prose_description_has_every_quality() -> None:
    writing = judge_writing(PROSE)
    assert writing == Writing(True, True, True, writing.words)
    assert writing.useful_length
    assert writing.points == 100


def test_a_filled_template_is_judged_on_what_the_author_wrote() -> None:
    writing = judge_writing(TEMPLATE_FILLED)
    assert writing.says_why
    assert writing.links_issue
    assert writing.describes_testing
    assert "Thank you for contributing" not in authored_text(TEMPLATE_FILLED)
    assert "Documentation updated" not in authored_text(TEMPLATE_FILLED)


def test_an_untouched_template_says_nothing() -> None:
    # Its comments mention an issue and its unticked items mention tests: neither is
    # the author's.
    assert judge_writing(TEMPLATE_EMPTY) == Writing()
    assert judge_writing(TEMPLATE_EMPTY).points == 0


@pytest.mark.parametrize("body", [None, "", "   \n\n", TERSE])
def test_empty_and_terse_bodies_score_low(body: str | None) -> None:
    writing = judge_writing(body)
    assert writing.points <= 15
    assert not writing.useful_length


def test_a_bullet_list_of_changes_is_short_and_says_no_why() -> None:
    writing = judge_writing(BULLETS)
    assert not writing.says_why
    assert not writing.links_issue
    assert not writing.describes_testing


def test_a_tracker_key_counts_as_an_issue_link() -> None:
    writing = judge_writing(JIRA)
    assert writing.links_issue
    assert writing.says_why
    assert writing.describes_testing


def test_a_pasted_log_is_not_a_useful_length() -> None:
    log = "Traceback line " * 2_000
    assert not judge_writing(log).useful_length


def test_a_fenced_log_is_not_read_as_the_authors_words() -> None:
    body = "Bumps the pin.\n\n```\nERROR test_x because #12 failed\n```\n"
    writing = judge_writing(body)
    assert not writing.says_why
    assert not writing.links_issue
    assert not writing.describes_testing


def test_a_megabyte_body_is_bounded() -> None:
    body = ("because " * 10) + "x" * 3_000_000 + " Fixes #1"
    writing = judge_writing(body)
    assert writing.says_why
    assert not writing.links_issue  # past the bound: never read
    assert len(authored_text(body)) <= MAX_BODY_CHARS


def test_hostile_markup_is_reduced_to_text() -> None:
    body = "<script>alert(1)</script><img src=x onerror=alert(2)> Fixes <b>the bug</b> because"
    text = authored_text(body)
    assert "<" not in text
    assert ">" not in text
    assert judge_writing(body).says_why


def test_a_quote_is_short_plain_and_cut_at_a_word() -> None:
    text = quote(PROSE)
    assert len(text) <= QUOTE_CHARS + 1
    assert text.endswith("…")
    assert text.startswith("`Session.merge()` dropped")
    assert quote(TERSE) == "fix typo"


@given(st.text(max_size=3_000))
def test_any_text_is_judged_within_bounds(body: str) -> None:
    writing = judge_writing(body)
    assert 0 <= writing.points <= 100
    assert writing.words >= 0
    assert len(quote(body)) <= QUOTE_CHARS + 1


@given(st.text(alphabet=st.characters(blacklist_characters="<`~"), max_size=500))
def test_an_appended_issue_link_is_always_seen(body: str) -> None:
    before = judge_writing(body)
    after = judge_writing(body + "\n\nFixes #42")
    assert after.links_issue
    assert after.says_why == before.says_why
