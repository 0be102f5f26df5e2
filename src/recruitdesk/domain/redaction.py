"""Keeping secrets out of what leaves the app (exports, reports).

A link a user pasted can carry a credential: ``https://user:token@host/...`` or a query
parameter such as ``?access_token=...``. What goes out keeps the link without them.
"""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: Query parameters that carry credentials, by name (case-insensitive).
SECRET_PARAMETERS = frozenset(
    {
        "token",
        "access_token",
        "auth",
        "auth_token",
        "api_key",
        "apikey",
        "key",
        "password",
        "secret",
        "client_secret",
        "sig",
        "signature",
        "x-amz-signature",
        "x-amz-credential",
    }
)


#: What a link becomes when it cannot even be parsed: better lost than leaking.
UNREADABLE_LINK = "(a link that could not be read)"
_TOKEN_SHAPES = re.compile(
    r"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})"
    r"|(?i:\b(?:token|access_token|auth|signature|sig)=)[^&\s'\"]+"
)


def _public_parameters(text: str) -> str:
    kept = [
        (name, value)
        for name, value in parse_qsl(text, keep_blank_values=True)
        if name.lower() not in SECRET_PARAMETERS
    ]
    return urlencode(kept)


def without_credentials(url: str) -> str:
    """``url`` without a user name, password or credential-bearing parameter (in the
    query or the fragment, where OAuth puts ``access_token``)."""
    try:
        parts = urlsplit(url)
        hostname, port = parts.hostname, parts.port
    except ValueError:
        return UNREADABLE_LINK
    query = _public_parameters(parts.query) if parts.query else ""
    fragment = parts.fragment
    if "=" in fragment:
        fragment = _public_parameters(fragment)
    if (
        parts.username is None
        and parts.password is None
        and query == parts.query
        and fragment == parts.fragment
    ):
        return url
    host = hostname or ""
    if port:
        host = f"{host}:{port}"
    return urlunsplit((parts.scheme, host, parts.path, query, fragment))


def redact_secrets(text: str) -> str:
    """``text`` with anything shaped like a GitHub token, or a ``token=...`` parameter,
    replaced: for log lines, where a library may write a URL or header it was given."""
    return _TOKEN_SHAPES.sub("<redacted>", text)
