"""The server's migrations build exactly the schema its models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from sync.server.database import SCHEMA_HEAD, current_revision, head_revision, migrate, open_engine
from sync.server.models import ServerBase


def test_migrations_match_the_models(server_db_url: str) -> None:
    """GIVEN an empty database (SQLite, then PostgreSQL)
    WHEN the migrations run, twice
    THEN the schema equals the models' (no difference autogenerate would find), the stored
    revision is the head the start-up check compares with, and the second run changes nothing
    """
    engine = open_engine(server_db_url)
    try:
        migrate(engine)
        migrate(engine)
        assert current_revision(engine) == SCHEMA_HEAD == head_revision()
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "version_table": "server_alembic_version"}
            )
            differences = compare_metadata(context, ServerBase.metadata)
            tables = set(inspect(connection).get_table_names())
        assert differences == []
        assert set(ServerBase.metadata.tables) <= tables
    finally:
        engine.dispose()
