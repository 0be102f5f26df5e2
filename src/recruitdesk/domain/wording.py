"""Counts and ordinals in English, so "1 page" and "3rd" read right wherever a number
meets a noun (views, reports, the command line)."""


def plural(number: int, noun: str, plural_form: str | None = None) -> str:
    """``noun`` or its plural for ``number`` (``plural_form`` for irregular nouns)."""
    if number == 1:
        return noun
    return plural_form if plural_form is not None else f"{noun}s"


def count(number: int, noun: str, plural_form: str | None = None) -> str:
    """ "1 page", "2 pages", "1,200 candidates": the number with thousands separators."""
    return f"{number:,} {plural(number, noun, plural_form)}"


def ordinal(number: int) -> str:
    """ "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "112th"."""
    if number % 100 in (11, 12, 13):
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
