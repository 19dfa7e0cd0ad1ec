"""The server's database: SQLite (one file, embedded) or PostgreSQL (by URL), same migrations.

SQLite runs in WAL mode with ``synchronous=FULL`` and ``BEGIN IMMEDIATE`` write
transactions, as the kiosk does: an acknowledgment is only sent once it is on disk, and two
lease requests never read the same counter. PostgreSQL gets psycopg 3 and a connection
pool; its row locks keep concurrent workers apart.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from sync.migrating import SchemaScripts

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SCHEMA_HEAD = "0006"
_MIGRATION_LOCK_ID = 0x6B696F736B  # any constant: one PostgreSQL advisory lock for migrations
SCRIPTS = SchemaScripts(
    MIGRATIONS_DIR, SCHEMA_HEAD, version_table="server_alembic_version", advisory_lock=_MIGRATION_LOCK_ID
)


class DatabaseUrlError(ValueError):
    """The database URL names something the server cannot use."""


def normalise_url(url: str) -> URL:
    """``sqlite:///path`` or ``postgresql://...`` (run on psycopg 3 whatever driver is named)."""
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise DatabaseUrlError(f"'{url}' is not a database URL.") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise DatabaseUrlError("An in-memory SQLite database loses every transaction: give a file.")
        return parsed.set(drivername="sqlite")
    if backend == "postgresql":
        return parsed.set(drivername="postgresql+psycopg")
    raise DatabaseUrlError(f"Database '{backend}' is not supported: use sqlite:///FILE or postgresql://.")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # BEGIN is issued by the begin event below
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def open_engine(url: str) -> Engine:
    """An engine for ``url``; creates the SQLite file's folder. Raises :class:`DatabaseUrlError`."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        assert parsed.database is not None
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(parsed, pool_size=10, max_overflow=20, pool_pre_ping=True)


def alembic_config() -> Config:
    return SCRIPTS.alembic_config()


def head_revision() -> str:
    return SCRIPTS.head_revision()


def current_revision(engine: Engine) -> str | None:
    return SCRIPTS.current_revision(engine)


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrades the schema in place. Several workers may start at once on PostgreSQL: an
    advisory lock lets one migrate while the others wait."""
    SCRIPTS.migrate(engine, revision)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def insert_for(session: Session, table: Any) -> Any:
    """The dialect's INSERT (with ``on_conflict_do_nothing`` / ``on_conflict_do_update``), for
    the single-statement upserts that stay correct when workers race on PostgreSQL."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)
