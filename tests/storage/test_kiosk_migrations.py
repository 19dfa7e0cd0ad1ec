"""The kiosk's migrations build exactly the schema its models describe (domain, outbox and
lease tables: one metadata), as the server's do for its own (tests/sync/test_server_migrations.py)."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from kiosk.storage.database import SCHEMA_HEAD, current_revision, head_revision, migrate, open_engine
from kiosk.storage.models import kiosk_metadata


def test_migrations_match_the_models(tmp_path: Path) -> None:
    """GIVEN an empty kiosk database
    WHEN the migrations run, twice
    THEN the schema equals the models' (tables, columns, types, nullability, indexes and unique
    constraints: no difference autogenerate would find), the stored revision is the head the
    start-up check compares with, and the second run changes nothing
    """
    engine = open_engine(tmp_path / "kiosk.sqlite3")
    try:
        migrate(engine)
        migrate(engine)
        assert current_revision(engine) == SCHEMA_HEAD == head_revision()
        metadata = kiosk_metadata()
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, metadata)
            tables = set(inspect(connection).get_table_names())
        assert differences == []
        assert set(metadata.tables) <= tables
    finally:
        engine.dispose()


def test_one_metadata_holds_the_domain_outbox_and_lease_tables() -> None:
    """GIVEN the kiosk's models WHEN their metadata is read THEN the sync worker's tables are in
    the same metadata as the domain tables (so the migrations' environment sees them all)"""
    assert {"queue_ticket", "print_job", "audit_event", "outbox", "number_lease", "slot_quota"} <= set(
        kiosk_metadata().tables
    )
