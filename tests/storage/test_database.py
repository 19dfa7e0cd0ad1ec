"""The kiosk database: durable pragmas, migrations in place, one commit for ticket and outbox."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from kiosk.app import DATABASE_FILE_NAME, Kiosk
from kiosk.storage.database import current_revision, head_revision, migrate, open_engine, session_factory
from kiosk.storage.models import QueueTicketRecord
from sync.outbox import OutboxItem


def test_every_connection_is_wal_and_synchronous_full(tmp_path: Path) -> None:
    engine = open_engine(tmp_path / "k.db")
    migrate(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_an_old_database_upgrades_in_place_keeping_its_rows(tmp_path: Path) -> None:
    """GIVEN a database at the first schema with a row WHEN the kiosk starts THEN it is at head, row kept."""
    path = tmp_path / "old.db"
    engine = open_engine(path)
    migrate(engine, "0001")
    assert current_revision(engine) == "0001"
    engine.dispose()
    # The row is written as the first schema knew it (today's model has more columns).
    with sqlite3.connect(path) as old:
        old.execute(
            "insert into outbox (idempotency_key, kind, schema_version, created_at, state, attempts, payload)"
            " values ('k-1', 'legacy', 1, ?, 'pending', 0, '{\"n\":1}')",
            (datetime.now(UTC).isoformat(),),
        )
    tables = {
        row[0] for row in sqlite3.connect(path).execute("select name from sqlite_master where type='table'")
    }
    assert "queue_ticket" not in tables

    engine = open_engine(path)
    migrate(engine)
    assert current_revision(engine) == head_revision()
    with session_factory(engine)() as db:
        assert db.scalars(select(OutboxItem.idempotency_key)).all() == ["k-1"]
        assert db.scalar(select(func.count()).select_from(QueueTicketRecord)) == 0
    engine.dispose()


def test_ticket_and_outbox_row_commit_or_vanish_together(
    make_kiosk: Callable[..., Kiosk], monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN the outbox insert fails WHEN a ticket is issued THEN no ticket row is left behind."""
    kiosk = make_kiosk()
    first = kiosk.queue.issue_ticket("A", "vi")
    monkeypatch.setattr("kiosk.services.queue.new_idempotency_key", lambda: first.transaction_id)
    with pytest.raises(IntegrityError):
        kiosk.queue.issue_ticket("A", "vi")
    with kiosk.sessions() as db:
        assert db.scalar(select(func.count()).select_from(QueueTicketRecord)) == 1
        assert db.scalar(select(func.count()).select_from(OutboxItem)) == 1


def test_times_come_back_timezone_aware(make_kiosk: Callable[..., Kiosk]) -> None:
    kiosk = make_kiosk()
    issued = kiosk.queue.issue_ticket("A", "vi")
    with kiosk.sessions() as db:
        item = db.scalars(select(OutboxItem)).one()
        ticket = db.scalars(select(QueueTicketRecord)).one()
    assert item.created_at == issued.issued_at and item.created_at.tzinfo is not None
    assert ticket.issued_at == issued.issued_at


def test_database_file_lives_in_kiosk_home(make_kiosk: Callable[..., Kiosk]) -> None:
    kiosk = make_kiosk()
    assert (kiosk.home / DATABASE_FILE_NAME).is_file()


def test_schema_head_constant_matches_the_migrations() -> None:
    from kiosk.storage.database import SCHEMA_HEAD

    assert head_revision() == SCHEMA_HEAD
