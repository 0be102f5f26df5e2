"""Analysis: turns a GitHub login, a local folder or an archive into a result value.

No Qt, no database: the callers store the value (``recruitdesk.storage.analyses``).

- :func:`recruitdesk.analysis.engine.analyze_path`: a checkout, ``.zip`` or ``.tar.gz``.
- :func:`recruitdesk.analysis.github.account.analyze_login`: a GitHub user's repositories.
- :mod:`~recruitdesk.analysis.result`: the result dataclasses and their JSON.
- :mod:`~recruitdesk.analysis.errors`: the known errors, with ``retry_at``.

Inside: :mod:`.archive` reads untrusted archives as streams, :mod:`.metrics` measures
one file (one parse, radon plus one ``ast`` pass), :mod:`.pool` spreads files over worker
processes behind one function, :mod:`.history` reads commits, :mod:`.repository` sums
a repository up, :mod:`.evidence` finds its skills and :mod:`.tooling` its tooling,
:mod:`.catalogue` reads ``resources/skill_catalogue.json``, :mod:`.requirements` reads
requirement files; the score formulas are in :mod:`recruitdesk.domain.scoring`.
"""
