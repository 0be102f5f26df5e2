"""Phone numbers as people write them, and one form to compare them by.

``+49 30 1234567``, ``0049 (30) 123-45-67`` and ``030 1234567`` are one number: the
comparison form is the digits after the country code (found in libphonenumber's table of
country codes, through ``phonenumbers``) and the trunk prefix, since a number written
without its country code says nothing of which country it is in. Finding a number in a
CV's text is ``phonenumbers``' matcher (parsing every stored number with it is 90 us a
number, too slow for a whole base).
"""

import re

import phonenumbers
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

#: The shortest and longest runs of digits a phone number has (E.164 allows 15).
_FEWEST_DIGITS = 7
_MOST_DIGITS = 15
_NOT_DIGIT = re.compile(r"\D")
#: What people put between digits: dropped in one pass, the pattern being the fallback.
_SEPARATORS = str.maketrans("", "", " -()./+")


def _code_lengths() -> dict[str, int]:
    """The length of the country code each three first digits start with (country codes
    are prefix-free), so a number's code is one lookup."""
    codes = {str(code) for code in COUNTRY_CODE_TO_REGION_CODE}
    lengths = {}
    for number in range(1000):
        start = f"{number:03d}"
        lengths[start] = next((size for size in (1, 2, 3) if start[:size] in codes), 0)
    return lengths


_CODE_LENGTH = _code_lengths()
#: A label in front of a number written without a country code.
_LABELLED = re.compile(
    r"(?:phone|mobile|cell|tel(?:ephone)?|handy|telefon)\.?\s*[:.]?\s*"
    r"(\(?\+?[\d][\d ()./-]{5,20}\d)",
    re.IGNORECASE,
)


def phone_key(text: str | None) -> str | None:
    """The form two writings of one number share, or ``None`` for no number."""
    if not text:
        return None
    # A whole base is keyed at once: the common writing takes one translation.
    digits = text.translate(_SEPARATORS)
    if not (digits.isascii() and digits.isdigit()):
        # Digits of any script count as theirs ("٠٣٠" is "030").
        digits = "".join(str(int(digit)) for digit in _NOT_DIGIT.sub("", text))
    if not _FEWEST_DIGITS <= len(digits) <= _MOST_DIGITS + 2:
        return None
    international = text.lstrip().startswith("+")
    if international or digits.startswith("00"):
        if not international:
            digits = digits[2:]
        digits = digits[_CODE_LENGTH[digits[:3]] :]
    # The trunk prefix (0 in most of Europe, "(0)" after a country code) is dropped on
    # both sides, so a national and an international writing agree (Italy's leading 0,
    # kept in its numbers, is dropped from both alike).
    return digits.lstrip("0") or None


def find_phone(text: str) -> str | None:
    """The first phone number written in ``text``, as written: an international one
    anywhere, or a national one after a label ("Phone: 030 1234567")."""
    for match in phonenumbers.PhoneNumberMatcher(text, None, leniency=phonenumbers.Leniency.VALID):
        return " ".join(match.raw_string.split())
    labelled = _LABELLED.search(text)
    if labelled and phone_key(labelled.group(1)):
        return " ".join(labelled.group(1).split())
    return None
