"""Upgrading a database's schema in place with its Alembic scripts: one implementation for the
kiosk's database (``kiosk.storage.database``) and the server's (``sync.server.database``).

It sits in ``sync/`` because both may import it: the kiosk imports ``sync/``, and neither
``sync/`` nor the server may import ``kiosk/``.

Alembic is imported only when something is to be done (about a tenth of a second): start-up
first compares the stored revision with the scripts' known head, which costs one query.
Each ``env.py`` is one call to :func:`run_environment`, always with a connection handed over
by :meth:`SchemaScripts.migrate` (the caller's engine, pragmas and transaction).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, MetaData, column, inspect, select, table, text

if TYPE_CHECKING:
    from alembic.config import Config

_CONNECTION = "connection"
_VERSION_TABLE = "version_table"


@dataclass(frozen=True)
class SchemaScripts:
    """One database's migration scripts.

    ``head`` is the newest revision as a constant (a test keeps it equal to the scripts'
    head), so the start-up check needs no Alembic. ``advisory_lock`` (PostgreSQL only): the
    id of the advisory lock held while migrating, so that of several server workers starting
    at once one migrates while the others wait.
    """

    directory: Path
    head: str
    version_table: str = "alembic_version"
    advisory_lock: int | None = None

    def alembic_config(self) -> Config:
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(self.directory))
        config.attributes[_VERSION_TABLE] = self.version_table
        return config

    def head_revision(self) -> str:
        """The newest revision of the scripts themselves (loads Alembic)."""
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(self.alembic_config()).get_current_head()
        if head is None:
            raise RuntimeError(f"no migrations found in {self.directory}")
        return head

    def current_revision(self, engine: Engine) -> str | None:
        """The schema revision stored in the database (``None`` for a new, empty database)."""
        with engine.connect() as connection:
            if not inspect(connection).has_table(self.version_table):
                return None
            versions = table(self.version_table, column("version_num"))
            version = connection.execute(select(versions.c.version_num)).scalar()
            return str(version) if version is not None else None

    def migrate(self, engine: Engine, revision: str = "head") -> None:
        """Upgrades the database in place to ``revision`` in one transaction; data is kept.
        Does nothing (and loads no Alembic) when the database is already at the head."""
        if revision == "head" and self.current_revision(engine) == self.head:
            return
        from alembic import command

        config = self.alembic_config()
        with engine.begin() as connection:
            if self.advisory_lock is not None and engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": self.advisory_lock})
            config.attributes[_CONNECTION] = connection
            command.upgrade(config, revision)


def run_environment(target_metadata: MetaData | Sequence[MetaData], *, runner: str) -> None:
    """The whole of an ``env.py``: runs the scripts on the connection :meth:`SchemaScripts.migrate`
    handed over. Raises RuntimeError when Alembic was started any other way (``runner`` names
    the function to use instead)."""
    from alembic import context

    connection = context.config.attributes.get(_CONNECTION)
    if connection is None:
        raise RuntimeError(f"these migrations run through {runner}")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        version_table=context.config.attributes.get(_VERSION_TABLE, "alembic_version"),
    )
    with context.begin_transaction():
        context.run_migrations()
