"""Cells of the CSV files the app writes and reads, safe from formula injection.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or a
carriage return before one) as a formula, so a candidate-supplied value could run in
the recruiter's spreadsheet. An export puts a quote before such a cell (OWASP's advice);
an import takes exactly that quote away again, so a round trip keeps the value.
"""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def protected(text: str) -> str:
    """``text`` as a CSV export writes it."""
    return "'" + text if text.startswith(FORMULA_START) else text


def unprotected(text: str) -> str:
    """A cell as an export wrote it, back to its value (stripped of white space)."""
    text = text.strip()
    if text[:1] == "'" and text[1:2] in FORMULA_START:
        return text[1:]
    return text
