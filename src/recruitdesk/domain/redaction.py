"""Keeping secrets out of what leaves the app (exports, reports).

A link a user pasted can carry a credential: ``https://user:token@host/...`` or a query
parameter such as ``?access_token=...``. What goes out keeps the link without them.
"""

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


def without_credentials(url: str) -> str:
    """``url`` without a user name, password or credential-bearing query parameter."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    query = parts.query
    if query:
        kept = [
            (name, value)
            for name, value in parse_qsl(query, keep_blank_values=True)
            if name.lower() not in SECRET_PARAMETERS
        ]
        query = urlencode(kept)
    if parts.username is None and parts.password is None and query == parts.query:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, query, parts.fragment))
