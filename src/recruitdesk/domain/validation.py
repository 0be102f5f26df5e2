"""Syntax checks for the contact fields a recruiter types: pure functions, no I/O.

Each check returns ``None`` when the text is acceptable, or one sentence saying what is
wrong, fit to show beside the field. Empty text is acceptable everywhere (the fields are
optional); callers strip the text first.
"""

import re
from urllib.parse import urlsplit

#: GitHub's own rule for user names: 1-39 characters, letters, digits and single
#: hyphens, neither first nor last.
GITHUB_LOGIN_MAX = 39
_GITHUB_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*$")
#: A practical address check: one @, a local part without spaces, a domain with a dot.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
EMAIL_MAX = 320


def email_problem(text: str) -> str | None:
    """Why ``text`` is not an e-mail address, or ``None``."""
    if not text:
        return None
    if len(text) > EMAIL_MAX:
        return f"An e-mail address has at most {EMAIL_MAX} characters."
    if any(ch.isspace() for ch in text):
        return "An e-mail address has no spaces."
    if text.count("@") != 1:
        return "An e-mail address has exactly one @."
    local, domain = text.split("@")
    if not local:
        return "Something must come before the @."
    if ".." in text or domain.startswith(".") or local.startswith(".") or local.endswith("."):
        return "An e-mail address has no empty parts between dots."
    if not _EMAIL.match(text):
        return "The part after the @ must be a domain such as example.com."
    return None


def url_problem(text: str) -> str | None:
    """Why ``text`` is not a web address (http or https with a host), or ``None``."""
    if not text:
        return None
    if any(ch.isspace() for ch in text):
        return "A web address has no spaces."
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https"):
        return "A web address starts with https:// (or http://)."
    host = parts.hostname or ""
    if not host:
        return "A web address needs a host name after https://."
    labels = host.split(".")
    if len(labels) < 2 and host != "localhost":
        return f"{host!r} is not a full host name (such as github.com)."
    if not all(_HOST_LABEL.match(label) for label in labels):
        return f"{host!r} is not a valid host name."
    return None


def github_login_problem(text: str) -> str | None:
    """Why ``text`` cannot be a GitHub user name, or ``None``."""
    if not text:
        return None
    if len(text) > GITHUB_LOGIN_MAX:
        return f"A GitHub login has at most {GITHUB_LOGIN_MAX} characters."
    if text.startswith("-") or text.endswith("-"):
        return "A GitHub login cannot start or end with a hyphen."
    if "--" in text:
        return "A GitHub login cannot hold two hyphens in a row."
    if not _GITHUB_LOGIN.match(text):
        return "A GitHub login holds only letters, digits and hyphens."
    return None


def normalise_github_login(text: str) -> str:
    """Accept a profile address or an @-prefixed name where a login is expected."""
    text = text.strip()
    for prefix in ("https://github.com/", "http://github.com/", "github.com/", "@"):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
            break
    return text.strip("/")
