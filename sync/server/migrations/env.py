"""Alembic environment of the server: always run with a connection from ``sync.server.database``."""

from __future__ import annotations

from alembic import context

from sync.server.models import ServerBase

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("server migrations run through sync.server.database.migrate()")

context.configure(
    connection=connection,
    target_metadata=ServerBase.metadata,
    render_as_batch=True,
    version_table="server_alembic_version",
)
with context.begin_transaction():
    context.run_migrations()
