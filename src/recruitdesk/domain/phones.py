"""Phone numbers as people write them, and one form to compare them by.

``+49 30 1234567``, ``0049 (30) 123-45-67`` and ``030 1234567`` are one number: the
comparison form is the national significant number (the digits after the country code
and the trunk prefix, by Google's libphonenumber rules through ``phonenumbers``), since
a number written without its country code says nothing of which country it is in.
"""

import re

import phonenumbers

#: The shortest and longest runs of digits a phone number has (E.164 allows 15).
_FEWEST_DIGITS = 7
_MOST_DIGITS = 15
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
    digits = re.sub(r"\D", "", text)
    if not _FEWEST_DIGITS <= len(digits) <= _MOST_DIGITS + 2:
        return None
    international = text.strip().startswith("+") or digits.startswith("00")
    if international:
        candidate = "+" + digits.removeprefix("00") if not text.strip().startswith("+") else text
        try:
            parsed = phonenumbers.parse(candidate, None)
        except phonenumbers.NumberParseException:
            return None
        return phonenumbers.national_significant_number(parsed)
    # A national number's trunk prefix (0 in most of Europe) is not part of it.
    return digits.lstrip("0")


def find_phone(text: str) -> str | None:
    """The first phone number written in ``text``, as written: an international one
    anywhere, or a national one after a label ("Phone: 030 1234567")."""
    for match in phonenumbers.PhoneNumberMatcher(text, None, leniency=phonenumbers.Leniency.VALID):
        return " ".join(match.raw_string.split())
    labelled = _LABELLED.search(text)
    if labelled and phone_key(labelled.group(1)):
        return " ".join(labelled.group(1).split())
    return None
