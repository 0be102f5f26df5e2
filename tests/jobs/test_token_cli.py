"""``recruitdesk token list``: whose each token is and its budget, offline-tolerant."""

import pytest
from tests.jobs.helpers import SECRET, TokenServer
from tests.keyrings import MemoryKeyring

from recruitdesk.cli import main
from recruitdesk.tokens import add_token


def test_token_list_names_the_login_and_the_budget(
    memory_keyring: MemoryKeyring,
    token_server: TokenServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_token("work", SECRET)
    add_token("spent", "ghp_spent")
    add_token("revoked", "ghp_revoked")
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_env")
    token_server.budgets.update({SECRET: 4321, "ghp_spent": 0, "ghp_env": 60})
    token_server.token_logins.update({SECRET: "ada", "ghp_spent": "bob", "ghp_env": "cyd"})
    assert main(["token", "list", "--api-url", token_server.url]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "work\tin the keyring\tGitHub user ada, 4,321 of 5,000 requests left"
    assert out[1].startswith("spent\tin the keyring\t")
    assert "\tGitHub user bob, 0 of 5,000 requests left until " in out[1]
    assert (
        out[2] == "revoked\tin the keyring\tGitHub refused this token (wrong, expired or revoked)"
    )
    assert out[3].startswith(
        "GITHUB_TOKEN\tfrom the environment, for this run only\tGitHub user cyd"
    )
    assert SECRET not in "\n".join(out)


def test_token_list_offline_still_lists_the_names(
    memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    add_token("work", SECRET)
    server = TokenServer().start()
    url = server.url
    server.stop()  # nobody answers there now
    assert main(["token", "list", "--api-url", url]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("work\tin the keyring\toffline: GitHub at ")
    assert "login and rate limit unknown" in line
    assert main(["token", "list", "--offline"]) == 0
    assert capsys.readouterr().out == "work\tin the keyring\n"
