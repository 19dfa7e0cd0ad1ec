"""Alembic environment: always run with a connection handed over by ``kiosk.storage.database``."""

from __future__ import annotations

from alembic import context

from kiosk.storage.models import Base
from sync.outbox import OutboxBase

target_metadata = [Base.metadata, OutboxBase.metadata]

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("kiosk migrations run through kiosk.storage.database.migrate()")

context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
