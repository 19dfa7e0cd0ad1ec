"""Opening the kiosk's SQLite database: durable pragmas, immediate write transactions, migrations.

Every connection runs in WAL mode with ``synchronous=FULL`` so that a committed
transaction survives a power cut or ``kill -9``. Transactions start with
``BEGIN IMMEDIATE`` so two writers never interleave a read-then-write
(e.g. "next ticket number") and collide at commit.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from sync.migrating import SchemaScripts

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SCHEMA_HEAD = "0005"
"""The newest migration. Start-up compares the database with it and only loads Alembic
(about a tenth of a second) when there is something to upgrade; a test keeps it in step."""
SCRIPTS = SchemaScripts(MIGRATIONS_DIR, SCHEMA_HEAD)


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's begin event below issue BEGIN itself (pysqlite would defer it).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def open_engine(path: Path) -> Engine:
    """An engine on ``path`` (created if missing) with the kiosk's pragmas on every connection."""
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def alembic_config() -> Config:
    return SCRIPTS.alembic_config()


def head_revision() -> str:
    return SCRIPTS.head_revision()


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database (``None`` for a new, empty database)."""
    return SCRIPTS.current_revision(engine)


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrades the database in place to ``revision`` (start-up runs this; data is kept)."""
    SCRIPTS.migrate(engine, revision)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)
