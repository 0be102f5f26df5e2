"""Syntax checks for e-mail addresses, web addresses and GitHub logins."""

import string

import pytest
from email_validator import SPECIAL_USE_DOMAIN_NAMES, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from recruitdesk.domain.validation import (
    _SPECIAL_USE,
    email_problem,
    github_login_problem,
    is_plain_email,
    normalise_github_login,
    url_problem,
)


@pytest.mark.parametrize(
    "text",
    ["", "ana@example.com", "a.b+tag@mail.example.co.uk", "x@sub-domain.io", "josé@bücher.de"],
)
def test_good_email_addresses_pass(text: str) -> None:
    assert email_problem(text) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("ana.example.com", "exactly one @"),
        ("ana@@example.com", "exactly one @"),
        ("ana @example.com", "no spaces"),
        ("@example.com", "before the @"),
        ("ana@example", "domain"),
        ("ana@example..com", "empty parts"),
        ("a" * 320 + "@example.com", "at most 320"),
        ('bob@ex"ample.com', "invalid characters"),
        ("bob@exa[mple.com", "invalid characters"),
        ('"bob"@example.com', "Quoting the part before"),
        ("bob@-example.com", "hyphen immediately after the @-sign"),
        ("bob@example.test", "special-use or reserved"),
    ],
)
def test_bad_email_addresses_say_why(text: str, words: str) -> None:
    problem = email_problem(text)
    assert problem is not None
    assert words in problem


@pytest.mark.parametrize(
    "text", ["", "https://github.com/ana", "http://localhost:8000/x", "https://a.b.co/?q=1"]
)
def test_good_urls_pass(text: str) -> None:
    assert url_problem(text) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("github.com/ana", "starts with https://"),
        ("ftp://example.com", "starts with https://"),
        ("https://", "host name"),
        ("https://intranet/page", "not a full host name"),
        ("https://exa mple.com", "no spaces"),
        ("https://-bad-.com", "not a valid host name"),
    ],
)
def test_bad_urls_say_why(text: str, words: str) -> None:
    problem = url_problem(text)
    assert problem is not None
    assert words in problem


@pytest.mark.parametrize("text", ["", "a", "ana-lopez", "A1-b2-C3", "x" * 39])
def test_good_github_logins_pass(text: str) -> None:
    assert github_login_problem(text) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("-ana", "start or end with a hyphen"),
        ("ana-", "start or end with a hyphen"),
        ("ana--lopez", "two hyphens"),
        ("ana_lopez", "letters, digits and hyphens"),
        ("ana.lopez", "letters, digits and hyphens"),
        ("x" * 40, "at most 39"),
    ],
)
def test_bad_github_logins_say_why(text: str, words: str) -> None:
    problem = github_login_problem(text)
    assert problem is not None
    assert words in problem


@pytest.mark.parametrize(
    ("text", "login"),
    [("https://github.com/ana-l/", "ana-l"), ("@ana", "ana"), (" ana ", "ana")],
)
def test_profile_addresses_become_logins(text: str, login: str) -> None:
    assert normalise_github_login(text) == login


_ALNUM = string.ascii_letters + string.digits
_LOCAL = _ALNUM + "!#$%&'*+/=?^_`{|}~-"
#: A few letters, a digit and many hyphens: labels such as ``ab--c`` and ``xn--9a``
#: come up often, where random text over all 63 characters almost never makes them.
_HYPHENS = "ax9----"
_SPECIAL = sorted(SPECIAL_USE_DOMAIN_NAMES)


@st.composite
def _sized(draw: st.DrawFn, alphabet: str, most: int) -> str:
    """Text whose length is drawn evenly up to ``most``: long parts, near the library's
    limits, as often as short ones. A few drawn characters are repeated to the length:
    drawing every character of parts this long was most of the test's time."""
    size = draw(st.integers(0, most))
    pattern = draw(st.text(alphabet, min_size=1, max_size=8))
    return (pattern * size)[:size]


@st.composite
def _top(draw: st.DrawFn) -> str:
    """Letters; one time in four a special-use name the library refuses, in either case."""
    if draw(st.integers(0, 3)) == 0:
        name = draw(st.sampled_from(_SPECIAL))
        return name.upper() if draw(st.booleans()) else name
    return draw(st.text(string.ascii_letters, min_size=2, max_size=63))


@st.composite
def _label(draw: st.DrawFn) -> str:
    """A domain label of letters and digits, hyphens inside, at most 63 characters."""
    alphabet = draw(st.sampled_from([_ALNUM, _HYPHENS]))
    # IDNA's rule on hyphens at the third and fourth characters, Punycode's prefix.
    head = draw(st.sampled_from(["", "", "", "xn--", "a1--"])) or draw(st.sampled_from(_ALNUM))
    if len(head) == 1 and draw(st.booleans()):
        return head
    return head + draw(_sized(alphabet, 62 - len(head))) + draw(st.sampled_from(_ALNUM))


@st.composite
def _plain_shaped(draw: st.DrawFn) -> str:
    """An address of a plain address's characters, drawn toward the edges the library
    checks: long parts (near its 64 and 254 limits), hyphens in labels, special-use
    names. ``st.from_regex(_PLAIN_EMAIL)`` drew at several times the cost and never made
    a label with ``--`` at its third character, which the library refuses and the fast
    path took until this strategy found ``0@a0--a.AA``."""
    atoms = draw(st.lists(_sized(_LOCAL, 30).filter(bool), min_size=1, max_size=3))
    labels = draw(st.lists(_label(), min_size=1, max_size=5))
    return f"{'.'.join(atoms)}@{'.'.join([*labels, draw(_top())])}"


@settings(max_examples=400, deadline=None)
@given(_plain_shaped())
def test_every_plain_address_the_fast_path_takes_the_library_takes_too(text: str) -> None:
    """The fast path for plain addresses may only skip the library where the library
    would say yes: whatever it accepts, email-validator accepts."""
    if is_plain_email(text):
        validate_email(text, check_deliverability=False)


def test_the_fast_path_knows_the_library_s_special_use_domains() -> None:
    assert frozenset(SPECIAL_USE_DOMAIN_NAMES) == _SPECIAL_USE
    assert not is_plain_email("bob@shop.test")
    assert not is_plain_email("bob@ab--cd.com")
    assert is_plain_email("ada.lovelace+jobs@mail.example.com")
