"""Opening the kiosk's SQLite database: durable pragmas, immediate write transactions, migrations.

Every connection runs in WAL mode with ``synchronous=FULL`` so that a committed
transaction survives a power cut or ``kill -9``. Transactions start with
``BEGIN IMMEDIATE`` so two writers never interleave a read-then-write
(e.g. "next ticket number") and collide at commit.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, Enum, String, create_engine, event, literal, select, type_coerce
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.errors import DamagedDatabaseError
from sync.migrating import SchemaScripts

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SCHEMA_HEAD = "0006"
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
    """An engine on ``path`` (created if missing) with the kiosk's pragmas on every connection.

    A new database file is created readable by its owner only (0600, whatever the umask);
    SQLite gives its ``-wal`` and ``-shm`` files the same permissions as the database file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: an existing file (and its permissions) is left as it is.
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    else:
        os.chmod(path, 0o600)  # the umask may have narrowed the mode further, never widened it
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


def damage_in(engine: Engine) -> str | None:
    """What is wrong with the database's content, in a few words, or ``None`` when it is sound.

    Runs SQLite's ``quick_check`` (every page and index entry is readable and consistent) and
    looks for values the models cannot load: a column of an ``Enum`` type holding a string
    that is none of the enum's values (a row written by hand or by a flipped byte), which
    would otherwise fail every later read of that row. Raises SQLAlchemy's ``DatabaseError``
    when SQLite cannot read the file at all.
    """
    from kiosk.storage.models import kiosk_metadata

    with engine.connect() as connection:
        problems = [
            str(row[0]) for row in connection.exec_driver_sql("PRAGMA quick_check(3)") if row[0] != "ok"
        ]
        if problems:
            return "; ".join(problems)
        for table in kiosk_metadata().sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, Enum):
                    continue
                allowed = list(column.type.enums)
                stored = type_coerce(column, String())  # the raw text, not the enum it would load as
                bad = connection.execute(
                    select(literal(1)).select_from(table).where(stored.not_in(allowed)).limit(1)
                ).first()
                if bad is not None:
                    return f"table {table.name} has a row whose {column.name} is not a known value"
    return None


def open_database(path: Path) -> Engine:
    """The kiosk's database at ``path``, migrated to the newest schema and checked.

    Raises :class:`~kiosk.errors.DamagedDatabaseError` (one sentence naming the file and what
    to do) when the file is not a database, is torn or corrupted, or holds a row the kiosk
    cannot load; it never starts on a database it would fail on later, mid-session.
    """
    engine = open_engine(path)
    try:
        migrate(engine)
        problem = damage_in(engine)
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        raise DamagedDatabaseError(path, sqlite_reason(exc)) from exc
    except LookupError as exc:  # a row holds a value its column's enum does not know
        engine.dispose()
        raise DamagedDatabaseError(path, "a row holds a value the kiosk does not know") from exc
    if problem is not None:
        engine.dispose()
        raise DamagedDatabaseError(path, problem)
    return engine


def sqlite_reason(exc: BaseException) -> str:
    """SQLite's own words ("file is not a database"), without SQLAlchemy's statement dump."""
    original = getattr(exc, "orig", None) or exc
    return str(original.args[0]) if original.args else type(original).__name__
