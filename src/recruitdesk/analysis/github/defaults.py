"""The defaults of a GitHub analysis that the command line's help and the settings
show: kept apart from PyGithub, which showing them must not import."""

DEFAULT_API_URL = "https://api.github.com"
#: How many repositories are analysed by default: the most relevant ones.
DEFAULT_REPO_LIMIT = 10
#: Pause between API requests: GitHub asks for serial requests, not bursts.
SECONDS_BETWEEN_REQUESTS = 0.25
#: PyPI's JSON API, asked for the releases of the packages a candidate publishes.
DEFAULT_PYPI_URL = "https://pypi.org/pypi"


def pypi_for(api_url: str) -> str | None:
    """PyPI is asked alongside GitHub itself; beside another API (a GitHub Enterprise,
    a test server) it is not, unless asked for."""
    return DEFAULT_PYPI_URL if api_url.rstrip("/") == DEFAULT_API_URL else None
