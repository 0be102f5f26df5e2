import pytest

from recruitdesk.domain.redaction import UNREADABLE_LINK, redact_secrets, without_credentials


@pytest.mark.parametrize(
    ("url", "public"),
    [
        ("https://github.com/ada", "https://github.com/ada"),
        ("https://ada:ghp_secret@github.com/ada", "https://github.com/ada"),
        ("https://host:8443/p?q=1", "https://host:8443/p?q=1"),
        ("https://host/p?tab=repos&access_token=ghp_x", "https://host/p?tab=repos"),
        ("https://host/p?TOKEN=abc", "https://host/p"),
        ("https://s3.example/f?X-Amz-Signature=abc&v=2", "https://s3.example/f?v=2"),
        ("not a url at all", "not a url at all"),
    ],
)
def test_credentials_are_taken_out_of_links(url: str, public: str) -> None:
    assert without_credentials(url) == public


def test_fragments_and_unreadable_links_keep_nothing_secret() -> None:
    assert (
        without_credentials("https://app/cb#access_token=abc&state=1") == "https://app/cb#state=1"
    )
    assert without_credentials("https://[::1/oops?token=x") == UNREADABLE_LINK


@pytest.mark.parametrize(
    "line",
    [
        "GET https://codeload.github.com/a/b/tar.gz/main?token=AAAA1234 302",
        "Authorization: token ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        "using github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
    ],
)
def test_log_lines_lose_token_shaped_text(line: str) -> None:
    cleaned = redact_secrets(line)
    assert "<redacted>" in cleaned
    for secret in ("AAAA1234", "ghp_abc", "github_pat_11"):
        assert secret not in cleaned
