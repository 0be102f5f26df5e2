"""The database schema: SQLAlchemy 2.0 typed ORM models, a module per part of the app.

Every module is imported here, so each mapper's relationships (named by class name
across modules) resolve whichever model a caller imports first, and ``Base.metadata``
always holds every table.
"""

from recruitdesk.storage.models import (
    analysis,
    clients,
    consent,
    cv_files,
    duplicates,
    hiring,
    imports,
    outreach,
    pipeline,
    sourcing,
    team,
)

__all__ = [
    "analysis",
    "clients",
    "consent",
    "cv_files",
    "duplicates",
    "hiring",
    "imports",
    "outreach",
    "pipeline",
    "sourcing",
    "team",
]
