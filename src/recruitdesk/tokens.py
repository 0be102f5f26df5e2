"""GitHub tokens, kept only in the operating system's keyring.

The values live under one keyring service name; the list of token names (never their
values) lives in a small JSON file in the user config folder, because keyrings cannot
list what they hold. Where the system has no usable keyring (keyring's ``fail``
backend, as on a headless Linux, or a plain-text backend from ``keyrings.alt``), every
call says so in one sentence with the fix, and ``GITHUB_TOKEN`` still works for one
run. There is no fallback to a file: a token never touches the disk through this app.

Imports nothing of ours but :mod:`recruitdesk.errors`.
"""

import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from platformdirs import user_config_path

from recruitdesk.errors import KnownError

SERVICE = "recruitdesk-github"
#: The keyring entry of the suppression list's key (``storage/suppression.py``): apart
#: from the tokens, so no token name can collide with it.
SUPPRESSION_SERVICE = "recruitdesk-suppression"
SUPPRESSION_ENTRY = "key"
ENV_TOKEN = "GITHUB_TOKEN"  # noqa: S105 (the variable's name, not a secret)
ENV_SOURCE = "GITHUB_TOKEN (environment)"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
#: Backends that store secrets in plain files: refused, whatever their priority.
_PLAIN_TEXT_BACKENDS = ("PlaintextKeyring", "EncryptedKeyring", "UncryptedFileKeyring")


class KeyringUnavailableError(KnownError):
    """The system has no keyring this app may store tokens in."""


@dataclass(frozen=True, slots=True)
class Token:
    """A token to use, with where it came from. ``repr`` never shows the value."""

    name: str
    value: str

    def __repr__(self) -> str:
        return f"Token(name={self.name!r}, value=<hidden>)"


def _names_file() -> Path:
    return user_config_path("recruitdesk", appauthor=False) / "token-names.json"


def unusable_reason(backend: KeyringBackend | None = None) -> str | None:
    """Why the keyring cannot hold tokens, as one sentence; ``None`` when it can."""
    if backend is None:
        try:
            backend = keyring.get_keyring()
        except (ValueError, ImportError, AttributeError):
            # keyring loads the backend PYTHON_KEYRING_BACKEND names on first use.
            named = os.environ.get("PYTHON_KEYRING_BACKEND", "")
            return (
                f"PYTHON_KEYRING_BACKEND={named!r} names no keyring backend: unset it, or "
                "name one that is installed, such as keyring.backends.SecretService.Keyring."
            )
    kind = type(backend).__name__
    module = type(backend).__module__
    fix = (
        "install and unlock a Secret Service keyring (GNOME Keyring or KWallet) or use "
        "your system's keychain, or set GITHUB_TOKEN for one run"
    )
    if module == "keyring.backends.fail":
        return f"No usable keyring backend on this system: {fix}."
    if module == "keyring.backends.null":
        return f"The keyring is disabled (the 'null' backend): {fix}."
    if kind in _PLAIN_TEXT_BACKENDS or module.startswith("keyrings.alt"):
        return f"The keyring backend {module}.{kind} keeps secrets in a plain file: {fix}."
    return None


def _require_keyring() -> None:
    reason = unusable_reason()
    if reason is not None:
        raise KeyringUnavailableError(reason)


def token_names() -> list[str]:
    """The names of the stored tokens, in the order they were added."""
    path = _names_file()
    try:
        names = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as error:
        raise KnownError(f"The token list {path} cannot be read: {error}.") from None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise KnownError(f"The token list {path} is not a list of names.")
    return names


def _write_names(names: list[str]) -> None:
    path = _names_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(names, indent=1) + "\n", encoding="utf-8")
    partial.replace(path)


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise KnownError(
            f"{name!r} is not a token name: use up to 64 letters, digits, '.', '_' or '-'."
        )
    return name


def check_value(value: str) -> str:
    value = value.strip()
    if not value:
        raise KnownError("The token is empty.")
    if any(ch.isspace() for ch in value) or len(value) > 255:
        raise KnownError("That does not look like a GitHub token (no spaces, at most 255 chars).")
    return value


def add_token(name: str, value: str) -> None:
    """Store (or replace) a token under ``name``."""
    check_name(name)
    value = check_value(value)
    _require_keyring()
    try:
        keyring.set_password(SERVICE, name, value)
    except keyring.errors.KeyringError as error:
        raise KeyringUnavailableError(
            f"The keyring refused the token ({type(error).__name__}); is it locked?"
        ) from None
    names = token_names()
    if name not in names:
        _write_names([*names, name])


def remove_token(name: str) -> None:
    names = token_names()
    if name not in names:
        raise KnownError(f"There is no token named {name!r}.")
    _require_keyring()
    try:
        keyring.delete_password(SERVICE, name)
    except keyring.errors.PasswordDeleteError:
        pass  # already gone from the keyring; forget the name all the same
    except keyring.errors.KeyringError as error:
        raise KeyringUnavailableError(
            f"The keyring refused to delete the token ({type(error).__name__}); is it locked?"
        ) from None
    _write_names([n for n in names if n != name])


def token_pool() -> list[Token]:
    """Every token this run may use: the stored ones, then ``GITHUB_TOKEN``.

    Without a usable keyring the stored ones are skipped (not an error), so
    ``GITHUB_TOKEN`` alone still works.
    """
    pool: list[Token] = []
    if unusable_reason() is None:
        for name in token_names():
            try:
                value = keyring.get_password(SERVICE, name)
            except keyring.errors.KeyringError:
                continue
            if value:
                pool.append(Token(name, value))
    env_value = os.environ.get(ENV_TOKEN, "").strip()
    if env_value:
        pool.append(Token(ENV_SOURCE, env_value))
    return pool


def sourcing_token() -> str | None:
    """The token a sourcing run uses: ``GITHUB_TOKEN`` when set (it is meant for this
    run), else the first stored one."""
    pool = token_pool()
    chosen = next((token for token in pool if token.name == ENV_SOURCE), None)
    chosen = chosen or (pool[0] if pool else None)
    return chosen.value if chosen else None


def suppression_key(*, create: bool) -> bytes | None:
    """The secret key of the suppression list's hashes; with ``create``, made (32 random
    bytes) when the keyring has none. Without ``create`` and without a usable keyring:
    ``None`` (the list then cannot be checked, and says so)."""
    if not create and unusable_reason() is not None:
        return None
    _require_keyring()
    try:
        value = keyring.get_password(SUPPRESSION_SERVICE, SUPPRESSION_ENTRY)
        if value is None and create:
            value = secrets.token_hex(32)
            keyring.set_password(SUPPRESSION_SERVICE, SUPPRESSION_ENTRY, value)
    except keyring.errors.KeyringError as error:
        raise KeyringUnavailableError(
            f"The keyring refused the suppression key ({type(error).__name__}); is it locked?"
        ) from None
    return bytes.fromhex(value) if value else None
