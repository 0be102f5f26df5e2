import pytest

from recruitdesk.domain.redaction import without_credentials


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
