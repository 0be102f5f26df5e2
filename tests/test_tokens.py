"""Tokens live in the keyring only; without a usable keyring the app says so."""

import io
import json
from pathlib import Path

import pytest
from tests.keyrings import MemoryKeyring

from recruitdesk.cli import main
from recruitdesk.errors import KnownError
from recruitdesk.tokens import (
    SERVICE,
    KeyringUnavailableError,
    add_token,
    remove_token,
    token_names,
    token_pool,
    unusable_reason,
)

SECRET = "ghp_knownTestToken0123456789abcdefABCDEF"


def all_files_under(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_tokens_go_to_the_keyring_and_only_names_to_disk(
    memory_keyring: MemoryKeyring, isolated_folders: Path
) -> None:
    add_token("work", f"  {SECRET}\n")
    add_token("spare", "ghp_second")
    assert token_names() == ["work", "spare"]
    assert memory_keyring.secrets[(SERVICE, "work")] == SECRET
    assert [t.name for t in token_pool()] == ["work", "spare"]
    assert SECRET.encode() not in all_files_under(isolated_folders)
    assert SECRET not in repr(token_pool())
    remove_token("work")
    assert token_names() == ["spare"]
    assert (SERVICE, "work") not in memory_keyring.secrets


def test_github_token_from_the_environment_joins_the_pool(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_token("work", "ghp_one")
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_env")
    assert [(t.name, t.value) for t in token_pool()] == [
        ("work", "ghp_one"),
        ("GITHUB_TOKEN (environment)", "ghp_env"),
    ]


@pytest.mark.parametrize("name", ["", "has space", "-leading", "x" * 65, "semi;colon"])
def test_bad_names_are_refused(memory_keyring: MemoryKeyring, name: str) -> None:
    with pytest.raises(KnownError, match="is not a token name"):
        add_token(name, "ghp_x")
    assert token_names() == []


def test_the_fail_backend_is_reported_with_the_fix(no_keyring: None) -> None:
    reason = unusable_reason()
    assert reason is not None
    assert "No usable keyring backend" in reason
    assert "GITHUB_TOKEN" in reason
    with pytest.raises(KeyringUnavailableError, match="No usable keyring"):
        add_token("work", SECRET)
    assert token_names() == []


def test_without_a_keyring_github_token_still_works(
    no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_env")
    assert [t.name for t in token_pool()] == ["GITHUB_TOKEN (environment)"]


def test_cli_reads_the_value_from_stdin_never_argv(
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    isolated_folders: Path,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(SECRET + "\n"))
    assert main(["token", "add", "work"]) == 0
    assert memory_keyring.secrets[(SERVICE, "work")] == SECRET
    assert main(["token", "list"]) == 0
    out = capsys.readouterr().out
    assert "work\tin the keyring" in out
    assert SECRET not in out
    assert SECRET.encode() not in all_files_under(isolated_folders)  # logs included
    names = json.loads(
        (isolated_folders / "xdg_config_home/recruitdesk/token-names.json").read_text()
    )
    assert names == ["work"]
    assert main(["token", "remove", "work"]) == 0
    assert main(["token", "remove", "work"]) == 1
    assert "no token named 'work'" in capsys.readouterr().err


def test_cli_without_a_keyring_says_so_in_one_line(
    no_keyring: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["token", "add", "work"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "No usable keyring backend" in err[0]


def test_token_list_without_a_keyring_warns_on_stderr_and_fails(
    no_keyring: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_env")
    assert main(["token", "list", "--offline"]) == 1
    out, err = capsys.readouterr()
    assert err.startswith("recruitdesk: No usable keyring backend")
    assert len(err.strip().splitlines()) == 1
    assert out == "GITHUB_TOKEN\tfrom the environment, for this run only\n"


@pytest.mark.parametrize("named", ["", "no.such.Backend", "keyring.backends.fail.Nope"])
def test_a_keyring_backend_variable_naming_nothing_is_one_sentence(
    named: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", named)
    # As in a fresh process: keyring reads the variable on first use.
    monkeypatch.setattr("keyring.core._keyring_backend", None)
    assert main(["token", "add", "work"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"recruitdesk: PYTHON_KEYRING_BACKEND={named!r} names no keyring backend: unset it, or "
        "name one that is installed, such as keyring.backends.SecretService.Keyring."
    ]
    assert token_pool() == []
    # Listing says only that: "add one" would fail the same way.
    assert main(["token", "list", "--offline"]) == 1
    listed = capsys.readouterr()
    assert (listed.out, len(listed.err.strip().splitlines())) == ("", 1)
