"""The defaults of a GitHub analysis that the command line's help and the settings
show: kept apart from PyGithub, which showing them must not import."""

DEFAULT_API_URL = "https://api.github.com"
#: How many repositories are analysed by default: the most relevant ones.
DEFAULT_REPO_LIMIT = 10
