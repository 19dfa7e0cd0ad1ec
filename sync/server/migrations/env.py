"""Alembic environment of the server: always run with a connection from ``sync.server.database``."""

from __future__ import annotations

from sync.migrating import run_environment
from sync.server.models import ServerBase

run_environment(ServerBase.metadata, runner="sync.server.database.migrate()")
