"""Alembic's environment: runs the revisions on the connection the app hands over.

``recruitdesk.storage.migrate`` passes its open connection in
``config.attributes["connection"]``; Alembic's own command line (see ``alembic.ini`` at
the top of the repository) passes a URL instead.
"""

from alembic import context
from sqlalchemy import Connection

from recruitdesk.storage.database import create_database_engine, resolve_url
from recruitdesk.storage.migrate import include_in_autogenerate
from recruitdesk.storage.models.base import Base


def _run(connection: Connection) -> None:
    # render_as_batch: SQLite can only alter a table by rebuilding it; batch mode does.
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
        include_object=include_in_autogenerate,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = resolve_url(context.config.get_main_option("sqlalchemy.url"))
    engine = create_database_engine(url)
    try:
        with engine.begin() as own_connection:
            _run(own_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("recruitdesk's migrations run online only")
run_migrations_online()
