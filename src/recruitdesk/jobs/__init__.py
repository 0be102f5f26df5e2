"""Background work: the bridge from Qt to the core (docs/architecture.md, "Threads").

The only package that makes Qt threads. :mod:`recruitdesk.jobs.tasks` is the one
background API (a function run on a ``QThreadPool``, its success, failure and progress
delivered to callbacks on the GUI thread); :mod:`recruitdesk.jobs.manager` runs the
persistent GitHub job queue on it: analyses and sourcing runs
(:mod:`recruitdesk.jobs.sourcing_job`). :mod:`recruitdesk.jobs.budget` and
:mod:`recruitdesk.jobs.token_status` are plain Python (no Qt), so the command line can
use them without loading Qt.
"""
