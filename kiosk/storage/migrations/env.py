"""Alembic environment: always run with a connection handed over by ``kiosk.storage.database``."""

from __future__ import annotations

from kiosk.storage.models import kiosk_metadata
from sync.migrating import run_environment

run_environment(kiosk_metadata(), runner="kiosk.storage.database.migrate()")
