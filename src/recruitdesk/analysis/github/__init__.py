"""A GitHub user's repositories, analysed (docs/architecture.md, "The analysis").

- :mod:`.defaults`: the API address and how many repositories, without PyGithub, for
  the command line's help and the settings.
- :mod:`.client`: the API requests through PyGithub, each counted, each failure typed.
- :mod:`.listing`: the user's repositories (with the listing's ETag) and their ranking.
- :mod:`.repo`: one repository's commits and tarball (with its ETag), measured.
- :mod:`.contributions`: the user's merged pull requests and reviews in others'
  projects, and those projects' stars, from the search API.
- :mod:`.run_state`: how far a sourcing run got, which :mod:`.people_run` goes on from.
- :mod:`.account`: :func:`~.account.analyze_login`, which ties them together.
"""
